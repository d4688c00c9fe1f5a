// POST /v1/images/stats through the real Worker: image input, decode and inference in workerd.
import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { fixture } from './fixtures';

const worker = (exports as unknown as { default: Fetcher }).default;
const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  worker.fetch(new Request('http://likeness.test/v1/images/stats', { method: 'POST', body, headers }));

describe('POST /v1/images/stats', () => {
  it('measures a multipart upload', async () => {
    const form = new FormData();
    form.append('image', new Blob([fixture('rgb.png')], { type: 'image/png' }), 'rgb.png');
    const response = await post(form);
    expect(response.status).toBe(200);
    const body = await response.json<{ format: string; brightness: number; contrast: number; sharpness: number }>();
    expect(body.format).toBe('png');
    expect(body.brightness).toBeGreaterThan(0);
    expect(body.brightness).toBeLessThan(1);
    expect(body.contrast).toBeGreaterThan(0);
    expect(body.sharpness).toBeGreaterThan(0);
  });
});
