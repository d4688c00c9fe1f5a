// npm run style:mix-sheet — a contact sheet of style mixes (docs/styles/mixes.jpg): one content
// photo (test/fixtures/photos/coffee.jpg, CC0, committed, so this runs without ../shared) repainted
// by the served model through the product stage (functions/src/pipeline/stylize.ts on
// onnxruntime-node, as contact-sheets.ts does) with mixes between pairs of styles. One row per
// pair: painting A's thumbnail, then the photo at 0, 25, 50, 75 and 100 % of style B (0 % is A
// alone, 100 % B alone, in between the mix `A:1-t,B:t` that POST /v1/stylize takes), then painting
// B's thumbnail; the header row labels the share of B. Thumbnails are site/public/styles/<id>.jpg.
// Writes docs/styles/mixes.jpg and docs/styles/mixes.json (what each cell is, and its mean |difference|
// from A alone and from B alone, 0..255: how far along the way between the two styles it is).
// Options: --pairs a+b,c+d --photo <path> --side N (default 256) --quality Q (default 80: under 400 KB) --out <dir>
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { encodeImage, resizeRgb } from '../../../functions/src/image/index.ts';
import type { RgbImage } from '../../../functions/src/image/types.ts';
import { formatMix, normaliseMix } from '../../../functions/src/features/style/mix.ts';
import { stylize, styleCatalogue, styleModel, type StyleChoice } from '../../../functions/src/pipeline/stylize.ts';
import { findModel } from '../../../functions/src/runtime/manifest.ts';
import { createNodeRuntime } from '../../../functions/src/runtime/ort-node.ts';
import { difference, grid, loadPhoto, round } from './compare.ts';
import { DOCS_DIR, REPO_ROOT, THUMBNAILS_DIR } from './paths.ts';

const { values } = parseArgs({
  options: {
    pairs: { type: 'string', default: 'starry_night+the_scream,great_wave+udnie,composition_vii+water_lilies,mondrian+woman_with_hat' },
    photo: { type: 'string', default: join(REPO_ROOT, 'test', 'fixtures', 'photos', 'coffee.jpg') },
    side: { type: 'string', default: '256' },
    quality: { type: 'string', default: '80' },
    out: { type: 'string', default: DOCS_DIR },
  },
});
const side = Number(values.side);
if (!Number.isInteger(side) || side < 64 || side > 1024) throw new Error('--side must be an integer 64..1024');
const SHARES = [0, 0.25, 0.5, 0.75, 1];

const known = styleCatalogue().map((s) => s.id);
const pairs = values.pairs!.split(',').map((pair) => pair.split('+') as [string, string]);
for (const pair of pairs) {
  const unknown = pair.filter((id) => !known.includes(id));
  if (pair.length !== 2 || unknown.length)
    throw new Error(`--pairs: '${pair.join('+')}' is not two known styles; known: ${known.join(', ')}`);
}

/** The `style` of one cell: A alone, B alone, or the mix with B's share `t`. */
function cellStyle(a: string, b: string, t: number): StyleChoice {
  if (t === 0) return a;
  if (t === 1) return b;
  return normaliseMix({ [a]: 1 - t, [b]: t });
}

/* ---------------------------------------------------------------- labels (no font library here) */

// 5x7 glyphs for the header's percentages, drawn 3x in dark grey.
const GLYPHS: Record<string, string[]> = {
  '0': ['01110', '10001', '10011', '10101', '11001', '10001', '01110'],
  '1': ['00100', '01100', '00100', '00100', '00100', '00100', '01110'],
  '2': ['01110', '10001', '00001', '00010', '00100', '01000', '11111'],
  '5': ['11111', '10000', '11110', '00001', '00001', '10001', '01110'],
  '7': ['11111', '00001', '00010', '00100', '01000', '01000', '01000'],
  '%': ['11001', '11010', '00010', '00100', '01000', '01011', '10011'],
};
const SCALE = 3;
const LABEL_HEIGHT = 7 * SCALE + 12;

/** A white strip `width` px wide with `text` centred on it. */
function label(text: string, width: number): RgbImage {
  const data = new Uint8Array(width * LABEL_HEIGHT * 3).fill(255);
  const advance = 6 * SCALE;
  let x0 = Math.round((width - (text.length * advance - SCALE)) / 2);
  const y0 = Math.round((LABEL_HEIGHT - 7 * SCALE) / 2);
  for (const ch of text) {
    GLYPHS[ch]?.forEach((row, gy) => {
      for (let gx = 0; gx < 5; gx++) {
        if (row[gx] !== '1') continue;
        for (let dy = 0; dy < SCALE; dy++) {
          const start = ((y0 + gy * SCALE + dy) * width + x0 + gx * SCALE) * 3;
          data.fill(60, start, start + SCALE * 3); // one pixel row of a glyph dot
        }
      }
    });
    x0 += advance;
  }
  return { width, height: LABEL_HEIGHT, data };
}

const blank = (width: number, height: number): RgbImage => ({ width, height, data: new Uint8Array(width * height * 3).fill(255) });

/* ---------------------------------------------------------------- the sheet */

const runtime = createNodeRuntime({ threads: 1 });
const model = styleModel();
const photo = await loadPhoto(values.photo!, side);
const thumbnail = async (id: string) => {
  const painting = await loadPhoto(join(THUMBNAILS_DIR, `${id}.jpg`), 160);
  return resizeRgb(painting, photo.height, photo.height); // square thumbnails, as tall as the row
};

const rows: RgbImage[][] = [
  [
    blank(photo.height, LABEL_HEIGHT),
    ...SHARES.map((t) => label(`${Math.round(t * 100)}%`, photo.width)),
    blank(photo.height, LABEL_HEIGHT),
  ],
];
const cells: { pair: string; cells: string[]; from_a: number[]; from_b: number[] }[] = [];
const started = performance.now();
for (const [a, b] of pairs) {
  const images: RgbImage[] = [];
  const styles: string[] = [];
  for (const t of SHARES) {
    const result = await stylize(runtime, photo, { style: cellStyle(a, b, t), maxSide: side, model });
    images.push(result.image);
    styles.push(formatMix(result.weights));
  }
  rows.push([await thumbnail(a), ...images, await thumbnail(b)]);
  const [alone, other] = [images[0], images[images.length - 1]];
  cells.push({
    pair: `${a} + ${b}`,
    cells: styles,
    from_a: images.map((im) => round(difference(im, alone).meanAbs, 1)),
    from_b: images.map((im) => round(difference(im, other).meanAbs, 1)),
  });
  console.log(`[style:mix-sheet] ${a} + ${b}: ${styles.join(' | ')}`);
}

mkdirSync(values.out!, { recursive: true });
const file = join(values.out!, 'mixes.jpg');
writeFileSync(file, await encodeImage(grid(rows), 'jpeg', { quality: Number(values.quality) }));
const kb = Math.round(statSync(file).size / 1024);
writeFileSync(
  join(values.out!, 'mixes.json'),
  `${JSON.stringify(
    {
      model: { id: model.id, version: findModel(model.id)?.version },
      photo: relative(REPO_ROOT, values.photo!),
      side,
      format: `JPEG quality ${values.quality}`,
      columns: [
        'painting A (site/public/styles)',
        ...SHARES.map((t) => `${Math.round(t * 100)} % of B`),
        'painting B (site/public/styles)',
      ],
      rows: cells,
      kb,
    },
    null,
    2,
  )}\n`,
);
console.log(`[style:mix-sheet] ${file} (${kb} KB, ${((performance.now() - started) / 1000).toFixed(1)} s)`);
