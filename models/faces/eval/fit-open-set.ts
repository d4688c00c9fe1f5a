// npm run faces:fit-head (second step) | tsx models/faces/eval/fit-open-set.ts [-- --pairs <DevTrain pairs> --check <DevTest pairs> --images <folder> --head <head.json>]
//
// Tabulates the encoder's impostor-distance distribution F(t) (the fraction of different-person
// pairs at Euclidean distance <= t) for the open-set identify threshold t(N) (see
// functions/src/pipeline/face/open-set.ts), and writes it as the `open_set` block of the verification
// head, leaving every other field of the head as it is.
//
// Data: LFW View 1 DevTrain identities ONLY: every image of every person named in pairsDevTrain.txt
// (the people, not just the pairs), embedded through the enrolment/identify photo flow with the
// served int8 encoder (embeddings cached in .cache/, shared with collections:eval); then ALL pairs of
// embeddings of different people (millions, so F reaches ~1e-6 with a few pairs behind it). The
// script checks that no DevTest person is among them, so DevTest people stay held out for evaluation.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EMBEDDING_SIZE, parseVerificationHead } from '../../../functions/src/pipeline/face';
import { parseOpenSetTable, type FarQuantile } from '../../../functions/src/pipeline/face/open-set';
import { sha256 } from '../../lib/manifest.ts';
import { REPO_ROOT } from '../build/paths.ts';
import { DEFAULT_HEAD, headFileFor } from './eval-faces.ts';
import { imagesRoot, resolveEncoder } from './embed-set.ts';
import { identifyEmbeddings } from './identify-embeddings.ts';
import { parsePairs } from './pairs.ts';

const LFW = join(REPO_ROOT, '..', 'shared', 'data', 'faces', 'lfw-view1');
/** Per-comparison false-accept rates tabulated: 10^(-k/4), k = 4..24 (1e-1 .. 1e-6, four points a decade). */
export const FAR_GRID = Array.from({ length: 21 }, (_, i) => Number((10 ** (-(i + 4) / 4)).toPrecision(6)));

/** People named in a pairs file. */
export const pairsPeople = (text: string): Set<string> => new Set(parsePairs(text).pairs.flatMap((p) => [p.a.name, p.b.name]));

/**
 * Distances of all pairs of embeddings of different people, sorted ascending. `people[i]` is the
 * person of `embeddings[i]`.
 */
export function impostorDistances(embeddings: readonly Float32Array[], people: readonly number[]): Float64Array {
  const n = embeddings.length;
  let pairs = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (people[i] !== people[j]) pairs++;
  const out = new Float64Array(pairs);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const a = embeddings[i];
    for (let j = i + 1; j < n; j++) {
      if (people[i] === people[j]) continue;
      const b = embeddings[j];
      let s = 0;
      for (let d = 0; d < a.length; d++) s += (a[d] - b[d]) ** 2;
      out[k++] = Math.sqrt(s);
    }
  }
  return out.sort();
}

/** Distance at each rate of `grid`: the smallest d with at least round(far x M) of the M sorted distances <= d. */
export function farQuantiles(sorted: Float64Array, grid: readonly number[]): (FarQuantile & { pairs_at_or_below: number })[] {
  return grid.map((far) => {
    const count = Math.max(1, Math.round(far * sorted.length));
    return { far, distance: Number(sorted[count - 1].toFixed(6)), pairs_at_or_below: count };
  });
}

export interface OpenSetOptions {
  pairs?: string;
  check?: string;
  images?: string;
  /** The head file to add the `open_set` block to (written by fit-head.ts). */
  head?: string;
  /** int8 (served), fp32 or an ONNX path, as fit-head's --encoder; flip as the head's. */
  encoder?: string;
  flip?: boolean;
}

