// POST /v1/verify through the real Worker, and the privacy guarantee of every face endpoint:
// photos are processed in memory and nothing is written to D1, R2, KV or the cache.
import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../functions/src/app';
import type { Bindings } from '../../functions/src/config';
import type { VerificationJson } from '../../functions/src/features/faces/schema';
import { initWorkerImageCodecs } from '../../functions/src/image/worker-codecs';
import { workerRuntime } from '../../functions/src/runtime/worker-runtime';
import { faceFixture } from './fixtures';

const worker = (exports as unknown as { default: Fetcher }).default;
const PROBLEM = 'https://likeness.dev/problems/';

function form(fields: Record<string, string | Uint8Array>): FormData {
  const f = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === 'string') f.append(name, value);
    else f.append(name, new Blob([value], { type: 'image/jpeg' }), `${name}.jpg`);
  }
  return f;
}
const photos = (a: string, b: string, extra: Record<string, string> = {}) => form({ a: faceFixture(a), b: faceFixture(b), ...extra });
const verify = (body: BodyInit, query = '', headers: Record<string, string> = {}) =>
  worker.fetch(new Request(`http://likeness.test/v1/verify${query}`, { method: 'POST', body, headers }));
const base64 = (bytes: Uint8Array) => btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(''));

type Verification = VerificationJson;

