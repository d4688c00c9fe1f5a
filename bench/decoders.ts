// Why on-device verify decodes with our own codecs (WASM mozjpeg, as the Worker does) instead of
// the platform's decoder: the same photo decoded by another JPEG decoder gives slightly different
// pixels (IDCT rounding, chroma upsampling), and the embeddings move. This prints how far, for the
// served encoder, so a port (an app with its platform decoder) knows what to expect. jpeg-js stands
// in for "another decoder": pure JS, no fancy upsampling, as different as platform decoders are.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decode as decodeWithJpegJs } from 'jpeg-js';
import { decodeImage, fitWithin, resizeRgb, type RgbImage } from '../functions/src/image';
import { initNodeImageCodecs } from '../functions/src/image/node-codecs';
import { euclideanDistance, ANALYSIS_MAX_SIDE } from '../functions/src/pipeline/face';
import { servedFaces } from '../functions/src/pipeline/face/served';
import { createNodeRuntime } from '../functions/src/runtime/ort-node';
import { printTable, summarize } from './lib/stats';

const LFW = fileURLToPath(new URL('../../shared/data/faces/lfw-view1/images/', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../test/fixtures/faces/', import.meta.url));
const PHOTOS = Number(process.env.BENCH_PHOTOS ?? 120);

function photos(): { files: string[]; label: string } {
  if (!existsSync(LFW)) {
    const files = ['same-person-1.jpg', 'same-person-2.jpg', 'different-person.jpg', 'group.jpg'].map((f) => join(FIXTURES, f));
    return { files, label: 'test/fixtures/faces (../shared/data absent)' };
  }
  const files: string[] = [];
  for (const person of readdirSync(LFW).sort()) {
    for (const f of readdirSync(join(LFW, person)).sort()) files.push(join(LFW, person, f));
    if (files.length >= PHOTOS) break;
  }
  return { files: files.slice(0, PHOTOS), label: `the first ${PHOTOS} LFW View 1 photos` };
}

function decodeElsewhere(bytes: Uint8Array): RgbImage {
  const j = decodeWithJpegJs(bytes, { useTArray: true, formatAsRGBA: false });
  const image: RgbImage = { width: j.width, height: j.height, data: new Uint8Array(j.data) };
  const size = fitWithin(j.width, j.height, ANALYSIS_MAX_SIDE);
  return size.width === j.width ? image : resizeRgb(image, size.width, size.height);
}

export async function benchDecoders(): Promise<void> {
  initNodeImageCodecs();
  const runtime = createNodeRuntime();
  const { files, label } = photos();
  const drift: number[] = [];
  for (const file of files) {
    const bytes = new Uint8Array(readFileSync(file));
    const ours = (await decodeImage(bytes, { maxSide: ANALYSIS_MAX_SIDE })).image;
    const [a] = await servedFaces.analyse(runtime, ours, { embed: true });
    const [b] = await servedFaces.analyse(runtime, decodeElsewhere(bytes), { embed: true });
    if (!a?.embedding || !b?.embedding) continue;
    drift.push(euclideanDistance(a.embedding, b.embedding));
  }
  const s = summarize(drift);
  const threshold = servedFaces.head.threshold;
  const large = drift.filter((d) => d > threshold * 0.05).length;
  printTable(`Decoder drift: embedding distance, mozjpeg (ours) vs jpeg-js decode of the same JPEG, ${label}`, [
    ['faces compared', String(s.n)],
    ['distance p50 / p90 / max', `${s.p50.toFixed(4)} / ${s.p90.toFixed(4)} / ${Math.max(...drift).toFixed(4)}`],
    [`share above 5 % of the threshold (${(threshold * 0.05).toFixed(3)})`, `${((100 * large) / Math.max(1, s.n)).toFixed(1)} %`],
    ['same decoder, same stages (browser vs Worker; test/browser)', '< 1e-3 by test'],
  ]);
}
