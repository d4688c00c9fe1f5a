// `npm run faces:bench [-- --pairs-limit N --runs N]`: face verification figures (not tests).
//
//  1. Verify two 640x480 JPEG photos through the product pipeline (decode -> detect -> align ->
//     quality -> embed -> compare, functions/src/pipeline/face) on onnxruntime-node, one thread:
//     first call and warm p50/p90, with a per-stage breakdown. (The workerd side is bench/index.ts's.)
//  2. Anchor: @vladmandic/face-api 1.7.15's own standard pipeline (SSD MobileNetV1 at minConfidence
//     0.2, 68 landmarks, upright aligned crop, descriptor; TF.js WASM backend, one thread) against
//     ours on the same LFW View 1 DevTest pairs (an even subset of N pairs: face-api takes ~0.3 s
//     per image): accuracy at face-api's 0.6, at its own best threshold, ours at the stored
//     threshold, 10-fold cross-validated thresholds for both, ROC AUC, faces not found, time per image.
// Needs ../shared/data for real photos and LFW; without it, section 1 uses the committed face
// fixtures (test/fixtures/faces) and section 2 is skipped.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import jpeg from 'jpeg-js';
import { decodeImage, resizeRgb, type RgbImage } from '../functions/src/image';
import { initNodeImageCodecs } from '../functions/src/image/node-codecs';
import {
  ANALYSIS_MAX_SIDE,
  alignFace,
  analyseFaces,
  assessQuality,
  compareEmbeddings,
  detectFaces,
  embedChips,
} from '../functions/src/pipeline/face';
import { REPO_ROOT } from '../models/faces/build/paths.ts';
import { evaluationRuntime, embedSet, imagesRoot, resolveEncoder, type ImageResult } from '../models/faces/eval/embed-set.ts';
import { DEFAULT_HEAD, loadHead, spreadLimit } from '../models/faces/eval/eval-faces.ts';
import { loadFaceApi } from '../models/faces/eval/face-api-node.ts';
import { accuracyAt, bestThreshold, kFoldAccuracy, rocAuc } from '../models/faces/eval/metrics.ts';
import { imagePath, parsePairs } from '../models/faces/eval/pairs.ts';
import { ms, printTable, summarize, timeRuns } from './lib/stats';

const SHARED = join(REPO_ROOT, '..', 'shared', 'data');
const LFW = join(SHARED, 'faces', 'lfw-view1');

/** Centre crop to 4:3 and resize to 640x480, re-encoded as a baseline JPEG (quality 90). */
async function photo640(path: string): Promise<Uint8Array> {
  const { image } = await decodeImage(new Uint8Array(readFileSync(path)));
  const aspect = 4 / 3;
  const [w, h] =
    image.width / image.height > aspect
      ? [Math.round(image.height * aspect), image.height]
      : [image.width, Math.round(image.width / aspect)];
  const x0 = Math.floor((image.width - w) / 2),
    y0 = Math.floor((image.height - h) / 3); // a little above centre: faces sit high
  const crop = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++)
    crop.set(image.data.subarray(((y0 + y) * image.width + x0) * 3, ((y0 + y) * image.width + x0 + w) * 3), y * w * 3);
  const small = resizeRgb({ width: w, height: h, data: crop }, 640, 480);
  const rgba = new Uint8Array(640 * 480 * 4);
  for (let i = 0; i < 640 * 480; i++) {
    rgba[i * 4] = small.data[i * 3];
    rgba[i * 4 + 1] = small.data[i * 3 + 1];
    rgba[i * 4 + 2] = small.data[i * 3 + 2];
    rgba[i * 4 + 3] = 255;
  }
  return new Uint8Array(jpeg.encode({ data: rgba, width: 640, height: 480 }, 90).data);
}

function benchPhotos(): { paths: [string, string]; label: string } | undefined {
  const single = join(SHARED, 'detect', 'images', 'single');
  const shared: [string, string] = [join(single, 'fr__obama-720p.jpg'), join(single, 'fnp__paul_rudd.jpg')];
  if (shared.every(existsSync)) return { paths: shared, label: 'shared/data/detect single/fr__obama-720p.jpg vs fnp__paul_rudd.jpg' };
  const fixtures = join(REPO_ROOT, 'test', 'fixtures', 'faces');
  const local: [string, string] = [join(fixtures, 'same-person-1.jpg'), join(fixtures, 'different-person.jpg')];
  if (local.every(existsSync)) return { paths: local, label: 'test/fixtures/faces same-person-1.jpg vs different-person.jpg' };
  return undefined;
}

