// Stage: compare two face embeddings. Two outputs, from one fitted head file
// (models/faces/verification-head.json, written by `npm run faces:fit-head` on LFW View 1 DevTrain):
//  - match: Euclidean distance <= threshold. The threshold is the one that maximised accuracy on
//    DevTrain; it is the decision, because accuracy is what it was chosen for.
//  - probability: a logistic unit over the per-dimension |f(a) - f(b)|, fitted on the same pairs by
//    maximum likelihood, so it is a calibrated P(same person). It weighs dimensions, the distance
//    does not, so near the threshold the two can disagree (e.g. match with probability 0.45): the
//    probability then says the decision is uncertain, not that it is wrong.

import { parseOpenSetTable, type OpenSetTable } from './open-set';

export interface VerificationHead {
  /** Encoder id and version the head was fitted for; embeddings from anything else are not comparable. */
  model: string;
  model_version: string;
  metric: 'euclidean';
  threshold: number;
  logistic: { weights: number[]; bias: number };
  /** What data the head was fitted on (free-form description). */
  fitted_on: unknown;
  /** Whether embeddings were averaged with the mirrored chip when fitting (see embed.ts). */
  flip?: boolean;
  /** The impostor-distance table for the open-set (identify) threshold; see open-set.ts. Optional: without it identify uses the verification threshold. */
  open_set?: OpenSetTable;
  [field: string]: unknown;
}

/** Checks a parsed head file, so a broken file fails at start-up, not with NaN probabilities. */
export function parseVerificationHead(json: unknown, embeddingSize = 128): VerificationHead {
  const h = json as Partial<VerificationHead> | null;
  const problems: string[] = [];
  if (typeof h !== 'object' || h === null) throw new Error('verification head: not an object');
  if (typeof h.model !== 'string') problems.push('model must be a string');
  if (typeof h.model_version !== 'string') problems.push('model_version must be a string');
  if (h.metric !== 'euclidean') problems.push(`metric must be 'euclidean', got ${JSON.stringify(h.metric)}`);
  if (typeof h.threshold !== 'number' || !(h.threshold > 0)) problems.push('threshold must be a positive number');
  const weights = h.logistic?.weights;
  if (!Array.isArray(weights) || weights.length !== embeddingSize || !weights.every(Number.isFinite))
    problems.push(`logistic.weights must be ${embeddingSize} finite numbers`);
  if (!Number.isFinite(h.logistic?.bias)) problems.push('logistic.bias must be a finite number');
  if (h.open_set !== undefined) {
    try {
      parseOpenSetTable(h.open_set);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  if (problems.length) throw new Error(`verification head: ${problems.join('; ')}`);
  return h as VerificationHead;
}

export function euclideanDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`embeddings differ in length: ${a.length} vs ${b.length}`);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s);
}

/** The logistic head's P(same person) for two embeddings: sigmoid(w . |a - b| + bias). */
export function sameProbability(head: VerificationHead, a: ArrayLike<number>, b: ArrayLike<number>): number {
  const w = head.logistic.weights;
  if (a.length !== w.length || b.length !== w.length)
    throw new RangeError(`the head expects ${w.length}-d embeddings, got ${a.length} and ${b.length}`);
  let z = head.logistic.bias;
  for (let i = 0; i < w.length; i++) z += w[i] * Math.abs(a[i] - b[i]);
  return 1 / (1 + Math.exp(-z));
}

export interface Verification {
  /** distance <= threshold. */
  match: boolean;
  distance: number;
  threshold: number;
  /** Calibrated P(same person) from the logistic head. */
  probability: number;
}

export function compareEmbeddings(head: VerificationHead, a: ArrayLike<number>, b: ArrayLike<number>): Verification {
  const distance = euclideanDistance(a, b);
  return { match: distance <= head.threshold, distance, threshold: head.threshold, probability: sameProbability(head, a, b) };
}
