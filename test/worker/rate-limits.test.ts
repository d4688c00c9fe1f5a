// Rate limits of the model endpoints through the real Worker in workerd, with the bindings of
// wrangler.toml: anonymous requests per client address (CF-Connecting-IP; IPv6 as its /64) in the
// Workers Rate Limiting bindings ([[ratelimits]]: miniflare counts them in memory, per key, in fixed
// windows), and requests with an API key against the key's own quota (D1), on every endpoint.
//
// Every test uses addresses and keys of its own, so tests sharing the bindings do not interfere. The
// local binding's windows are aligned to the minute: a test that straddles a window's end (its
// counter restarts midway) is run again once, with fresh addresses.
import { exports } from 'cloudflare:workers';
import { describe, expect, it, vi } from 'vitest';
import { createApp } from '../../functions/src/app';
import { generateApiKey } from '../../functions/src/http/api-keys';
import { ADDRESS_POLICIES } from '../../functions/src/http/rate-limit';
import { workerRuntime } from '../../functions/src/runtime/worker-runtime';
import { createTenantKey } from '../../functions/src/storage';
import { sha256Hex } from '../../functions/src/util/sha256';
import { fixture } from './fixtures';
import { envWith } from './gallery-helpers';
import { bindings, PROBLEM } from './collections-helpers';

const worker = (exports as unknown as { default: Fetcher }).default;
const BASE = 'http://likeness.test/v1';

/** A tiny photo (48x32 PNG, no face): the model endpoints answer it quickly. */
function tinyPhoto(fields: readonly string[] = ['image'], name = 'rgb.png'): FormData {
  const form = new FormData();
  for (const field of fields) form.append(field, new Blob([fixture(name)], { type: 'image/png' }), name);
  return form;
}

type Endpoint = 'detect' | 'embed' | 'identify' | 'stats' | 'verify' | 'stylize';
const PATHS: Record<Endpoint, string> = {
  detect: '/faces/detect',
  embed: '/faces/embed',
  identify: '/faces/identify',
  stats: '/images/stats',
  verify: '/verify',
  stylize: '/stylize',
};

/**
 * POSTs a tiny photo (or `file`, another fixture) to a model endpoint from `address`
 * (CF-Connecting-IP), with `key` if given.
 */
function post(
  endpoint: Endpoint,
  address: string | undefined,
  key?: string,
  extraHeaders: Record<string, string> = {},
  file = 'rgb.png',
): Promise<Response> {
  const headers: Record<string, string> = { ...extraHeaders };
  if (address !== undefined) headers['cf-connecting-ip'] = address;
  if (key !== undefined) headers.authorization = `Bearer ${key}`;
  const body = tinyPhoto(endpoint === 'verify' ? ['a', 'b'] : ['image'], file);
  if (endpoint === 'stylize') body.append('style', 'starry_night');
  if (endpoint === 'identify') body.append('people', '[]'); // no people: 422 once past the limits
  return worker.fetch(new Request(`${BASE}${PATHS[endpoint]}`, { method: 'POST', body, headers }));
}

// Fresh addresses: a random part per run, a counter per call.
const run = 1 + Math.floor(Math.random() * 250);
let sequence = 0;
const newIPv4 = () => (++sequence, `10.${run}.${sequence >> 8}.${sequence & 255}`);
/** The first 64 bits of a fresh IPv6 network (documentation prefix 2001:db8::/32). */
const newIPv6Prefix = () => `2001:db8:${run.toString(16)}:${(++sequence).toString(16)}`;

/** Sends `count` requests one after the other; their statuses. */
async function statuses(count: number, send: (i: number) => Promise<Response>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const response = await send(i);
    await response.body?.cancel();
    out.push(response.status);
  }
  return out;
}

/** Runs `scenario`, again once if it failed while the clock crossed a minute (the local binding's window). */
async function withinOneWindow(scenario: () => Promise<void>): Promise<void> {
  const minute = () => Math.floor(Date.now() / 60_000);
  const started = minute();
  try {
    await scenario();
  } catch (error) {
    if (minute() === started) throw error;
    await scenario();
  }
}

async function expectRateLimited(
  response: Response,
  expected: { limit: number; period_seconds: number; scope: string },
): Promise<Record<string, unknown>> {
  const text = await response.text();
  expect(response.status, text.slice(0, 300)).toBe(429);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const retryAfter = Number(response.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter)).toBe(true);
  const problem = JSON.parse(text) as Record<string, unknown>;
  expect(problem).toMatchObject({ type: `${PROBLEM}rate-limited`, status: 429, ...expected, retry_after: retryAfter });
  expect(problem.detail).toContain(`${expected.limit} per ${expected.period_seconds} s`);
  return problem;
}