async function benchVerify(runs: number): Promise<void> {
  const photos = benchPhotos();
  if (!photos) {
    console.log('\n## Verify: skipped (no photos: needs ../shared/data or test/fixtures/faces)');
    return;
  }
  initNodeImageCodecs();
  const [a, b] = await Promise.all(photos.paths.map(photo640));
  const runtime = evaluationRuntime(resolveEncoder('int8'), 1);
  const head = loadHead(DEFAULT_HEAD);
  const verify = async () => {
    const [ia, ib] = await Promise.all([a, b].map(async (bytes) => (await decodeImage(bytes, { maxSide: ANALYSIS_MAX_SIDE })).image));
    // As features/faces/service.ts (verify): analyse both photos, then embed the two chosen chips in one batch, as served (flip from the head).
    const [fa, fb] = [await analyseFaces(runtime, ia), await analyseFaces(runtime, ib)];
    if (!fa[0] || !fb[0]) throw new Error('bench photo without a face');
    const [ea, eb] = await embedChips(runtime, [fa[0].aligned.chip, fb[0].aligned.chip], { flip: head.flip === true });
    return { verdict: compareEmbeddings(head, ea, eb), faces: [fa.length, fb.length] };
  };
  const t0 = performance.now();
  const first = await verify();
  const firstMs = performance.now() - t0;
  const warm = await timeRuns(verify, runs);

  // Per-stage breakdown on photo A (warm).
  const stage = async (fn: () => unknown) => {
    const samples: number[] = [];
    for (let i = 0; i < Math.max(5, Math.floor(runs / 2)); i++) {
      const t = performance.now();
      await fn();
      samples.push(performance.now() - t);
    }
    return summarize(samples);
  };
  const image: RgbImage = (await decodeImage(a, { maxSide: ANALYSIS_MAX_SIDE })).image;
  const faces = await detectFaces(runtime, image);
  const aligned = alignFace(image, faces[0]);
  const decodeT = await stage(() => decodeImage(a, { maxSide: ANALYSIS_MAX_SIDE }));
  const detectT = await stage(() => detectFaces(runtime, image));
  const alignT = await stage(() => alignFace(image, faces[0]));
  const qualityT = await stage(() => assessQuality(runtime, faces[0], aligned));
  const embedT = await stage(() => embedChips(runtime, [aligned.chip, aligned.chip], { flip: head.flip === true }));
  printTable(`Verify: two 640x480 JPEGs (${photos.label}), onnxruntime-node 1 thread, int8 encoder, ${runs} warm runs`, [
    ['faces found (A, B)', `${first.faces[0]}, ${first.faces[1]}`],
    [
      'verdict (distance / threshold / P(same))',
      `${first.verdict.distance.toFixed(3)} / ${first.verdict.threshold.toFixed(3)} / ${first.verdict.probability.toFixed(3)} -> ${first.verdict.match ? 'match' : 'no match'}`,
    ],
    ['first verify (loads 3 sessions)', ms(firstMs)],
    [
      `warm verify p50 / p90 (decode, detect, align, quality x2; embed 2 chips${head.flip ? ' + mirrors' : ''}; compare)`,
      `${ms(warm.p50)} / ${ms(warm.p90)}`,
    ],
    ['  decode 640x480 JPEG p50', ms(decodeT.p50)],
    ['  detect (letterbox + BlazeFace) p50', ms(detectT.p50)],
    ['  align (150x150 warp) p50', ms(alignT.p50)],
    ['  quality (image-stats on the chip) p50', ms(qualityT.p50)],
    [`  embed (int8 encoder, 2 chips${head.flip ? ' + mirrors = 4' : ''}) p50`, ms(embedT.p50)],
  ]);
}

