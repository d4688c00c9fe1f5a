// L2-regularised logistic regression by Newton's method (IRLS), pure TypeScript: the verification
// head's probability P(same) = sigmoid(w . |f(a) - f(b)| + b). 129 parameters, a few thousand
// pairs: each Newton step is one 129x129 Cholesky solve, and ~10 steps converge to 1e-10.

export interface LogisticModel {
  weights: number[];
  bias: number;
}

export const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

export function predict(model: LogisticModel, x: ArrayLike<number>): number {
  let z = model.bias;
  for (let j = 0; j < model.weights.length; j++) z += model.weights[j] * x[j];
  return sigmoid(z);
}

/** Element-wise |a - b|: the head's features. */
export function absDiff(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = Math.abs(a[i] - b[i]);
  return out;
}

/** Solves A x = b for symmetric positive-definite A (row-major n x n) by Cholesky. */
export function choleskySolve(A: Float64Array, b: Float64Array, n: number): Float64Array {
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = A[i * n + j];
      for (let k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k];
      if (i === j) {
        if (s <= 0) throw new Error('matrix is not positive definite');
        L[i * n + i] = Math.sqrt(s);
      } else L[i * n + j] = s / L[j * n + j];
    }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i * n + k] * y[k];
    y[i] = s / L[i * n + i];
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < n; k++) s -= L[k * n + i] * x[k];
    x[i] = s / L[i * n + i];
  }
  return x;
}

export interface FitOptions {
  /** L2 penalty on the weights (not the bias): loss = sum NLL + lambda/2 * |w|^2. */
  lambda: number;
  maxIterations?: number;
  tolerance?: number;
}

export interface FitResult extends LogisticModel {
  iterations: number;
  /** Mean negative log-likelihood on the training data (without the penalty). */
  trainLogLoss: number;
}

/**
 * Fits P(y=1|x) = sigmoid(w.x + b) minimising sum_i NLL_i + lambda/2 |w|^2 by Newton's method
 * (the objective is strictly convex for lambda > 0, so Newton converges; a step-halving line search
 * guards the first steps).
 */
export function fitLogistic(X: readonly ArrayLike<number>[], y: readonly boolean[], options: FitOptions): FitResult {
  const n = X.length,
    dim = X[0]?.length ?? 0,
    p = dim + 1;
  const { lambda, maxIterations = 50, tolerance = 1e-10 } = options;
  const theta = new Float64Array(p); // weights then bias
  const z = (t: Float64Array, x: ArrayLike<number>) => {
    let s = t[dim];
    for (let j = 0; j < dim; j++) s += t[j] * x[j];
    return s;
  };
  const objective = (t: Float64Array) => {
    let f = 0;
    for (let i = 0; i < n; i++) {
      const zi = z(t, X[i]);
      // -log sigmoid(+-z) = softplus(-+z), computed stably
      const m = y[i] ? -zi : zi;
      f += m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m));
    }
    let r = 0;
    for (let j = 0; j < dim; j++) r += t[j] * t[j];
    return f + (lambda / 2) * r;
  };
  let f = objective(theta);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const g = new Float64Array(p);
    const H = new Float64Array(p * p);
    const xi = new Float64Array(p);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < dim; j++) xi[j] = X[i][j];
      xi[dim] = 1;
      const pi = sigmoid(z(theta, X[i]));
      const r = pi - (y[i] ? 1 : 0),
        w = pi * (1 - pi);
      for (let j = 0; j < p; j++) {
        g[j] += r * xi[j];
        const wj = w * xi[j];
        for (let k = 0; k <= j; k++) H[j * p + k] += wj * xi[k];
      }
    }
    for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) H[k * p + j] = H[j * p + k];
    for (let j = 0; j < dim; j++) {
      g[j] += lambda * theta[j];
      H[j * p + j] += lambda;
    }
    H[dim * p + dim] += 1e-9; // keeps the bias row positive definite on separable toy data
    const step = choleskySolve(H, g, p);
    let s = 1,
      next = theta,
      fNext = f;
    for (let half = 0; half < 30; half++, s /= 2) {
      next = theta.map((v, j) => v - s * step[j]);
      fNext = objective(next);
      if (fNext <= f) break;
    }
    const decrease = f - fNext;
    theta.set(next);
    f = fNext;
    if (decrease <= tolerance * Math.max(1, Math.abs(f))) {
      iterations++;
      break;
    }
  }
  let r = 0;
  for (let j = 0; j < dim; j++) r += theta[j] * theta[j];
  return { weights: Array.from(theta.subarray(0, dim)), bias: theta[dim], iterations, trainLogLoss: (f - (lambda / 2) * r) / n };
}