describe('POST /v1/verify', () => {
  it('matches two photos of the same person', async () => {
    const response = await verify(photos('same-person-1.jpg', 'same-person-2.jpg'));
    expect(response.status).toBe(200);
    const body = await response.json<Verification>();
    expect(body.match).toBe(true);
    expect(body.distance).toBeLessThan(body.threshold);
    expect(body.probability).toBeGreaterThan(0.9);
    expect(body.model).toEqual({ id: 'dlib-face-encoder', version: '2' });
    expect(body.faces.a).toMatchObject({ index: 0, faces_found: 1 });
    expect(body.faces.b).toMatchObject({ index: 0, faces_found: 1 });
    expect(body.warnings?.filter((w) => w.code === 'multiple_faces') ?? []).toEqual([]);
  });

  it('does not match two different people (JSON body, base64 and data URL)', async () => {
    const body = JSON.stringify({
      a: base64(faceFixture('same-person-1.jpg')),
      b: `data:image/jpeg;base64,${base64(faceFixture('different-person.jpg'))}`,
    });
    const response = await verify(body, '', { 'content-type': 'application/json' });
    expect(response.status).toBe(200);
    const verdict = await response.json<Verification>();
    expect(verdict.match).toBe(false);
    expect(verdict.distance).toBeGreaterThan(verdict.threshold);
    expect(verdict.probability).toBeLessThan(0.1);
  });

  it('answers 422 no-face naming the photo without a face', async () => {
    for (const [a, b, field] of [
      ['no-face.jpg', 'same-person-1.jpg', 'a'],
      ['same-person-1.jpg', 'no-face.jpg', 'b'],
    ]) {
      const response = await verify(photos(a, b));
      expect(response.status).toBe(422);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      const problem = await response.json<{ type: string; field: string; detail: string }>();
      expect(problem.type).toBe(`${PROBLEM}no-face`);
      expect(problem.field).toBe(field);
      expect(problem.detail).toContain(`'${field}'`);
    }
  });

  it('uses the largest of several faces and warns', async () => {
    const body = await (await verify(photos('group.jpg', 'same-person-1.jpg'))).json<Verification>();
    expect(body.faces.a).toMatchObject({ index: 0, faces_found: 3 });
    expect(body.faces.b.faces_found).toBe(1);
    const warning = body.warnings?.find((w) => w.code === 'multiple_faces');
    expect(warning).toMatchObject({ field: 'a' });
    expect(warning?.detail).toMatch(/3 faces.*a_face=<index>/);
    expect(body.match).toBe(false);
  });

  it('lets the caller choose a face by index (query or form field) or by box', async () => {
    const detect = await (
      await worker.fetch(
        new Request('http://likeness.test/v1/faces/detect', { method: 'POST', body: form({ image: faceFixture('group.jpg') }) }),
      )
    ).json<{ faces: { box: Verification['faces']['a']['box'] }[] }>();

    const byQuery = await (await verify(photos('group.jpg', 'same-person-1.jpg'), '?a_face=2')).json<Verification>();
    expect(byQuery.faces.a).toMatchObject({ index: 2, faces_found: 3 });
    expect(byQuery.faces.a.box).toEqual(detect.faces[2].box);
    expect(byQuery.warnings?.some((w) => w.code === 'multiple_faces')).toBeFalsy(); // the caller chose

    const byField = await (await verify(photos('same-person-1.jpg', 'group.jpg', { b_face: '1' }))).json<Verification>();
    expect(byField.faces.b).toMatchObject({ index: 1 });

    const { x, y, width, height } = detect.faces[1].box;
    const box = [x + 3, y - 2, width * 0.9, height * 1.1].map((v) => v.toFixed(1)).join(',');
    const byBox = await (await verify(photos('group.jpg', 'same-person-1.jpg'), `?a_box=${box}`)).json<Verification>();
    expect(byBox.faces.a).toMatchObject({ index: 1 });

    const json = JSON.stringify({
      a: base64(faceFixture('group.jpg')),
      b: base64(faceFixture('same-person-1.jpg')),
      a_box: { x, y, width, height },
    });
    const byJsonBox = await (await verify(json, '', { 'content-type': 'application/json' })).json<Verification>();
    expect(byJsonBox.faces.a).toMatchObject({ index: 1 });
  });

  it('refuses a face choice that names no detected face (422 face-not-found)', async () => {
    const outOfRange = await verify(photos('group.jpg', 'same-person-1.jpg'), '?a_face=3');
    expect(outOfRange.status).toBe(422);
    expect(await outOfRange.json()).toMatchObject({ type: `${PROBLEM}face-not-found`, field: 'a_face', faces_found: 3 });

    const nowhere = await verify(photos('same-person-1.jpg', 'group.jpg', { b_box: '0,0,20,20' }));
    expect(nowhere.status).toBe(422);
    expect(await nowhere.json()).toMatchObject({ type: `${PROBLEM}face-not-found`, field: 'b_box' });
  });

  it('refuses malformed input with problem+json naming the field', async () => {
    const cases: [BodyInit, string, number, string, string | undefined][] = [
      [photos('group.jpg', 'same-person-1.jpg'), '?a_face=first', 422, 'validation-failed', 'a_face'],
      [photos('group.jpg', 'same-person-1.jpg'), '?b_box=1,2,3', 422, 'validation-failed', 'b_box'],
      [photos('group.jpg', 'same-person-1.jpg', { a_face: '0', a_box: '1,2,3,4' }), '', 422, 'validation-failed', 'a_face'],
      [photos('group.jpg', 'same-person-1.jpg', { a_face: '0' }), '?a_face=1', 422, 'validation-failed', 'a_face'],
      [form({ a: faceFixture('same-person-1.jpg') }), '', 400, 'missing-image', 'b'],
    ];
    for (const [body, query, status, kind, field] of cases) {
      const response = await verify(body, query);
      expect(response.status, `${kind} ${query}`).toBe(status);
      expect(await response.json(), `${kind} ${query}`).toMatchObject({ type: PROBLEM + kind, ...(field ? { field } : {}) });
    }
    // Two photos cannot come as one raw body.
    const raw = await verify(faceFixture('same-person-1.jpg'), '', { 'content-type': 'image/jpeg' });
    expect(raw.status).toBe(415);
    expect(await raw.json()).toMatchObject({ type: `${PROBLEM}unsupported-media-type` });
  });
});

// ---------------------------------------------------------------------------------------------

interface StorageCall {
  binding: string;
  method: string;
}

/** Wraps a binding so every method call on it (and on what its methods return) is recorded. */
function recording<T extends object>(target: T, binding: string, calls: StorageCall[]): T {
  return new Proxy(target, {
    get(obj, key, receiver) {
      const value = Reflect.get(obj, key, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push({ binding, method: String(key) });
        const result = value.apply(obj, args);
        return typeof result === 'object' && result !== null && !(result instanceof Promise)
          ? recording(result, `${binding}.${String(key)}()`, calls)
          : result;
      };
    },
  });
}

