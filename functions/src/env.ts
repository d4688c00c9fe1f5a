// The Worker's bindings and the configuration read from them. Everything a route needs from the
// environment goes through here, so limits have one definition and one set of defaults.
// Imported as a module (not the global typings) so Node tools that build the app type-check too.
import type { D1Database, Fetcher, KVNamespace, R2Bucket, RateLimit } from '@cloudflare/workers-types/latest/index';
import type { InferenceRuntime } from './runtime/types';
import type { Caller } from './storage/recognition';

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
  /**
   * Workers Rate Limiting bindings (wrangler.toml [[ratelimits]]): anonymous requests per client
   * address to each model endpoint (http/rate-limit.ts, ADDRESS_POLICIES). Optional: without one
   * the endpoint is not limited per address (logged).
   */
  RL_IMAGES_STATS?: RateLimit;
  RL_FACES_DETECT?: RateLimit;
  RL_FACES_EMBED?: RateLimit;
  RL_VERIFY?: RateLimit;
  RL_STYLIZE?: RateLimit;
  /** Reports (one per client address) after which a gallery item is hidden pending review. */
  GALLERY_REPORT_THRESHOLD?: string;
}

export interface Limits {
  /** Largest request body accepted, in bytes (413 above). */
  maxBodyBytes: number;
  /** Largest image accepted, in pixels as declared by its header (413 above). */
  maxPixels: number;
  /**
   * Largest estimated working memory of one image decode (413 above). The codecs cannot decode at a
   * reduced scale, so memory follows the full-size image: 64 MiB admits about 6 MP baseline JPEG and
   * leaves room for ORT and the models inside the 128 MB isolate (see docs/image-input.md).
   */
  maxDecodeBytes: number;
}

export const DEFAULT_LIMITS: Limits = { maxBodyBytes: 10 * 1024 * 1024, maxPixels: 40_000_000, maxDecodeBytes: 64 * 1024 * 1024 };

function positiveInt(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got '${value}'`);
  return n;
}

export function limitsFrom(env: Partial<Bindings>): Limits {
  return {
    maxBodyBytes: positiveInt(env.MAX_BODY_BYTES, DEFAULT_LIMITS.maxBodyBytes, 'MAX_BODY_BYTES'),
    maxPixels: positiveInt(env.MAX_PIXELS, DEFAULT_LIMITS.maxPixels, 'MAX_PIXELS'),
    maxDecodeBytes: positiveInt(env.MAX_DECODE_BYTES, DEFAULT_LIMITS.maxDecodeBytes, 'MAX_DECODE_BYTES'),
  };
}

export function allowedOrigins(env: Partial<Bindings>): string[] {
  return (env.ALLOWED_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean);
}

/** The names of the rate limiting bindings above. */
export type RateLimitBindingName = Extract<keyof Bindings, `RL_${string}`>;

export interface AppEnv {
  Bindings: Bindings;
  Variables: {
    runtime: InferenceRuntime;
    limits: Limits;
    /**
     * The authenticated API caller (http/auth.ts): always set on routes that require a key, set on
     * the model endpoints when the request carries a valid key (undefined when anonymous).
     */
    caller: Caller;
  };
}
