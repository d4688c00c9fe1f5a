// The Worker's bindings and the one configuration read from them: every limit, origin list and
// threshold a route needs has one definition and one default here, and is parsed once per isolate
// (configOf). wrangler.toml [vars] sets the production values.
// Bindings is imported as a module (not the global typings) so Node tools that build the app
// type-check too; bindings-check.ts checks it against the types `wrangler types` generates from
// wrangler.toml, so a binding added there cannot be missing or mistyped here.
import type { D1Database, Fetcher, KVNamespace, R2Bucket, RateLimit } from '@cloudflare/workers-types/latest/index';
import { DEFAULT_IMAGE_LIMITS, type ImageLimits } from './image/limits';
import type { InferenceRuntime } from './runtime/types';
import type { Caller } from './storage/api-keys';

export interface Bindings {
  DB: D1Database;
  MEDIA: R2Bucket;
  KV: KVNamespace;
  ASSETS: Fetcher;
  MAX_BODY_BYTES?: string;
  MAX_PIXELS?: string;
  MAX_DECODE_BYTES?: string;
  ALLOWED_ORIGINS?: string;
  /**
   * Quota "<limit>/<periodSeconds>" of API keys made without their own (`keys:create --rate-limit`);
   * 120/60 when unset (http/rate-limit.ts).
   */
  RATE_LIMIT_API_KEY?: string;
  /** The former name of RATE_LIMIT_API_KEY (when it only covered the recognition API); still honoured. */
  RATE_LIMIT_RECOGNITION?: string;
  /** Overrides of the D1 rate-limit policies, "<limit>/<periodSeconds>" (http/rate-limit.ts, rateLimitVar). */
  [rateLimitVar: `RATE_LIMIT_${string}`]: string | undefined;
  /**
   * Workers Rate Limiting bindings (wrangler.toml [[ratelimits]]): anonymous requests per client
   * address to each model endpoint (http/rate-limit.ts, ADDRESS_POLICIES). Optional: without one
   * the endpoint is not limited per address (logged).
   */
  RL_IMAGES_STATS?: RateLimit;
  RL_FACES_DETECT?: RateLimit;
  RL_FACES_EMBED?: RateLimit;
  RL_FACES_IDENTIFY?: RateLimit;
  RL_VERIFY?: RateLimit;
  RL_STYLIZE?: RateLimit;
  /** Reports (one per client address) after which a gallery item is hidden pending review. */
  GALLERY_REPORT_THRESHOLD?: string;
}

/** The Worker's image limits (413 above each). Body size and pixel count are the image module's own
 * defaults; decode memory is bounded here because the isolate has 128 MB for everything: the
 * codecs decode at full size, so 64 MiB admits about 6 MP baseline JPEG and leaves room for ORT and
 * the models (docs/image-input.md). wrangler.toml [vars] may lower or raise each. */
export type Limits = ImageLimits;

export const DEFAULT_LIMITS: Limits = { ...DEFAULT_IMAGE_LIMITS, maxDecodeBytes: 64 * 1024 * 1024 };

/** Community gallery reports (one per client address) after which an item is hidden pending review. */
export const DEFAULT_REPORT_THRESHOLD = 3;

/** A rate limit as "<limit>/<periodSeconds>" says it. */
export interface LimitOverride {
  limit: number;
  periodSeconds: number;
}

/** No rate-limit window is longer than a day, so the cron may delete every counter older than that. */
export const MAX_PERIOD_SECONDS = 86_400;

/** Everything the Worker reads from its vars, parsed and checked once. */
export interface Config {
  limits: Limits;
  /** Browser origins allowed by CORS and for cross-site writes (ALLOWED_ORIGINS). */
  allowedOrigins: readonly string[];
  galleryReportThreshold: number;
  /** The RATE_LIMIT_<NAME> override of a D1 rate-limit policy, if set (each var parsed once). */
  rateLimitOverride(varName: `RATE_LIMIT_${string}`): LimitOverride | undefined;
}

function positiveInt(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got '${value}'`);
  return n;
}

/** Parses a "<limit>/<periodSeconds>" var; a malformed one is a deployment error, not a request's. */
export function parseLimitOverride(name: string, value: unknown): LimitOverride {
  const match = typeof value === 'string' ? /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value) : null;
  const [limit, periodSeconds] = match ? [Number(match[1]), Number(match[2])] : [NaN, NaN];
  if (
    !(
      limit > 0 &&
      periodSeconds > 0 &&
      periodSeconds <= MAX_PERIOD_SECONDS &&
      Number.isSafeInteger(limit) &&
      Number.isSafeInteger(periodSeconds)
    )
  ) {
    throw new Error(
      `${name} must be "<limit>/<periodSeconds>" with positive integers (period at most ${MAX_PERIOD_SECONDS} s), got ${JSON.stringify(value)}`,
    );
  }
  return { limit, periodSeconds };
}

export function parseConfig(env: Partial<Bindings>): Config {
  // Policies are declared next to their routes (http/rate-limit.ts), so their vars are read by name
  // on first use rather than enumerated here.
  const overrides = new Map<string, LimitOverride | undefined>();
  const rateLimitOverride = (name: `RATE_LIMIT_${string}`): LimitOverride | undefined => {
    if (!overrides.has(name)) {
      const value = env[name];
      overrides.set(name, value === undefined || value === '' ? undefined : parseLimitOverride(name, value));
    }
    return overrides.get(name);
  };
  return {
    limits: {
      maxBodyBytes: positiveInt(env.MAX_BODY_BYTES, DEFAULT_LIMITS.maxBodyBytes, 'MAX_BODY_BYTES'),
      maxPixels: positiveInt(env.MAX_PIXELS, DEFAULT_LIMITS.maxPixels, 'MAX_PIXELS'),
      maxDecodeBytes: positiveInt(env.MAX_DECODE_BYTES, DEFAULT_LIMITS.maxDecodeBytes, 'MAX_DECODE_BYTES'),
    },
    allowedOrigins: (env.ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    galleryReportThreshold: positiveInt(env.GALLERY_REPORT_THRESHOLD, DEFAULT_REPORT_THRESHOLD, 'GALLERY_REPORT_THRESHOLD'),
    rateLimitOverride,
  };
}

// workerd hands every request of an isolate the same env object, so this parses once per isolate;
// tests that start workers with other vars get their own entry.
const parsed = new WeakMap<object, Config>();

/** The configuration of this env, parsed on first use. */
export function configOf(env: Partial<Bindings>): Config {
  let config = parsed.get(env);
  if (!config) {
    config = parseConfig(env);
    parsed.set(env, config);
  }
  return config;
}

/** The names of the rate limiting bindings above. */
export type RateLimitBindingName = Extract<keyof Bindings, `RL_${string}`>;

export interface AppEnv {
  Bindings: Bindings;
  Variables: {
    runtime: InferenceRuntime;
    config: Config;
    /** config.limits, the part nearly every route reads. */
    limits: Limits;
    /**
     * The authenticated API caller (http/auth.ts): always set on routes that require a key, set on
     * the model endpoints when the request carries a valid key (undefined when anonymous).
     */
    caller: Caller;
  };
}
