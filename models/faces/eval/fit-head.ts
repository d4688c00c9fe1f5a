// npm run faces:fit-head [-- --pairs <DevTrain pairs> --images <folder> --check <DevTest pairs> --flip|--no-flip]
//                         [--encoder <manifest id> --out <head.json>]   (another encoder, e.g. a fine-tuned one: models/siamese)
//
// Fits a face encoder's verification head (the file its models/manifest.json entry names as "head";
// models/faces/verification-head.json for the served dlib-face-encoder; read by
// functions/src/pipeline/face/compare.ts) on LFW View 1 pairsDevTrain.txt ONLY, with embeddings from
// the product pipeline and that int8 encoder (default: the served one):
//   (a) the Euclidean distance threshold that maximises DevTrain accuracy (the decision), and
//   (b) an L2-regularised logistic unit over |f(a) - f(b)| (128 weights + bias; Newton's method,
//       penalty chosen by 10-fold cross-validated log loss on DevTrain) for P(same person).
// Then reports calibration (ECE, Brier) of that probability on DevTest (--check), which the fit
// never sees. Pairs where a face is missing are left out of the fit (and counted). Then adds the
// open-set table for identify (fit-open-set.ts: impostor-distance quantiles over all DevTrain people).
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseVerificationHead } from '../../../functions/src/pipeline/face';
import { CHIP_PADDING } from '../../../functions/src/pipeline/face/align';
import { sha256 } from '../../lib/manifest.ts';
import { REPO_ROOT } from '../build/paths.ts';
import { evaluatePairs, formatResult, headFileFor } from './eval-faces.ts';
import {
  detectExtension,
  embedSet,
  evaluationRuntime,
  imagesRoot,
  progressPrinter,
  resolveEncoder,
  type ImageResult,
} from './embed-set.ts';
import { fitOpenSet } from './fit-open-set.ts';
import { fitHead } from './head.ts';
import { imagePath, parsePairs } from './pairs.ts';

const LFW = join(REPO_ROOT, '..', 'shared', 'data', 'faces', 'lfw-view1');
/** Whether embeddings are averaged with the mirrored chip's; the Worker must embed the same way. */
export const HEAD_FLIP = true;

const round = (v: number, k = 6) => Number(v.toFixed(k));