async function benchAnchor(pairsLimit: number): Promise<void> {
  const pairsFile = join(LFW, 'pairsDevTest.txt');
  if (!existsSync(pairsFile)) {
    console.log('\n## Anchor (face-api vs ours on LFW): skipped (needs ../shared/data/faces/lfw-view1)');
    return;
  }
  const all = parsePairs(readFileSync(pairsFile, 'utf8')).pairs;
  const pairs = spreadLimit(all, pairsLimit).map((i) => all[i]);
  const files = [...new Set(pairs.flatMap((p) => [imagePath(p.a, 'jpg'), imagePath(p.b, 'jpg')]))];
  const root = imagesRoot(LFW);
  const same = pairs.map((p) => p.same);
  // Interleaved folds for a cross-validated threshold on the subset (DevTest has no folds of its own).
  const folds = pairs.map((_, i) => i % 10);
  console.log(`\n(anchor: ${pairs.length} of ${all.length} DevTest pairs, ${files.length} images; face-api takes ~0.3 s per image)`);

  // Ours: product pipeline, int8, stored head.
  const head = loadHead(DEFAULT_HEAD);
  const runtime = evaluationRuntime(resolveEncoder('int8'), 1);
  await embedSet(runtime, root, files.slice(0, 3), { flip: head.flip ?? false }); // warm-up: session loads are not per-face time
  const ours = new Map<string, ImageResult>();
  const tOurs = performance.now();
  await embedSet(runtime, root, files, { flip: head.flip ?? false }, ours);
  const oursMs = (performance.now() - tOurs) / files.length;

  // face-api.
  const fa = await loadFaceApi(0.2);
  const decoded = async (f: string) => (await decodeImage(new Uint8Array(readFileSync(join(root, f))))).image;
  await fa.describe(await decoded(files[0])); // warm-up (WASM kernels, first allocations)
  const theirs = new Map<string, Float32Array | null>();
  let faMs = 0;
  for (const [k, f] of files.entries()) {
    const image = await decoded(f);
    const t = performance.now();
    const r = await fa.describe(image);
    faMs += performance.now() - t;
    theirs.set(f, r ? r.descriptor : null);
    if ((k + 1) % 50 === 0) process.stderr.write(`[faces:bench] face-api ${k + 1}/${files.length}\n`);
  }
  let detMs = 0;
  const detN = Math.min(20, files.length);
  for (const f of files.slice(0, detN)) {
    const image = await decoded(f);
    const t = performance.now();
    await fa.detect(image);
    detMs += performance.now() - t;
  }

  const dist = (get: (f: string) => ArrayLike<number> | null | undefined) =>
    pairs.map((p) => {
      const x = get(imagePath(p.a, 'jpg')),
        y = get(imagePath(p.b, 'jpg'));
      if (!x || !y) return Number.POSITIVE_INFINITY; // no face: decided "different"
      let s = 0;
      for (let i = 0; i < x.length; i++) s += (x[i] - y[i]) ** 2;
      return Math.sqrt(s);
    });
  const dOurs = dist((f) => ours.get(f)?.embedding),
    dTheirs = dist((f) => theirs.get(f));
  const row = (d: number[], at: number, atLabel: string) => {
    const oracle = bestThreshold(d, same);
    return [
      `${(100 * accuracyAt(d, same, at)).toFixed(1)} % at ${atLabel}`,
      `${(100 * oracle.accuracy).toFixed(1)} % at its best ${oracle.threshold.toFixed(3)} (oracle)`,
      `${(100 * kFoldAccuracy(d, same, folds).mean).toFixed(1)} % 10-fold`,
      `AUC ${rocAuc(d, same).toFixed(4)}`,
    ].join(', ');
  };
  const noFace = (_m: Map<string, unknown>, has: (f: string) => boolean) => `${files.filter((f) => !has(f)).length}/${files.length}`;
  // Ours at <= threshold (compare.ts); accuracyAt uses <, identical except for exact ties.
  printTable(`Anchor: LFW View 1 DevTest, ${pairs.length} pairs (no face => "different"), one thread each`, [
    ['face-api 1.7.15 (SSD 0.2 + 68 landmarks + descriptor, tfjs-wasm)', row(dTheirs, 0.6, '0.6')],
    ['  images without a face', noFace(theirs, (f) => !!theirs.get(f))],
    ['  time per image (detect + landmarks + descriptor)', `${ms(faMs / files.length)} (detection alone ${ms(detMs / detN)})`],
    ['ours (BlazeFace + align + dlib int8, onnxruntime-node)', row(dOurs, head.threshold, `stored ${head.threshold.toFixed(3)}`)],
    ['  images without a face', noFace(ours, (f) => !!ours.get(f)?.embedding)],
    ['  time per image (decode + detect + align + embed)', ms(oursMs)],
  ]);
}

export async function benchFaces(options: { pairsLimit?: number; runs?: number } = {}): Promise<void> {
  const runs = options.runs ?? Number(process.env.BENCH_RUNS ?? 30);
  await benchVerify(runs);
  await benchAnchor(options.pairsLimit ?? Number(process.env.BENCH_FACE_PAIRS ?? 200));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { 'pairs-limit': { type: 'string' }, runs: { type: 'string' } } });
  console.log(`# Likeness face benchmarks — ${new Date().toISOString()}`);
  await benchFaces({
    pairsLimit: values['pairs-limit'] ? Number(values['pairs-limit']) : undefined,
    runs: values.runs ? Number(values.runs) : undefined,
  });
}