async function newKey(rateLimitPerMinute?: number): Promise<{ key: string; keyId: string }> {
  const made = await generateApiKey();
  const { keyId } = await createTenantKey(bindings.DB, `rl-${crypto.randomUUID()}`, { ...made, rateLimitPerMinute });
  return { key: made.key, keyId };
}

describe('anonymous model endpoints, per client address', () => {
  it('detect: the limit per address is answered, then 429 problem+json with Retry-After; another address is unaffected', {
    timeout: 120_000,
  }, async () => {
    const { limit, periodSeconds } = ADDRESS_POLICIES['faces-detect'];
    await withinOneWindow(async () => {
      const [address, other] = [newIPv4(), newIPv4()];
      // Every request counts, refused ones too: one photo, then files that are no image (415, fast).
      const answered = await statuses(limit, (i) => post('detect', address, undefined, {}, i === 0 ? 'rgb.png' : 'text-posing-as.png'));
      expect(answered).toEqual([200, ...Array(limit - 1).fill(415)]);

      const limited = await post('detect', address);
      await expectRateLimited(limited, { limit, period_seconds: periodSeconds, scope: 'client-address' });
      // The binding does not say when its window ends: Retry-After is the whole period.
      expect(limited.headers.get('retry-after')).toBe(String(periodSeconds));
      expect((await post('detect', address)).status).toBe(429);

      const fromOther = await post('detect', other);
      expect(fromOther.status).toBe(200);
      expect((await fromOther.json<{ faces: unknown[] }>()).faces).toEqual([]);
      // Each endpoint has its own limit: the same address may still call another one.
      expect((await post('stats', address)).status).toBe(200);
    });
  });

  it('IPv6: addresses in one /64 share a bucket, whatever their notation; the next /64 has its own', async () => {
    const { limit, periodSeconds } = ADDRESS_POLICIES['images-stats'];
    await withinOneWindow(async () => {
      const prefix = newIPv6Prefix();
      const sameNetwork = [`${prefix}::1`, `${prefix}:0:0:0:2`, `${prefix.toUpperCase()}:ABCD:EF01:2345:6789`, `[${prefix}::ffff]`];
      expect(await statuses(limit, (i) => post('stats', sameNetwork[i % sameNetwork.length]))).toEqual(Array(limit).fill(200));
      await expectRateLimited(await post('stats', `${prefix}:1:2:3:4`), { limit, period_seconds: periodSeconds, scope: 'client-address' });

      const [a, b, c, d] = prefix.split(':');
      const neighbour = `${a}:${b}:${c}:${(parseInt(d, 16) + 1000).toString(16)}::1`;
      expect((await post('stats', neighbour)).status).toBe(200);
      // An IPv4 client seen as IPv4-mapped IPv6 is its IPv4 address, not the /64 all of those share.
      const v4 = newIPv4();
      expect(await statuses(limit, (i) => post('stats', i % 2 ? v4 : `::ffff:${v4}`))).toEqual(Array(limit).fill(200));
      expect((await post('stats', v4)).status).toBe(429);
      expect((await post('stats', `::ffff:${newIPv4()}`)).status).toBe(200);
    });
  });

  it('fails open, with a logged warning, when the binding is missing or fails; keyed requests without D1 count as anonymous', async () => {
    const app = createApp({ runtime: workerRuntime });
    const send = (env: unknown) =>
      app.fetch(
        new Request(`${BASE}/images/stats`, { method: 'POST', body: tinyPhoto(), headers: { 'cf-connecting-ip': newIPv4() } }),
        env as never,
      );
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      // A binding that refuses every request shows that the route consults it.
      const refusing = { limit: async () => ({ success: false }) };
      await expectRateLimited(await send(envWith({ RL_IMAGES_STATS: refusing })), {
        limit: 60,
        period_seconds: 60,
        scope: 'client-address',
      });

      expect((await send(envWith({ RL_IMAGES_STATS: undefined }))).status).toBe(200);
      expect(warn.mock.calls.flat().join(' ')).toContain('RL_IMAGES_STATS');

      const failing = { limit: async () => Promise.reject(new Error('rate limiter unavailable')) };
      expect((await send(envWith({ RL_IMAGES_STATS: failing }))).status).toBe(200);
      expect(error.mock.calls.flat().join(' ')).toContain('RL_IMAGES_STATS');

      // Keys cannot be looked up while D1 is down: a keyed request is served as anonymous (per address).
      const brokenDb = {
        prepare: () => {
          throw new Error('D1 unavailable');
        },
      };
      const keyed = await app.fetch(
        new Request(`${BASE}/images/stats`, {
          method: 'POST',
          body: tinyPhoto(),
          headers: { 'cf-connecting-ip': newIPv4(), authorization: `Bearer ${(await newKey()).key}` },
        }),
        envWith({ DB: brokenDb, RL_IMAGES_STATS: refusing }) as never,
      );
      await expectRateLimited(keyed, { limit: 60, period_seconds: 60, scope: 'client-address' });
    } finally {
      warn.mockRestore();
      error.mockRestore();
    }
  });
});

