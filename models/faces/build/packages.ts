// The pinned npm packages the face models are converted from. `npm pack` fetches each tarball into
// the git-ignored .cache/pkgs/, its sha512 is checked against the registry integrity pinned here,
// and it is unpacked next to it. A fresh clone therefore rebuilds from exactly these bytes.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PKG_CACHE as CACHE_DIR } from './paths.ts';

export interface PinnedPackage {
  name: string;
  version: string;
  /** npm's dist.integrity for the tarball. */
  integrity: string;
}

export const FACE_API: PinnedPackage = {
  name: '@vladmandic/face-api',
  version: '1.7.15',
  integrity: 'sha512-WDMmK3CfNLo8jylWqMoQgf4nIst3M0fzx1dnac96wv/dvMTN4DxC/Pq1DGtduDk1lktCamQ3MIDXFnvrdHTXDw==',
};

/** Human's bundled blazeface.{json,bin} is byte-identical to human-models' blazeface-back (the
 *  .bin is the same file; model.json differs only in a "versions.producer" field), in a 28.6 MB
 *  tarball instead of 144 MB, and it is the library whose decoding our head reproduces. */
export const HUMAN: PinnedPackage = {
  name: '@vladmandic/human',
  version: '3.3.6',
  integrity: 'sha512-Nr5mPfq1gQ+uKeXY5uM3Fj8UxvF5CEh2s6txM5wRThqaW0mF9huooOuZSrT8hhGho0hGaXLFdAwfD/2+teCv6A==',
};

export const spec = (p: PinnedPackage) => `${p.name}@${p.version}`;
const tarballName = (p: PinnedPackage) => `${p.name.replace(/^@/, '').replace('/', '-')}-${p.version}.tgz`;
const integrityOf = (bytes: Uint8Array) => `sha512-${createHash('sha512').update(bytes).digest('base64')}`;

/** Returns the unpacked package folder (the tarball's package/), fetching it if needed. */
export function ensurePackage(p: PinnedPackage, log: (s: string) => void = () => {}): string {
  mkdirSync(CACHE_DIR, { recursive: true });
  const tgz = join(CACHE_DIR, tarballName(p));
  const dir = join(CACHE_DIR, tarballName(p).replace(/\.tgz$/, ''));
  if (!existsSync(tgz)) {
    log(`npm pack ${spec(p)}`);
    execFileSync('npm', ['pack', spec(p), '--pack-destination', CACHE_DIR, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const actual = integrityOf(readFileSync(tgz));
  if (actual !== p.integrity) throw new Error(`${tgz}: integrity ${actual} != pinned ${p.integrity}`);
  if (!existsSync(join(dir, 'package', 'package.json'))) {
    const tmp = `${dir}.tmp`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    execFileSync('tar', ['xzf', tgz, '-C', tmp]);
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
  }
  return join(dir, 'package');
}

export const fileSha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
