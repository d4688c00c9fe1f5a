// What the client sends and how it reads answers, against a fake fetch: path parameters, multipart
// bodies for images (Blob, ArrayBuffer, Uint8Array), JSON bodies, query strings, the API key only
// where the API takes one, base64 JSON where Blobs cannot be made (React Native), answers and errors.
import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { type Answer, type BinaryAnswer, Likeness, LikenessError, type Params, type Schemas } from '../../../clients/js/src/index';
import { base64 } from '../../../clients/js/src/http';

interface Sent {
  url: string;
  request: Request;
}

/** A client whose fetch records each request and answers with `answer()`. */
function recording(answer: () => Response = () => Response.json({}), apiKey: string | undefined = 'lk_test') {
  const sent: Sent[] = [];
  const likeness = new Likeness({
    baseUrl: 'https://api.test/',
    apiKey,
    fetch: async (url, init) => {
      sent.push({ url, request: new Request(url, init) });
      return answer();
    },
  });
  return { likeness, sent };
}

const bytesOf = async (part: FormDataEntryValue | null) => new Uint8Array(await (part as Blob).arrayBuffer());

afterEach(() => vi.unstubAllGlobals());

describe('requests', () => {
  it('sends images as multipart files (Blob, ArrayBuffer, Uint8Array) with the other fields as text', async () => {
    const { likeness, sent } = recording();
    const backing = new Uint8Array([9, 9, 1, 2, 3, 9]);
    await likeness.verify({ a: new Blob([new Uint8Array([1, 2])]), b: backing.subarray(2, 5), a_face: 1, b_box: '1,2,3,4' });
    await likeness.detectFaces({ image: new Uint8Array([7, 8]).buffer });
    const [verify, detect] = sent;
    expect(verify.url).toBe('https://api.test/v1/verify');
    expect(verify.request.method).toBe('POST');
    expect(verify.request.headers.get('authorization')).toBe('Bearer lk_test');
    const form = await verify.request.formData();
    expect(await bytesOf(form.get('a'))).toEqual(new Uint8Array([1, 2]));
    expect(await bytesOf(form.get('b'))).toEqual(new Uint8Array([1, 2, 3]));
    expect(form.get('a_face')).toBe('1');
    expect(form.get('b_box')).toBe('1,2,3,4');
    expect(await bytesOf((await detect.request.formData()).get('image'))).toEqual(new Uint8Array([7, 8]));
  });

  it('puts path parameters in the path and sends JSON bodies', async () => {
    const { likeness, sent } = recording();
    await likeness.createSubject({ c: 'c/1 x', name: 'Ada', external_id: 'emp-1' });
    await likeness.createCollection();
    await likeness.stylize({ image: new Uint8Array([1]), style: { udnie: 1, starry_night: 3 } as never, strength: 0.5 });
    const [subject, collection, stylize] = sent;
    expect(subject.url).toBe('https://api.test/v1/collections/c%2F1%20x/subjects');
    expect(subject.request.headers.get('content-type')).toBe('application/json');
    expect(await subject.request.json()).toEqual({ name: 'Ada', external_id: 'emp-1' });
    expect(collection.request.body).toBeNull();
    const form = await stylize.request.formData();
    expect(JSON.parse(form.get('style') as string)).toEqual({ udnie: 1, starry_night: 3 });
    expect(form.get('strength')).toBe('0.5');
  });

  it('sends query parameters of body-less operations, and no API key to the gallery', async () => {
    const { likeness, sent } = recording();
    await likeness.listGallery({ sort: 'top', limit: 5, cursor: undefined });
    await likeness.listSubjects({ c: 'c1', limit: 2 });
    await likeness.deleteGalleryItem({ id: 'g1', delete_token: 'secret' });
    const [gallery, subjects, remove] = sent;
    expect(gallery.url).toBe('https://api.test/v1/gallery?sort=top&limit=5');
    expect(gallery.request.headers.get('authorization')).toBeNull();
    expect(subjects.url).toBe('https://api.test/v1/collections/c1/subjects?limit=2');
    expect(subjects.request.headers.get('authorization')).toBe('Bearer lk_test');
    expect(remove.request.method).toBe('DELETE');
    expect(remove.request.headers.get('authorization')).toBeNull(); // it would be read as the delete token
    expect(await remove.request.json()).toEqual({ delete_token: 'secret' });
  });

  it('refuses a call without its path parameters', async () => {
    const { likeness, sent } = recording();
    await expect(likeness.getSubject({ c: 'c1' } as never)).rejects.toThrow(TypeError);
    expect(sent).toEqual([]);
  });

  it('sends JSON with base64 images where the runtime cannot make a Blob from bytes (React Native)', async () => {
    vi.stubGlobal(
      'Blob',
      class {
        constructor() {
          throw new Error("Creating blobs from 'ArrayBuffer' and 'ArrayBufferView' are not supported");
        }
      },
    );
    const { likeness, sent } = recording();
    await likeness.enrolFace({ c: 'c1', s: 's1', image: new Uint8Array([255, 216, 255, 1]), force: true });
    expect(sent[0].request.headers.get('content-type')).toBe('application/json');
    expect(await sent[0].request.json()).toEqual({ image: '/9j/AQ==', force: true });
  });

  it('encodes base64 like Buffer', () => {
    for (let n = 0; n < 8; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n * 31) & 255);
      expect(base64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    }
  });

  it('keeps the gallery visitor cookie it is given, and sends it only to the gallery', async () => {
    const { likeness, sent } = recording(
      () =>
        new Response('{"likes":1,"liked":true}', {
          headers: { 'content-type': 'application/json', 'set-cookie': 'lk_visitor=abcdefghijklmnopqrstuvwx; Path=/v1/gallery; HttpOnly' },
        }),
    );
    await likeness.likeGalleryItem({ id: 'g1' });
    await likeness.unlikeGalleryItem({ id: 'g1' });
    await likeness.getHealth();
    expect(sent[0].request.headers.get('cookie')).toBeNull();
    expect(sent[1].request.headers.get('cookie')).toBe('lk_visitor=abcdefghijklmnopqrstuvwx');
    expect(sent[2].request.headers.get('cookie')).toBeNull();
  });
});