/** Adds the `open_set` table to the head file `options.head` (every other field unchanged). */
export async function fitOpenSet(options: OpenSetOptions = {}) {
  const values = {
    pairs: join(LFW, 'pairsDevTrain.txt'),
    check: join(LFW, 'pairsDevTest.txt'),
    images: join(LFW, 'images'),
    head: DEFAULT_HEAD,
    ...options,
  };
  const pairsFile = resolve(values.pairs!);
  const bytes = readFileSync(pairsFile);
  const train = pairsPeople(bytes.toString('utf8'));
  const test = pairsPeople(readFileSync(resolve(values.check!), 'utf8'));
  const shared = [...train].filter((p) => test.has(p));
  if (shared.length)
    throw new Error(
      `${shared.length} people are in both ${basename(pairsFile)} and ${basename(values.check!)} (e.g. ${shared.slice(0, 3).join(', ')}): the table must not see held-out people`,
    );
  const root = imagesRoot(resolve(values.images!));
  const names = [...train].sort();
  const files: string[] = [];
  const owner: number[] = [];
  names.forEach((name, i) => {
    for (const f of readdirSync(join(root, name))
      .filter((f) => /\.(jpe?g|png)$/i.test(f))
      .sort()) {
      files.push(join(root, name, f));
      owner.push(i);
    }
  });
  console.log(`fit-open-set: ${names.length} DevTrain people (${test.size} DevTest people, none shared), ${files.length} images`);
  const embedded = await identifyEmbeddings('fit-open-set DevTrain', files, { encoder: options.encoder, flip: options.flip });
  const embeddings: Float32Array[] = [];
  const people: number[] = [];
  files.forEach((f, i) => {
    const e = embedded.get(f);
    if (e) {
      embeddings.push(e);
      people.push(owner[i]);
    }
  });
  const sorted = impostorDistances(embeddings, people);
  const table = farQuantiles(sorted, FAR_GRID);
  console.log(`${embeddings.length} embeddings (no face in ${files.length - embeddings.length}), ${sorted.length} different-person pairs`);
  console.log('| per-comparison FAR | distance | pairs at or below |\n|---|---|---|');
  for (const q of table) console.log(`| ${q.far.toExponential(2)} | ${q.distance.toFixed(4)} | ${q.pairs_at_or_below} |`);

  const headPath = resolve(values.head!);
  const head = JSON.parse(readFileSync(headPath, 'utf8'));
  const farAtThreshold = countAtOrBelow(sorted, head.threshold) / sorted.length;
  console.log(`at the verification threshold ${head.threshold}: per-comparison FAR ${farAtThreshold.toExponential(3)}`);
  head.open_set = {
    far_quantiles: table,
    description:
      'Impostor-distance distribution F(t): a fraction `far` of different-person pairs is at Euclidean distance <= `distance`. Identify uses t(N) = min(threshold, F^-1(1 - (1 - alpha)^(1/N))) for N enrolled faces and a target false-identity rate alpha (functions/src/pipeline/face/open-set.ts), interpolating log10(far) linearly in distance between points.',
    fitted_on: {
      file: `../shared/data/faces/lfw-view1/${basename(pairsFile)}`,
      sha256: sha256(bytes),
      people: names.length,
      images: files.length,
      images_without_face: files.length - embeddings.length,
      impostor_pairs: sorted.length,
      held_out: `no person of ${basename(values.check!)} (${test.size} people) is used`,
      far_at_threshold: Number(farAtThreshold.toExponential(4)),
    },
    pipeline:
      'every image of the DevTrain people through the enrolment/identify photo flow (pipeline/face/photo.ts faceFromPhoto: most prominent face, served embed options), int8 encoder; all pairs of embeddings of different people',
    script: 'models/faces/eval/fit-open-set.ts (npm run faces:fit-head, after fit-head.ts)',
    date: new Date().toISOString().slice(0, 10),
  };
  parseOpenSetTable(head.open_set);
  parseVerificationHead(head, EMBEDDING_SIZE); // the Worker's own check
  writeFileSync(headPath, `${JSON.stringify(head, null, 2)}\n`);
  console.log(`wrote open_set to ${headPath}`);
}

/** Number of values <= x in a sorted array. */
export function countAtOrBelow(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

if (process.argv[1]?.endsWith('fit-open-set.ts')) {
  const { values } = parseArgs({
    options: {
      pairs: { type: 'string' },
      check: { type: 'string' },
      images: { type: 'string' },
      head: { type: 'string' },
      encoder: { type: 'string', default: 'int8' },
    },
  });
  // Default head: the one the encoder's manifest entry names (the served encoder's for int8).
  const headFile = resolve(values.head ?? headFileFor(resolveEncoder(values.encoder!).model?.id ?? '') ?? DEFAULT_HEAD);
  const head = JSON.parse(readFileSync(headFile, 'utf8'));
  await fitOpenSet({
    ...Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)),
    head: headFile,
    flip: head.flip === true,
  });
}
