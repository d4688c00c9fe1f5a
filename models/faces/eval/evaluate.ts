// npm run faces:eval-models — measures the face models on the evaluation data in ../shared/data
// (never in CI: the data is not redistributable) and writes models/faces/accuracy.json, which
// `npm run faces:build` copies into models/manifest.json for the exact bytes measured.
//
//   detector: expected face counts on ../shared/data/detect (67 photos), fp32 and, for the record,
//             an int8 QDQ variant made with the same quantiser and calibration photos.
//   encoder:  no longer here. Its accuracy is measured through the product pipeline by
//             `npm run faces:eval-record` (models/faces/eval/record.ts), which writes the
//             "dlib-face-encoder" record of accuracy.json; this script keeps that record as it is.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InferenceSession } from 'onnxruntime-node';
import { sha256 } from '../../lib/manifest.ts';
import { DETECTOR_INPUT_SIZE, letterbox } from '../../../functions/src/pipeline/face/detect.ts';
import { loadImage, loadJpeg } from '../lib/image-node.ts';
import { FACE_API, ensurePackage } from '../build/packages.ts';
import { calibrate, quantizeStatic } from '../build/quantize.ts';
import { detectFaces, openSession } from '../build/simple-pipeline.ts';
import { FACES_DIR, REPO_ROOT } from '../build/paths.ts';

const SHARED = join(REPO_ROOT, '..', 'shared', 'data');
const DETECT = join(SHARED, 'detect');
const log = (s: string) => console.log(`[faces:eval-models] ${s}`);

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
  const rows = readFileSync(join(DETECT, 'expected_faces.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t'));
  let exact = 0,
    within1 = 0,
    found = 0,
    expected = 0,
    falseOnNone = 0,
    over = 0,
    under = 0;
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
    perCategory[category] ??= [0, 0];
    const c = perCategory[category];
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
    exactByCategory: Object.entries(perCategory)
      .map(([k, [e, n]]) => `${k} ${e}/${n}`)
      .join(', '),
  };
}

async function main() {
  if (!existsSync(DETECT)) throw new Error(`evaluation data not found under ${SHARED}`);
  const detBytes = readFileSync(join(FACES_DIR, 'blazeface-back.onnx'));
  const detector = await openSession(detBytes);

  // int8 detector, only to check the field note that it degrades (calibrated on the demo photos).
  const faceApiDemo = join(ensurePackage(FACE_API), 'demo');
  const calib = [1, 2, 3, 4, 5, 6].map((i) => ({
    data: letterbox(loadJpeg(join(faceApiDemo, `sample${i}.jpg`)), DETECTOR_INPUT_SIZE).pixels,
    dims: [1, 256, 256, 3],
  }));
  const detInt8 = quantizeStatic(detBytes, await calibrate(detBytes, 'image', calib)).bytes;
  log(`detector int8 variant: ${detInt8.byteLength} bytes (fp32 ${detBytes.byteLength})`);

  const detInt8Session = await openSession(detInt8);
  const detect: Record<string, DetectorScore> = {};
  for (const [name, session] of [
    ['fp32', detector],
    ['int8', detInt8Session],
  ] as const)
    for (const minScore of [0.5, 0.75]) {
      detect[`${name}@${minScore}`] = await evaluateDetector(session, minScore);
      log(`detect ${name} minScore ${minScore}: ${JSON.stringify(detect[`${name}@${minScore}`])}`);
    }

  const date = new Date().toISOString().slice(0, 10);
  const file = join(FACES_DIR, 'accuracy.json');
  const accuracy: Record<string, unknown> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  accuracy['blazeface-back'] = {
    sha256: sha256(detBytes),
    date,
    data: '../shared/data/detect: 67 photos, 155 faces (counts judged by eye), 14 photos without a face; NMS IoU 0.3',
    fp32AtMinScore0_5: detect['fp32@0.5'],
    fp32AtMinScore0_75: detect['fp32@0.75'],
    int8VariantNotShipped: { bytes: detInt8.byteLength, atMinScore0_5: detect['int8@0.5'], atMinScore0_75: detect['int8@0.75'] },
  };
  writeFileSync(file, `${JSON.stringify(accuracy, null, 2)}\n`);
  log('wrote models/faces/accuracy.json; run npm run faces:build to copy it into the manifest');
}

await main();
