// The typed client (clients/js) against the real Worker inside workerd: every area of the API
// through its methods (faces, collections, style, gallery), errors as LikenessError, and image
// inputs as Blob, ArrayBuffer and Uint8Array. Few model calls: the client is under test, not the models.
import { beforeAll, describe, expect, it } from 'vitest';
import { type BinaryAnswer, Likeness, LikenessError } from '../../clients/js/src/index';
import { newTenantKey, worker } from './collections-helpers';
import { faceFixture, fixture } from './fixtures';
import { STYLES, testPng } from './gallery-helpers';

let clients = 0;
/** A client of the real Worker; each has a client address of its own, so rate limits do not mix. */
function client(apiKey?: string): Likeness {
  const address = `client-test-${++clients}-${Date.now()}`;
  return new Likeness({
    baseUrl: 'http://likeness.test',
    apiKey,
    fetch: (input, init) => {
      const request = new Request(input, init);
      request.headers.set('cf-connecting-ip', address);
      return worker.fetch(request);
    },
  });
}

/** The LikenessError a call fails with. */
async function failure(call: Promise<unknown>): Promise<LikenessError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LikenessError);
  return error as LikenessError;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47];
const JPEG_SIGNATURE = [0xff, 0xd8, 0xff];
const startsWith = (answer: BinaryAnswer, signature: number[]) => signature.every((byte, i) => answer.bytes[i] === byte);

describe('system', () => {
  it('reads the health of the service', async () => {
    const health = await client().getHealth();
    expect(health.status).toBe('ok');
    expect(health.models.length).toBeGreaterThan(0);
  });

  it('lists the model files for on-device mode', async () => {
    const { models } = await client().listModels();
    const encoder = models.find((m) => m.task === 'face-embedding');
    expect(encoder?.url).toBe(`/models/${encoder?.id}.${encoder?.sha256}.onnx`);
    expect(encoder?.head?.threshold).toBeGreaterThan(0);
  });
});

describe('faces', () => {
  const likeness = client();

  it('verifies two photos (Uint8Array and Blob)', async () => {
    const answer = await likeness.verify({
      a: faceFixture('same-person-1.jpg'),
      b: new Blob([faceFixture('same-person-2.jpg') as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }),
    });
    expect(answer.match).toBe(true);
    expect(answer.distance).toBeLessThan(answer.threshold);
    expect(answer.faces.a).toMatchObject({ index: 0, faces_found: 1 });
  });

  it('detects the faces of a photo sent as an ArrayBuffer', async () => {
    const bytes = faceFixture('group.jpg');
    const answer = await likeness.detectFaces({
      image: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    });
    expect(answer.faces).toHaveLength(3);
    expect(answer.faces[0].box.width).toBeGreaterThan(0);
  });

  it('throws no-face as a LikenessError naming the field', async () => {
    const error = await failure(likeness.verify({ a: faceFixture('no-face.jpg'), b: faceFixture('same-person-1.jpg') }));
    expect(error).toMatchObject({ kind: 'no-face', status: 422, type: 'https://likeness.dev/problems/no-face' });
    expect(error.extensions.field).toBe('a');
  });

  it('takes Blob, ArrayBuffer and Uint8Array alike', async () => {
    const bytes = fixture('baseline-420.jpg');
    const answers = await Promise.all([
      likeness.measureImageStats({ image: new Blob([bytes as Uint8Array<ArrayBuffer>]) }),
      likeness.measureImageStats({ image: bytes.slice().buffer }),
      likeness.measureImageStats({ image: bytes }),
    ]);
    expect(answers[0].format).toBe('jpeg');
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
  });
});

