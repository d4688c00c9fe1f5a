// Enrolment by embedding through the real Worker (the hybrid mode for apps: the photo is embedded on
// the device, only the embedding is sent): an embedding of the served encoder enrols with no box or
// quality, and search, identify and subject verify then find the subject exactly as if a photo had
// been enrolled; an embedding of another model is refused (409 model-mismatch) and nothing is stored;
// malformed bodies are validation problems; a key is needed and tenants stay apart. Model calls:
// one embed, one identify, one verify.
import { beforeAll, describe, expect, it } from 'vitest';
import type {
  EmbeddingEnrolmentJson,
  IdentificationJson,
  SearchResultJson,
  SubjectDetailJson,
  SubjectPageJson,
  SubjectVerificationJson,
} from '../../functions/src/features/collections/schema';
import type { EmbeddingJson } from '../../functions/src/features/faces/schema';
import { servedFaces } from '../../functions/src/pipeline/face/served';
import { bindings, call, json, newTenantKey, photo, PROBLEM, type TestKey } from './collections-helpers';

let key: TestKey;
let c: string;
let s: string;
let embedding: number[];
let model: { id: string; version: string };

const path = (subject = s, collection = c) => `/collections/${collection}/subjects/${subject}/embeddings`;
const facesStored = async () =>
  (await bindings.DB.prepare('SELECT COUNT(*) AS n FROM faces WHERE collection_id = ?1').bind(c).first<{ n: number }>())!.n;
const expectProblem = async (response: Response, status: number, type: string) => {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  const problem = await response.json<{ type: string; detail: string; [k: string]: unknown }>();
  expect(problem.type).toBe(`${PROBLEM}${type}`);
  return problem;
};

beforeAll(async () => {
  key = await newTenantKey();
  c = (await json<{ id: string }>(await call(key.key, 'POST', '/collections', { name: 'on-device' }), 201)).id;
  s = (await json<{ id: string }>(await call(key.key, 'POST', `/collections/${c}/subjects`, { name: 'Eileen' }), 201)).id;
  const embedded = await json<EmbeddingJson>(await call(undefined, 'POST', '/faces/embed', photo('same-person-1.jpg')), 200);
  ({ embedding, model } = embedded.faces[0]);
});

