// npm run siamese:export -- --onnx <fp32 encoder from siamese:finetune> [--id dlib-face-encoder-lfw-ft]
//                           [--file siamese/dlib-face-encoder-lfw-ft-int8.onnx] [--report <finetune report.json>]
//                           [--eval <eval-faces --json output>] [--head <head.json>]
//
// Puts a fine-tuned (or user-trained) face encoder through the SAME path as the served one:
// static int8 QDQ with models/faces/build/quantize.ts, calibrated on the same chips (the pinned
// face-api demo photos through the product's detector and alignment), then a models/manifest.json
// entry via updateManifestEntry (sha256 and size from the bytes on disk), naming the verification
// head file that `npm run faces:fit-head -- --encoder <id>` then fits (default <folder>/<id>.head.json).
// The Node tools take it at once (faces:eval --encoder <id>); the Worker serves it when
// models/manifest.json "serve" names it, or for one build with LIKENESS_FACE_ENCODER=<id>
// (scripts/served-models.mjs). See models/siamese/README.md ("Deploying your own encoder").
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CHIP_SIZE } from '../../../functions/src/pipeline/face/align.ts';
import { MODELS_DIR, sha256, updateManifestEntry } from '../../lib/manifest.ts';
import { CALIBRATION_IMAGES, calibrationChips } from '../../faces/build/calibration.ts';
import { FACE_API, ensurePackage, spec } from '../../faces/build/packages.ts';
import { FACES_DIR, REPO_ROOT } from '../../faces/build/paths.ts';
import { calibrate, quantizeStatic } from '../../faces/build/quantize.ts';
import { cosine, embed, openSession } from '../../faces/build/simple-pipeline.ts';

const log = (s: string) => console.log(`[siamese:export] ${s}`);

async function main() {
  const { values } = parseArgs({
    options: {
      onnx: { type: 'string' },
      id: { type: 'string', default: 'dlib-face-encoder-lfw-ft' },
      file: { type: 'string', default: 'siamese/dlib-face-encoder-lfw-ft-int8.onnx' },
      report: { type: 'string' },
      eval: { type: 'string' },
      head: { type: 'string' },
      version: { type: 'string', default: '1' },
    },
  });
  if (!values.onnx || !existsSync(values.onnx)) throw new Error('--onnx <fp32 encoder ONNX> is required');
  const fp32 = new Uint8Array(readFileSync(values.onnx));
  const faceApiDir = ensurePackage(FACE_API, log);
  const det = new Uint8Array(readFileSync(join(FACES_DIR, 'blazeface-back.onnx')));
  const chips = await calibrationChips(faceApiDir, det);
  log(`calibrating ${values.onnx} on ${chips.length} chips (the served encoder's calibration set)`);
  const ranges = await calibrate(
    fp32,
    'image',
    chips.map((c) => ({ data: c, dims: [1, CHIP_SIZE, CHIP_SIZE, 3] })),
  );
  const { bytes: int8, report } = quantizeStatic(fp32, ranges);
  const out = join(MODELS_DIR, values.file!);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, int8);
  const [a, b] = [await openSession(fp32), await openSession(int8)];
  const cos: number[] = [];
  for (const c of chips) cos.push(cosine((await embed(a, [c]))[0], (await embed(b, [c]))[0]));
  const minCos = Math.min(...cos);
  log(
    `int8 ${int8.byteLength} bytes (fp32 ${fp32.byteLength}); ${report.quantizedConvs} Conv quantised; cosine to fp32 on calibration chips min ${minCos.toFixed(5)}`,
  );

  const ft = values.report ? JSON.parse(readFileSync(values.report, 'utf8')) : undefined;
  const ev = values.eval ? JSON.parse(readFileSync(values.eval, 'utf8')) : undefined;
  updateManifestEntry({
    id: values.id!,
    version: values.version!,
    file: values.file!,
    task: 'face-embedding',
    description:
      'dlib ResNet-29 face encoder, last residual block and projection fine-tuned with the triplet loss (models/siamese), static int8 QDQ. Served when models/manifest.json "serve" names it (or LIKENESS_FACE_ENCODER=<id> at build time).',
    source: {
      kind: 'fine-tuned',
      base: `dlib-face-encoder (${spec(FACE_API)} model/face_recognition_model, loaded into PyTorch by models/siamese/train/dlib_resnet.py)`,
      fp32: relative(REPO_ROOT, resolve(values.onnx)),
      fp32Sha256: sha256(fp32),
      training: ft
        ? {
            config: { ...ft.config, chips: relative(REPO_ROOT, ft.config.chips) },
            keptEpoch: ft.kept_epoch,
            parity: ft.parity,
            pretrainedVal: ft.pretrained_val,
            keptVal: ft.kept_val,
            trainPeople: ft.train_people,
            valPeople: ft.val_people,
          }
        : 'see models/siamese/README.md',
      script: 'npm run siamese:finetune, then models/siamese/build/export-encoder.ts (npm run siamese:export)',
    },
    licence:
      'Derived from CC0-1.0 dlib weights; fine-tuned on LFW View 1 DevTrain identities (research data: check its terms before shipping a model trained on it)',
    inputs: {
      image: {
        dtype: 'float32',
        shape: ['N', 150, 150, 3],
        layout: 'NHWC',
        colour: 'RGB',
        range: '0..255',
        normalisation: 'in-graph: (x - [122.782, 117.001, 104.298]) / 255',
        preparation: 'the product alignment (functions/src/pipeline/face/align.ts), as dlib-face-encoder',
      },
    },
    outputs: {
      embedding:
        '[N,128] float32, L2-normalised; Euclidean distance; needs its own verification head (npm run faces:fit-head -- --encoder <id>)',
    },
    quantization: {
      method: 'static QDQ as dlib-face-encoder (models/faces/build/quantize.ts)',
      calibration: `${chips.length} chips: faces BlazeFace finds in ${spec(FACE_API)} ${CALIBRATION_IMAGES.join(', ')} and their mirror images`,
      quantizedConvs: report.quantizedConvs,
      quantizedTensors: report.quantizedTensors,
      cosineToFp32OnCalibrationChipsMin: Number(minCos.toFixed(6)),
    },
    head: relative(MODELS_DIR, resolve(values.head ?? join(dirname(out), `${values.id}.head.json`))),
    accuracy: ev
      ? {
          sha256: ev.encoder?.sha256,
          data: relative(REPO_ROOT, ev.pairsFile),
          command: `npm run faces:eval -- --encoder ${values.id}`,
          accuracyAtStoredThreshold: ev.accuracyAtStoredThreshold,
          rocAuc: ev.rocAuc,
          eer: ev.eer?.eer,
          tarAtFar: ev.tarAtFar?.map((t: { far: number; tar: number }) => ({ far: t.far, tar: t.tar })),
          head: { ...ev.head, file: relative(REPO_ROOT, ev.head.file) },
        }
      : `not measured yet: npm run faces:eval -- --encoder ${values.id}`,
  });
  log(`wrote ${out} and manifest entry ${values.id}; next: npm run faces:fit-head -- --encoder ${values.id}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