describe('collections', () => {
  let likeness: Likeness;
  beforeAll(async () => {
    likeness = client((await newTenantKey()).key);
  });

  it('creates, enrols, identifies, searches, verifies and deletes', async () => {
    const { id: c } = await likeness.createCollection({ name: 'client test' });
    const { id: s } = await likeness.createSubject({ c, name: 'Ada', external_id: 'emp-1' });
    const enrolled = await likeness.enrolFace({ c, s, image: faceFixture('same-person-1.jpg') });
    expect(enrolled.id).toMatch(/^f_/);

    const identified = await likeness.identify({ c, image: faceFixture('same-person-2.jpg'), top_k: 1 });
    expect(identified.faces[0].identity?.subject).toBe(s);
    expect(identified.faces[0].candidates).toHaveLength(1);

    const embedded = await likeness.embedFaces({ image: faceFixture('same-person-2.jpg') });
    const searched = await likeness.search({ c, embedding: embedded.faces[0].embedding, model: embedded.faces[0].model });
    expect(searched.identity?.subject).toBe(s);

    const verified = await likeness.verifySubject({ c, s, image: faceFixture('same-person-2.jpg') });
    expect(verified).toMatchObject({ match: true, subject: { id: s, name: 'Ada', external_id: 'emp-1' } });

    expect((await likeness.listCollections()).collections.map((x) => x.id)).toContain(c);
    expect((await likeness.listSubjects({ c, limit: 10 })).subjects.map((x) => x.id)).toEqual([s]);
    expect((await likeness.getSubject({ c, s })).faces.map((f) => f.id)).toEqual([enrolled.id]);

    expect(await likeness.deleteFace({ c, s, f: enrolled.id })).toBeUndefined();
    expect(await likeness.deleteSubject({ c, s })).toBeUndefined();
    expect(await likeness.deleteCollection({ c })).toBeUndefined();
    const gone = await failure(likeness.getSubject({ c, s }));
    expect(gone).toMatchObject({ kind: 'collection-not-found', status: 404 });
  });

  it('enrols an embedding made elsewhere, and refuses one of another model', async () => {
    const { id: c } = await likeness.createCollection({ name: 'client embeddings' });
    const { id: s } = await likeness.createSubject({ c, name: 'Grace' });
    const { embedding, model } = (await likeness.embedFaces({ image: faceFixture('same-person-1.jpg') })).faces[0];
    const enrolled = await likeness.enrolEmbedding({ c, s, embedding, model });
    expect(enrolled).toMatchObject({ subject: s, source: 'embedding', box: null, quality: null, model });
    expect((await likeness.search({ c, embedding, model })).identity?.subject).toBe(s);
    const mismatch = await failure(likeness.enrolEmbedding({ c, s, embedding, model: { id: model.id, version: 'other' } }));
    expect(mismatch).toMatchObject({ kind: 'model-mismatch', status: 409 });
    await likeness.deleteCollection({ c });
  });

  it('throws 401 unauthorized for a bad key or none', async () => {
    for (const key of ['lk_not_a_real_key', undefined]) {
      const error = await failure(client(key).listCollections());
      expect(error).toMatchObject({ kind: 'unauthorized', status: 401 });
    }
  });
});

describe('style', () => {
  const likeness = client();

  it('lists the styles and stylizes a photo into image bytes', async () => {
    const { styles } = await likeness.listStyles();
    expect(styles.length).toBeGreaterThan(0);
    const png = await likeness.stylize({ image: fixture('rgb.png'), style: styles[0].id, max_side: 64 });
    expect(png.contentType).toBe('image/png');
    expect(startsWith(png, PNG_SIGNATURE)).toBe(true);
    const jpeg = await likeness.stylize(
      { image: fixture('rgb.png'), style: styles[0].id, max_side: 64 },
      { headers: { accept: 'image/jpeg' } },
    );
    expect(jpeg.contentType).toBe('image/jpeg');
    expect(startsWith(jpeg, JPEG_SIGNATURE)).toBe(true);
  });

  it('throws style-not-found', async () => {
    const error = await failure(likeness.stylize({ image: fixture('rgb.png'), style: 'mona_lisa' }));
    expect(error).toMatchObject({ kind: 'style-not-found', status: 404 });
  });
});

describe('gallery', () => {
  it('publishes, lists, gets, likes, reports and deletes', async () => {
    const likeness = client('lk_the_gallery_takes_no_key'); // a key is never sent to the gallery
    const title = `client ${Date.now()}`;
    const published = await likeness.publishToGallery({ image: testPng(96, 64, 7), style: STYLES[0], title, author: 'Ada' });
    const { id, delete_token } = published;
    expect(published.item).toMatchObject({ id, title, author: 'Ada', style: STYLES[0] });

    const page = await likeness.listGallery({ style: STYLES[0], sort: 'new', limit: 100 });
    expect(page.items.map((item) => item.id)).toContain(id);
    expect(await likeness.getGalleryItem({ id })).toMatchObject({ id, title, liked: false });
    for (const answer of [await likeness.getGalleryImage({ id }), await likeness.getGalleryThumbnail({ id })]) {
      expect(answer.contentType).toBe('image/jpeg');
      expect(startsWith(answer, JPEG_SIGNATURE)).toBe(true);
    }

    expect(await likeness.likeGalleryItem({ id })).toEqual({ id, likes: 1, liked: true });
    expect(await likeness.getGalleryItem({ id })).toMatchObject({ likes: 1, liked: true }); // the visitor cookie kept
    expect(await likeness.unlikeGalleryItem({ id })).toEqual({ id, likes: 0, liked: false });
    expect(await likeness.reportGalleryItem({ id, reason: 'spam' })).toMatchObject({ id, hidden: false });

    const refused = await failure(likeness.deleteGalleryItem({ id, delete_token: 'not-the-token' }));
    expect(refused).toMatchObject({ kind: 'invalid-delete-token', status: 403 });
    expect(await likeness.deleteGalleryItem({ id, delete_token })).toBeUndefined();
    expect(await failure(likeness.getGalleryItem({ id }))).toMatchObject({ kind: 'gallery-item-not-found', status: 404 });
  });
});
