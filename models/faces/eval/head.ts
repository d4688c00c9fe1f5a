// The verification head: a distance threshold (the decision) and a logistic unit over |f(a) - f(b)|
// (the probability), fitted on embeddings of training pairs. Pure: no I/O, no models.
import { absDiff, fitLogistic, predict, type LogisticModel } from './logistic.ts';
import { bestThreshold, logLoss } from './metrics.ts';

export interface HeadFit {
  threshold: number;
  thresholdTrainAccuracy: number;
  logistic: LogisticModel;
  lambda: number;
  /** Mean held-out log loss per candidate lambda (k-fold on the training pairs). */
  lambdaSearch: { lambda: number; cvLogLoss: number }[];
  logisticTrainAccuracy: number;
  trainLogLoss: number;
  newtonIterations: number;
}

export const DEFAULT_LAMBDAS = [1e-3, 3e-3, 1e-2, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100];

/**
 * Fits the head on training pairs: the accuracy-maximising threshold on Euclidean distance, and
 * an L2-regularised logistic regression on |a - b| whose penalty is chosen by k-fold
 * cross-validated log loss (folds interleaved by index, so each holds same and different pairs).
 */
export function fitHead(
  pairs: readonly { a: ArrayLike<number>; b: ArrayLike<number>; same: boolean }[],
  lambdas = DEFAULT_LAMBDAS,
  folds = 10,
): HeadFit {
  const d = pairs.map((p) => euclidean(p.a, p.b));
  const same = pairs.map((p) => p.same);
  const t = bestThreshold(d, same);
  const X = pairs.map((p) => absDiff(p.a, p.b));
  const lambdaSearch = lambdas.map((lambda) => {
    let loss = 0;
    for (let f = 0; f < folds; f++) {
      const tr = X.map((_, i) => i).filter((i) => i % folds !== f),
        te = X.map((_, i) => i).filter((i) => i % folds === f);
      const m = fitLogistic(
        tr.map((i) => X[i]),
        tr.map((i) => same[i]),
        { lambda },
      );
      loss +=
        logLoss(
          te.map((i) => predict(m, X[i])),
          te.map((i) => same[i]),
        ) * te.length;
    }
    return { lambda, cvLogLoss: loss / X.length };
  });
  const best = lambdaSearch.reduce((a, b) => (b.cvLogLoss < a.cvLogLoss ? b : a));
  const m = fitLogistic(X, same, { lambda: best.lambda });
  const p = X.map((x) => predict(m, x));
  return {
    threshold: t.threshold,
    thresholdTrainAccuracy: t.accuracy,
    logistic: { weights: m.weights, bias: m.bias },
    lambda: best.lambda,
    lambdaSearch,
    logisticTrainAccuracy: p.filter((v, i) => v > 0.5 === same[i]).length / p.length,
    trainLogLoss: m.trainLogLoss,
    newtonIterations: m.iterations,
  };
}

export function euclidean(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s);
}

/** P(same) of the head's logistic unit for two embeddings. */
export const headProbability = (head: LogisticModel, a: ArrayLike<number>, b: ArrayLike<number>): number => predict(head, absDiff(a, b));
