// The open-set (identify) threshold: t(N) = min(verification threshold, F^-1(1 - (1 - alpha)^(1/N))),
// the log-FAR interpolation of the impostor-distance table, and the served head's table.
import { describe, expect, it } from 'vitest';
import headFile from '../../../models/faces/verification-head.json';
import { parseVerificationHead } from '../../../functions/src/pipeline/face/compare';
import {
  DEFAULT_MAX_FALSE_IDENTITY_RATE,
  distanceAtFar,
  falseIdentityRate,
  farAtDistance,
  openSetThreshold,
  parseOpenSetTable,
  perComparisonRate,
  type OpenSetTable,
} from '../../../functions/src/pipeline/face/open-set';
import { countAtOrBelow, farQuantiles, FAR_GRID, impostorDistances } from '../../../models/faces/eval/fit-open-set';

// A toy table (test input): log10(FAR) falls by one per 0.1 of distance, from 1e-1 at 0.7 to 1e-6 at 0.2.
const toy: OpenSetTable = {
  far_quantiles: [1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6].map((far, i) => ({ far, distance: Number((0.7 - 0.1 * i).toFixed(1)) })),
};
const tv = 0.6;

describe('per-comparison rate and false-identity rate', () => {
  it('are inverse: N comparisons at 1 - (1 - alpha)^(1/N) give alpha', () => {
    for (const [alpha, n] of [
      [0.05, 1],
      [0.05, 582],
      [0.01, 10_000],
      [0.2, 3],
    ] as const) {
      const p = perComparisonRate(alpha, n);
      expect(p).toBeLessThanOrEqual(alpha);
      expect(falseIdentityRate(p, n)).toBeCloseTo(alpha, 10);
    }
    // Small p: about alpha / N (slightly above: Sidak, not Bonferroni).
    expect(perComparisonRate(0.05, 1000) * 1000).toBeCloseTo(-Math.log(0.95), 4);
    expect(falseIdentityRate(0.01, 0)).toBe(0);
    expect(() => perComparisonRate(0, 10)).toThrow(RangeError);
  });
});

describe('table interpolation', () => {
  it('interpolates log10(FAR) linearly in distance, exactly at the points, undefined outside', () => {
    expect(distanceAtFar(toy, 1e-3)).toBeCloseTo(0.5, 12);
    expect(distanceAtFar(toy, 10 ** -3.5)).toBeCloseTo(0.45, 12);
    expect(distanceAtFar(toy, 0.1)).toBeCloseTo(0.7, 12);
    expect(distanceAtFar(toy, 1e-6)).toBeCloseTo(0.2, 12);
    expect(distanceAtFar(toy, 0.2)).toBeUndefined();
    expect(distanceAtFar(toy, 1e-7)).toBeUndefined();
    expect(farAtDistance(toy, 0.45)).toBeCloseTo(10 ** -3.5, 12);
    expect(farAtDistance(toy, 0.8)).toBeUndefined();
    for (const d of [0.21, 0.33, 0.5, 0.69]) expect(distanceAtFar(toy, farAtDistance(toy, d)!)).toBeCloseTo(d, 10);
  });

  it('handles flat segments (ties in the impostor distances)', () => {
    const flat: OpenSetTable = {
      far_quantiles: [
        { far: 1e-2, distance: 0.5 },
        { far: 1e-3, distance: 0.4 },
        { far: 1e-4, distance: 0.4 },
      ],
    };
    expect(distanceAtFar(flat, 10 ** -3.5)).toBeCloseTo(0.4, 12);
    expect(farAtDistance(flat, 0.4)).toBe(1e-3);
  });
});

describe('openSetThreshold', () => {
  it('uses the verification threshold while it meets the target, t(N) below it as the collection grows', () => {
    // N = 1: p = 0.05 -> t = 0.7 - log10(0.1/0.05)/10 = 0.67 > 0.6: the verification threshold.
    expect(openSetThreshold({ verificationThreshold: tv, table: toy, compared: 1 })).toMatchObject({
      threshold: tv,
      rule: 'verification',
      max_false_identity_rate: 0.05,
      compared: 1,
    });
    const at = (n: number) => openSetThreshold({ verificationThreshold: tv, table: toy, compared: n });
    // N = 1,000: p = -log1p(-0.05)/1000 ~ 5.13e-5, between 1e-5 (0.3) and 1e-4 (0.4) -> t = 0.3 + log10(p / 1e-5) / 10.
    const big = at(1000);
    expect(big.rule).toBe('collection-size');
    expect(big.threshold).toBeCloseTo(0.3 + Math.log10(perComparisonRate(0.05, 1000) / 1e-5) / 10, 10);
    expect(big.expected_false_identity_rate).toBeCloseTo(0.05, 10);
    // Monotone: never above the verification threshold, stricter with more faces.
    let last = Infinity;
    for (const n of [0, 1, 2, 10, 100, 1000, 10_000, 50_000]) {
      const t = at(n).threshold;
      expect(t).toBeLessThanOrEqual(tv);
      expect(t).toBeLessThanOrEqual(last);
      last = t;
    }
  });

  it('stops at the table floor when the collection is too large to meet the target, and says so', () => {
    const huge = openSetThreshold({ verificationThreshold: tv, table: toy, compared: 1_000_000 });
    expect(huge).toMatchObject({ threshold: 0.2, rule: 'collection-size-floor', per_comparison_far: 1e-6 });
    expect(huge.expected_false_identity_rate!).toBeGreaterThan(0.5); // 1 - (1 - 1e-6)^1e6 ~ 0.63
  });

  it('takes a caller target, an explicit threshold, and works without a table', () => {
    expect(openSetThreshold({ verificationThreshold: tv, table: toy, compared: 100, alpha: 0.01 }).threshold).toBeLessThan(
      openSetThreshold({ verificationThreshold: tv, table: toy, compared: 100 }).threshold,
    );
    const explicit = openSetThreshold({ verificationThreshold: tv, table: toy, compared: 100, explicit: 0.45 });
    expect(explicit).toMatchObject({ threshold: 0.45, rule: 'explicit', max_false_identity_rate: null, compared: 100 });
    expect(explicit.per_comparison_far).toBeCloseTo(10 ** -3.5, 12);
    expect(explicit.expected_false_identity_rate).toBeCloseTo(falseIdentityRate(10 ** -3.5, 100), 12);
    expect(
      openSetThreshold({ verificationThreshold: tv, table: toy, compared: 100, explicit: 0.9 }).expected_false_identity_rate,
    ).toBeNull();
    expect(openSetThreshold({ verificationThreshold: tv, compared: 100_000 })).toMatchObject({
      threshold: tv,
      rule: 'verification',
      per_comparison_far: null,
    });
  });
});

