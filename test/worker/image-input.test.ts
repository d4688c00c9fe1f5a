// Image input through a real route inside workerd: every bad upload gets its 4xx problem+json, and
// legitimate unusual images (CMYK, 16-bit, WebP...) decode with the WASM codecs as wrangler loads them.
import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { BAD_UPLOADS, HOSTILE_UPLOADS, UNUSUAL_BUT_VALID, chunk, png, pngDataBytes, zlibStored } from '../support/bad-images';
import { fixture, fixtureBase64 } from './fixtures';

const worker = (exports as unknown as { default: Fetcher }).default;
const URL_STATS = 'http://likeness.test/v1/images/stats';

const multipart = (name: string, type: string) => {
  const form = new FormData();
  form.append('image', new Blob([fixture(name)], { type }), name);
  return worker.fetch(new Request(URL_STATS, { method: 'POST', body: form }));
};

const json = (name: string, type: string) =>
  worker.fetch(
    new Request(URL_STATS, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ image: `data:${type};base64,${fixtureBase64(name)}` }),
    }),
  );

async function expectProblem(response: Response, status: number, kind: string) {
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const body = await response.json<Record<string, unknown>>();
  expect({ status: response.status, type: body.type }).toEqual({ status, type: `https://likeness.dev/problems/${kind}` });
  expect(body.detail).toEqual(expect.stringMatching(/\w/));
  return body;
}

describe('bad uploads to POST /v1/images/stats', () => {
  it.each(BAD_UPLOADS)('multipart %s -> %s %s', async (name, type, status, kind) => {
    const body = await expectProblem(await multipart(name, type), status, kind);
    expect(body.field).toBe('image');
  });

  it.each(BAD_UPLOADS.filter(([name]) => name !== 'zero-bytes.jpg'))('JSON data URL %s -> %s %s', async (name, type, status, kind) => {
    await expectProblem(await json(name, type), status, kind);
  });

  it('a body over the 10 MB limit -> 413 before it is read', async () => {
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    const response = await worker.fetch(new Request(URL_STATS, { method: 'POST', body: big, headers: { 'content-type': 'image/jpeg' } }));
    await expectProblem(response, 413, 'payload-too-large');
  });

  it('an unknown body type -> 415', async () => {
    const response = await worker.fetch(
      new Request(URL_STATS, { method: 'POST', body: 'hello', headers: { 'content-type': 'text/plain' } }),
    );
    await expectProblem(response, 415, 'unsupported-media-type');
  });

  it('no image field -> 400 naming it', async () => {
    const form = new FormData();
    form.append('photo', new Blob([fixture('rgb.png')], { type: 'image/png' }), 'rgb.png');
    const body = await expectProblem(await worker.fetch(new Request(URL_STATS, { method: 'POST', body: form })), 400, 'missing-image');
    expect(body.field).toBe('image');
  });
});

describe('hostile uploads (bombs, lying headers and lengths) to POST /v1/images/stats', () => {
  const post = (bytes: Uint8Array, type: string, name: string) => {
    const form = new FormData();
    form.append('image', new Blob([bytes], { type }), name);
    return worker.fetch(new Request(URL_STATS, { method: 'POST', body: form }));
  };

  it.each(HOSTILE_UPLOADS.map((h) => [h.name, h] as const))('%s', async (_, hostile) => {
    const response = await post(hostile.make(fixture), hostile.type, hostile.name);
    if (hostile.status === 200) {
      expect(response.status, await response.clone().text()).toBe(200);
      await response.arrayBuffer();
    } else {
      const body = await expectProblem(response, hostile.status, hostile.kind ?? '');
      expect(body.field).toBe('image');
    }
  });

  it('the IDAT bomb (306 KB, inflates to 300 MB) posted to /v1/faces/detect -> 422 problem+json, quickly', async () => {
    const bomb = HOSTILE_UPLOADS.find((h) => h.name === 'idat-bomb.png');
    if (!bomb) throw new Error('no idat-bomb.png in HOSTILE_UPLOADS');
    const started = Date.now();
    const response = await worker.fetch(
      new Request('http://likeness.test/v1/faces/detect', {
        method: 'POST',
        body: bomb.make(fixture),
        headers: { 'content-type': 'image/png' },
      }),
    );
    const body = await expectProblem(response, 422, 'invalid-image');
    expect(body.detail).toMatch(/more image data than/);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("bytes after the end of the image data's zlib stream -> 422 (workerd's inflater refuses them; Node's ignores them)", async () => {
    const data = zlibStored(new Uint8Array(pngDataBytes(4, 4, 3, 8, false)));
    const file = png(4, 4, 2, [chunk('IDAT', data), chunk('IDAT', [0, 0, 0, 0])]);
    const body = await expectProblem(await post(file, 'image/png', 'trailing.png'), 422, 'invalid-image');
    expect(body.detail).toMatch(/compressed image data/);
  });
});

describe('legitimate unusual images decode in workerd', () => {
  it.each(UNUSUAL_BUT_VALID)('%s -> 200', async (name, type) => {
    const response = await multipart(name, type);
    expect(response.status, await response.clone().text()).toBe(200);
    const body = await response.json<{ width: number; height: number; brightness: number }>();
    expect(body.width).toBeGreaterThan(0);
    expect(body.brightness).toBeGreaterThanOrEqual(0);
  });

  it('applies EXIF orientation: a 90-degree photo reports upright dimensions', async () => {
    const one = await (await multipart('orientation-1.jpg', 'image/jpeg')).json<{ width: number; height: number }>();
    const six = await (await multipart('orientation-6.jpg', 'image/jpeg')).json<{ width: number; height: number }>();
    expect(six).toMatchObject({ width: one.width, height: one.height });
  });
});
