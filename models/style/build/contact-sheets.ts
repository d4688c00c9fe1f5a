// npm run style:sheets — one contact sheet per served style (docs/styles/sheets/<style>.jpg): the
// painting on top, then six content photos (portrait, group, landscape, city, animal, object: the
// `report.contact_photos` of models/style/config/styles.json, from ../shared/data, never trained on),
// each beside its stylization at 512 px (longest side). The stylizations come from the PRODUCT stage
// (functions/src/pipeline/stylize.ts with the served ONNX model on onnxruntime-node, tiled exactly
// as the Worker tiles 512 px images), so the sheets show what users get, not a training checkpoint.
// JPEG at quality 85 (the product encoder's default), not PNG: lossless, the ten 1030x2886 sheets weigh 50-65 MB
// (5-6.5 MB each, even with PNG filter optimisation), too much for the repository; at q92 they are
// about 0.9 MB each and show the same strokes (the overview sheet at 256 px, report.py, stays PNG).
// Options: --side N (default 512) --styles a,b --quality Q --out <dir>
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { encodeImage } from '../../../functions/src/image/index.ts';
import type { RgbImage } from '../../../functions/src/image/types.ts';
import { stylize, styleCatalogue, styleModel } from '../../../functions/src/pipeline/stylize.ts';
import { findModel } from '../../../functions/src/runtime/manifest.ts';
import { createNodeRuntime } from '../../../functions/src/runtime/ort-node.ts';
import { grid, loadPhoto } from './compare.ts';
import { DOCS_DIR, SHARED_STYLE, STYLE_DIR } from './paths.ts';

const { values } = parseArgs({
  options: {
    side: { type: 'string', default: '512' },
    styles: { type: 'string' },
    quality: { type: 'string', default: '85' },
    out: { type: 'string', default: join(DOCS_DIR, 'sheets') },
  },
});
const side = Number(values.side);
if (!Number.isInteger(side) || side < 64 || side > 1024) throw new Error('--side must be an integer 64..1024');

const settings = JSON.parse(readFileSync(join(STYLE_DIR, 'config', 'styles.json'), 'utf8')) as {
  report: { contact_photos: Record<string, string> };
};
const photos = Object.entries(settings.report.contact_photos).map(([kind, rel]) => ({ kind, rel, path: join(SHARED_STYLE, rel) }));
const missing = photos.filter((p) => !existsSync(p.path));
if (missing.length) throw new Error(`content photos missing (needs ../shared/data): ${missing.map((p) => p.path).join(', ')}`);

const catalogue = styleCatalogue();
const chosen = values.styles ? values.styles.split(',') : catalogue.map((s) => s.id);
const unknown = chosen.filter((id) => !catalogue.some((s) => s.id === id));
if (unknown.length) throw new Error(`unknown style(s) ${unknown.join(', ')}; known: ${catalogue.map((s) => s.id).join(', ')}`);

const runtime = createNodeRuntime({ threads: 1 });
const model = styleModel();
const loaded: { kind: string; image: RgbImage }[] = [];
for (const p of photos) loaded.push({ kind: p.kind, image: await loadPhoto(p.path, side) });
mkdirSync(values.out!, { recursive: true });
const version = findModel(model.id)?.version;
const written: Record<string, unknown>[] = [];
for (const id of chosen) {
  const info = catalogue.find((s) => s.id === id)!;
  const started = performance.now();
  const painting = await loadPhoto(join(SHARED_STYLE, 'styles', info.file), side);
  const rows: RgbImage[][] = [[painting]];
  for (const { image } of loaded) rows.push([image, (await stylize(runtime, image, { style: id, maxSide: side, model })).image]);
  const file = join(values.out!, `${id}.jpg`);
  writeFileSync(file, await encodeImage(grid(rows), 'jpeg', { quality: Number(values.quality) }));
  const kb = Math.round(statSync(file).size / 1024);
  written.push({ style: id, file: `docs/styles/sheets/${id}.jpg`, kb });
  console.log(`[style:sheets] ${id}: ${file} (${kb} KB, ${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
writeFileSync(
  join(values.out!, 'sheets.json'),
  `${JSON.stringify({ model: { id: model.id, version }, side, format: `JPEG quality ${values.quality}`, rows: ['painting', ...photos.map((p) => `${p.kind}: ${join('..', 'shared', 'data', 'style', p.rel)} | stylized`)], sheets: written }, null, 2)}\n`,
);
