// Open-set identification threshold: how far may the nearest enrolled face be for a query to be
// called that person, in a collection of N enrolled faces?
//
// The verification threshold is a 1:1 threshold: it bounds the chance that ONE comparison with a
// different person falls within it (the per-comparison false-accept rate F(t), the fraction of
// different-person pairs at distance <= t). Identify compares a stranger with every enrolled face,
// and names them when ANY comparison falls within the threshold, so at a fixed t the chance that a
// stranger gets an identity grows with the collection: about 1 - (1 - F(t))^N. For a target
// false-identity rate alpha, the threshold for N comparisons is
//
//     t(N) = min(verification threshold, F^-1(1 - (1 - alpha)^(1/N)))
//
// F is the encoder's impostor-distance distribution, tabulated by `npm run faces:fit-head`
// (fit-open-set.ts) on LFW View 1 DevTrain identities: the distance at per-comparison false-accept
// rates from 1e-1 down to 1e-6 (`open_set.far_quantiles` in models/faces/verification-head.json).
// Between table points log10(FAR) is interpolated linearly in the distance (the impostor tail is
// close to log-linear there). N counts enrolled FACES, not subjects: a stranger is named if any
// face is within t, so every face is a comparison; faces of one subject are positively correlated,
// which makes (1 - F)^N, and so the rule, conservative (Sidak's inequality for positively associated
// events). Below the table's smallest rate (collections of more than about 50,000 faces at alpha 0.05)
// the threshold stays at the table's last distance: F cannot be measured lower from the data, and the
// answer says that the target is not met there. Pure functions: no Worker or Node API.

/** One point of the impostor-distance distribution: a fraction `far` of different-person pairs is at distance <= `distance`. */
export interface FarQuantile {
  far: number;
  distance: number;
}

export interface OpenSetTable {
  /** Sorted by decreasing `far` (so increasing or equal `distance`). */
  far_quantiles: FarQuantile[];
  [field: string]: unknown;
}

/** Default target for the rate at which a never-enrolled person is given an identity. */
export const DEFAULT_MAX_FALSE_IDENTITY_RATE = 0.05;
/** Accepted range for `max_false_identity_rate`. */
export const MIN_FALSE_IDENTITY_RATE = 1e-4;
export const MAX_FALSE_IDENTITY_RATE = 0.5;

/** Validates the `open_set` block of a verification head; throws listing what is wrong. */
export function parseOpenSetTable(json: unknown): OpenSetTable {
  const t = json as Partial<OpenSetTable> | null;
  if (typeof t !== 'object' || t === null) throw new Error('open_set: not an object');
  const q = t.far_quantiles;
  if (!Array.isArray(q) || q.length < 2) throw new Error('open_set.far_quantiles: must be an array of at least 2 {far, distance} points');
  q.forEach((p, i) => {
    if (typeof p !== 'object' || p === null || !(typeof p.far === 'number' && p.far > 0 && p.far < 1))
      throw new Error(`open_set.far_quantiles[${i}].far: must be a number in (0, 1)`);
    if (!(typeof p.distance === 'number' && p.distance > 0 && p.distance <= 2))
      throw new Error(`open_set.far_quantiles[${i}].distance: must be a distance in (0, 2]`);
    if (i > 0 && !(p.far < q[i - 1].far)) throw new Error(`open_set.far_quantiles: far must decrease strictly (point ${i})`);
    if (i > 0 && !(p.distance <= q[i - 1].distance))
      throw new Error(`open_set.far_quantiles: distance must not increase as far decreases (point ${i})`);
  });
  return t as OpenSetTable;
}

