// Photos for benchmarks: real ones from ../shared/data when present, else a committed fixture,
// so `npm run bench` runs anywhere and says which it used.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeImage, resizeRgb } from '../../functions/src/image';
import { encodeImage } from '../../functions/src/image/encode';

const SHARED = fileURLToPath(new URL('../../../shared/data/', import.meta.url));

export interface BenchPhoto {
  path: string;
  label: string;
}

export function benchPhoto(): BenchPhoto {
  const real = `${SHARED}style/content/classic/brad_pitt.jpg`;
  if (existsSync(real)) return { path: real, label: 'shared/data/style/content/classic/brad_pitt.jpg' };
  return {
    path: fileURLToPath(new URL('../../test/fixtures/images/baseline-420.jpg', import.meta.url)),
    label: 'fixture baseline-420.jpg',
  };
}

const SHARED_SINGLE = fileURLToPath(new URL('../../../shared/data/detect/images/single/', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../../test/fixtures/faces/', import.meta.url));

/** Two photos of one face each, for verify: real ones when ../shared/data is present. */
export function verifyPhotos(): { paths: [string, string]; label: string } {
  const shared: [string, string] = [`${SHARED_SINGLE}fr__obama-720p.jpg`, `${SHARED_SINGLE}fnp__paul_rudd.jpg`];
  if (shared.every(existsSync)) return { paths: shared, label: 'shared/data/detect: obama-720p vs paul_rudd' };
  return {
    paths: [`${FIXTURES}same-person-1.jpg`, `${FIXTURES}different-person.jpg`],
    label: 'fixtures same-person-1 vs different-person',
  };
}

/** The photo stretched to exactly 640x480 and re-encoded as JPEG (quality 90), as a phone app might send it. */
export async function as640x480Jpeg(path: string): Promise<Uint8Array<ArrayBuffer>> {
  const { image } = await decodeImage(new Uint8Array(readFileSync(path)));
  return new Uint8Array(await encodeImage(resizeRgb(image, 640, 480), 'jpeg', { quality: 90 }));
}
