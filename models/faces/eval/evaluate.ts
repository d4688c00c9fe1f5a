// npm run models:faces:eval — measures the face models on the evaluation data in ../shared/data
// (never in CI: the data is not redistributable) and writes models/faces/accuracy.json, which
// `npm run models:faces` copies into models/manifest.json for the exact bytes measured.
//
//   detector: expected face counts on ../shared/data/detect (67 photos), fp32 and, for the record,
//             an int8 QDQ variant made with the same quantiser and calibration photos.
//   encoder:  LFW View 1 (DevTrain picks the threshold, DevTest is scored: 1000 pairs), fp32 vs int8,
//             with a deliberately simple pipeline: letterbox -> BlazeFace -> face nearest the image
//             centre -> similarity alignment to the dlib chip -> embedding -> Euclidean distance.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InferenceSession } from 'onnxruntime-node';
import { sha256 } from '../../lib/manifest.ts';
import type { RgbImage } from '../../../functions/src/image/types.ts';
import { alignChip as alignFace } from '../../../functions/src/pipeline/face/align.ts';
import { DETECTOR_INPUT_SIZE, letterbox } from '../../../functions/src/pipeline/face/detect.ts';
import type { Point } from '../../../functions/src/pipeline/face/types.ts';
import { loadImage, loadJpeg } from '../lib/image-node.ts';
import { FACE_API, ensurePackage } from '../build/packages.ts';
import { calibrate, quantizeStatic } from '../build/quantize.ts';
import { cosine, detectFaces, embed, euclidean, openSession, type Face } from '../build/simple-pipeline.ts';
import { FACES_DIR, FP32_ENCODER, REPO_ROOT } from '../build/paths.ts';

const SHARED = join(REPO_ROOT, '..', 'shared', 'data');
const LFW = join(SHARED, 'faces', 'lfw-view1');
const DETECT = join(SHARED, 'detect');
const log = (s: string) => console.log(`[models:faces:eval] ${s}`);

interface Pair {
  a: string;
  b: string;
  same: boolean;
}

function readPairs(file: string): Pair[] {
  const lines = readFileSync(file, 'utf8').trim().split('\n').slice(1);
  const img = (name: string, n: string) => join(name, `${name}_${n.padStart(4, '0')}.jpg`);
  return lines.map((l) => {
    const f = l.trim().split(/\s+/);
    return f.length === 3 ? { a: img(f[0], f[1]), b: img(f[0], f[2]), same: true } : { a: img(f[0], f[1]), b: img(f[2], f[3]), same: false };
  });
}

/** Best threshold on training distances (midpoints between sorted distances), and accuracy at t. */
function accuracyAt(d: number[], same: boolean[], t: number): number {
  let ok = 0;
  d.forEach((v, i) => (ok += (v < t) === same[i] ? 1 : 0));
  return ok / d.length;
}
function bestThreshold(d: number[], same: boolean[]): number {
  const sorted = [...d].sort((a, b) => a - b);
  let best = sorted[0], bestAcc = -1;
  for (let i = 0; i + 1 < sorted.length; i++) {
    const t = (sorted[i] + sorted[i + 1]) / 2;
    const acc = accuracyAt(d, same, t);
    if (acc > bestAcc) [best, bestAcc] = [t, acc];
  }
  return best;
}
function rocAuc(d: number[], same: boolean[]): number {
  const pos = d.filter((_, i) => same[i]), neg = d.filter((_, i) => !same[i]);
  let s = 0;
  for (const p of pos) for (const n of neg) s += p < n ? 1 : p === n ? 0.5 : 0;
  return s / (pos.length * neg.length);
}

const round = (v: number, k = 4) => Number(v.toFixed(k));

