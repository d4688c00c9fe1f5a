// Rate limits as Hono middleware: 429 problem+json (type .../rate-limited) with a Retry-After header
// once a caller has used up its requests. Three kinds of policy, two backing stores:
//
//  1. Anonymous model endpoints (detect, embed, identify, verify, stylize, images/stats), per client address:
//     the Workers Rate Limiting binding ([[ratelimits]] in wrangler.toml, one binding per endpoint;
//     ADDRESS_POLICIES below mirrors their limits, and a unit test keeps the two equal). Chosen
//     because it is the platform's primitive for exactly this: no storage write on the hot path of
//     public traffic (a D1 counter would be a write to one primary database for every anonymous
//     request, from every location), and an attacker's flood costs us a counter lookup in the
//     location it arrives at. Its limits: the limit and period (10 or 60 s only) are fixed in
//     wrangler.toml, one limit per binding (so it cannot hold per-key quotas), counts are per
//     Cloudflare location and approximate, and it does not say when the window ends. So Retry-After
//     is the whole period: whatever the window's alignment, a window that is full now has ended by
//     then (an upper bound, never a too-early retry).
//  2. Requests with an API key, to any endpoint (the model endpoints and /v1/collections), per key:
//     fixed-window counters in D1 (keyQuota), because each key carries its own quota
//     (api_keys.rate_limit_per_minute, migration 0006; NULL = the deployment default RATE_LIMIT_API_KEY).
//     A keyed request reads D1 anyway (the key lookup), and D1 counts exactly.
//  3. Other per-client policies with limits set by vars (the community gallery): D1 counters
//     (rateLimit), so `RATE_LIMIT_<NAME>` can change them without a deploy and tests can lower them.
//
// D1 counters (table rate_limits, migration 0002; the SQL is in storage/rate-limit.ts): one small
// write batch per limited request, fixed windows aligned to the epoch. KV is not used for counting:
// it is eventually consistent and allows one write per second per key.
//
// Failing open: if the counter cannot be read (D1 unavailable, the binding missing or failing), the
// request is let through and the problem logged: the limits protect capacity, they are not access
// control. (A missing binding is logged once per isolate, not per request.)
//
// Client address: CF-Connecting-IP (set by Cloudflare; wrangler dev sets it from the socket unless
// the client sent one), normalised by addressKey: IPv4 as is, IPv6 as its /64, because one host or
// home network is routinely handed a whole /64 and could otherwise use a fresh address per request.
// A request without the header (not from the internet through Cloudflare: tests, service bindings)
// has no address and is not limited per address.
//
// Privacy: D1 counters store keys (client addresses, key ids) only as SHA-256 hashes, and the cron
// (functions/src/index.ts) deletes windows that ended more than MAX_PERIOD_SECONDS ago. The binding
// is given the normalised address and nothing of it is stored by this Worker.
//
// Adding a D1 policy:
//   app.use('/v1/things/*', rateLimit({ name: 'things', limit: 30, periodSeconds: 60, key: clientKey }));
// `name` must be unique per policy (it separates the counters). `key` says whose requests are
// counted together; returning undefined skips the limit for that request. The defaults can be
// overridden without a code change by a var RATE_LIMIT_<NAME> = "<limit>/<periodSeconds>" (name
// upper-cased, non-alphanumerics as _), e.g. RATE_LIMIT_GALLERY_PUBLISH = "20/600" in wrangler.toml,
// `wrangler dev --var RATE_LIMIT_GALLERY_PUBLISH:5/60`, or a test's env.
// Adding a model endpoint: a binding in wrangler.toml, an entry in ADDRESS_POLICIES, and
// `...modelEndpoint('<name>')` (model-endpoint.ts) on its route.
import type { RateLimit } from '@cloudflare/workers-types/latest/index';
import type { Context, MiddlewareHandler } from 'hono';
import { MAX_PERIOD_SECONDS, type AppEnv, type Config, type LimitOverride, type RateLimitBindingName } from '../config';
import { countRequest } from '../storage';
import { sha256Hex } from '../util/sha256';
import { optionalApiKey } from './auth';
import { Problem, PROBLEM_CONTENT_TYPE } from './problem';

