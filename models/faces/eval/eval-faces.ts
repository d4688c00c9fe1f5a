// npm run faces:eval -- --pairs <LFW-format pairs file> --images <folder> [options]
//
// Face verification accuracy of the PRODUCT pipeline (decode -> detect -> align -> embed ->
// compare, functions/src/pipeline/face) on onnxruntime-node, with the encoder's verification head
// (the one its manifest entry names; the served one by default). Prints accuracy at the stored threshold, 10-fold
// accuracy when the file has folds (LFW protocol: threshold chosen on nine folds, tested on the
// tenth), ROC AUC, EER, TAR at FAR 1e-2 / 1e-3, calibration of the head's probability (ECE, Brier),
// and the images where no face was found.
//
// Options:
//   --encoder int8|<id>|fp32|<path>  int8 = the served encoder (default); <id> = any face encoder in
//                               models/manifest.json (e.g. dlib-face-encoder-lfw-ft); fp32 = .cache
//                               reference of dlib-face-encoder; or an ONNX file
//   --flip                      average each embedding with the mirrored chip's (default: the head's setting)
//   --no-flip                   force flip off
//   --head <file>               verification head (default: the encoder's manifest "head"; for fp32 or
//                               a file, the served encoder's head)
//   --limit <n>                 evaluate about n pairs, evenly spread over the file (quick checks)
//   --threads <n>               onnxruntime-node intra-op threads (default 1, as the Worker)
//   --json <file>               write every figure (and per-pair distances) as JSON
//
// Pairs where a face is missing in either image are decided "different" (a non-match: an error for
// same pairs, correct for different ones) and ranked as the most distant pairs for ROC/EER/TAR; they
// have no probability, so calibration covers only pairs with both faces (their count is printed).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ENCODER_MODEL, compareEmbeddings, parseVerificationHead, type VerificationHead } from '../../../functions/src/pipeline/face';
import { findModel } from '../../../functions/src/runtime/manifest';
import { FACES_DIR } from '../build/paths.ts';
import {
  detectExtension,
  embedSet,
  evaluationRuntime,
  imagesRoot,
  progressPrinter,
  resolveEncoder,
  type ImageResult,
} from './embed-set.ts';
import {
  bestThreshold,
  brierScore,
  equalErrorRate,
  expectedCalibrationError,
  kFoldAccuracy,
  logLoss,
  rocAuc,
  tarAtFar,
  type CalibrationBin,
} from './metrics.ts';
import { imagePath, parsePairs, type Pair } from './pairs.ts';

/** The served encoder's verification head (models/manifest.json "head" of the served entry). */
export const DEFAULT_HEAD = headFileFor(ENCODER_MODEL) ?? join(FACES_DIR, 'verification-head.json');

/** The verification head file a manifest entry names, if any. */
export function headFileFor(id: string): string | undefined {
  const head = findModel(id)?.head;
  return head ? join(FACES_DIR, '..', head) : undefined;
}

export interface EvalOptions {
  pairsFile: string;
  imagesDir: string;
  encoder: string;
  /** undefined: use the head's setting. */
  flip?: boolean;
  /** undefined: the encoder's own head (manifest "head"), else the served one. */
  headFile?: string;
  limit?: number;
  threads: number;
  label?: string;
}

export interface EvalResult {
  pairsFile: string;
  images: string;
  encoder: { label: string; sha256: string };
  flip: boolean;
  head: { file: string; threshold: number; flip: boolean };
  pairs: number;
  samePairs: number;
  differentPairs: number;
  imageCount: number;
  /** Images where the detector found no face (product defaults), and decode errors. */
  noFace: { images: number; files: string[]; pairsAffected: number; samePairsAffected: number; counting: string };
  decodeErrors: string[];
  accuracyAtStoredThreshold: number;
  /** Best threshold on these very pairs: an optimistic reference, not a protocol figure. */
  oracle: { threshold: number; accuracy: number };
  tenFold?: { folds: number; mean: number; std: number; stdError: number; perFold: number[]; thresholds: number[] };
  rocAuc: number;
  eer: { eer: number; threshold: number };
  tarAtFar: { far: number; tar: number; threshold: number; achievedFar: number; resolution: number }[];
  calibration: {
    pairs: number;
    ece: number;
    brier: number;
    logLoss: number;
    bins: CalibrationBin[];
    accuracyAtP05: number;
    agreementWithThreshold: number;
  };
  seconds: number;
  msPerImage: number;
  errors: { pair: string; same: boolean; distance: number | null; probability: number | null }[];
}

const pairLabel = (p: Pair) => (p.same ? `${p.a.name} ${p.a.index} ${p.b.index}` : `${p.a.name} ${p.a.index} ${p.b.name} ${p.b.index}`);

/** Every n-th pair so that about `limit` remain, keeping the same/different balance of each fold. */
export function spreadLimit<T>(items: readonly T[], limit?: number): number[] {
  const idx = items.map((_, i) => i);
  if (!limit || limit >= items.length) return idx;
  const step = items.length / limit;
  return Array.from({ length: limit }, (_, k) => Math.floor(k * step));
}