describe('head open_set block', () => {
  it('the served head has a table from 1e-1 to 1e-6 that parses, below the verification threshold at large N', () => {
    const head = parseVerificationHead(headFile);
    const q = head.open_set!.far_quantiles;
    expect(q[0].far).toBeCloseTo(0.1, 12);
    expect(q.at(-1)!.far).toBeCloseTo(1e-6, 12);
    expect(q.length).toBeGreaterThanOrEqual(16);
    // Verification threshold within the table; a 582-face collection gets a stricter threshold.
    expect(farAtDistance(head.open_set!, head.threshold)).toBeGreaterThan(1e-3);
    const t = openSetThreshold({
      verificationThreshold: head.threshold,
      table: head.open_set,
      compared: 582,
      alpha: DEFAULT_MAX_FALSE_IDENTITY_RATE,
    });
    expect(t.rule).toBe('collection-size');
    expect(t.threshold).toBeGreaterThan(0.4);
    expect(t.threshold).toBeLessThan(head.threshold);
  });

  it('rejects malformed tables with the reason (through parseVerificationHead)', () => {
    const base = { ...(headFile as object) } as Record<string, unknown>;
    const bad = (open_set: unknown) => () => parseVerificationHead({ ...base, open_set });
    expect(bad(null)).toThrow(/open_set: not an object/);
    expect(bad({ far_quantiles: [{ far: 0.1, distance: 0.7 }] })).toThrow(/at least 2/);
    expect(
      bad({
        far_quantiles: [
          { far: 0.1, distance: 0.7 },
          { far: 0.2, distance: 0.6 },
        ],
      }),
    ).toThrow(/far must decrease/);
    expect(
      bad({
        far_quantiles: [
          { far: 0.1, distance: 0.6 },
          { far: 0.01, distance: 0.7 },
        ],
      }),
    ).toThrow(/distance must not increase/);
    expect(
      bad({
        far_quantiles: [
          { far: 1.5, distance: 0.6 },
          { far: 0.01, distance: 0.5 },
        ],
      }),
    ).toThrow(/far.*\(0, 1\)/);
    expect(
      bad({
        far_quantiles: [
          { far: 0.1, distance: 'x' },
          { far: 0.01, distance: 0.5 },
        ],
      }),
    ).toThrow(/distance/);
    expect(() => parseOpenSetTable(toy)).not.toThrow();
    // Optional: a head without it still parses (identify then uses the verification threshold).
    const { open_set: _, ...without } = base;
    expect(() => parseVerificationHead(without)).not.toThrow();
  });
});

describe('fitting the table (fit-open-set.ts)', () => {
  it('takes every different-person pair and reads the quantiles off the sorted distances', () => {
    const e = (x: number) => Float32Array.from([x, 0]);
    // People: 0, 0, 1, 2 at x = 0, 0.1, 0.3, 1 -> different-person pairs: (0,0.3) (0,1) (0.1,0.3) (0.1,1) (0.3,1).
    const d = impostorDistances([e(0), e(0.1), e(0.3), e(1)], [0, 0, 1, 2]);
    expect(Array.from(d).map((v) => Number(v.toFixed(6)))).toEqual([0.2, 0.3, 0.7, 0.9, 1]);
    expect(countAtOrBelow(d, 0.7)).toBe(3);
    expect(farQuantiles(d, [0.6, 0.2])).toEqual([
      { far: 0.6, distance: 0.7, pairs_at_or_below: 3 },
      { far: 0.2, distance: 0.2, pairs_at_or_below: 1 },
    ]);
    expect(FAR_GRID[0]).toBeCloseTo(0.1, 12);
    expect(FAR_GRID.at(-1)).toBeCloseTo(1e-6, 12);
  });
});
