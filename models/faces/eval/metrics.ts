// Verification metrics as small pure functions (no I/O), shared by `npm run faces:eval`,
// `npm run faces:fit-head` and `npm run faces:bench`, and unit-tested on hand-checkable data
// (test/unit/faces/metrics.test.ts).
//
// Conventions: `d` are distances (smaller = more alike) and a pair is called "same" when d < t;
// `same` holds the ground truth. Probabilities `p` are P(same).

/** Fraction of pairs decided correctly by the rule d < t => same. */
export function accuracyAt(d: readonly number[], same: readonly boolean[], t: number): number {
  if (d.length === 0) return NaN;
  let ok = 0;
  for (let i = 0; i < d.length; i++) if (d[i] < t === same[i]) ok++;
  return ok / d.length;
}

/**
 * The threshold with the highest accuracy on (d, same): candidates are the midpoints between
 * consecutive distinct sorted distances, plus one below the smallest and one above the largest.
 * O(n log n). When several consecutive candidates reach the best accuracy, the midpoint of the
 * first such run is returned, so the choice does not hug one pair.
 */
export function bestThreshold(d: readonly number[], same: readonly boolean[]): { threshold: number; accuracy: number } {
  const n = d.length;
  if (n === 0) return { threshold: NaN, accuracy: NaN };
  const order = d.map((_, i) => i).sort((a, b) => d[a] - d[b]);
  const positives = same.filter(Boolean).length;
  // Threshold below everything: all "different" -> correct = negatives.
  let correct = n - positives;
  let best = correct;
  let bestLo = d[order[0]] - 1e-6,
    bestHi = bestLo;
  let prevBest = true;
  for (let k = 0; k < n; ) {
    // Move every pair with this distance to the "same" side.
    const v = d[order[k]];
    while (k < n && d[order[k]] === v) {
      correct += same[order[k]] ? 1 : -1;
      k++;
    }
    const t = k < n ? (v + d[order[k]]) / 2 : v + 1e-6;
    if (correct > best) {
      best = correct;
      bestLo = bestHi = t;
      prevBest = true;
    } else if (correct === best && prevBest) {
      bestHi = t; // extend the plateau of equally good thresholds
    } else prevBest = false;
  }
  return { threshold: (bestLo + bestHi) / 2, accuracy: best / n };
}

/** ROC AUC: P(d_same < d_different), ties counted 1/2 (Mann-Whitney), O(n log n). */
export function rocAuc(d: readonly number[], same: readonly boolean[]): number {
  const idx = d.map((_, i) => i).sort((a, b) => d[a] - d[b]);
  const pos = same.filter(Boolean).length,
    neg = d.length - pos;
  if (pos === 0 || neg === 0) return NaN;
  // Sum of ranks of the "different" pairs among all, average ranks for ties.
  let rankSumNeg = 0;
  for (let k = 0; k < idx.length; ) {
    let j = k;
    while (j < idx.length && d[idx[j]] === d[idx[k]]) j++;
    const avgRank = (k + 1 + j) / 2; // ranks k+1..j
    for (let m = k; m < j; m++) if (!same[idx[m]]) rankSumNeg += avgRank;
    k = j;
  }
  // U for "different has the larger distance".
  return (rankSumNeg - (neg * (neg + 1)) / 2) / (pos * neg);
}

export interface RocPoint {
  /** Accept when d <= threshold. */
  threshold: number;
  /** False accept rate: fraction of different pairs accepted. */
  far: number;
  /** True accept rate: fraction of same pairs accepted. */
  tar: number;
}

/** ROC curve from accepting nothing to accepting everything, one point per distinct distance. */
export function rocCurve(d: readonly number[], same: readonly boolean[]): RocPoint[] {
  const idx = d.map((_, i) => i).sort((a, b) => d[a] - d[b]);
  const pos = same.filter(Boolean).length,
    neg = d.length - pos;
  const out: RocPoint[] = [{ threshold: -Infinity, far: 0, tar: 0 }];
  let tp = 0,
    fp = 0;
  for (let k = 0; k < idx.length; ) {
    const v = d[idx[k]];
    while (k < idx.length && d[idx[k]] === v) {
      if (same[idx[k]]) tp++;
      else fp++;
      k++;
    }
    out.push({ threshold: v, far: neg ? fp / neg : 0, tar: pos ? tp / pos : 0 });
  }
  return out;
}

/**
 * Equal error rate: where FAR equals FRR (= 1 - TAR), linearly interpolated between the two ROC
 * points that bracket the crossing. Returns the rate and the (interpolated) distance threshold.
 */
export function equalErrorRate(d: readonly number[], same: readonly boolean[]): { eer: number; threshold: number } {
  const roc = rocCurve(d, same);
  for (let i = 1; i < roc.length; i++) {
    const a = roc[i - 1],
      b = roc[i];
    const ga = a.far - (1 - a.tar),
      gb = b.far - (1 - b.tar); // increasing along the curve
    if (gb >= 0) {
      const w = gb === ga ? 0 : -ga / (gb - ga);
      const eer = a.far + w * (b.far - a.far);
      const ta = Number.isFinite(a.threshold) ? a.threshold : b.threshold;
      return { eer, threshold: ta + w * (b.threshold - ta) };
    }
  }
  return { eer: NaN, threshold: NaN };
}