export function loadHead(file: string): VerificationHead {
  if (!existsSync(file)) throw new Error(`verification head ${file} is missing: run npm run faces:fit-head`);
  return parseVerificationHead(JSON.parse(readFileSync(file, 'utf8')));
}

export async function evaluatePairs(o: EvalOptions, cache = new Map<string, ImageResult>()): Promise<EvalResult> {
  const start = performance.now();
  const file = parsePairs(readFileSync(o.pairsFile, 'utf8'));
  const keep = spreadLimit(file.pairs, o.limit);
  const pairs = keep.map((i) => file.pairs[i]);
  const fold = file.fold ? keep.map((i) => file.fold![i]) : undefined;
  const root = imagesRoot(o.imagesDir);
  const ext = detectExtension(root, imagePath(pairs[0].a, 'x').slice(0, -2));
  const files = [...new Set(pairs.flatMap((p) => [imagePath(p.a, ext), imagePath(p.b, ext)]))];
  const encoder = resolveEncoder(o.encoder);
  const headFile = o.headFile ?? (encoder.model ? headFileFor(encoder.model.id) : undefined) ?? DEFAULT_HEAD;
  const head = loadHead(headFile);
  if (encoder.model && (head.model !== encoder.model.id || head.model_version !== encoder.model.version))
    process.stderr.write(
      `warning: ${headFile} was fitted for ${head.model} v${head.model_version}, evaluating ${encoder.model.id} v${encoder.model.version}\n`,
    );
  const flip = o.flip ?? head.flip ?? false;
  if (flip !== (head.flip ?? false))
    process.stderr.write(`warning: the head was fitted with flip=${head.flip ?? false}, evaluating with flip=${flip}\n`);
  const runtime = evaluationRuntime(encoder, o.threads);
  const label = o.label ?? `faces:eval ${encoder.label}`;
  process.stderr.write(`[${label}] ${pairs.length} pairs, ${files.length} images under ${root}, encoder ${encoder.label}, flip ${flip}\n`);
  const t0 = performance.now();
  const emb = await embedSet(runtime, root, files, { flip, onProgress: progressPrinter(label) }, cache);
  const embedSeconds = (performance.now() - t0) / 1000;

  const noFaceFiles = files.filter((f) => !emb.get(f)?.embedding && !emb.get(f)?.error);
  const decodeErrors = files.filter((f) => emb.get(f)?.error).map((f) => `${f}: ${emb.get(f)!.error}`);
  const same = pairs.map((p) => p.same);
  const verdicts = pairs.map((p) => {
    const a = emb.get(imagePath(p.a, ext))?.embedding,
      b = emb.get(imagePath(p.b, ext))?.embedding;
    return a && b ? compareEmbeddings(head, a, b) : null;
  });
  // Missing face: "different", ranked most distant.
  const d = verdicts.map((v) => v?.distance ?? Number.POSITIVE_INFINITY);
  const matches = verdicts.map((v) => v?.match ?? false);
  const accuracy = matches.filter((m, i) => m === same[i]).length / pairs.length;
  const withP = verdicts.map((v, i) => [v, i] as const).filter(([v]) => v !== null);
  const p = withP.map(([v]) => v!.probability),
    pSame = withP.map(([, i]) => same[i]);
  const ece = expectedCalibrationError(p, pSame);
  const oracle = bestThreshold(d, same);
  let tenFold: EvalResult['tenFold'];
  if (fold && new Set(fold).size > 1) {
    const k = kFoldAccuracy(d, same, fold);
    tenFold = {
      folds: k.folds.length,
      mean: k.mean,
      std: k.std,
      stdError: k.stdError,
      perFold: k.folds.map((f) => f.accuracy),
      thresholds: k.folds.map((f) => f.threshold),
    };
  }
  const affected = pairs.filter((_, i) => verdicts[i] === null);
  return {
    pairsFile: o.pairsFile,
    images: root,
    encoder: { label: encoder.label, sha256: encoder.sha256 },
    flip,
    head: { file: headFile, threshold: head.threshold, flip: head.flip ?? false },
    pairs: pairs.length,
    samePairs: same.filter(Boolean).length,
    differentPairs: same.filter((s) => !s).length,
    imageCount: files.length,
    noFace: {
      images: noFaceFiles.length,
      files: noFaceFiles,
      pairsAffected: affected.length,
      samePairsAffected: affected.filter((q) => q.same).length,
      counting:
        'a pair with no face in either image is decided "different" (an error when it is a same pair) and ranked most distant; it has no probability',
    },
    decodeErrors,
    accuracyAtStoredThreshold: accuracy,
    oracle,
    tenFold,
    rocAuc: rocAuc(d, same),
    eer: equalErrorRate(d, same),
    tarAtFar: [1e-2, 1e-3].map((far) => {
      const r = tarAtFar(d, same, far);
      return { far, tar: r.tar, threshold: r.threshold, achievedFar: r.far, resolution: r.resolution };
    }),
    calibration: {
      pairs: p.length,
      ece: ece.ece,
      brier: brierScore(p, pSame),
      logLoss: logLoss(p, pSame),
      bins: ece.bins,
      accuracyAtP05: p.filter((v, i) => v > 0.5 === pSame[i]).length / p.length,
      agreementWithThreshold: withP.filter(([v]) => v!.probability > 0.5 === v!.match).length / withP.length,
    },
    seconds: (performance.now() - start) / 1000,
    msPerImage: (embedSeconds * 1000) / files.length,
    errors: pairs
      .map((q, i) => ({
        pair: pairLabel(q),
        same: q.same,
        distance: verdicts[i]?.distance ?? null,
        probability: verdicts[i]?.probability ?? null,
      }))
      .filter((_, i) => matches[i] !== same[i]),
  };
}