/** Everything stored: D1 row counts per table, R2 object keys, KV keys. */
async function storageSnapshot(bindings: Bindings) {
  const tables = await bindings.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' ORDER BY name",
  ).all<{ name: string }>();
  const rows: Record<string, number> = {};
  for (const { name } of tables.results)
    rows[name] = (await bindings.DB.prepare(`SELECT COUNT(*) AS n FROM "${name}"`).first<{ n: number }>())!.n;
  const objects = (await bindings.MEDIA.list()).objects.map((o) => o.key);
  const keys = (await bindings.KV.list()).keys.map((k) => k.name);
  return { rows, objects, keys };
}

describe('privacy: photos sent to the face endpoints are never stored', () => {
  const requests = (): [string, () => BodyInit, Record<string, string>][] => [
    ['/v1/faces/detect', () => form({ image: faceFixture('group.jpg') }), {}],
    ['/v1/faces/embed', () => form({ image: faceFixture('same-person-1.jpg') }), {}],
    ['/v1/faces/embed', () => faceFixture('same-person-2.jpg'), { 'content-type': 'image/jpeg' }],
    ['/v1/verify', () => photos('same-person-1.jpg', 'same-person-2.jpg'), {}],
    ['/v1/verify', () => photos('group.jpg', 'different-person.jpg', { a_face: '1' }), {}],
    ['/v1/verify', () => photos('no-face.jpg', 'same-person-1.jpg'), {}], // an error path too
  ];

  const recordedEnv = (calls: StorageCall[]) => {
    const bindings = env as unknown as Bindings;
    return {
      ...bindings,
      DB: recording(bindings.DB, 'DB', calls),
      MEDIA: recording(bindings.MEDIA, 'MEDIA', calls),
      KV: recording(bindings.KV, 'KV', calls),
    };
  };

  it('the recorder sees storage calls (checked on /v1/health, which probes all three)', async () => {
    const calls: StorageCall[] = [];
    const response = await createApp({ runtime: workerRuntime }).fetch(new Request('http://likeness.test/v1/health'), recordedEnv(calls));
    expect(response.status).toBe(200);
    expect(new Set(calls.map((c) => c.binding.split('.')[0]))).toEqual(new Set(['DB', 'MEDIA', 'KV']));
  });

  it('makes no call at all on D1, R2, KV or the Cache API', async () => {
    initWorkerImageCodecs();
    const app = createApp({ runtime: workerRuntime });
    const calls: StorageCall[] = [];
    const recorded = recordedEnv(calls);
    // The Cache API is global, not a binding: watch it for the duration of the requests.
    const cacheStorage = caches as unknown as { default: Cache; open: (name: string) => Promise<Cache> };
    const [put, open] = [cacheStorage.default.put, cacheStorage.open];
    cacheStorage.default.put = (...args: Parameters<Cache['put']>) => (
      calls.push({ binding: 'caches.default', method: 'put' }), put.apply(cacheStorage.default, args)
    );
    cacheStorage.open = (name: string) => (calls.push({ binding: 'caches', method: `open(${name})` }), open.call(caches, name));
    try {
      for (const [path, body, headers] of requests()) {
        const response = await app.fetch(new Request(`http://likeness.test${path}`, { method: 'POST', body: body(), headers }), recorded);
        expect([200, 422], path).toContain(response.status);
        await response.arrayBuffer();
      }
    } finally {
      cacheStorage.default.put = put;
      cacheStorage.open = open;
    }
    expect(calls).toEqual([]);
  });

  it('leaves D1, R2 and KV exactly as they were (through the deployed Worker)', async () => {
    const bindings = env as unknown as Bindings;
    const before = await storageSnapshot(bindings);
    for (const [path, body, headers] of requests()) {
      const response = await worker.fetch(new Request(`http://likeness.test${path}`, { method: 'POST', body: body(), headers }));
      await response.arrayBuffer();
    }
    expect(await storageSnapshot(bindings)).toEqual(before);
  });
});
