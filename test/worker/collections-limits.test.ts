// The per-key rate limit of the collections (recognition) API (http/rate-limit.ts, fixed-window counters in D1),
// through the real app and D1 with the limit lowered by the RATE_LIMIT_RECOGNITION var, as an
// operator would set it in wrangler.toml.
import { describe, expect, it } from 'vitest';
import { createApp } from '../../functions/src/app';
import { workerRuntime } from '../../functions/src/runtime/worker-runtime';
import { sha256Hex } from '../../functions/src/util/sha256';
import { runScheduled } from './gallery-helpers';
import { bindings, newTenantKey, PROBLEM } from './collections-helpers';

const app = createApp({ runtime: workerRuntime });
const env = { ...bindings, RATE_LIMIT_RECOGNITION: '3/60' };
const get = (key: string, path = '/v1/collections') =>
  app.fetch(new Request(`http://likeness.test${path}`, { headers: { authorization: `Bearer ${key}` } }), env);

describe('collections rate limit', () => {
  it('answers 429 problem+json with Retry-After once a key has used its requests, per key', async () => {
    const [a, b] = [await newTenantKey(), await newTenantKey()];
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await get(a.key)).status);
    expect(statuses).toEqual([200, 200, 200]);

    const limited = await get(a.key);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toContain('application/problem+json');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const problem = await limited.json<{ type: string; limit: number; period_seconds: number; retry_after: number; detail: string }>();
    expect(problem).toMatchObject({ type: `${PROBLEM}rate-limited`, limit: 3, period_seconds: 60, retry_after: retryAfter });
    expect(problem.detail).toContain('3 per 60 s');
    // Every path under /v1/collections counts, and stays limited.
    expect((await get(a.key, '/v1/collections/c_ffffffffffffffffffffffffffff/subjects')).status).toBe(429);

    // Another key (even of a new tenant) has its own budget.
    expect((await get(b.key)).status).toBe(200);
    // Requests without a valid key are refused before they are counted.
    const anonymous = await app.fetch(new Request('http://likeness.test/v1/collections'), env);
    expect(anonymous.status).toBe(401);
  });

  it('keeps one counter row per key and policy, under the hash of the key', async () => {
    const key = await newTenantKey();
    for (let i = 0; i < 2; i++) await get(key.key);
    const rows = await bindings.DB.prepare("SELECT count FROM rate_limits WHERE policy = 'api-key' AND key = ?1")
      .bind(await sha256Hex(key.keyId))
      .all<{ count: number }>();
    expect(rows.results).toEqual([{ count: 2 }]);
    const clear = await bindings.DB.prepare('SELECT count(*) AS n FROM rate_limits WHERE key = ?1').bind(key.keyId).first<{ n: number }>();
    expect(clear?.n).toBe(0);
  });

  it('the cron purges counters of windows more than a day old and keeps current ones', async () => {
    const key = await newTenantKey();
    await get(key.key);
    const now = Math.floor(Date.now() / 1000);
    await bindings.DB.prepare("INSERT INTO rate_limits (policy, key, window_start, count) VALUES ('recognition', 'old-visitor', ?1, 5)")
      .bind(now - 2 * 86_400)
      .run();
    await runScheduled(Date.now());
    const old = await bindings.DB.prepare("SELECT count(*) AS n FROM rate_limits WHERE key = 'old-visitor'").first<{ n: number }>();
    expect(old?.n).toBe(0);
    const current = await bindings.DB.prepare('SELECT count(*) AS n FROM rate_limits WHERE key = ?1')
      .bind(await sha256Hex(key.keyId))
      .first<{ n: number }>();
    expect(current?.n).toBe(1);
  });
});