async function main() {
  const { values } = parseArgs({
    options: {
      pairs: { type: 'string', default: join(LFW, 'pairsDevTrain.txt') },
      images: { type: 'string', default: join(LFW, 'images') },
      check: { type: 'string', default: join(LFW, 'pairsDevTest.txt') },
      out: { type: 'string' },
      encoder: { type: 'string', default: 'int8' },
      flip: { type: 'boolean' },
      'no-flip': { type: 'boolean' },
    },
  });
  const flip = values.flip ? true : values['no-flip'] ? false : HEAD_FLIP;
  const pairsFile = resolve(values.pairs!);
  const bytes = readFileSync(pairsFile);
  const { pairs } = parsePairs(bytes.toString('utf8'));
  const root = imagesRoot(resolve(values.images!));
  const ext = detectExtension(root, imagePath(pairs[0].a, 'x').slice(0, -2));
  const files = [...new Set(pairs.flatMap((p) => [imagePath(p.a, ext), imagePath(p.b, ext)]))];
  const encoder = resolveEncoder(values.encoder!);
  // A head belongs to one manifest entry (id, version, sha256): prepare-worker serves it only with that entry.
  if (!encoder.model)
    throw new Error(
      `--encoder ${values.encoder}: give a manifest id (put the ONNX file into models/manifest.json first, e.g. with npm run siamese:export)`,
    );
  const outFile = values.out ?? headFileFor(encoder.model.id);
  if (!outFile)
    throw new Error(`the manifest entry ${encoder.model.id} names no "head" file: pass --out <head.json> and add it to the entry`);
  const runtime = evaluationRuntime(encoder);
  console.log(
    `fit-head: ${pairs.length} pairs, ${files.length} images from ${pairsFile}; encoder ${encoder.label} (${encoder.sha256.slice(0, 12)}…), flip ${flip}`,
  );
  const cache = new Map<string, ImageResult>();
  await embedSet(runtime, root, files, { flip, onProgress: progressPrinter('fit-head DevTrain') }, cache);
  const usable = pairs
    .map((p) => ({ a: cache.get(imagePath(p.a, ext))?.embedding, b: cache.get(imagePath(p.b, ext))?.embedding, same: p.same }))
    .filter((p): p is { a: Float32Array; b: Float32Array; same: boolean } => !!p.a && !!p.b);
  const noFace = files.filter((f) => !cache.get(f)?.embedding);
  const fit = fitHead(usable);
  console.log(`threshold ${fit.threshold.toFixed(4)} (DevTrain accuracy ${(100 * fit.thresholdTrainAccuracy).toFixed(2)} %)`);
  console.log(
    `logistic: lambda ${fit.lambda} by 10-fold CV log loss (${fit.lambdaSearch.map((s) => `${s.lambda}: ${s.cvLogLoss.toFixed(4)}`).join(', ')}); train log loss ${fit.trainLogLoss.toFixed(4)}, train accuracy at p>0.5 ${(100 * fit.logisticTrainAccuracy).toFixed(2)} %, ${fit.newtonIterations} Newton steps`,
  );

  const head = {
    model: encoder.model.id,
    model_version: encoder.model.version,
    model_sha256: encoder.sha256,
    metric: 'euclidean' as const,
    threshold: round(fit.threshold),
    logistic: { weights: fit.logistic.weights.map((w) => round(w)), bias: round(fit.logistic.bias) },
    flip,
    fitted_on: {
      file: `../shared/data/faces/lfw-view1/${basename(pairsFile)}`,
      pairs: pairs.length,
      pairs_used: usable.length,
      images_without_face: noFace.length,
      sha256: sha256(bytes),
    },
    regularisation: {
      kind: 'L2 on the weights (not the bias): loss = sum of log losses + lambda/2 |w|^2',
      lambda: fit.lambda,
      chosen_by: '10-fold cross-validated log loss on the training pairs (folds interleaved by index)',
      candidates: fit.lambdaSearch.map((s) => ({ lambda: s.lambda, cv_log_loss: round(s.cvLogLoss) })),
    },
    train_accuracy: round(fit.thresholdTrainAccuracy),
    logistic_train_accuracy: round(fit.logisticTrainAccuracy),
    logistic_train_log_loss: round(fit.trainLogLoss),
    features: '|f(a) - f(b)| element-wise; P(same) = sigmoid(weights . features + bias)',
    decision: 'match when the Euclidean distance <= threshold (the accuracy-maximising threshold on the training pairs)',
    pipeline: `functions/src/pipeline/face: decode (max side 1024) -> detectFaces (score 0.5, NMS 0.3; zoomed-out second pass for close-ups) -> most prominent face (visible box area x score) -> alignFace (150x150, padding ${CHIP_PADDING}) -> embedChips (flip: ${flip ? 'averaged with the mirrored chip' : 'off'})`,
    script: 'models/faces/eval/fit-head.ts (npm run faces:fit-head)',
    date: new Date().toISOString().slice(0, 10),
  };
  parseVerificationHead(head); // the Worker's own check
  const out = resolve(outFile);
  writeFileSync(out, `${JSON.stringify(head, null, 2)}\n`);
  console.log(`wrote ${out}`);

  // The open-set table (impostor-distance quantiles on DevTrain people) for identify's collection-size threshold.
  await fitOpenSet({
    pairs: pairsFile,
    ...(values.check ? { check: resolve(values.check) } : {}),
    images: resolve(values.images!),
    head: out,
    encoder: values.encoder!,
    flip,
  });

  if (values.check) {
    const r = await evaluatePairs({
      pairsFile: resolve(values.check),
      imagesDir: root,
      encoder: values.encoder!,
      flip,
      headFile: out,
      threads: 1,
      label: 'fit-head check',
    });
    console.log(`\nheld-out check (${basename(values.check)}, never used in the fit):`);
    console.log(formatResult(r));
  }
}

await main();