describe('answers and errors', () => {
  it('reads JSON, image bytes and empty answers', async () => {
    expect(await recording(() => Response.json({ styles: [] })).likeness.listStyles()).toEqual({ styles: [] });
    const image = await recording(
      () => new Response(new Uint8Array([1, 2, 3]), { headers: { 'content-type': 'image/png' } }),
    ).likeness.stylize({
      image: new Uint8Array([1]),
      style: 'udnie',
    });
    expect(image).toEqual({ bytes: new Uint8Array([1, 2, 3]), contentType: 'image/png' });
    expect(await recording(() => new Response(null, { status: 204 })).likeness.deleteCollection({ c: 'c1' })).toBeUndefined();
  });

  it('throws problem+json answers as LikenessError with kind, status and extensions', async () => {
    const body = {
      type: 'https://likeness.dev/problems/no-face',
      title: 'No face found',
      status: 422,
      detail: "No face in 'a'.",
      field: 'a',
    };
    const { likeness } = recording(
      () => new Response(JSON.stringify(body), { status: 422, headers: { 'content-type': 'application/problem+json' } }),
    );
    const error = await likeness.verify({ a: new Uint8Array([1]), b: new Uint8Array([2]) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LikenessError);
    expect(error).toMatchObject({
      name: 'LikenessError',
      kind: 'no-face',
      status: 422,
      title: 'No face found',
      detail: "No face in 'a'.",
      type: body.type,
    });
    expect((error as LikenessError).extensions).toEqual({ field: 'a' });
    expect((error as LikenessError).problem).toEqual(body);
    expect((error as LikenessError).message).toBe("No face found: No face in 'a'.");
  });

  it('gives failures without a problem body a client kind', async () => {
    const html = await recording(() => new Response('<h1>Bad gateway</h1>', { status: 502, statusText: 'Bad Gateway' }))
      .likeness.getHealth()
      .catch((e: unknown) => e);
    expect(html).toMatchObject({ kind: 'http-error', status: 502, title: 'Bad Gateway', detail: '<h1>Bad gateway</h1>' });
    const offline = new Likeness({ baseUrl: 'https://api.test', fetch: () => Promise.reject(new TypeError('fetch failed')) });
    const network = (await offline.getHealth().catch((e: unknown) => e)) as LikenessError;
    expect(network).toMatchObject({ kind: 'network-error', status: 0 });
    expect(network.cause).toBeInstanceOf(TypeError);
  });
});

describe('types', () => {
  it('are the API’s, by operationId', () => {
    expectTypeOf<Params<'verify'>>().toHaveProperty('a_face').toEqualTypeOf<number | undefined>();
    expectTypeOf<Params<'identify'>>().toMatchTypeOf<{ c: string; image: Blob | ArrayBuffer | Uint8Array; top_k?: number }>();
    expectTypeOf<Params<'enrolFace'>['force']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<Params<'listGallery'>['sort']>().toEqualTypeOf<'new' | 'top' | undefined>();
    expectTypeOf<Answer<'verify'>>().toEqualTypeOf<Schemas['Verification']>();
    expectTypeOf<Answer<'stylize'>>().toEqualTypeOf<BinaryAnswer>();
    expectTypeOf<Answer<'deleteFace'>>().toEqualTypeOf<undefined>();
    expectTypeOf<Likeness['getHealth']>().parameters.toEqualTypeOf<
      [params?: Params<'getHealth'>, options?: import('../../../clients/js/src/index').CallOptions]
    >();
  });
});
