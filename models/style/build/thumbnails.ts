// Thumbnails of the style paintings for the site's style picker (GET /v1/styles `thumbnail`):
// site/public/styles/<style id>.jpg, 160 px on the longest side, JPEG quality 80, made from the
// paintings in ../shared/data/style/styles/. The outputs are committed: the paintings are public
// domain (see paintings.ts; the CAUTION_ Picassos are never listed), so small copies may ship.
// Run alone: npx tsx models/style/build/thumbnails.ts   (npm run style:build runs it too)
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { decodeImage, encodeImage } from '../../../functions/src/image/index.ts';
import { initNodeImageCodecs } from '../../../functions/src/image/node-codecs.ts';
import { PAINTINGS } from './paintings.ts';
import { SHARED_STYLE, THUMBNAILS_DIR } from './paths.ts';

export const THUMBNAIL_SIDE = 160;

/** Public path of a style's thumbnail on the site. */
export const thumbnailPath = (id: string) => `/styles/${id}.jpg`;

export async function makeThumbnails(ids: readonly string[], log: (s: string) => void = console.log): Promise<string[]> {
  initNodeImageCodecs();
  mkdirSync(THUMBNAILS_DIR, { recursive: true });
  const written: string[] = [];
  for (const id of ids) {
    const painting = PAINTINGS[id];
    if (!painting) throw new Error(`no painting record for style '${id}' (models/style/build/paintings.ts)`);
    if (painting.file.startsWith('CAUTION_')) throw new Error(`${painting.file} is not public domain everywhere: no thumbnail`);
    const source = join(SHARED_STYLE, 'styles', painting.file);
    if (!existsSync(source)) {
      log(`thumbnails: ${source} missing; keeping the committed ${thumbnailPath(id)}`);
      continue;
    }
    const { image } = await decodeImage(new Uint8Array(readFileSync(source)), { maxSide: THUMBNAIL_SIDE });
    const out = join(THUMBNAILS_DIR, `${id}.jpg`);
    writeFileSync(out, await encodeImage(image, 'jpeg', { quality: 80 }));
    written.push(out);
  }
  log(`thumbnails: ${written.length} written to site/public/styles/ (${THUMBNAIL_SIDE} px JPEG)`);
  return written;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await makeThumbnails(Object.keys(PAINTINGS));
}
