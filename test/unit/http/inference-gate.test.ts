// The per-isolate gate in front of model routes (functions/src/http/inference-gate.ts): one request
// at a time, in arrival order, and a bounded line answered with 503 busy + Retry-After beyond it.
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { onError } from '../../../functions/src/http/errors';
import { inferenceGate, QUEUE_MAX } from '../../../functions/src/http/inference-gate';

function gatedApp(work: (n: number) => Promise<void>) {
  const app = new Hono();
  app.onError(onError);
  app.post('/model/:n', inferenceGate, async (c) => {
    await work(Number(c.req.param('n')));
    return c.json({ ok: true });
  });
  return app;
}

describe('inferenceGate', () => {
  it('runs one request at a time, in arrival order', async () => {
    let inside = 0;
    let most = 0;
    const order: number[] = [];
    const app = gatedApp(async (n) => {
      inside++;
      most = Math.max(most, inside);
      order.push(n);
      await new Promise((resolve) => setTimeout(resolve, 15));
      inside--;
    });
    const answers = await Promise.all(Array.from({ length: 6 }, (_, n) => app.request(`/model/${n}`, { method: 'POST' })));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(most).toBe(1);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('answers 503 busy with Retry-After once the line is full, and recovers', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const app = gatedApp((n) => (n === 0 ? held : Promise.resolve()));
    const first = app.request('/model/0', { method: 'POST' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const queued = Array.from({ length: QUEUE_MAX }, (_, i) => app.request(`/model/${i + 1}`, { method: 'POST' }));
    await new Promise((resolve) => setTimeout(resolve, 5));
    const refused = await app.request('/model/999', { method: 'POST' });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(refused.headers.get('retry-after')).toBe('2');
    expect(((await refused.json()) as { type: string }).type).toBe('https://likeness.dev/problems/busy');
    release();
    expect((await first).status).toBe(200);
    expect((await Promise.all(queued)).every((r) => r.status === 200)).toBe(true);
    expect((await app.request('/model/1000', { method: 'POST' })).status).toBe(200);
  });
});
