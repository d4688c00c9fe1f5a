// Worker bundle size, as `wrangler deploy` would upload it (dry run): every module, raw and gzip.
// Cloudflare's limits are on the compressed size, so gzip is the figure to watch.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { offlineEnv } from '../scripts/offline-env.mjs';
import { printTable } from './lib/stats';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

export function benchBundle(): void {
  const out = mkdtempSync(join(tmpdir(), 'likeness-bundle-'));
  try {
    execFileSync('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', out], { env: offlineEnv, stdio: 'ignore' });
    const modules = readdirSync(out).filter((f) => !f.endsWith('.map') && f !== 'README.md');
    let raw = 0;
    let gzip = 0;
    const rows: [string, string][] = [];
    for (const file of modules.sort()) {
      const bytes = readFileSync(join(out, file));
      const gz = gzipSync(bytes, { level: 9 }).length;
      raw += bytes.length;
      gzip += gz;
      rows.push([file.replace(/^[0-9a-f]{40}-/, ''), `${mb(bytes.length)} raw, ${mb(gz)} gzip`]);
    }
    rows.push(['total', `${mb(raw)} raw, ${mb(gzip)} gzip`]);
    printTable('Worker bundle (wrangler deploy --dry-run)', rows);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