// ---------------------------------------------------------------------------------------------
// Client address

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function ipv4Octets(text: string): number[] | undefined {
  const m = IPV4.exec(text);
  if (!m) return undefined;
  const octets = m.slice(1).map(Number);
  return octets.every((o) => o <= 255) ? octets : undefined;
}

/** The eight 16-bit groups of an IPv6 address (with `::` and a trailing dotted IPv4 part), or undefined. */
function ipv6Groups(text: string): number[] | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string, last: boolean): number[] | undefined => {
    if (part === '') return [];
    const groups: number[] = [];
    const fields = part.split(':');
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i];
      if (last && i === fields.length - 1 && field.includes('.')) {
        const v4 = ipv4Octets(field);
        if (!v4) return undefined;
        groups.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      } else if (/^[0-9a-f]{1,4}$/i.test(field)) groups.push(parseInt(field, 16));
      else return undefined;
    }
    return groups;
  };
  if (halves.length === 1) {
    const groups = parse(text, true);
    return groups?.length === 8 ? groups : undefined;
  }
  const head = parse(halves[0], false);
  const tail = parse(halves[1], true);
  // '::' stands for at least one zero group.
  if (!head || !tail || head.length + tail.length > 7) return undefined;
  return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
}

/**
 * The rate-limit key of a client address: an IPv4 address as is (dotted decimal); an IPv6 address
 * as its /64 ("2001:db8:0:1::/64", lower-case hex, no leading zeros), whatever its notation (`::`
 * compression, leading zeros, upper case, brackets, a zone index, a dotted IPv4 tail); an IPv4-mapped
 * IPv6 address (::ffff:a.b.c.d) as its IPv4 address, not as the /64 that all such addresses share.
 * Anything else is returned trimmed and lower-cased (still counted, on its own); nothing (missing or
 * blank) is undefined.
 */