/** Per-comparison false-accept rate that keeps a stranger's chance of any false accept among n comparisons at alpha: 1 - (1 - alpha)^(1/n). */
export function perComparisonRate(alpha: number, n: number): number {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1), got ${alpha}`);
  if (n <= 1) return alpha;
  return -Math.expm1(Math.log1p(-alpha) / n);
}

/** Chance that at least one of n comparisons, each a false accept with probability far, is one. */
export const falseIdentityRate = (far: number, n: number): number => (n <= 0 ? 0 : -Math.expm1(n * Math.log1p(-Math.min(far, 1 - 1e-12))));

/**
 * F^-1(far): the distance at which a fraction `far` of different-person pairs is at or below, by
 * linear interpolation of log10(far) in the table. undefined outside the table's range of rates.
 */
export function distanceAtFar(table: OpenSetTable, far: number): number | undefined {
  const q = table.far_quantiles;
  if (!(far <= q[0].far && far >= q[q.length - 1].far)) return undefined;
  for (let i = 1; i < q.length; i++) {
    const hi = q[i - 1];
    const lo = q[i];
    if (far >= lo.far) {
      const f = (Math.log10(far) - Math.log10(lo.far)) / (Math.log10(hi.far) - Math.log10(lo.far));
      return lo.distance + f * (hi.distance - lo.distance);
    }
  }
  return q[q.length - 1].distance;
}

/** F(t): the per-comparison false-accept rate at distance t, interpolated as distanceAtFar's inverse; undefined outside the table's distances. */
export function farAtDistance(table: OpenSetTable, distance: number): number | undefined {
  const q = table.far_quantiles;
  const last = q[q.length - 1];
  if (!(distance <= q[0].distance && distance >= last.distance)) return undefined;
  for (let i = 1; i < q.length; i++) {
    const hi = q[i - 1];
    const lo = q[i];
    if (distance >= lo.distance) {
      if (hi.distance === lo.distance) return hi.far;
      const f = (distance - lo.distance) / (hi.distance - lo.distance);
      return 10 ** (Math.log10(lo.far) + f * (Math.log10(hi.far) - Math.log10(lo.far)));
    }
  }
  return last.far;
}

export type ThresholdRule = 'explicit' | 'verification' | 'collection-size' | 'collection-size-floor';

export interface OpenSetDecision {
  /** The distance at or below which the nearest subject is the identity. */
  threshold: number;
  /**
   * explicit: the caller's `threshold`. verification: the 1:1 verification threshold, because the
   * collection is small enough that it keeps the false-identity rate under the target.
   * collection-size: t(N) from the impostor-distance table. collection-size-floor: the collection is
   * so large that t(N) is below the table's range; the table's smallest distance is used and the
   * target is not met.
   */
  rule: ThresholdRule;
  /** The target (null for an explicit threshold). */
  max_false_identity_rate: number | null;
  /** Enrolled faces compared (N). */
  compared: number;
  /** F(threshold): per-comparison false-accept rate at the threshold (null outside the table). */
  per_comparison_far: number | null;
  /** 1 - (1 - F(threshold))^N: the expected rate at which a never-enrolled person gets an identity here (null when F is unknown). */
  expected_false_identity_rate: number | null;
}

/**
 * The identify threshold for a collection of `compared` enrolled faces: the caller's `explicit` one when
 * given, else t(N) for the target `alpha` (falls back to the verification threshold when the head has
 * no open-set table).
 */
export function openSetThreshold(options: {
  verificationThreshold: number;
  table?: OpenSetTable;
  compared: number;
  alpha?: number;
  explicit?: number;
}): OpenSetDecision {
  const { verificationThreshold: tv, table, compared } = options;
  const n = Math.max(0, Math.floor(compared));
  const describe = (threshold: number, rule: ThresholdRule, alpha: number | null): OpenSetDecision => {
    const far = table ? farAtDistance(table, threshold) : undefined;
    return {
      threshold,
      rule,
      max_false_identity_rate: alpha,
      compared: n,
      per_comparison_far: far ?? null,
      expected_false_identity_rate: far === undefined ? null : falseIdentityRate(far, n),
    };
  };
  if (options.explicit !== undefined) return describe(options.explicit, 'explicit', null);
  const alpha = options.alpha ?? DEFAULT_MAX_FALSE_IDENTITY_RATE;
  if (!table) return describe(tv, 'verification', alpha);
  const q = table.far_quantiles;
  const target = perComparisonRate(alpha, Math.max(1, n));
  if (target > q[0].far) return describe(tv, 'verification', alpha);
  const t = distanceAtFar(table, target);
  if (t === undefined) return describe(Math.min(tv, q[q.length - 1].distance), 'collection-size-floor', alpha);
  return t >= tv ? describe(tv, 'verification', alpha) : describe(t, 'collection-size', alpha);
}

/** What the identify threshold needs of a verification head: its 1:1 threshold and its impostor table. */
export interface OpenSetHead {
  threshold: number;
  open_set?: OpenSetTable;
}

/**
 * The identify threshold as answers report it, for `compared` enrolled faces (a collection's, or the
 * people a stateless request sends): openSetThreshold with the head's threshold and table, and t(N)
 * rounded to 4 decimals, so a face's `match` (distance <= threshold) agrees with the threshold the
 * answer shows. Collections' identify and search and POST /v1/faces/identify all decide with this.
 */
export function reportedOpenSetThreshold(
  head: OpenSetHead,
  compared: number,
  options: { threshold?: number; maxFalseIdentityRate?: number } = {},
): OpenSetDecision {
  const decision = openSetThreshold({
    verificationThreshold: head.threshold,
    table: head.open_set,
    compared,
    alpha: options.maxFalseIdentityRate,
    explicit: options.threshold,
  });
  return decision.rule === 'collection-size' || decision.rule === 'collection-size-floor'
    ? { ...decision, threshold: Number(decision.threshold.toFixed(4)) }
    : decision;
}