const pct = (v: number, k = 1) => `${(100 * v).toFixed(k)} %`;

export function formatResult(r: EvalResult): string {
  const lines = [
    `pairs ${r.pairsFile}: ${r.pairs} (${r.samePairs} same, ${r.differentPairs} different), ${r.imageCount} images; encoder ${r.encoder.label}; flip ${r.flip}`,
    `  accuracy at the stored threshold ${r.head.threshold.toFixed(4)}:  ${pct(r.accuracyAtStoredThreshold, 2)}  (${r.errors.length} errors)`,
    r.tenFold
      ? `  ${r.tenFold.folds}-fold accuracy (threshold from the other folds):  ${pct(r.tenFold.mean, 2)} ± ${pct(r.tenFold.stdError, 2)} (std error; per fold ${r.tenFold.perFold.map((v) => (100 * v).toFixed(1)).join(' ')})`
      : '  10-fold accuracy: (the file has no folds)',
    `  best threshold on these pairs (oracle, optimistic):  ${r.oracle.threshold.toFixed(4)} -> ${pct(r.oracle.accuracy, 2)}`,
    `  ROC AUC ${r.rocAuc.toFixed(5)};  EER ${pct(r.eer.eer, 2)} (at d ≈ ${r.eer.threshold.toFixed(3)})`,
    ...r.tarAtFar.map(
      (t) =>
        `  TAR at FAR ${t.far}: ${pct(t.tar, 1)} (threshold ${t.threshold.toFixed(3)}, FAR reached ${t.achievedFar.toFixed(4)}; resolution ${t.resolution.toFixed(4)}${t.resolution > t.far ? ' > FAR: means zero false accepts' : ''})`,
    ),
    `  probability (logistic head) on ${r.calibration.pairs} pairs with both faces: ECE ${r.calibration.ece.toFixed(4)} (10 bins), Brier ${r.calibration.brier.toFixed(4)}, log loss ${r.calibration.logLoss.toFixed(4)}, accuracy at p>0.5 ${pct(r.calibration.accuracyAtP05, 2)}, agrees with the threshold decision on ${pct(r.calibration.agreementWithThreshold, 1)}`,
    `  no face found: ${r.noFace.images} of ${r.imageCount} images${r.noFace.files.length ? ` (${r.noFace.files.slice(0, 5).join(', ')}${r.noFace.files.length > 5 ? ', ...' : ''})` : ''}; ${r.noFace.pairsAffected} pairs affected (${r.noFace.samePairsAffected} same), counted as non-matches`,
    ...(r.decodeErrors.length ? [`  decode errors: ${r.decodeErrors.length} (${r.decodeErrors.slice(0, 3).join('; ')})`] : []),
    `  time: ${r.seconds.toFixed(0)} s, ${r.msPerImage.toFixed(1)} ms per image (decode + detect + align + embed${r.flip ? ' x2' : ''})`,
  ];
  return lines.join('\n');
}

async function main() {
  const { values } = parseArgs({
    options: {
      pairs: { type: 'string' },
      images: { type: 'string' },
      encoder: { type: 'string', default: 'int8' },
      flip: { type: 'boolean' },
      'no-flip': { type: 'boolean' },
      head: { type: 'string' },
      limit: { type: 'string' },
      threads: { type: 'string', default: '1' },
      json: { type: 'string' },
      errors: { type: 'boolean' },
    },
  });
  if (!values.pairs || !values.images) {
    console.error(
      'usage: npm run faces:eval -- --pairs <pairs.txt> --images <folder> [--encoder int8|<manifest id>|fp32|<path>] [--flip|--no-flip] [--head <file>] [--limit n] [--threads n] [--json out.json] [--errors]',
    );
    process.exit(2);
  }
  const r = await evaluatePairs({
    pairsFile: resolve(values.pairs),
    imagesDir: resolve(values.images),
    encoder: values.encoder!,
    flip: values.flip ? true : values['no-flip'] ? false : undefined,
    headFile: values.head ? resolve(values.head) : undefined,
    limit: values.limit ? Number(values.limit) : undefined,
    threads: Number(values.threads),
  });
  console.log(formatResult(r));
  if (values.errors)
    for (const e of r.errors)
      console.log(
        `  error: ${e.same ? 'same' : 'diff'} ${e.pair} d=${e.distance?.toFixed(4) ?? 'no face'} p=${e.probability?.toFixed(3) ?? '-'}`,
      );
  if (values.json) {
    writeFileSync(values.json, `${JSON.stringify(r, null, 2)}\n`);
    console.log(`wrote ${values.json}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