async function evaluateEncoder(detector: InferenceSession, encoders: Record<string, InferenceSession>) {
  const train = readPairs(join(LFW, 'pairsDevTrain.txt'));
  const test = readPairs(join(LFW, 'pairsDevTest.txt'));
  const files = [...new Set([...train, ...test].flatMap((p) => [p.a, p.b]))].sort();
  log(`LFW: ${files.length} images for ${train.length} DevTrain + ${test.length} DevTest pairs`);
  // Keypoints only: holding ~5000 decoded images would cost ~1 GB; they are decoded again below.
  const found = new Map<string, { face: Face | null; lowScore: boolean }>();
  const centre = (img: RgbImage, faces: Face[]) =>
    faces.sort((p, q) => dist2(p, img) - dist2(q, img))[0] ?? null;
  const dist2 = (f: Face, img: RgbImage) => ((f.box[0] + f.box[2]) / 2 - img.width / 2) ** 2 + ((f.box[1] + f.box[3]) / 2 - img.height / 2) ** 2;
  for (const f of files) {
    const img = loadJpeg(join(LFW, 'images', f));
    let face = centre(img, await detectFaces(detector, img));
    let lowScore = false;
    if (!face) {
      face = centre(img, await detectFaces(detector, img, { minScore: 0.1, iouThreshold: 0.3, maxDetections: 20 }));
      lowScore = face !== null;
    }
    found.set(f, { face, lowScore });
  }
  // Images without any detection get the median keypoints of the detected ones (LFW is centred).
  const detected = [...found.values()].filter((v) => v.face).map((v) => v.face!.keypoints);
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const fallback: Point[] = [0, 1, 2, 3].map((k) => [median(detected.map((p) => p[k][0])), median(detected.map((p) => p[k][1]))] as Point);
  const missing = [...found.values()].filter((v) => !v.face).length;
  const low = [...found.values()].filter((v) => v.lowScore).length;
  log(`LFW: no face at score 0.5 in ${missing + low} images, of which ${missing} none even at 0.1 (median keypoints used)`);

  const emb: Record<string, Map<string, Float32Array>> = {};
  for (const name of Object.keys(encoders)) emb[name] = new Map();
  for (const [f, v] of found) {
    const chip = alignFace(loadJpeg(join(LFW, 'images', f)), v.face ? v.face.keypoints : fallback);
    for (const [name, enc] of Object.entries(encoders)) emb[name].set(f, (await embed(enc, [chip]))[0]);
  }
  const results: Record<string, unknown> = {};
  for (const name of Object.keys(encoders)) {
    const e = emb[name];
    const dTrain = train.map((p) => euclidean(e.get(p.a)!, e.get(p.b)!));
    const dTest = test.map((p) => euclidean(e.get(p.a)!, e.get(p.b)!));
    const t = bestThreshold(dTrain, train.map((p) => p.same));
    const sameTest = test.map((p) => p.same);
    results[name] = {
      devTestAccuracy: round(accuracyAt(dTest, sameTest, t)),
      thresholdFromDevTrain: round(t),
      devTestAccuracyAt0_6: round(accuracyAt(dTest, sameTest, 0.6)),
      devTestRocAuc: round(rocAuc(dTest, sameTest)),
      devTrainAccuracy: round(accuracyAt(dTrain, train.map((p) => p.same), t)),
    };
    log(`LFW ${name}: ${JSON.stringify(results[name])}`);
  }
  const names = Object.keys(encoders);
  let minCos = 1, sumCos = 0;
  if (names.length === 2) {
    for (const f of files) {
      const c = cosine(emb[names[0]].get(f)!, emb[names[1]].get(f)!);
      minCos = Math.min(minCos, c);
      sumCos += c;
    }
  }
  return { results, images: files.length, noFaceAt0_5: missing + low, noFaceAt0_1: missing, cosine: { min: round(minCos, 5), mean: round(sumCos / files.length, 5) } };
}

interface DetectorScore {
  exactCount: string;
  countWithin1: string;
  facesFound: string;
  extraFaces: number;
  missedFaces: number;
  detectionsOnNoFaceImages: number;
  exactByCategory: string;
}

