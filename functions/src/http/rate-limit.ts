// Per-caller rate limits as Hono middleware: 429 problem+json (type .../rate-limited) with a
// Retry-After header (seconds until the window ends) once a caller has used up its requests.
//
// Backing store: fixed-window counters in D1 (table rate_limits, migration 0002; the SQL is in
// storage/rate-limit.ts). One small write batch per limited request. Chosen over the alternatives:
//  - the Workers Rate Limiting binding ([[ratelimits]] in wrangler.toml) runs in wrangler dev and in
//    vitest-pool-workers, but its limit and period (10 or 60 s only) are fixed in wrangler.toml, it
//    cannot say when the caller may retry (no Retry-After), and its counts are per Cloudflare
//    location and approximate;
//  - KV is eventually consistent (a burst at one location is not seen elsewhere for up to 60 s) and
//    allows one write per second per key, so it cannot count requests.
// D1 counts exactly (one primary), works in `npm run dev` and in the workerd tests unchanged, and the
// limits come from vars, so a test can lower them. The cost is one D1 round trip per request; for
// limits of thousands of requests per second per key, use the binding instead.
//
// If the counter cannot be read (D1 unavailable), the request is let through and the error logged:
// the limit protects capacity, it is not an access control.
//
// Privacy: keys (client addresses, key ids) are stored only as SHA-256 hashes, and the cron
// (functions/src/index.ts) deletes windows that ended more than MAX_PERIOD_SECONDS ago, so nothing
// identifies a past visitor once their window is over.
//
// Adding a policy:
//   app.use('/v1/things/*', rateLimit({ name: 'things', limit: 30, periodSeconds: 60, key: (c) => c.get('caller')?.keyId }));
// `name` must be unique per policy (it separates the counters). `key` says whose requests are
// counted together (an API key id, a session, an IP from CF-Connecting-IP); returning undefined
// skips the limit for that request. The defaults can be overridden without a code change by a var
// RATE_LIMIT_<NAME> = "<limit>/<periodSeconds>" (name upper-cased, non-alphanumerics as _), e.g.
// RATE_LIMIT_RECOGNITION = "600/60" in wrangler.toml, `wrangler dev --var RATE_LIMIT_RECOGNITION:5/60`,
// or a test's env.
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env';
import { countRequest } from '../storage';
import { sha256Hex } from '../util/sha256';
import { Problem, PROBLEM_CONTENT_TYPE } from './problem';

export interface RateLimitPolicy {
  /** Unique policy name; also names its override var RATE_LIMIT_<NAME>. */
  name: string;
  /** Requests allowed per window. */
  limit: number;
  /** Window length in seconds (fixed windows aligned to the Unix epoch). */
  periodSeconds: number;
  /** Whose requests count together; undefined skips the limit for this request. */
  key: (c: Context<AppEnv>) => string | undefined;
}

/** No window is longer than a day, so the cron may delete every counter older than that. */
export const MAX_PERIOD_SECONDS = 86_400;

/** The var that overrides a policy's limit: RATE_LIMIT_<NAME>. */
export const rateLimitVar = (name: string) => `RATE_LIMIT_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;

/** The policy's limit and period, with the var override "<limit>/<periodSeconds>" applied. */
export function effectiveLimit(policy: Pick<RateLimitPolicy, 'name' | 'limit' | 'periodSeconds'>, env: unknown): { limit: number; periodSeconds: number } {
  const name = rateLimitVar(policy.name);
  const value = (env as Record<string, unknown> | undefined)?.[name];
  if (value === undefined || value === '') return { limit: policy.limit, periodSeconds: policy.periodSeconds };
  const match = typeof value === 'string' ? /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value) : null;
  const [limit, periodSeconds] = match ? [Number(match[1]), Number(match[2])] : [NaN, NaN];
  if (!(limit > 0 && periodSeconds > 0 && periodSeconds <= MAX_PERIOD_SECONDS && Number.isSafeInteger(limit) && Number.isSafeInteger(periodSeconds))) {
    throw new Error(`${name} must be "<limit>/<periodSeconds>" with positive integers (period at most ${MAX_PERIOD_SECONDS} s), got ${JSON.stringify(value)}`);
  }
  return { limit, periodSeconds };
}

export function rateLimit(policy: RateLimitPolicy): MiddlewareHandler<AppEnv> {
  if (!/^[a-z0-9][a-z0-9_-]*$/i.test(policy.name)) throw new Error(`rate limit policy name must be alphanumeric (with - or _), got '${policy.name}'`);
  if (!(policy.periodSeconds > 0 && policy.periodSeconds <= MAX_PERIOD_SECONDS)) throw new Error(`rate limit '${policy.name}': period must be 1..${MAX_PERIOD_SECONDS} s`);
  return async (c, next) => {
    const key = policy.key(c);
    if (key === undefined) return next();
    const { limit, periodSeconds } = effectiveLimit(policy, c.env);
    let counted;
    try {
      counted = await countRequest(c.env.DB, policy.name, await sha256Hex(key), periodSeconds);
    } catch (error) {
      console.error(`rate limit '${policy.name}': counter unavailable, request let through`, error);
      return next();
    }
    if (counted.count <= limit) return next();
    const retryAfter = Math.max(1, counted.resetAt - Math.floor(Date.now() / 1000));
    const problem = new Problem('rate-limited', `Too many requests: the limit is ${limit} per ${periodSeconds} s. Retry after ${retryAfter} s.`, {
      limit,
      period_seconds: periodSeconds,
      retry_after: retryAfter,
    });
    // c.body (not a fresh Response) keeps the headers earlier middleware set, such as CORS.
    return c.body(JSON.stringify(problem.toJSON()), 429, { 'content-type': PROBLEM_CONTENT_TYPE, 'retry-after': String(retryAfter) });
  };
}