/**
 * True accept rate at a false accept rate of at most `far`: the best TAR over thresholds whose
 * FAR <= far (no interpolation, so with 500 different pairs FAR 1e-3 means zero false accepts).
 * `resolution` is 1/negatives, so a reader can tell when far is below what the data can resolve.
 */
export function tarAtFar(
  d: readonly number[],
  same: readonly boolean[],
  far: number,
): { tar: number; threshold: number; far: number; resolution: number } {
  const roc = rocCurve(d, same);
  const neg = same.filter((s) => !s).length;
  let best = roc[0];
  for (const p of roc) if (p.far <= far + 1e-12 && p.tar >= best.tar) best = p;
  return { tar: best.tar, threshold: best.threshold, far: best.far, resolution: neg ? 1 / neg : NaN };
}

/**
 * Fold index of every pair in an LFW-format file whose header is `folds<TAB>n`: fold f holds
 * pairs [2nf, 2n(f+1)) (n same then n different). Returns undefined without folds.
 */
export function lfwFolds(folds: number, perFold: number, total: number): number[] | undefined {
  if (folds <= 1) return undefined;
  if (folds * 2 * perFold !== total) throw new Error(`pairs file says ${folds} folds of ${perFold}+${perFold} pairs but has ${total}`);
  return Array.from({ length: total }, (_, i) => Math.floor(i / (2 * perFold)));
}

export interface FoldResult {
  fold: number;
  threshold: number;
  trainAccuracy: number;
  accuracy: number;
}

/**
 * LFW protocol: for each fold, choose the threshold on the other folds, score this one. Returns
 * per-fold results, the mean accuracy and its standard error (std / sqrt(folds), as LFW reports).
 */
export function kFoldAccuracy(
  d: readonly number[],
  same: readonly boolean[],
  fold: readonly number[],
): { folds: FoldResult[]; mean: number; stdError: number; std: number } {
  const ids = [...new Set(fold)].sort((a, b) => a - b);
  const folds = ids.map((f) => {
    const tr = d.map((_, i) => i).filter((i) => fold[i] !== f),
      te = d.map((_, i) => i).filter((i) => fold[i] === f);
    const fit = bestThreshold(
      tr.map((i) => d[i]),
      tr.map((i) => same[i]),
    );
    return {
      fold: f,
      threshold: fit.threshold,
      trainAccuracy: fit.accuracy,
      accuracy: accuracyAt(
        te.map((i) => d[i]),
        te.map((i) => same[i]),
        fit.threshold,
      ),
    };
  });
  const mean = folds.reduce((s, r) => s + r.accuracy, 0) / folds.length;
  const std = Math.sqrt(folds.reduce((s, r) => s + (r.accuracy - mean) ** 2, 0) / Math.max(1, folds.length - 1));
  return { folds, mean, std, stdError: std / Math.sqrt(folds.length) };
}

export interface CalibrationBin {
  lo: number;
  hi: number;
  count: number;
  /** Mean predicted P(same) in the bin. */
  meanP: number;
  /** Observed fraction of same pairs in the bin. */
  fracSame: number;
}

/**
 * Expected calibration error of P(same) with `bins` equal-width bins on [0, 1]: the count-weighted
 * mean of |observed fraction same - mean predicted P(same)| (the binary "reliability diagram" ECE;
 * p = 1 falls in the last bin).
 */
export function expectedCalibrationError(
  p: readonly number[],
  same: readonly boolean[],
  bins = 10,
): { ece: number; bins: CalibrationBin[] } {
  const acc = Array.from({ length: bins }, (_, b) => ({ lo: b / bins, hi: (b + 1) / bins, count: 0, sumP: 0, sumY: 0 }));
  p.forEach((v, i) => {
    const b = acc[Math.min(bins - 1, Math.max(0, Math.floor(v * bins)))];
    b.count++;
    b.sumP += v;
    b.sumY += same[i] ? 1 : 0;
  });
  let ece = 0;
  const out = acc.map((b) => {
    const meanP = b.count ? b.sumP / b.count : NaN,
      fracSame = b.count ? b.sumY / b.count : NaN;
    if (b.count) ece += (b.count / p.length) * Math.abs(fracSame - meanP);
    return { lo: b.lo, hi: b.hi, count: b.count, meanP, fracSame };
  });
  return { ece, bins: out };
}

/** Brier score: mean squared difference between P(same) and the 0/1 truth. */
export function brierScore(p: readonly number[], same: readonly boolean[]): number {
  let s = 0;
  p.forEach((v, i) => (s += (v - (same[i] ? 1 : 0)) ** 2));
  return s / p.length;
}

/** Mean negative log-likelihood of the truth under P(same) (clipped at 1e-12). */
export function logLoss(p: readonly number[], same: readonly boolean[]): number {
  let s = 0;
  p.forEach((v, i) => (s -= Math.log(Math.max(1e-12, same[i] ? v : 1 - v))));
  return s / p.length;
}