async function evaluateDetector(det: InferenceSession, minScore: number): Promise<DetectorScore> {
  const rows = readFileSync(join(DETECT, 'expected_faces.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
  let exact = 0, within1 = 0, found = 0, expected = 0, falseOnNone = 0, over = 0, under = 0;
  const perCategory: Record<string, [number, number]> = {};
  for (const [file, expS, category] of rows) {
    const exp = Number(expS);
    const n = (await detectFaces(det, loadImage(join(DETECT, file)), { minScore, iouThreshold: 0.3, maxDetections: 100 })).length;
    exact += n === exp ? 1 : 0;
    within1 += Math.abs(n - exp) <= 1 ? 1 : 0;
    found += Math.min(n, exp);
    expected += exp;
    over += Math.max(0, n - exp);
    under += Math.max(0, exp - n);
    if (category === 'none') falseOnNone += n;
    const c = (perCategory[category] ??= [0, 0]);
    c[0] += n === exp ? 1 : 0;
    c[1]++;
  }
  return {
    exactCount: `${exact}/${rows.length}`,
    countWithin1: `${within1}/${rows.length}`,
    facesFound: `${found}/${expected}`,
    extraFaces: over,
    missedFaces: under,
    detectionsOnNoFaceImages: falseOnNone,
    exactByCategory: Object.entries(perCategory).map(([k, [e, n]]) => `${k} ${e}/${n}`).join(', '),
  };
}

async function main() {
  if (!existsSync(LFW) || !existsSync(DETECT)) throw new Error(`evaluation data not found under ${SHARED}`);
  if (!existsSync(FP32_ENCODER)) throw new Error('run npm run models:faces first (it writes the fp32 encoder)');
  const detBytes = readFileSync(join(FACES_DIR, 'blazeface-back.onnx'));
  const int8Bytes = readFileSync(join(FACES_DIR, 'dlib-face-encoder-int8.onnx'));
  const fp32Bytes = readFileSync(FP32_ENCODER);
  const detector = await openSession(detBytes);

  // int8 detector, only to check the field note that it degrades (calibrated on the demo photos).
  const faceApiDemo = join(ensurePackage(FACE_API), 'demo');
  const calib = [1, 2, 3, 4, 5, 6].map((i) => ({ data: letterbox(loadJpeg(join(faceApiDemo, `sample${i}.jpg`)), DETECTOR_INPUT_SIZE).pixels, dims: [1, 256, 256, 3] }));
  const detInt8 = quantizeStatic(detBytes, await calibrate(detBytes, 'image', calib)).bytes;
  log(`detector int8 variant: ${detInt8.byteLength} bytes (fp32 ${detBytes.byteLength})`);

  const detInt8Session = await openSession(detInt8);
  const detect: Record<string, DetectorScore> = {};
  for (const [name, session] of [['fp32', detector], ['int8', detInt8Session]] as const)
    for (const minScore of [0.5, 0.75]) {
      detect[`${name}@${minScore}`] = await evaluateDetector(session, minScore);
      log(`detect ${name} minScore ${minScore}: ${JSON.stringify(detect[`${name}@${minScore}`])}`);
    }
  const lfw = await evaluateEncoder(detector, { fp32: await openSession(fp32Bytes), int8: await openSession(int8Bytes) });

  const date = new Date().toISOString().slice(0, 10);
  const accuracy = {
    'blazeface-back': {
      sha256: sha256(detBytes),
      date,
      data: '../shared/data/detect: 67 photos, 155 faces (counts judged by eye), 14 photos without a face; NMS IoU 0.3',
      fp32AtMinScore0_5: detect['fp32@0.5'],
      fp32AtMinScore0_75: detect['fp32@0.75'],
      int8VariantNotShipped: { bytes: detInt8.byteLength, atMinScore0_5: detect['int8@0.5'], atMinScore0_75: detect['int8@0.75'] },
    },
    'dlib-face-encoder': {
      sha256: sha256(int8Bytes),
      fp32Sha256: sha256(fp32Bytes),
      date,
      data: 'LFW View 1 (funneled): threshold chosen on pairsDevTrain (2200 pairs), accuracy on pairsDevTest (1000 pairs: 500 same, 500 different)',
      pipeline: 'models/faces/eval/evaluate.ts: letterbox 256 -> blazeface-back (score 0.5, else 0.1, else median keypoints) -> face nearest the centre -> alignFace 150x150 -> embedding; no flip/jitter averaging',
      int8: (lfw.results as Record<string, object>).int8,
      fp32: (lfw.results as Record<string, object>).fp32,
      int8VsFp32Cosine: { ...lfw.cosine, images: lfw.images },
      imagesWithoutFaceAt0_5: lfw.noFaceAt0_5,
      imagesWithoutFaceAt0_1: lfw.noFaceAt0_1,
    },
  };
  writeFileSync(join(FACES_DIR, 'accuracy.json'), `${JSON.stringify(accuracy, null, 2)}\n`);
  log('wrote models/faces/accuracy.json; run npm run models:faces to copy it into the manifest');
}

await main();
