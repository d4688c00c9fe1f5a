// Verification metrics, the pairs-file parser and the logistic head on data small enough to check
// by hand (no models, no ../shared).
import { describe, expect, it } from 'vitest';
import { absDiff, choleskySolve, fitLogistic, predict } from '../../../models/faces/eval/logistic.ts';
import {
  accuracyAt,
  bestThreshold,
  brierScore,
  equalErrorRate,
  expectedCalibrationError,
  kFoldAccuracy,
  lfwFolds,
  logLoss,
  rocAuc,
  rocCurve,
  tarAtFar,
} from '../../../models/faces/eval/metrics.ts';
import { imagePath, parsePairs, uniqueImages } from '../../../models/faces/eval/pairs.ts';

// Ten pairs, distances 1..10; the 5th (d=5) is a different pair and the 6th (d=6) a same pair.
const D = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const SAME = [true, true, true, true, false, true, false, false, false, false];

describe('threshold metrics', () => {
  it('accuracy at a threshold uses d < t => same', () => {
    expect(accuracyAt(D, SAME, 4.5)).toBe(0.9);
    expect(accuracyAt(D, SAME, 5.5)).toBe(0.8);
    expect(accuracyAt(D, SAME, 5)).toBe(0.9); // d=5 is not < 5
    expect(accuracyAt(D, SAME, 0)).toBe(0.5);
  });

  it('best threshold: midpoints between sorted distances, first best run', () => {
    // 4.5 and 6.5 both give 9/10; they are not adjacent candidates (5.5 gives 8/10): the first wins.
    expect(bestThreshold(D, SAME)).toEqual({ threshold: 4.5, accuracy: 0.9 });
    // A plateau of adjacent equally good candidates: its midpoint.
    const d = [1, 2, 3, 4],
      same = [true, true, false, true];
    // candidates: <1: 1/4, 1.5: 2/4, 2.5: 3/4, 3.5: 2/4, >4: 3/4 -> first best run is {2.5}
    expect(bestThreshold(d, same).threshold).toBe(2.5);
    expect(bestThreshold([1, 2, 3, 4], [true, true, false, false])).toEqual({ threshold: 2.5, accuracy: 1 });
  });

  it('ROC AUC = P(d_same < d_different), ties 1/2', () => {
    expect(rocAuc(D, SAME)).toBeCloseTo(24 / 25, 12); // only (6 same, 5 different) is out of order
    expect(rocAuc([1, 2], [true, false])).toBe(1);
    expect(rocAuc([2, 1], [true, false])).toBe(0);
    expect(rocAuc([1, 1], [true, false])).toBe(0.5);
    expect(rocAuc([0.1, 0.3, 0.2, 0.4], [true, true, false, false])).toBe(0.75);
  });

  it('ROC curve, EER and TAR at FAR', () => {
    const roc = rocCurve(D, SAME);
    expect(roc[4]).toEqual({ threshold: 4, far: 0, tar: 0.8 });
    expect(roc[5]).toEqual({ threshold: 5, far: 0.2, tar: 0.8 });
    // FAR = FRR = 0.2 exactly at d=5
    const e = equalErrorRate(D, SAME);
    expect(e.eer).toBeCloseTo(0.2, 12);
    expect(e.threshold).toBeCloseTo(5, 12);
    expect(equalErrorRate([1, 2, 3, 4], [true, true, false, false]).eer).toBe(0);
    expect(tarAtFar(D, SAME, 0)).toMatchObject({ tar: 0.8, threshold: 4, far: 0, resolution: 0.2 });
    expect(tarAtFar(D, SAME, 0.1)).toMatchObject({ tar: 0.8, far: 0 }); // below the 1/5 resolution
    expect(tarAtFar(D, SAME, 0.2)).toMatchObject({ tar: 1, threshold: 6, far: 0.2 });
  });

  it('EER interpolates between ROC points', () => {
    // two same at 1 and 3, two different at 2 and 4: FAR/FRR cross inside [1, 2]
    const r = equalErrorRate([1, 3, 2, 4], [true, true, false, false]);
    expect(r.eer).toBe(0.5);
  });
});

describe('folds (LFW protocol)', () => {
  it('assigns pairs to folds of n same + n different', () => {
    expect(lfwFolds(1, 500, 1000)).toBeUndefined();
    expect(lfwFolds(3, 1, 6)).toEqual([0, 0, 1, 1, 2, 2]);
    expect(lfwFolds(2, 2, 8)).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    expect(() => lfwFolds(10, 300, 5999)).toThrow(/5999/);
  });

  it('chooses each fold threshold on the other folds only', () => {
    // fold 0 and 1: same 0.2, different 0.8; fold 2: same 0.9 (an error at any sensible threshold)
    const d = [0.2, 0.8, 0.2, 0.8, 0.9, 0.8];
    const same = [true, false, true, false, true, false];
    const r = kFoldAccuracy(d, same, lfwFolds(3, 1, 6)!);
    expect(r.folds.map((f) => f.threshold)).toEqual([0.5, 0.5, 0.5]);
    expect(r.folds.map((f) => f.accuracy)).toEqual([1, 1, 0.5]);
    expect(r.mean).toBeCloseTo(2.5 / 3, 12);
    // sample std of [1, 1, 0.5] = sqrt(((1/6)^2*2 + (1/3)^2)/2)
    expect(r.std).toBeCloseTo(Math.sqrt(((1 / 6) ** 2 * 2 + (1 / 3) ** 2) / 2), 12);
    expect(r.stdError).toBeCloseTo(r.std / Math.sqrt(3), 12);
    // A threshold fitted on everything would see fold 2's pair and still pick 0.5, but the fold
    // 2 threshold must not depend on fold 2: move its same pair and nothing else changes.
    const r2 = kFoldAccuracy([0.2, 0.8, 0.2, 0.8, 0.1, 0.8], same, lfwFolds(3, 1, 6)!);
    expect(r2.folds[2].threshold).toBe(0.5);
    expect(r2.folds[2].accuracy).toBe(1);
  });
});

