// Request bodies -> image bytes: multipart, JSON (base64 / data URL), raw; errors name the field.
import { describe, expect, it } from 'vitest';
import { readImageUpload, readImageUploads } from '../../../functions/src/http/image-upload';
import { fixture, problemFrom } from './helpers';

const URL_ = 'http://test/v1/images';
const png = fixture('rgb.png');
const base64 = Buffer.from(png).toString('base64');

function form(entries: Record<string, Blob | string>): Request {
  const body = new FormData();
  for (const [k, v] of Object.entries(entries)) {
    if (typeof v === 'string') body.append(k, v);
    else body.append(k, v, 'upload.png');
  }
  return new Request(URL_, { method: 'POST', body });
}

function jsonRequest(body: unknown): Request {
  return new Request(URL_, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

describe('multipart/form-data', () => {
  it('reads the file field by name, with its declared type and file name', async () => {
    const upload = await readImageUpload(form({ other: 'x', photo: new Blob([png], { type: 'image/png' }) }), 'photo');
    expect(upload).toMatchObject({ field: 'photo', declaredType: 'image/png', filename: 'upload.png' });
    expect(upload.bytes).toEqual(png);
  });

  it('reads several fields from one request', async () => {
    const jpeg = fixture('baseline-420.jpg');
    const uploads = await readImageUploads(form({ probe: new Blob([png]), reference: new Blob([jpeg]) }), ['probe', 'reference']);
    expect(uploads.probe.bytes).toEqual(png);
    expect(uploads.reference.bytes).toEqual(jpeg);
  });

  it('accepts a text field holding a data URL', async () => {
    const upload = await readImageUpload(form({ image: `data:image/png;base64,${base64}` }));
    expect(upload.bytes).toEqual(png);
  });

  it('a missing field -> 400 missing-image naming it and listing what was sent', async () => {
    const problem = await problemFrom(() => readImageUpload(form({ picture: new Blob([png]) }), 'image'));
    expect([problem.status, problem.kind]).toEqual([400, 'missing-image']);
    expect(problem.message).toContain("'image'");
    expect(problem.extensions).toMatchObject({ field: 'image', received: ['picture'] });
  });

  it('an empty file -> 400 missing-image', async () => {
    const problem = await problemFrom(() => readImageUpload(form({ image: new Blob([]) })));
    expect([problem.status, problem.kind, problem.extensions.field]).toEqual([400, 'missing-image', 'image']);
  });

  it('a malformed multipart body -> 400 bad-request', async () => {
    const request = new Request(URL_, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
      body: 'not multipart',
    });
    const problem = await problemFrom(() => readImageUpload(request));
    expect([problem.status, problem.kind]).toEqual([400, 'bad-request']);
  });
});

describe('application/json', () => {
  it('reads plain base64', async () => {
    expect((await readImageUpload(jsonRequest({ image: base64 }))).bytes).toEqual(png);
  });

  it('reads a data URL and keeps its declared type', async () => {
    const upload = await readImageUpload(jsonRequest({ image: `data:image/png;base64,${base64}` }));
    expect(upload).toMatchObject({ field: 'image', declaredType: 'image/png' });
    expect(upload.bytes).toEqual(png);
  });

  it('reads URL-safe, unpadded, line-wrapped base64', async () => {
    const urlSafe = Buffer.from(png)
      .toString('base64url')
      .replace(/(.{76})/g, '$1\n');
    expect((await readImageUpload(jsonRequest({ image: urlSafe }))).bytes).toEqual(png);
  });

  it('missing field -> 400 missing-image naming it', async () => {
    const problem = await problemFrom(() => readImageUpload(jsonRequest({ img: base64 }), 'image'));
    expect([problem.status, problem.kind, problem.extensions.field]).toEqual([400, 'missing-image', 'image']);
    expect(problem.extensions.received).toEqual(['img']);
  });

  it('non-string field -> 422 validation-failed naming it', async () => {
    const problem = await problemFrom(() => readImageUpload(jsonRequest({ image: 42 })));
    expect([problem.status, problem.kind]).toEqual([422, 'validation-failed']);
    expect(problem.extensions.errors).toEqual([{ field: 'image', message: expect.stringContaining('base64') }]);
  });

  it('invalid base64 -> 422 validation-failed with the position', async () => {
    const problem = await problemFrom(() => readImageUpload(jsonRequest({ image: 'iVBORw0K*GgoAAAA' })));
    expect([problem.status, problem.kind, problem.extensions.field]).toEqual([422, 'validation-failed', 'image']);
    expect(problem.message).toMatch(/position 8/);
  });

  it('a data URL that is not base64 -> 422 validation-failed', async () => {
    const problem = await problemFrom(() => readImageUpload(jsonRequest({ image: 'data:image/png,%89PNG' })));
    expect([problem.status, problem.kind]).toEqual([422, 'validation-failed']);
  });

  it('empty string -> 400 missing-image', async () => {
    const problem = await problemFrom(() => readImageUpload(jsonRequest({ image: '' })));
    expect([problem.status, problem.kind]).toEqual([400, 'missing-image']);
  });

  it('invalid JSON -> 400 bad-request', async () => {
    const request = new Request(URL_, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"image": ' });
    const problem = await problemFrom(() => readImageUpload(request));
    expect([problem.status, problem.kind]).toEqual([400, 'bad-request']);
  });
});

describe('raw image body and content types', () => {
  it('reads a raw image/* body for a single-image read', async () => {
    const request = new Request(URL_, { method: 'POST', headers: { 'content-type': 'image/png' }, body: png });
    expect((await readImageUpload(request)).bytes).toEqual(png);
  });

  it('other content types -> 415 unsupported-media-type listing what is accepted', async () => {
    const request = new Request(URL_, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    const problem = await problemFrom(() => readImageUpload(request));
    expect([problem.status, problem.kind]).toEqual([415, 'unsupported-media-type']);
    expect(problem.extensions.accepted).toContain('multipart/form-data');
  });

  it('a raw body cannot carry several images', async () => {
    const request = new Request(URL_, { method: 'POST', headers: { 'content-type': 'image/png' }, body: png });
    const problem = await problemFrom(() => readImageUploads(request, ['a', 'b']));
    expect(problem.status).toBe(415);
  });
});

describe('body size limit', () => {
  it('refuses on Content-Length before reading', async () => {
    const request = new Request(URL_, {
      method: 'POST',
      headers: { 'content-type': 'image/png', 'content-length': '999999999' },
      body: png,
    });
    const problem = await problemFrom(() => readImageUpload(request, 'image', { limits: { maxBodyBytes: 1000 } }));
    expect([problem.status, problem.kind]).toEqual([413, 'payload-too-large']);
    expect(problem.extensions).toMatchObject({ limit: 1000, size: 999999999 });
  });

  it('refuses a streamed body without Content-Length once it passes the limit', async () => {
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(64 * 1024));
        if (pulled > 1000) controller.close(); // would be 64 MB if read to the end
      },
    });
    const request = new Request(URL_, {
      method: 'POST',
      headers: { 'content-type': 'image/jpeg' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    const problem = await problemFrom(() => readImageUpload(request, 'image', { limits: { maxBodyBytes: 1024 * 1024 } }));
    expect([problem.status, problem.kind]).toEqual([413, 'payload-too-large']);
    expect(pulled).toBeLessThan(40); // stopped soon after 1 MiB, not at 64 MB
  });

  it('defaults to 10 MiB', async () => {
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    const request = new Request(URL_, { method: 'POST', headers: { 'content-type': 'image/jpeg' }, body: big });
    const problem = await problemFrom(() => readImageUpload(request));
    expect(problem.extensions).toMatchObject({ limit: 10 * 1024 * 1024 });
  });
});
