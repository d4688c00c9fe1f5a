// The API's basic contract, exercised through the real Worker inside workerd.
import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';

const BASE = 'http://likeness.test';
// `exports` is typed per project by `wrangler types`; we only need the default fetch handler.
const worker = (exports as unknown as { default: Fetcher }).default;
const call = (path: string, init?: RequestInit) => worker.fetch(new Request(`${BASE}${path}`, init));

async function expectProblem(response: Response, status: number, kind: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const body = await response.json<Record<string, unknown>>();
  expect(body.type).toBe(`https://likeness.dev/problems/${kind}`);
  expect(body.status).toBe(status);
  expect(typeof body.title).toBe('string');
  expect(typeof body.detail).toBe('string');
  return body;
}

describe('GET /v1/health', () => {
  it('reports status, version and every bundled model with its sha256', async () => {
    const response = await call('/v1/health');
    expect(response.status).toBe(200);
    const body = await response.json<{ status: string; version: string; models: { id: string; sha256: string }[] }>();
    expect(body.status).toBe('ok');
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
    const probe = body.models.find((m) => m.id === 'image-stats');
    expect(probe?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('errors are problem+json', () => {
  it('unknown API route: 404', async () => {
    await expectProblem(await call('/v1/no-such-thing'), 404, 'not-found');
  });

  it('known route, wrong method: 405 with Allow', async () => {
    const response = await call('/v1/health', { method: 'DELETE' });
    const body = await expectProblem(response, 405, 'method-not-allowed');
    expect(response.headers.get('allow')).toContain('GET');
    expect(body.allow).toContain('GET');
  });
});

describe('OpenAPI', () => {
  it('serves a 3.1 document that describes the routes', async () => {
    const response = await call('/v1/openapi.json');
    expect(response.status).toBe(200);
    const doc = await response.json<{
      openapi: string;
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    }>();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/v1/health']).toBeDefined();
    expect(doc.components.schemas.Problem).toBeDefined();
  });
});

describe('CORS', () => {
  it('allows the public site origin', async () => {
    const response = await call('/v1/health', { headers: { origin: 'https://likeness.dev' } });
    expect(response.headers.get('access-control-allow-origin')).toBe('https://likeness.dev');
  });

  it('answers preflight for hybrid mobile apps', async () => {
    const response = await call('/v1/health', {
      method: 'OPTIONS',
      headers: {
        origin: 'capacitor://localhost',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('capacitor://localhost');
  });

  it('does not allow other origins', async () => {
    const response = await call('/v1/health', { headers: { origin: 'https://evil.example' } });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('storage bindings', () => {
  it('D1, R2 and KV are reachable locally', async () => {
    const body = await (await call('/v1/health')).json<{ storage: Record<string, string> }>();
    expect(body.storage).toEqual({ d1: 'ok', r2: 'ok', kv: 'ok' });
  });
});

describe('D1 migrations', () => {
  it('the recognition (collections) schema is applied', async () => {
    const { env } = await import('cloudflare:workers');
    const { results } = await (env as unknown as { DB: D1Database }).DB.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('tenants', 'api_keys', 'collections', 'subjects', 'faces') ORDER BY name",
    ).all<{ name: string }>();
    expect(results.map((r) => r.name)).toEqual(['api_keys', 'collections', 'faces', 'subjects', 'tenants']);
  });
});
