// Every kind of bad upload, sent the way a client would (multipart and JSON), must come back as
// the right 4xx application/problem+json, naming the field. Uses a minimal handler with the same
// Problem -> response path as the app (http/problem.ts), so it does not depend on the routes.
import { beforeAll, describe, expect, it } from 'vitest';
import { asProblem, PROBLEM_BASE, PROBLEM_CONTENT_TYPE, problemResponse } from '../../../functions/src/http/problem';
import { decodeImage } from '../../../functions/src/image/decode';
import { readImageUpload } from '../../../functions/src/http/image-upload';
import type { ImageLimits } from '../../../functions/src/image/limits';
import { initNodeImageCodecs } from '../../../functions/src/image/node-codecs';
import { BAD_UPLOADS, UNUSUAL_BUT_VALID } from '../../support/bad-images';
import { fixture } from './helpers';

beforeAll(() => initNodeImageCodecs());

async function handle(request: Request, limits: Partial<ImageLimits> = {}): Promise<Response> {
  try {
    const upload = await readImageUpload(request, 'image', { limits });
    const { image } = await decodeImage(upload.bytes, { field: upload.field, limits, maxSide: 256 });
    return Response.json({ width: image.width, height: image.height });
  } catch (error) {
    const problem = asProblem(error);
    if (problem) return problemResponse(problem);
    throw error;
  }
}

function multipart(bytes: Uint8Array<ArrayBuffer>, filename: string, type: string): Request {
  const form = new FormData();
  form.append('image', new Blob([bytes], { type }), filename);
  return new Request('http://test/v1/images', { method: 'POST', body: form });
}

function json(bytes: Uint8Array, type: string): Request {
  const dataUrl = `data:${type};base64,${Buffer.from(bytes).toString('base64')}`;
  return new Request('http://test/v1/images', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ image: dataUrl }),
  });
}

async function expectProblem(response: Response, status: number, kind: string) {
  const body = (await response.json()) as Record<string, unknown>;
  expect({ status: response.status, type: body.type }).toEqual({ status, type: PROBLEM_BASE + kind });
  expect(response.headers.get('content-type')).toBe(PROBLEM_CONTENT_TYPE);
  expect(body.status).toBe(status);
  expect(typeof body.title).toBe('string');
  expect(body.detail).toEqual(expect.stringMatching(/\w/));
  expect(body.field).toBe('image');
  return body;
}

describe('bad uploads get the right 4xx problem+json', () => {
  it.each(BAD_UPLOADS)('multipart %s -> %s %s', async (name, type, status, kind) => {
    await expectProblem(await handle(multipart(fixture(name), name, type)), status, kind);
  });

  it.each(BAD_UPLOADS.filter(([name]) => name !== 'zero-bytes.jpg'))('JSON data URL %s -> %s %s', async (name, type, status, kind) => {
    await expectProblem(await handle(json(fixture(name), type)), status, kind);
  });

  it('the 413 for huge dimensions reports the declared size and the limit', async () => {
    const body = await expectProblem(await handle(multipart(fixture('huge-dimensions.png'), 'x.png', 'image/png')), 413, 'image-too-large');
    expect(body).toMatchObject({ declared: { width: 100000, height: 100000 }, limit: 40_000_000 });
  });

  it('415 lists the supported types and names the detected format', async () => {
    const body = await expectProblem(
      await handle(multipart(fixture('header-only.heic'), 'x.heic', 'image/heic')),
      415,
      'unsupported-image',
    );
    expect(body).toMatchObject({ format: 'heic', supported: ['image/jpeg', 'image/png', 'image/webp'] });
  });

  it('a body over maxBodyBytes -> 413 payload-too-large', async () => {
    const response = await handle(multipart(fixture('rgb.png'), 'x.png', 'image/png'), { maxBodyBytes: 200 });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { type: string }).type).toBe(`${PROBLEM_BASE}payload-too-large`);
  });
});

describe('legitimate but unusual images are decoded, not refused', () => {
  it.each(UNUSUAL_BUT_VALID)('%s -> 200', async (name, type) => {
    const response = await handle(multipart(fixture(name), name, type));
    expect(response.status).toBe(200);
  });
});
