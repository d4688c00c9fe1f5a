// npm run faces:eval-record — the recorded evaluation: LFW View 1 DevTest and AT&T/ORL (10 folds),
// served int8 encoder and fp32 reference side by side, through the product pipeline and the stored
// verification head. Writes models/faces/accuracy.json ("dlib-face-encoder"), the manifest's
// `accuracy` field for that model (models/lib/manifest.ts), and the tables between the
// <!-- faces:eval --> markers of models/faces/README.md. Needs ../shared/data (~10 min on 2 busy cores).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENCODER_MODEL } from '../../../functions/src/pipeline/face';
import { readManifest, updateManifestEntry } from '../../lib/manifest.ts';
import { FACES_DIR, REPO_ROOT } from '../build/paths.ts';
import { REFERENCE_ENCODER_ID, type ImageResult } from './embed-set.ts';
import { DEFAULT_HEAD, evaluatePairs, formatResult, loadHead, type EvalResult } from './eval-faces.ts';

const SHARED = join(REPO_ROOT, '..', 'shared', 'data', 'faces');
const DATASETS = [
  {
    id: 'lfwDevTest',
    name: 'LFW View 1 DevTest',
    pairs: join(SHARED, 'lfw-view1', 'pairsDevTest.txt'),
    images: join(SHARED, 'lfw-view1', 'images'),
    file: '../shared/data/faces/lfw-view1/pairsDevTest.txt',
  },
  {
    id: 'orl',
    name: 'AT&T/ORL (10 identity-disjoint folds)',
    pairs: join(SHARED, 'att_orl', 'pairs.txt'),
    images: join(SHARED, 'att_orl', 'images'),
    file: '../shared/data/faces/att_orl/pairs.txt',
  },
] as const;
const ENCODERS = ['int8', 'fp32'] as const;
const ACCURACY = join(FACES_DIR, 'accuracy.json');
const README = join(FACES_DIR, 'README.md');

const r4 = (v: number) => Number(v.toFixed(4));
const summary = (r: EvalResult) => ({
  pairs: r.pairs,
  accuracyAtStoredThreshold: r4(r.accuracyAtStoredThreshold),
  storedThreshold: r4(r.head.threshold),
  tenFoldAccuracy: r.tenFold ? { mean: r4(r.tenFold.mean), stdError: r4(r.tenFold.stdError) } : null,
  oracleBestThreshold: { threshold: r4(r.oracle.threshold), accuracy: r4(r.oracle.accuracy) },
  rocAuc: Number(r.rocAuc.toFixed(5)),
  eer: r4(r.eer.eer),
  tarAtFar1e2: r4(r.tarAtFar[0].tar),
  tarAtFar1e3: r4(r.tarAtFar[1].tar),
  calibration: {
    pairs: r.calibration.pairs,
    ece: r4(r.calibration.ece),
    brier: r4(r.calibration.brier),
    logLoss: r4(r.calibration.logLoss),
  },
  imagesWithoutFace: r.noFace.images,
  pairsWithoutFace: r.noFace.pairsAffected,
  errors: r.errors.length,
  msPerImage: Number(r.msPerImage.toFixed(1)),
});

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0,
    na = 0,
    nb = 0;
  for (let i = 0; i < a.length; i++) {
    d += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return d / Math.sqrt(na * nb);
}

const pct = (v: number, k = 1) => `${(100 * v).toFixed(k)} %`;

