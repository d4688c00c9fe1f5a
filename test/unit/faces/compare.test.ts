// Comparison: distance, the threshold decision and the logistic probability of a head file.
import { describe, expect, it } from 'vitest';
import headFile from '../../../models/faces/verification-head.json';
import {
  compareEmbeddings,
  euclideanDistance,
  parseVerificationHead,
  sameProbability,
  type VerificationHead,
} from '../../../functions/src/pipeline/face/compare';

// A toy head (test input, not a product head): every dimension weighs -10, bias 5.
const toy: VerificationHead = {
  model: 'dlib-face-encoder',
  model_version: '1',
  metric: 'euclidean',
  threshold: 0.6,
  logistic: { weights: new Array(128).fill(-10), bias: 5 },
  fitted_on: 'unit test',
};

const vec = (f: (i: number) => number) => Float32Array.from({ length: 128 }, (_, i) => f(i));

describe('euclideanDistance', () => {
  it('is the L2 norm of the difference', () => {
    expect(euclideanDistance([0, 0], [3, 4])).toBe(5);
    expect(
      euclideanDistance(
        vec(() => 0.1),
        vec(() => 0.1),
      ),
    ).toBe(0);
    expect(() => euclideanDistance([1], [1, 2])).toThrow(RangeError);
  });
});

describe('compareEmbeddings', () => {
  it('matches at or below the threshold and not above', () => {
    // Plain arrays: 0.6 as float32 would be 0.60000002, just above.
    const a = new Array<number>(128).fill(0);
    const at = a.map((_, i) => (i === 0 ? 0.6 : 0));
    const above = a.map((_, i) => (i === 0 ? 0.6001 : 0));
    expect(compareEmbeddings(toy, a, at)).toMatchObject({ match: true, threshold: 0.6 });
    expect(compareEmbeddings(toy, a, at).distance).toBeCloseTo(0.6, 6);
    expect(compareEmbeddings(toy, a, above).match).toBe(false);
  });

  it('gives sigmoid(w . |a - b| + bias) as the probability', () => {
    const a = vec(() => 0.2);
    const b = vec((i) => (i < 4 ? 0.3 : 0.2)); // |a-b| = 0.1 in four dimensions
    const z = 5 - 10 * 0.1 * 4;
    expect(sameProbability(toy, a, b)).toBeCloseTo(1 / (1 + Math.exp(-z)), 5);
    expect(sameProbability(toy, b, a)).toBeCloseTo(sameProbability(toy, a, b), 12); // symmetric
    expect(sameProbability(toy, a, a)).toBeCloseTo(1 / (1 + Math.exp(-5)), 12);
  });
});

describe('verification head file', () => {
  it('the bundled head parses and was fitted for the served encoder', () => {
    const head = parseVerificationHead(headFile);
    expect(head.model).toBe('dlib-face-encoder');
    expect(head.threshold).toBeGreaterThan(0.3);
    expect(head.threshold).toBeLessThan(1);
    // Sane calibration: identical faces are "same", far-apart ones are not.
    const a = vec((i) => Math.sin(i));
    expect(sameProbability(head, a, a)).toBeGreaterThan(0.9);
    expect(
      sameProbability(
        head,
        a,
        vec((i) => Math.sin(i) + (i % 2 ? 0.12 : -0.12)),
      ),
    ).toBeLessThan(0.1); // distance 1.36
  });

  it('rejects malformed heads with the reason', () => {
    expect(() => parseVerificationHead(null)).toThrow(/not an object/);
    expect(() => parseVerificationHead({ ...toy, metric: 'cosine' })).toThrow(/metric/);
    expect(() => parseVerificationHead({ ...toy, logistic: { weights: [1, 2], bias: 0 } })).toThrow(/128 finite numbers/);
    expect(() => parseVerificationHead({ ...toy, threshold: -1 })).toThrow(/threshold/);
    expect(() => parseVerificationHead({ ...toy, logistic: { weights: toy.logistic.weights, bias: Number.NaN } })).toThrow(/bias/);
  });
});