describe('requests with an API key', () => {
  it("count against the key's own quota, on every endpoint and from any address, not against the address", async () => {
    await withinOneWindow(async () => {
      // An address that has used its anonymous budget...
      const address = newIPv4();
      const { limit } = ADDRESS_POLICIES['images-stats'];
      expect(await statuses(limit, () => post('stats', address))).toEqual(Array(limit).fill(200));
      expect((await post('stats', address)).status).toBe(429);

      // ...is still served with a key (quota 4 a minute), which counts across endpoints and addresses.
      const { key, keyId } = await newKey(4);
      expect((await post('stats', address, key)).status).toBe(200);
      expect((await post('detect', newIPv4(), key)).status).toBe(200);
      expect((await post('embed', undefined, key)).status).toBe(200);
      expect((await worker.fetch(new Request(`${BASE}/collections`, { headers: { authorization: `Bearer ${key}` } }))).status).toBe(200);
      const limited = await post('detect', newIPv4(), key);
      await expectRateLimited(limited, { limit: 4, period_seconds: 60, scope: 'api-key' });
      const retryAfter = Number(limited.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      // The quota covers the collections (recognition) API too.
      expect((await worker.fetch(new Request(`${BASE}/collections`, { headers: { authorization: `Bearer ${key}` } }))).status).toBe(429);

      // One counter per key in D1, under the hash of the key id.
      const row = await bindings.DB.prepare("SELECT count FROM rate_limits WHERE policy = 'api-key' AND key = ?1")
        .bind(await sha256Hex(keyId))
        .first<{ count: number }>();
      expect(row?.count).toBe(6);

      // Another key has its own quota; anonymous requests from a fresh address are unaffected.
      const other = await newKey(2);
      expect((await post('stats', address, other.key)).status).toBe(200);
      expect((await post('stats', newIPv4())).status).toBe(200);
    });
  });

  it('without their own quota get the deployment default (RATE_LIMIT_API_KEY, 120 a minute when unset)', async () => {
    const app = createApp({ runtime: workerRuntime });
    await withinOneWindow(async () => {
      const { key } = await newKey();
      const send = (env: unknown) =>
        app.fetch(
          new Request(`${BASE}/images/stats`, { method: 'POST', body: tinyPhoto(), headers: { authorization: `Bearer ${key}` } }),
          env as never,
        );
      expect((await send(bindings)).status).toBe(200);
      // A lower default applies to the key at once (it has used 1 of 1).
      await expectRateLimited(await send(envWith({ RATE_LIMIT_API_KEY: '1/60' })), { limit: 1, period_seconds: 60, scope: 'api-key' });
      const row = await bindings.DB.prepare('SELECT rate_limit_per_minute FROM api_keys WHERE key_hash = ?1')
        .bind(await sha256Hex(key))
        .first<{ rate_limit_per_minute: number | null }>();
      expect(row).toEqual({ rate_limit_per_minute: null });
    });
  });

  it('an invalid key on an anonymous endpoint is 401, not served as anonymous', async () => {
    const revoked = await newKey();
    await bindings.DB.prepare("UPDATE api_keys SET revoked_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?1")
      .bind(revoked.keyId)
      .run();
    const unknown = (await generateApiKey()).key;
    for (const endpoint of ['detect', 'embed', 'identify', 'stats', 'verify', 'stylize'] as const) {
      for (const key of [unknown, revoked.key, 'not-a-key', `${unknown} ${unknown}`, '']) {
        const response = await post(endpoint, newIPv4(), key);
        const text = await response.text();
        expect(response.status, `${endpoint} ${key}: ${text.slice(0, 200)}`).toBe(401);
        expect(response.headers.get('content-type')).toBe('application/problem+json');
        expect(response.headers.get('www-authenticate')).toContain('Bearer');
        expect(JSON.parse(text).type).toBe(`${PROBLEM}unauthorized`);
      }
    }
    // Other schemes are not API keys: served as anonymous.
    expect((await post('stats', newIPv4(), undefined, { authorization: 'Basic dXNlcjpwYXNz' })).status).toBe(200);
  });
});