function table(results: Record<string, Record<string, EvalResult>>): string {
  const rows: string[] = [
    '| data | encoder | accuracy at stored threshold | 10-fold accuracy | ROC AUC | EER | TAR @ FAR 1e-2 | TAR @ FAR 1e-3 | ECE | Brier | images without a face |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const d of DATASETS)
    for (const e of ENCODERS) {
      const r = results[d.id][e];
      rows.push(
        `| ${d.name} | ${e} | ${pct(r.accuracyAtStoredThreshold)} | ${r.tenFold ? `${pct(r.tenFold.mean)} ± ${pct(r.tenFold.stdError)}` : '—'} | ${r.rocAuc.toFixed(4)} | ${pct(r.eer.eer)} | ${pct(r.tarAtFar[0].tar)} | ${pct(r.tarAtFar[1].tar)} | ${r.calibration.ece.toFixed(3)} | ${r.calibration.brier.toFixed(3)} | ${r.noFace.images} / ${r.imageCount} |`,
      );
    }
  return rows.join('\n');
}

async function main() {
  for (const d of DATASETS) if (!existsSync(d.pairs)) throw new Error(`${d.pairs} not found (needs ../shared/data)`);
  // The record compares dlib-face-encoder's int8 bytes with its fp32 reference under its own head.
  if (ENCODER_MODEL !== REFERENCE_ENCODER_ID)
    throw new Error(
      `this build serves ${ENCODER_MODEL}; faces:eval-record measures ${REFERENCE_ENCODER_ID}: run npm run worker:prepare without LIKENESS_FACE_ENCODER first`,
    );
  const head = loadHead(DEFAULT_HEAD);
  const results: Record<string, Record<string, EvalResult>> = {};
  const caches: Record<string, Map<string, ImageResult>> = {};
  for (const d of DATASETS) {
    results[d.id] = {};
    for (const e of ENCODERS) {
      const cache = new Map();
      caches[`${d.id}/${e}`] = cache;
      const r = await evaluatePairs(
        { pairsFile: d.pairs, imagesDir: d.images, encoder: e, headFile: DEFAULT_HEAD, threads: 1, label: `${d.id} ${e}` },
        cache,
      );
      console.log(formatResult(r));
      results[d.id][e] = r;
    }
  }
  const cosines: Record<string, { images: number; min: number; mean: number; below0_995: number }> = {};
  for (const d of DATASETS) {
    const a = caches[`${d.id}/int8`],
      b = caches[`${d.id}/fp32`];
    const cs = [...a.keys()]
      .filter((k) => a.get(k)?.embedding && b.get(k)?.embedding)
      .map((k) => cosine(a.get(k)!.embedding!, b.get(k)!.embedding!));
    cosines[d.id] = {
      images: cs.length,
      min: Number(Math.min(...cs).toFixed(5)),
      mean: Number((cs.reduce((s, v) => s + v, 0) / cs.length).toFixed(5)),
      below0_995: cs.filter((c) => c < 0.995).length,
    };
  }
  const int8 = results.lfwDevTest.int8,
    fp32 = results.lfwDevTest.fp32;
  const entry = readManifest().models.find((m) => m.id === 'dlib-face-encoder');
  if (!entry) throw new Error('manifest has no dlib-face-encoder');
  const record = {
    sha256: int8.encoder.sha256,
    fp32Sha256: fp32.encoder.sha256,
    date: new Date().toISOString().slice(0, 10),
    data: 'LFW View 1 funneled pairsDevTest (1000 pairs: 500 same, 500 different; the head was fitted on pairsDevTrain only) and AT&T/ORL pairs.txt (2000 pairs, 10 identity-disjoint folds)',
    pipeline: `product pipeline functions/src/pipeline/face on onnxruntime-node (1 thread): decode (max side 1024) -> detectFaces (score 0.5, NMS 0.3, close-up second pass) -> most prominent face -> alignFace (padding 0.2) -> embedChips (flip ${head.flip ?? false}) -> compareEmbeddings with models/faces/verification-head.json`,
    head: {
      file: 'models/faces/verification-head.json',
      sha256: createHash('sha256').update(readFileSync(DEFAULT_HEAD)).digest('hex'),
      threshold: head.threshold,
      flip: head.flip ?? false,
      fitted_on: head.fitted_on,
    },
    noFaceCounting: int8.noFace.counting,
    script: 'models/faces/eval/record.ts (npm run faces:eval-record); single runs: npm run faces:eval',
    ...Object.fromEntries(DATASETS.map((d) => [d.id, Object.fromEntries(ENCODERS.map((e) => [e, summary(results[d.id][e])]))])),
    int8MinusFp32LfwDevTestPoints: Number((100 * (int8.accuracyAtStoredThreshold - fp32.accuracyAtStoredThreshold)).toFixed(2)),
    int8VsFp32Cosine: cosines,
  };
  const all = existsSync(ACCURACY) ? (JSON.parse(readFileSync(ACCURACY, 'utf8')) as Record<string, unknown>) : {};
  all['dlib-face-encoder'] = record;
  writeFileSync(ACCURACY, `${JSON.stringify(all, null, 2)}\n`);
  updateManifestEntry({ ...entry, accuracy: record });
  console.log('wrote models/faces/accuracy.json and the manifest accuracy of dlib-face-encoder');

  const md = [
    `Measured ${record.date} by \`npm run faces:eval-record\` (product pipeline, onnxruntime-node 1 thread, head \`verification-head.json\`: threshold ${head.threshold.toFixed(4)}, flip ${head.flip ?? false}, fitted on LFW DevTrain only).`,
    '',
    table(results),
    '',
    `int8 − fp32 on LFW DevTest at the stored threshold: ${record.int8MinusFp32LfwDevTestPoints >= 0 ? '+' : ''}${record.int8MinusFp32LfwDevTestPoints.toFixed(1)} points. ` +
      `int8 vs fp32 embedding cosine: LFW min ${cosines.lfwDevTest.min}, mean ${cosines.lfwDevTest.mean}; ORL min ${cosines.orl.min}, mean ${cosines.orl.mean}.`,
  ].join('\n');
  if (existsSync(README)) {
    const text = readFileSync(README, 'utf8');
    const re = /<!-- faces:eval -->[\s\S]*?<!-- \/faces:eval -->/;
    if (re.test(text)) {
      writeFileSync(README, text.replace(re, `<!-- faces:eval -->\n${md}\n<!-- /faces:eval -->`));
      console.log('updated the tables in models/faces/README.md');
    } else console.log(`\n${md}\n(models/faces/README.md has no <!-- faces:eval --> markers: paste by hand)`);
  }
}

await main();