describe('calibration', () => {
  const p = [0.05, 0.15, 0.95, 0.85];
  const same = [false, true, true, true];
  it('ECE: count-weighted |fraction same - mean P(same)| over 10 equal bins', () => {
    const r = expectedCalibrationError(p, same);
    expect(r.ece).toBeCloseTo(0.25 * (0.05 + 0.85 + 0.05 + 0.15), 12);
    expect(r.bins.filter((b) => b.count).map((b) => b.lo)).toEqual([0, 0.1, 0.8, 0.9]);
    expect(expectedCalibrationError([1, 0], [true, false]).ece).toBe(0); // p = 1 goes in the last bin
    // perfectly calibrated bin: half same at p = 0.5
    expect(expectedCalibrationError([0.5, 0.5], [true, false]).ece).toBe(0);
  });
  it('Brier score and log loss', () => {
    expect(brierScore(p, same)).toBeCloseTo((0.0025 + 0.7225 + 0.0025 + 0.0225) / 4, 12);
    expect(brierScore([1, 0], [true, false])).toBe(0);
    expect(logLoss([0.5, 0.5], [true, false])).toBeCloseTo(Math.log(2), 12);
  });
});

describe('logistic head', () => {
  it('solves SPD systems', () => {
    const x = choleskySolve(new Float64Array([4, 2, 2, 3]), new Float64Array([2, 1]), 2);
    expect(x[0]).toBeCloseTo(0.5, 12);
    expect(x[1]).toBeCloseTo(0, 12);
  });
  it('reaches the maximum-likelihood fit on a case with a closed form', () => {
    // x = 0: one of two same -> sigmoid(b) = 1/2; x = 1: three of four same -> sigmoid(w + b) = 3/4
    const X = [[0], [0], [1], [1], [1], [1]];
    const y = [false, true, true, true, true, false];
    const m = fitLogistic(X, y, { lambda: 1e-9 });
    expect(m.bias).toBeCloseTo(0, 6);
    expect(m.weights[0]).toBeCloseTo(Math.log(3), 6);
    expect(predict(m, [1])).toBeCloseTo(0.75, 6);
  });
  it('shrinks the weights with the L2 penalty and stays finite on separable data', () => {
    const X = [
      [0.1, 0],
      [0.2, 0.1],
      [0.8, 0.1],
      [0.9, 0],
    ];
    const y = [true, true, false, false];
    const weak = fitLogistic(X, y, { lambda: 0.01 }),
      strong = fitLogistic(X, y, { lambda: 10 });
    expect(Math.abs(strong.weights[0])).toBeLessThan(Math.abs(weak.weights[0]));
    expect(weak.weights[0]).toBeLessThan(0); // larger difference -> less likely the same person
    expect(Number.isFinite(weak.bias)).toBe(true);
    expect(predict(weak, [0.1, 0])).toBeGreaterThan(0.5);
    expect(predict(weak, [0.9, 0])).toBeLessThan(0.5);
  });
  it('features are element-wise absolute differences', () => {
    expect(Array.from(absDiff([1, -2, 3], [2, 2, 3]))).toEqual([1, 4, 0]);
  });
});

describe('pairs files', () => {
  it('parses a single-set file (N same then N different)', () => {
    const f = parsePairs('2\nA\t1\t2\nB\t3\t4\nA\t1\tC\t2\nB\t1\tD\t12\n');
    expect(f.folds).toBe(1);
    expect(f.fold).toBeUndefined();
    expect(f.pairs.map((p) => p.same)).toEqual([true, true, false, false]);
    expect(imagePath(f.pairs[3].b, 'jpg')).toBe('D/D_0012.jpg');
    expect(uniqueImages(f.pairs, 'png')).toEqual([
      'A/A_0001.png',
      'A/A_0002.png',
      'B/B_0003.png',
      'B/B_0004.png',
      'C/C_0002.png',
      'B/B_0001.png',
      'D/D_0012.png',
    ]);
  });
  it('parses folds and checks the layout', () => {
    const f = parsePairs('2\t1\ns1\t1\t2\ns1\t1\ts2\t1\ns3\t1\t2\ns3\t1\ts4\t1\n');
    expect(f.folds).toBe(2);
    expect(f.fold).toEqual([0, 0, 1, 1]);
    expect(() => parsePairs('2\t1\ns1\t1\t2\ns1\t1\ts2\t1\n')).toThrow(/2 x/);
    expect(() => parsePairs('1\ns1\t1\ts2\t1\ns1\t1\t2\n')).toThrow(/layout/);
    expect(() => parsePairs('1\ns1\t1\n')).toThrow(/fields/);
  });
});