describe('enrolment by embedding', () => {
  it('refuses an embedding of another model id or version (409 model-mismatch), storing nothing', async () => {
    for (const other of [
      { id: model.id, version: '0' },
      { id: 'some-other-encoder', version: model.version },
    ]) {
      const problem = await expectProblem(await call(key.key, 'POST', path(), { embedding, model: other }), 409, 'model-mismatch');
      expect(problem.detail).toContain(`${other.id} v${other.version}`);
      expect(problem.detail).toContain(`${servedFaces.model.id} v${servedFaces.model.version}`);
      expect(problem.served_model).toEqual(servedFaces.model);
    }
    expect(await facesStored()).toBe(0);
  });

  it('refuses malformed bodies with a validation problem naming the field, storing nothing', async () => {
    const cases: [unknown, string][] = [
      [{ embedding: embedding.slice(1), model }, 'embedding'],
      [{ embedding: [...embedding, 0.1], model }, 'embedding'],
      [{ embedding: embedding.map(String), model }, 'embedding.0'],
      [{ embedding: [null, ...embedding.slice(1)], model }, 'embedding.0'],
      [{ embedding }, 'model'],
      [{ model }, 'embedding'],
    ];
    for (const [body, field] of cases) {
      const problem = await expectProblem(await call(key.key, 'POST', path(), body as object), 422, 'validation-failed');
      expect(
        (problem.errors as { field: string }[]).map((e) => e.field),
        JSON.stringify(body).slice(0, 80),
      ).toContain(field);
    }
    // Not finite: 1e999 parses as Infinity.
    const infinite = `{"embedding":[1e999${',0'.repeat(embedding.length - 1)}],"model":${JSON.stringify(model)}}`;
    await expectProblem(await call(key.key, 'POST', path(), infinite, { 'content-type': 'application/json' }), 422, 'validation-failed');
    // Not JSON at all.
    await expectProblem(await call(key.key, 'POST', path(), '{"embedding":', { 'content-type': 'application/json' }), 400, 'bad-request');
    expect(await facesStored()).toBe(0);
  });

  it('needs a key, and finds only the caller’s own subjects', async () => {
    await expectProblem(await call(undefined, 'POST', path(), { embedding, model }), 401, 'unauthorized');
    const other = await newTenantKey();
    await expectProblem(await call(other.key, 'POST', path(), { embedding, model }), 404, 'collection-not-found');
    await expectProblem(
      await call(key.key, 'POST', path('s_0000000000000000000000000000'), { embedding, model }),
      404,
      'subject-not-found',
    );
    expect(await facesStored()).toBe(0);
  });

  it('enrols an embedding of the served encoder: 201, box and quality null, nothing but the embedding stored', async () => {
    const enrolled = await json<EmbeddingEnrolmentJson>(await call(key.key, 'POST', path(), { embedding, model }), 201);
    expect(enrolled).toMatchObject({ subject: s, model: servedFaces.model, source: 'embedding', box: null, quality: null });
    expect(enrolled.id).toMatch(/^f_/);
    const row = await bindings.DB.prepare('SELECT box, quality, model, model_version FROM faces WHERE id = ?1')
      .bind(enrolled.id)
      .first<{ box: string; quality: string; model: string; model_version: string }>();
    expect(row).toEqual({ box: 'null', quality: 'null', model: model.id, model_version: model.version });

    const detail = await json<SubjectDetailJson>(await call(key.key, 'GET', `/collections/${c}/subjects/${s}`), 200);
    expect(detail.faces).toEqual([
      { id: enrolled.id, model: servedFaces.model, source: 'embedding', box: null, quality: null, created_at: enrolled.created_at },
    ]);
    expect(detail.needs_reenrolment).toBe(false);
    const page = await json<SubjectPageJson>(await call(key.key, 'GET', `/collections/${c}/subjects`), 200);
    expect(page.subjects).toEqual([expect.objectContaining({ id: s, faces: 1, needs_reenrolment: false })]);
  });

  it('is found by search with the same embedding (distance 0) and by identify and verify of the same photo', async () => {
    const found = await json<SearchResultJson>(await call(key.key, 'POST', `/collections/${c}/search`, { embedding, model }), 200);
    expect(found.identity?.subject).toBe(s);
    expect(found.candidates[0].distance).toBeLessThan(1e-4);
    expect(found.searched).toEqual({ faces: 1, subjects: 1 });

    const identified = await json<IdentificationJson>(
      await call(key.key, 'POST', `/collections/${c}/identify`, photo('same-person-1.jpg')),
      200,
    );
    expect(identified.faces).toHaveLength(1);
    expect(identified.faces[0].identity?.subject).toBe(s);
    expect(identified.faces[0].identity!.distance).toBeLessThan(1e-3);

    const verified = await json<SubjectVerificationJson>(
      await call(key.key, 'POST', `/collections/${c}/subjects/${s}/verify`, photo('same-person-1.jpg')),
      200,
    );
    expect(verified).toMatchObject({ match: true, faces_compared: 1 });
    expect(verified.distance).toBeLessThan(1e-3);
  });
});

describe('a subject enrolled both ways', () => {
  it('lists each face with its source: a photo with box and quality, an embedding without', async () => {
    const t = (await json<{ id: string }>(await call(key.key, 'POST', `/collections/${c}/subjects`, { name: 'Both' }), 201)).id;
    await json<EmbeddingEnrolmentJson>(await call(key.key, 'POST', path(t), { embedding, model }), 201);
    await json(await call(key.key, 'POST', `/collections/${c}/subjects/${t}/faces`, photo('same-person-2.jpg')), 201);
    const detail = await json<SubjectDetailJson>(await call(key.key, 'GET', `/collections/${c}/subjects/${t}`), 200);
    expect(detail.faces.map((f) => f.source)).toEqual(['embedding', 'photo']);
    expect(detail.faces[0]).toMatchObject({ box: null, quality: null });
    expect(detail.faces[1].box).toMatchObject({ width: expect.any(Number) });
    expect(detail.faces[1].quality).toMatchObject({ issues: expect.any(Array) });
  });
});
