// Fixed-window request counters in D1 for http/rate-limit.ts. One statement batch per request:
// count this request in its window (upsert, returning the new count) and drop the same key's rows
// of earlier windows, so the table holds at most one row per active (policy, key).
import type { D1Database } from '@cloudflare/workers-types/latest/index';

export interface WindowCount {
  /** Requests counted in the current window, this one included. */
  count: number;
  /** Unix seconds at which the current window ends (the counter starts again). */
  resetAt: number;
}

/** Counts one request for (policy, key) in the fixed window of `periodSeconds` containing `nowMs`. */
export async function countRequest(
  db: D1Database,
  policy: string,
  key: string,
  periodSeconds: number,
  nowMs = Date.now(),
): Promise<WindowCount> {
  const now = Math.floor(nowMs / 1000);
  const windowStart = now - (now % periodSeconds);
  const [counted] = await db.batch<{ count: number }>([
    db
      .prepare(
        'INSERT INTO rate_limits (policy, key, window_start, count) VALUES (?1, ?2, ?3, 1) ' +
          'ON CONFLICT (policy, key, window_start) DO UPDATE SET count = count + 1 RETURNING count',
      )
      .bind(policy, key, windowStart),
    db.prepare('DELETE FROM rate_limits WHERE policy = ?1 AND key = ?2 AND window_start < ?3').bind(policy, key, windowStart),
  ]);
  return { count: counted.results[0].count, resetAt: windowStart + periodSeconds };
}

/** Deletes counters of windows that started before `olderThanSeconds` ago (the cron's purge). */
export async function purgeRateLimits(db: D1Database, olderThanSeconds: number, nowMs = Date.now()): Promise<number> {
  const cutoff = Math.floor(nowMs / 1000) - olderThanSeconds;
  const result = await db.prepare('DELETE FROM rate_limits WHERE window_start < ?1').bind(cutoff).run();
  return result.meta.changes ?? 0;
}
