// Stage: exact nearest-subject search over a collection's enrolled embeddings, in two steps that
// keep the per-isolate copy of a collection small and the answer exact.
//
// 1. Scan (in memory, one pass over typed arrays): every embedding is packed as int8 codes with a
//    per-row scale (x ~ scale * code, 132 bytes a face instead of 512). For each row the scan gets
//    the approximate distance d~ to the query and, since the per-row quantisation error
//    e = ||x - scale * code|| is known, bounds on the exact distance: d~ - e <= d <= d~ + e (triangle
//    inequality; the query is not quantised). With U = the k-th smallest upper bound over subjects,
//    every row whose lower bound exceeds U is provably not among the k nearest subjects: the
//    shortlist is the other rows, usually a handful.
// 2. Rank (exact): the caller fetches the shortlisted rows' float32 embeddings and rankSubjects()
//    computes exact distances, keeps each subject's nearest face, and sorts.
//
// For dlib embeddings (components within about +-0.3) e is about 0.01 against a decision
// threshold of about 0.6. Pure functions over typed arrays: no Worker or Node API.
import { euclideanDistance } from './compare';

export interface PackedEmbeddings {
  dims: number;
  /** Rows (enrolled faces). */
  count: number;
  /** count x dims int8 codes, row-major. */
  codes: Int8Array;
  /** Per row: x ~ scale * code. */
  scales: Float32Array;
  /** Per row: ||scale * code||^2 (so the scan needs one dot product a row). */
  norms: Float32Array;
  /** Per row: ||x - scale * code||, the quantisation error that bounds the scan's error. */
  errors: Float32Array;
  /** Per row: the index of its subject (0 .. subjectCount - 1). */
  subjects: Int32Array;
  subjectCount: number;
}

/** Packs embeddings one row at a time into preallocated typed arrays (no per-row objects). */
export class EmbeddingPacker {
  readonly dims: number;
  private readonly capacity: number;
  private count = 0;
  private subjectCount = 0;
  private readonly codes: Int8Array;
  private readonly scales: Float32Array;
  private readonly norms: Float32Array;
  private readonly errors: Float32Array;
  private readonly subjects: Int32Array;

  constructor(dims: number, capacity: number) {
    this.dims = dims;
    this.capacity = capacity;
    this.codes = new Int8Array(dims * capacity);
    this.scales = new Float32Array(capacity);
    this.norms = new Float32Array(capacity);
    this.errors = new Float32Array(capacity);
    this.subjects = new Int32Array(capacity);
  }

  /** Adds one embedding of subject `subject` (an index the caller assigns, 0-based); returns its row. */
  add(vector: ArrayLike<number>, subject: number): number {
    if (vector.length !== this.dims) throw new RangeError(`embedding has ${vector.length} values, expected ${this.dims}`);
    if (this.count >= this.capacity) throw new RangeError(`packer is full (${this.capacity} rows)`);
    const row = this.count++;
    let max = 0;
    for (let j = 0; j < this.dims; j++) max = Math.max(max, Math.abs(vector[j]));
    const scale = max > 0 ? max / 127 : 1;
    const base = row * this.dims;
    let norm = 0;
    let error = 0;
    for (let j = 0; j < this.dims; j++) {
      const code = Math.round(vector[j] / scale);
      this.codes[base + j] = code;
      const approx = code * scale;
      norm += approx * approx;
      error += (vector[j] - approx) ** 2;
    }
    this.scales[row] = scale;
    this.norms[row] = norm;
    // float32 rounding of the stored values is far below the bound; a small margin covers it.
    this.errors[row] = Math.sqrt(error) * (1 + 1e-6) + 1e-6;
    this.subjects[row] = subject;
    this.subjectCount = Math.max(this.subjectCount, subject + 1);
    return row;
  }

  finish(): PackedEmbeddings {
    const n = this.count;
    return {
      dims: this.dims,
      count: n,
      codes: this.codes.subarray(0, n * this.dims),
      scales: this.scales.subarray(0, n),
      norms: this.norms.subarray(0, n),
      errors: this.errors.subarray(0, n),
      subjects: this.subjects.subarray(0, n),
      subjectCount: this.subjectCount,
    };
  }
}

/** Bytes a packed collection holds (for cache budgets). */
export const packedBytes = (p: PackedEmbeddings) =>
  p.codes.byteLength + p.scales.byteLength + p.norms.byteLength + p.errors.byteLength + p.subjects.byteLength;

/**
 * The rows that can be among the faces of the k nearest subjects, found in one scan. Every subject
 * whose nearest face is among the k nearest subjects' has that face in the shortlist.
 */
export function shortlist(packed: PackedEmbeddings, query: ArrayLike<number>, k: number): number[] {
  const { dims, count, codes, scales, norms, errors, subjects, subjectCount } = packed;
  if (query.length !== dims) throw new RangeError(`query has ${query.length} values, expected ${dims}`);
  if (count === 0 || k <= 0) return [];
  const q = Float32Array.from(query);
  let qq = 0;
  for (let j = 0; j < dims; j++) qq += q[j] * q[j];

  const approx = new Float32Array(count);
  const bestUpper = new Float32Array(subjectCount).fill(Infinity);
  for (let row = 0, base = 0; row < count; row++, base += dims) {
    let dot = 0;
    for (let j = 0; j < dims; j++) dot += q[j] * codes[base + j];
    const d = Math.sqrt(Math.max(0, qq - 2 * scales[row] * dot + norms[row]));
    approx[row] = d;
    const upper = d + errors[row];
    const s = subjects[row];
    if (upper < bestUpper[s]) bestUpper[s] = upper;
  }
  const bound = kthSmallest(bestUpper, Math.min(k, subjectCount));
  const rows: number[] = [];
  for (let row = 0; row < count; row++) if (approx[row] - errors[row] <= bound) rows.push(row);
  return rows;
}

/** The k-th smallest finite value (1-based k) of `values`; Infinity when there are fewer. */
export function kthSmallest(values: Float32Array, k: number): number {
  if (k <= 0) return -Infinity;
  const best: number[] = []; // ascending, at most k
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v < Infinity) || (best.length === k && v >= best[k - 1])) continue;
    let at = best.length === k ? k - 1 : best.length;
    while (at > 0 && best[at - 1] > v) {
      best[at] = best[at - 1];
      at--;
    }
    best[at] = v;
  }
  return best.length === k ? best[k - 1] : Infinity;
}

export interface ExactRow<S> {
  subject: S;
  /** The face's exact (float32) embedding. */
  embedding: ArrayLike<number>;
  face: string;
}

export interface RankedSubject<S> {
  subject: S;
  /** The subject's enrolled face nearest the query, and its exact distance. */
  face: string;
  distance: number;
  embedding: ArrayLike<number>;
}

/** Exact ranking: each subject's nearest face, nearest subjects first, at most k. */
export function rankSubjects<S>(
  query: ArrayLike<number>,
  rows: readonly ExactRow<S>[],
  k: number,
  subjectKey: (s: S) => string,
): RankedSubject<S>[] {
  const best = new Map<string, RankedSubject<S>>();
  for (const row of rows) {
    const distance = euclideanDistance(query, row.embedding);
    const key = subjectKey(row.subject);
    const current = best.get(key);
    if (!current || distance < current.distance)
      best.set(key, { subject: row.subject, face: row.face, distance, embedding: row.embedding });
  }
  return [...best.values()].sort((a, b) => a.distance - b.distance).slice(0, Math.max(0, k));
}
