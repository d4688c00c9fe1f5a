// Security headers on every API answer (issue 13, finding 6) and CORS origins of the production
// configuration (finding 7), through the real Worker inside workerd with wrangler.toml's [vars].
// Every kind of /v1 answer carries X-Content-Type-Options: nosniff and a CSP that loads nothing and
// cannot be framed: JSON, images' neighbours (problem+json errors 401/404/405/413/422/429/500), and
// CORS preflights.
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { Bindings } from '../../functions/src/config';
import worker from '../../functions/src/index';
import { publish } from './gallery-helpers';

const BASE = 'http://likeness.test';
const realEnv = env as unknown as Bindings;

/** The env with some vars replaced (the real object is not spreadable). */
function envWith(overrides: Record<string, unknown>): Bindings {
  return new Proxy(realEnv, {
    get: (target, prop) => (typeof prop === 'string' && prop in overrides ? overrides[prop] : Reflect.get(target, prop)),
    has: (target, prop) => (typeof prop === 'string' && prop in overrides) || Reflect.has(target, prop),
  });
}

async function call(path: string, init: RequestInit = {}, bindings: Bindings = realEnv): Promise<Response> {
  const ctx = createExecutionContext();
  const response = (await worker.fetch!(new Request(`${BASE}${path}`, init) as never, bindings, ctx)) as unknown as Response;
  await waitOnExecutionContext(ctx);
  return response;
}

/** Splits a CSP header into directive -> sources. */
function csp(header: string | null): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of (header ?? '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out.set(name.toLowerCase(), sources);
  }
  return out;
}

function expectSecure(response: Response, what: string) {
  const h = response.headers;
  expect(h.get('x-content-type-options'), `${what}: X-Content-Type-Options`).toBe('nosniff');
  const policy = csp(h.get('content-security-policy'));
  expect(policy.get('default-src'), `${what}: CSP default-src`).toEqual(["'none'"]);
  expect(policy.get('frame-ancestors'), `${what}: CSP frame-ancestors`).toEqual(["'none'"]);
  expect(h.get('x-frame-options'), `${what}: X-Frame-Options`).toBe('DENY');
  expect(h.get('referrer-policy'), `${what}: Referrer-Policy`).toBeTruthy();
}

async function expectProblem(response: Response, status: number, kind: string) {
  const text = await response.text();
  expect(response.status, text.slice(0, 300)).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  expect((JSON.parse(text) as { type: string }).type).toBe(`https://likeness.dev/problems/${kind}`);
  expectSecure(response, `${status} ${kind}`);
}

describe('security headers on /v1', () => {
  it('JSON answers', async () => {
    const response = await call('/v1/health');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expectSecure(response, 'GET /v1/health');
    expectSecure(await call('/v1/openapi.json'), 'GET /v1/openapi.json');
    expectSecure(await call('/v1/styles'), 'GET /v1/styles');
  });

  it('images, 304 and 204 answers', async () => {
    const item = await publish({ title: 'Security headers' });
    const image = await call(`/v1/gallery/${item.id}/image`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/jpeg');
    expectSecure(image, 'GET gallery image');
    const etag = image.headers.get('etag');
    expect(etag).toBeTruthy();
    await image.arrayBuffer();
    const notModified = await call(`/v1/gallery/${item.id}/image`, { headers: { 'if-none-match': etag! } });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get('x-content-type-options')).toBe('nosniff');
    const deleted = await call(`/v1/gallery/${item.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${item.delete_token}` } });
    expect(deleted.status).toBe(204);
    expectSecure(deleted, 'DELETE gallery item');
  });

  it('problem+json errors: 404, 405, 401', async () => {
    await expectProblem(await call('/v1/no-such-thing'), 404, 'not-found');
    await expectProblem(await call('/v1/gallery/0000000000000000'), 404, 'gallery-item-not-found');
    await expectProblem(await call('/v1/health', { method: 'DELETE' }), 405, 'method-not-allowed');
    const unauthorised = await call('/v1/collections');
    expect(unauthorised.status).toBe(401);
    expectSecure(unauthorised, '401');
  });

  it('problem+json errors: 422 validation', async () => {
    await expectProblem(await call('/v1/gallery?limit=0'), 422, 'validation-failed');
  });

  it('problem+json errors: 413 body too large (refused before it is read)', async () => {
    const response = await call(
      '/v1/images/stats',
      { method: 'POST', headers: { 'content-type': 'image/jpeg' }, body: new Uint8Array(4096) },
      envWith({ MAX_BODY_BYTES: '1024' }),
    );
    await expectProblem(response, 413, 'payload-too-large');
  });

  it('problem+json errors: 429 rate limited', async () => {
    const bindings = envWith({ RATE_LIMIT_GALLERY_REPORT: '1/600' });
    const init = () => ({
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cf-connecting-ip': '203.0.113.77' },
      body: JSON.stringify({ reason: 'spam' }),
    });
    await (await call('/v1/gallery/0000000000000000/report', init(), bindings)).arrayBuffer();
    const limited = await call('/v1/gallery/0000000000000000/report', init(), bindings);
    await expectProblem(limited, 429, 'rate-limited');
  });

  it('problem+json errors: 500 (a broken configuration)', async () => {
    const response = await call('/v1/health', {}, envWith({ MAX_BODY_BYTES: 'not a number' }));
    await expectProblem(response, 500, 'internal');
  });

  it('CORS preflight', async () => {
    const response = await call('/v1/verify', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://likeness.dev',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://likeness.dev');
    expectSecure(response, 'OPTIONS preflight');
  });
});

describe('CORS origins of the production configuration (wrangler.toml [vars])', () => {
  it('lists only production origins: https, and the hybrid app schemes', () => {
    const origins = (realEnv.ALLOWED_ORIGINS ?? '').split(',').map((o) => o.trim());
    expect(origins).toContain('https://likeness.dev');
    for (const origin of origins) expect(origin).toMatch(/^(https:\/\/|capacitor:\/\/localhost$|ionic:\/\/localhost$)/);
  });

  it('refuses local development origins', async () => {
    for (const origin of ['http://localhost:8787', 'http://127.0.0.1:8787', 'http://localhost:4321']) {
      const simple = await call('/v1/health', { headers: { origin } });
      expect(simple.status).toBe(200);
      expect(simple.headers.get('access-control-allow-origin'), origin).toBeNull();
      const preflight = await call('/v1/verify', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
      expect(preflight.headers.get('access-control-allow-origin'), `${origin} preflight`).toBeNull();
    }
  });

  it('allows the production site and the hybrid apps', async () => {
    for (const origin of ['https://likeness.dev', 'capacitor://localhost', 'ionic://localhost']) {
      const response = await call('/v1/health', { headers: { origin } });
      expect(response.headers.get('access-control-allow-origin'), origin).toBe(origin);
    }
  });
});