export function addressKey(address: string | null | undefined): string | undefined {
  let text = address?.trim().toLowerCase();
  if (!text) return undefined;
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  const v4 = ipv4Octets(text);
  if (v4) return v4.join('.');
  const groups = ipv6Groups(text.replace(/%.*$/, ''));
  if (!groups) return text;
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return [groups[6] >> 8, groups[6] & 255, groups[7] >> 8, groups[7] & 255].join('.');
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

/** The client-address key of a request (CF-Connecting-IP through addressKey), undefined when it has none. */
export const clientKey = (c: Context<AppEnv>): string | undefined => addressKey(c.req.header('cf-connecting-ip'));

// ---------------------------------------------------------------------------------------------
// D1 policies with var overrides

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

/** The var that overrides a policy's limit: RATE_LIMIT_<NAME>. */
export const rateLimitVar = (name: string) => `RATE_LIMIT_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}` as const;

/** The policy's limit and period, with its RATE_LIMIT_<NAME> override (config.ts) applied. */
export function effectiveLimit(
  policy: Pick<RateLimitPolicy, 'name' | 'limit' | 'periodSeconds'>,
  config: Pick<Config, 'rateLimitOverride'>,
): LimitOverride {
  return config.rateLimitOverride(rateLimitVar(policy.name)) ?? { limit: policy.limit, periodSeconds: policy.periodSeconds };
}

/** Whose requests a limit counts together, as a 429 reports it (`scope`). */
type Scope = 'client-address' | 'api-key';
const WHOSE: Record<Scope, string> = {
  'client-address': 'the limit for one client address without an API key',
  'api-key': "this API key's quota",
};

function limited(c: Context<AppEnv>, scope: Scope | undefined, limit: number, periodSeconds: number, retryAfter: number): Response {
  const whose = scope ? WHOSE[scope] : 'the limit';
  const problem = new Problem(
    'rate-limited',
    `Too many requests: ${whose} is ${limit} per ${periodSeconds} s. Retry after ${retryAfter} s.`,
    {
      limit,
      period_seconds: periodSeconds,
      retry_after: retryAfter,
      ...(scope ? { scope } : {}),
    },
  );
  // c.body (not a fresh Response) keeps the headers earlier middleware set, such as CORS.
  return c.body(JSON.stringify(problem.toJSON()), 429, { 'content-type': PROBLEM_CONTENT_TYPE, 'retry-after': String(retryAfter) });
}

/** Counts the request in D1; a 429 response when over the limit, undefined to go on (also when D1 fails). */
async function countInD1(
  c: Context<AppEnv>,
  name: string,
  key: string,
  limit: number,
  periodSeconds: number,
  scope?: Scope,
): Promise<Response | undefined> {
  let counted;
  try {
    counted = await countRequest(c.env.DB, name, await sha256Hex(key), periodSeconds);
  } catch (error) {
    console.error(`rate limit '${name}': counter unavailable, request let through`, error);
    return undefined;
  }
  if (counted.count <= limit) return undefined;
  return limited(c, scope, limit, periodSeconds, Math.max(1, counted.resetAt - Math.floor(Date.now() / 1000)));
}

export function rateLimit(policy: RateLimitPolicy): MiddlewareHandler<AppEnv> {
  if (!/^[a-z0-9][a-z0-9_-]*$/i.test(policy.name))
    throw new Error(`rate limit policy name must be alphanumeric (with - or _), got '${policy.name}'`);
  if (!(policy.periodSeconds > 0 && policy.periodSeconds <= MAX_PERIOD_SECONDS))
    throw new Error(`rate limit '${policy.name}': period must be 1..${MAX_PERIOD_SECONDS} s`);
  return async (c, next) => {
    const key = policy.key(c);
    if (key === undefined) return next();
    const { limit, periodSeconds } = effectiveLimit(policy, c.get('config'));
    return (await countInD1(c, policy.name, key, limit, periodSeconds)) ?? next();
  };
}

// ---------------------------------------------------------------------------------------------
// Per API key: each key's own quota, D1 counters

/** The D1 policy name of per-key counters (one counter per key, across every endpoint). */
export const API_KEY_POLICY = 'api-key';
/** Quota of a key made without --rate-limit: 120 a minute, the recognition API's limit before per-key quotas. */
export const DEFAULT_KEY_QUOTA = { limit: 120, periodSeconds: 60 };

/**
 * The quota of a key: its own (requests per minute, from `keys:create --rate-limit`), else the
 * deployment default: the var RATE_LIMIT_API_KEY = "<limit>/<periodSeconds>", or its former name
 * RATE_LIMIT_RECOGNITION (still honoured), or DEFAULT_KEY_QUOTA.
 */
export function keyQuota(rateLimitPerMinute: number | null | undefined, config: Pick<Config, 'rateLimitOverride'>): LimitOverride {
  if (rateLimitPerMinute != null) return { limit: rateLimitPerMinute, periodSeconds: 60 };
  return config.rateLimitOverride('RATE_LIMIT_API_KEY') ?? config.rateLimitOverride('RATE_LIMIT_RECOGNITION') ?? DEFAULT_KEY_QUOTA;
}

/** Holds an authenticated caller (c.get('caller'), set by requireApiKey/optionalApiKey) to its key's quota. */
export const apiKeyRateLimit: MiddlewareHandler<AppEnv> = async (c, next) => {
  const caller = c.get('caller');
  if (!caller) return next();
  const { limit, periodSeconds } = keyQuota(caller.rateLimitPerMinute, c.get('config'));
  return (await countInD1(c, API_KEY_POLICY, caller.keyId, limit, periodSeconds, 'api-key')) ?? next();
};

// ---------------------------------------------------------------------------------------------
// Anonymous model endpoints: per client address, Workers Rate Limiting binding

export interface AddressPolicy {
  /** The [[ratelimits]] binding that counts it (name in wrangler.toml). */
  binding: RateLimitBindingName;
  /** Requests per period per client address: must equal the binding's simple.limit. */
  limit: number;
  /** The binding's simple.period: 10 or 60 seconds. */
  periodSeconds: 10 | 60;
}

/**
 * Anonymous limits per client address, one binding each (wrangler.toml [[ratelimits]]; the numbers
 * here are what a 429 reports and must match; test/unit/rate-limit/address.test.ts checks). Sized
 * from the workerd CPU cost of one request (README, Benchmarks) so that one address keeps at most
 * about 5-15 s of CPU busy a minute on the cheap endpoints, while a person using the site never
 * meets a limit:
 *  - images/stats, about 90 ms: 60 a minute;
 *  - faces/detect, detector passes, about 100-200 ms: 60 a minute;
 *  - faces/embed, detect plus two encoder passes per face (up to 20 faces): 30 a minute;
 *  - verify, two photos, four encoder passes, about 300-400 ms: 30 a minute;
 *  - faces/identify, as embed (one photo, every face embedded) plus at most 10 comparisons a face: 30 a minute;
 *  - stylize, 2.4 s at 512 px to 8 s at 1024 px: 10 a minute (someone trying styles one by one).
 * Integrators who need more use an API key with its own quota.
 */
export const ADDRESS_POLICIES = {
  'images-stats': { binding: 'RL_IMAGES_STATS', limit: 60, periodSeconds: 60 },
  'faces-detect': { binding: 'RL_FACES_DETECT', limit: 60, periodSeconds: 60 },
  'faces-embed': { binding: 'RL_FACES_EMBED', limit: 30, periodSeconds: 60 },
  verify: { binding: 'RL_VERIFY', limit: 30, periodSeconds: 60 },
  'faces-identify': { binding: 'RL_FACES_IDENTIFY', limit: 30, periodSeconds: 60 },
  stylize: { binding: 'RL_STYLIZE', limit: 10, periodSeconds: 60 },
} as const satisfies Record<string, AddressPolicy>;

export type AddressPolicyName = keyof typeof ADDRESS_POLICIES;

const warnedMissing = new Set<string>();

/** Counts an anonymous request against its address in the policy's binding (fails open without one). */
function addressRateLimit(name: AddressPolicyName): MiddlewareHandler<AppEnv> {
  const policy: AddressPolicy = ADDRESS_POLICIES[name];
  return async (c, next) => {
    if (c.get('caller')) return next();
    const key = clientKey(c);
    if (key === undefined) return next();
    const binding = c.env[policy.binding] as RateLimit | undefined;
    if (typeof binding?.limit !== 'function') {
      if (!warnedMissing.has(policy.binding)) {
        warnedMissing.add(policy.binding);
        console.warn(
          `rate limit '${name}': no rate limiting binding ${policy.binding} (wrangler.toml [[ratelimits]]); anonymous requests are not limited`,
        );
      }
      return next();
    }
    let outcome;
    try {
      outcome = await binding.limit({ key });
    } catch (error) {
      console.error(`rate limit '${name}': binding ${policy.binding} failed, request let through`, error);
      return next();
    }
    if (outcome.success) return next();
    return limited(c, 'client-address', policy.limit, policy.periodSeconds, policy.periodSeconds);
  };
}

/**
 * The rate limit of a model endpoint that works with or without an API key: a valid key is held to
 * its own quota (D1), no key to the per-address limit (binding), an invalid key is 401.
 * Routes use it through modelEndpoint (model-endpoint.ts), which adds the inference gate.
 */
export function modelRateLimit(name: AddressPolicyName): MiddlewareHandler<AppEnv>[] {
  return [optionalApiKey, apiKeyRateLimit, addressRateLimit(name)];
}

/** A sentence for a model endpoint's OpenAPI description saying how it is limited. */
export function rateLimitNote(name: AddressPolicyName): string {
  const { limit, periodSeconds } = ADDRESS_POLICIES[name];
  return (
    ` Rate limited: without an API key, ${limit} requests per ${periodSeconds} s per client address (an IPv6 address counts as its /64); ` +
    "with a valid key (`Authorization: Bearer <key>`), the key's own quota instead; an invalid key is 401. Above the limit: 429 `rate-limited` with Retry-After."
  );
}
