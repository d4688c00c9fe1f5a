// Retries honour Retry-After: a 429 or 503 that names a wait is retried after it (up to `retries`,
// never a wait over maxRetryWaitMs); anything else is thrown at once as a LikenessError.
import { describe, expect, it } from 'vitest';
import { Likeness, LikenessError } from '../../../clients/js/src/index';
import { retryAfterMs } from '../../../clients/js/src/retry';

const problem = (status: number, kind: string, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ type: `https://likeness.dev/problems/${kind}`, title: kind, status, detail: `${kind} detail` }), {
    status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  });
const ok = () => Response.json({ status: 'ok' });

/** A client whose fetch answers from `answers` in turn, recording when each call came. */
function scripted(answers: (() => Response)[], options: { retries?: number; maxRetryWaitMs?: number } = {}) {
  const calls: number[] = [];
  const likeness = new Likeness({
    baseUrl: 'https://api.test',
    ...options,
    fetch: async () => {
      calls.push(Date.now());
      const next = answers.shift();
      if (!next) throw new Error('no more answers');
      return next();
    },
  });
  return { likeness, calls };
}

const caught = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail('expected a LikenessError'),
    (error: unknown) => error as LikenessError,
  );

describe('retries', () => {
  it('retries 429 and 503 after the Retry-After wait, then answers', async () => {
    const { likeness, calls } = scripted([
      () => problem(429, 'rate-limited', { 'retry-after': '0' }),
      () => problem(503, 'model-busy', { 'retry-after': '1' }),
      ok,
    ]);
    expect(await likeness.getHealth()).toEqual({ status: 'ok' });
    expect(calls).toHaveLength(3);
    expect(calls[2] - calls[1]).toBeGreaterThanOrEqual(990);
  });

  it('gives up after `retries` and throws the last problem with its Retry-After', async () => {
    const { likeness, calls } = scripted(
      [0, 1, 2].map(() => () => problem(429, 'rate-limited', { 'retry-after': '0' })),
      { retries: 1 },
    );
    const error = await caught(likeness.getHealth());
    expect(error).toBeInstanceOf(LikenessError);
    expect(error).toMatchObject({ kind: 'rate-limited', status: 429, retryAfter: 0 });
    expect(calls).toHaveLength(2);
  });

  it('does not retry without Retry-After, other statuses, or a wait over maxRetryWaitMs', async () => {
    for (const answer of [
      () => problem(503, 'model-busy'),
      () => problem(500, 'internal', { 'retry-after': '0' }),
      () => problem(429, 'rate-limited', { 'retry-after': '60' }),
    ]) {
      const { likeness, calls } = scripted([answer, ok], { maxRetryWaitMs: 5000 });
      await caught(likeness.getHealth());
      expect(calls).toHaveLength(1);
    }
  });

  it('can be switched off', async () => {
    const { likeness, calls } = scripted([() => problem(429, 'rate-limited', { 'retry-after': '0' }), ok], { retries: 0 });
    expect((await caught(likeness.getHealth())).kind).toBe('rate-limited');
    expect(calls).toHaveLength(1);
  });

  it('stops waiting when the call is aborted', async () => {
    const { likeness } = scripted([() => problem(503, 'model-busy', { 'retry-after': '10' }), ok]);
    const controller = new AbortController();
    const pending = likeness.getHealth(undefined, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stop')), 20);
    await expect(pending).rejects.toThrow('stop');
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs('3', now)).toBe(3000);
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMs('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });
});
