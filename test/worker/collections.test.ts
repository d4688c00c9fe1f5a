// The collections (recognition) API through the real Worker (models, D1, R2, KV inside workerd): keys, tenant
// isolation, enrolment rules, identify with an honest "unknown", subject verification, pagination,
// deletes, encoder-version awareness, and that no photo is ever stored.
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeImage, encodeImage } from '../../functions/src/image';
import { initWorkerImageCodecs } from '../../functions/src/image/worker-codecs';
import { faceFixture } from './fixtures';
import { bindings, call, json, newTenantKey, photo, photoForm, PROBLEM, type TestKey } from './collections-helpers';

interface Candidate {
  subject: string;
  name: string;
  external_id: string | null;
  distance: number;
  probability: number;
  match: boolean;
  face: string;
}
interface IdentifiedFace {
  box: { x: number; y: number; width: number; height: number };
  quality: { issues: string[] };
  identity: Omit<Candidate, 'match'> | null;
  candidates: Candidate[];
}
interface ThresholdRule {
  rule: 'collection-size' | 'verification' | 'collection-size-floor' | 'explicit';
  max_false_identity_rate: number | null;
  compared: number;
  per_comparison_far: number | null;
  expected_false_identity_rate: number | null;
}
interface Identification {
  faces: IdentifiedFace[];
  threshold: number;
  threshold_rule: ThresholdRule;
  model: { id: string; version: string };
  searched: { faces: number; subjects: number };
  needs_reenrolment: { subject: string; name: string; models: string[] }[];
}

const newCollection = async (key: string, name = 'test') =>
  (await json<{ id: string }>(await call(key, 'POST', '/collections', { name }), 201)).id;
const newSubject = async (key: string, c: string, name: string, external_id?: string) =>
  (
    await json<{ id: string }>(
      await call(key, 'POST', `/collections/${c}/subjects`, { name, ...(external_id ? { external_id } : {}) }),
      201,
    )
  ).id;
const enrol = async (key: string, c: string, s: string, fixture: string, extra: Record<string, string> = {}) =>
  json<{ id: string; quality: { issues: string[] }; model: { id: string; version: string } }>(
    await call(key, 'POST', `/collections/${c}/subjects/${s}/faces`, photo(fixture, extra)),
    201,
  );
const identify = async (key: string, c: string, fixture: string, query = '') =>
  json<Identification>(await call(key, 'POST', `/collections/${c}/identify${query}`, photo(fixture)), 200);

/** same-person-1.jpg made very dark (x0.12), as PNG: a real photo with a real quality problem. */
async function darkPhoto(): Promise<Uint8Array> {
  initWorkerImageCodecs();
  const { image } = await decodeImage(faceFixture('same-person-1.jpg'));
  const data = image.data.map((v) => Math.round(v * 0.12));
  return encodeImage({ ...image, data }, 'png');
}

let a: TestKey;
let b: TestKey;
beforeAll(async () => {
  [a, b] = [await newTenantKey(), await newTenantKey()];
});

describe('API keys', () => {
  it('answers 401 problem+json without a key, with a malformed, unknown or revoked key', async () => {
    const revoked = await newTenantKey();
    await bindings.DB.prepare("UPDATE api_keys SET revoked_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?1")
      .bind(revoked.keyId)
      .run();
    const cases: [string | undefined, string][] = [
      [undefined, 'needs an API key'],
      ['not-a-key', 'not valid'],
      [`lk_${'A'.repeat(43)}`, 'not valid'],
      [revoked.key, 'not valid'],
    ];
    for (const [key, detail] of cases) {
      for (const [method, path] of [
        ['GET', '/collections'],
        ['POST', '/collections'],
        ['POST', '/collections/c_0000000000000000000000000000/identify'],
      ]) {
        const response = await call(key, method, path);
        expect(response.status, `${method} ${path} ${key}`).toBe(401);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
        expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
        const problem = await response.json<{ type: string; detail: string }>();
        expect(problem.type).toBe(`${PROBLEM}unauthorized`);
        expect(problem.detail).toContain(detail);
      }
    }
    // The key works before revocation is the only difference: a live key of the same kind is accepted.
    expect((await call(a.key, 'GET', '/collections')).status).toBe(200);
  });

  it('stores only the hash and a short prefix of a key', async () => {
    const row = await bindings.DB.prepare('SELECT key_hash, prefix FROM api_keys WHERE id = ?1')
      .bind(a.keyId)
      .first<{ key_hash: string; prefix: string }>();
    expect(row!.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.key.startsWith(row!.prefix)).toBe(true);
    expect(row!.prefix.length).toBeLessThan(12);
    const anywhere = await bindings.DB.prepare('SELECT COUNT(*) AS n FROM api_keys WHERE key_hash = ?1 OR prefix = ?1')
      .bind(a.key)
      .first<{ n: number }>();
    expect(anywhere!.n).toBe(0);
  });
});

describe('tenant isolation', () => {
  it("a key cannot see or change another tenant's collections: 404 as if they did not exist", async () => {
    const c = await newCollection(a.key, 'a-only');
    const s = await newSubject(a.key, c, 'Eileen');
    await enrol(a.key, c, s, 'same-person-1.jpg');

    const listed = await json<{ collections: { id: string }[] }>(await call(b.key, 'GET', '/collections'), 200);
    expect(listed.collections.map((x) => x.id)).not.toContain(c);
    // B's own collection (made without a body: the name is optional) is the only one B sees.
    const own = await json<{ id: string; name: string | null }>(await call(b.key, 'POST', '/collections'), 201);
    expect(own.name).toBeNull();
    const mine = await json<{ collections: { id: string; subjects: number; faces: number }[] }>(
      await call(b.key, 'GET', '/collections'),
      200,
    );
    expect(mine.collections).toEqual([expect.objectContaining({ id: own.id, subjects: 0, faces: 0 })]);

    const attempts: [string, string, BodyInit | object | undefined][] = [
      ['GET', `/collections/${c}/subjects`, undefined],
      ['POST', `/collections/${c}/subjects`, { name: 'intruder' }],
      ['GET', `/collections/${c}/subjects/${s}`, undefined],
      ['POST', `/collections/${c}/subjects/${s}/faces`, photo('different-person.jpg')],
      ['POST', `/collections/${c}/identify`, photo('same-person-2.jpg')],
      ['POST', `/collections/${c}/subjects/${s}/verify`, photo('same-person-2.jpg')],
      ['DELETE', `/collections/${c}/subjects/${s}`, undefined],
      ['DELETE', `/collections/${c}`, undefined],
    ];
    for (const [method, path, body] of attempts) {
      const response = await call(b.key, method, path, body);
      expect(response.status, `${method} ${path}`).toBe(404);
      const problem = await response.json<{ type: string; collection?: string }>();
      expect(problem.type, `${method} ${path}`).toBe(`${PROBLEM}collection-not-found`);
      expect(problem.collection, `${method} ${path}`).toBe(c);
    }
    // Untouched for its owner.
    const owner = await json<{ subjects: { id: string; faces: number }[] }>(await call(a.key, 'GET', `/collections/${c}/subjects`), 200);
    expect(owner.subjects).toMatchObject([{ id: s, faces: 1 }]);
    // An unknown or malformed collection id is the same 404 (as is one of the ids of before the rename).
    expect((await call(a.key, 'GET', '/collections/c_ffffffffffffffffffffffffffff/subjects')).status).toBe(404);
    expect((await call(a.key, 'GET', '/collections/g_ffffffffffffffffffffffffffff/subjects')).status).toBe(404);
    expect((await call(a.key, 'GET', "/collections/'%20OR%201=1/subjects")).status).toBe(404);
  });
});

describe('collections made before the rename', () => {
  it('new collections get c_ ids; a g_ id of a gallery kept by migration 0007 still works throughout', async () => {
    expect(await newCollection(a.key)).toMatch(/^c_[0-9a-f]{28}$/);
    // As migration 0007 leaves a collection made while they were called galleries: its row, with its g_ id.
    const old = 'g_019ad1c2e3f4a1b2c3d4e5f6a7b8';
    await bindings.DB.prepare("INSERT INTO collections (id, tenant_id, name) VALUES (?1, ?2, 'from before')").bind(old, a.tenantId).run();
    const listed = await json<{ collections: { id: string; name: string | null }[] }>(await call(a.key, 'GET', '/collections'), 200);
    expect(listed.collections).toContainEqual(expect.objectContaining({ id: old, name: 'from before' }));
    const s = await newSubject(a.key, old, 'Eileen Collins');
    await enrol(a.key, old, s, 'same-person-1.jpg');
    expect((await identify(a.key, old, 'same-person-2.jpg')).faces[0].identity?.subject).toBe(s);
    expect((await call(a.key, 'POST', `/collections/${old}/subjects/${s}/verify`, photo('same-person-2.jpg'))).status).toBe(200);
    expect((await call(b.key, 'GET', `/collections/${old}/subjects`)).status).toBe(404);
    expect((await call(a.key, 'DELETE', `/collections/${old}`)).status).toBe(204);
    expect(
      (await bindings.DB.prepare('SELECT COUNT(*) AS n FROM faces WHERE collection_id = ?1').bind(old).first<{ n: number }>())!.n,
    ).toBe(0);
  });

  it('renamed the tables, columns and indexes (migration 0007)', async () => {
    const columns = async (table: string) =>
      (await bindings.DB.prepare(`SELECT name FROM pragma_table_info('${table}')`).all<{ name: string }>()).results.map((r) => r.name);
    expect(await columns('collections')).toEqual(['id', 'tenant_id', 'name', 'created_at', 'revision']);
    expect(await columns('subjects')).toContain('collection_id');
    expect(await columns('faces')).toContain('collection_id');
    // Nothing in the schema (names, foreign keys, indexes) still says galleries or gallery_id.
    const stale = await bindings.DB.prepare(
      "SELECT name FROM sqlite_master WHERE name LIKE '%galleries%' OR sql LIKE '%galleries%' OR sql LIKE '%gallery\\_id%' ESCAPE '\\'",
    ).all<{ name: string }>();
    expect(stale.results).toEqual([]);
    const indexes = await bindings.DB.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'index' AND name IN ('collections_tenant', 'subjects_collection', 'faces_collection_model') ORDER BY name",
    ).all<{ name: string }>();
    expect(indexes.results.map((r) => r.name)).toEqual(['collections_tenant', 'faces_collection_model', 'subjects_collection']);
  });
});

describe('enrolment', () => {
  let c: string;
  let s: string;
  beforeAll(async () => {
    c = await newCollection(a.key);
    s = await newSubject(a.key, c, 'Eileen Collins', 'nasa-1');
  });

  it('enrols exactly one face and returns its quality, box and model', async () => {
    const face = await enrol(a.key, c, s, 'same-person-1.jpg');
    expect(face.id).toMatch(/^f_/);
    expect(face.quality.issues).toEqual([]);
    expect(face.model).toEqual({ id: 'dlib-face-encoder', version: '2' });
    const detail = await json<{ faces: { id: string }[]; needs_reenrolment: boolean }>(
      await call(a.key, 'GET', `/collections/${c}/subjects/${s}`),
      200,
    );
    expect(detail.faces.map((f) => f.id)).toEqual([face.id]);
    expect(detail.needs_reenrolment).toBe(false);
  });

  it('refuses a photo with no face or with several faces (422, explaining)', async () => {
    const none = await call(a.key, 'POST', `/collections/${c}/subjects/${s}/faces`, photo('no-face.jpg'));
    expect(none.status).toBe(422);
    expect(await none.json()).toMatchObject({ type: `${PROBLEM}no-face`, field: 'image' });

    const several = await call(a.key, 'POST', `/collections/${c}/subjects/${s}/faces`, photo('group.jpg'));
    expect(several.status).toBe(422);
    const problem = await several.json<{ type: string; detail: string; faces_found: number; boxes: unknown[] }>();
    expect(problem).toMatchObject({ type: `${PROBLEM}multiple-faces`, faces_found: 3 });
    expect(problem.boxes).toHaveLength(3);
    expect(problem.detail).toMatch(/3 faces; exactly one is needed/);
  });

  it('refuses a poor-quality face with its issues unless force=true', async () => {
    const dark = await darkPhoto();
    const refused = await call(a.key, 'POST', `/collections/${c}/subjects/${s}/faces`, photoForm({ image: dark }));
    expect(refused.status).toBe(422);
    const problem = await refused.json<{ type: string; issues: string[]; detail: string }>();
    expect(problem.type).toBe(`${PROBLEM}poor-quality`);
    expect(problem.issues).toContain('too_dark');
    expect(problem.detail).toContain('force=true');

    for (const [query, fields] of [
      ['?force=true', {}],
      ['', { force: 'true' }],
    ] as const) {
      const forced = await call(a.key, 'POST', `/collections/${c}/subjects/${s}/faces${query}`, photoForm({ image: dark, ...fields }));
      expect(forced.status).toBe(201);
      expect(await forced.json()).toMatchObject({ forced_issues: expect.arrayContaining(['too_dark']) });
    }
  });

  it('validates subjects: name required, external_id unique in the collection (409)', async () => {
    const missing = await call(a.key, 'POST', `/collections/${c}/subjects`, { external_id: 'x' });
    expect(missing.status).toBe(422);
    expect(await missing.json()).toMatchObject({ type: `${PROBLEM}validation-failed` });
    const taken = await call(a.key, 'POST', `/collections/${c}/subjects`, { name: 'someone else', external_id: 'nasa-1' });
    expect(taken.status).toBe(409);
    expect(await taken.json()).toMatchObject({ type: `${PROBLEM}conflict`, field: 'external_id' });
    const unknownSubject = await call(
      a.key,
      'POST',
      `/collections/${c}/subjects/s_ffffffffffffffffffffffffffff/faces`,
      photo('same-person-1.jpg'),
    );
    expect(unknownSubject.status).toBe(404);
    expect(await unknownSubject.json()).toMatchObject({ type: `${PROBLEM}subject-not-found` });
  });
});

describe('identify', () => {
  let c: string;
  let eileen: string;
  let woman: string;
  beforeAll(async () => {
    c = await newCollection(a.key);
    eileen = await newSubject(a.key, c, 'Eileen Collins');
    await enrol(a.key, c, eileen, 'same-person-1.jpg');
  });

  it('finds the enrolled person in another photo of them (one enrolled photo)', async () => {
    const result = await identify(a.key, c, 'same-person-2.jpg');
    expect(result.faces).toHaveLength(1);
    const [face] = result.faces;
    expect(face.identity).toMatchObject({ subject: eileen, name: 'Eileen Collins' });
    expect(face.identity!.distance).toBeLessThan(result.threshold);
    expect(face.identity!.probability).toBeGreaterThan(0.9);
    expect(face.candidates[0]).toMatchObject({ subject: eileen, match: true });
    expect(result.searched).toEqual({ faces: 1, subjects: 1 });
    expect(result.needs_reenrolment).toEqual([]);
  });

  it('answers unknown (identity null) for people who were never enrolled, still listing the nearest candidates', async () => {
    const stranger = await identify(a.key, c, 'different-person.jpg');
    expect(stranger.faces).toHaveLength(1);
    expect(stranger.faces[0].identity).toBeNull();
    expect(stranger.faces[0].candidates).toMatchObject([{ subject: eileen, match: false }]);
    expect(stranger.faces[0].candidates[0].distance).toBeGreaterThan(stranger.threshold);

    woman = await newSubject(a.key, c, 'Woman from sample6');
    await enrol(a.key, c, woman, 'different-person.jpg');
    // Three more people, none enrolled: every face unknown, each with both subjects as candidates.
    const group = await identify(a.key, c, 'group.jpg', '?top_k=2');
    expect(group.faces).toHaveLength(3);
    for (const face of group.faces) {
      expect(face.identity).toBeNull();
      expect(face.candidates).toHaveLength(2);
      expect(face.candidates[0].distance).toBeLessThanOrEqual(face.candidates[1].distance);
    }
    // And both enrolled people are still found.
    expect((await identify(a.key, c, 'same-person-2.jpg')).faces[0].identity?.subject).toBe(eileen);
    expect((await identify(a.key, c, 'different-person.jpg')).faces[0].identity?.subject).toBe(woman);
  });

  it('applies a stricter threshold when asked, and reports the one used', async () => {
    const strict = await identify(a.key, c, 'same-person-2.jpg', '?threshold=0.1');
    expect(strict.threshold).toBe(0.1);
    expect(strict.faces[0].identity).toBeNull(); // distance ~0.2: beyond 0.1
    expect(strict.faces[0].candidates[0]).toMatchObject({ subject: eileen, match: false });
    const asField = await json<Identification>(
      await call(a.key, 'POST', `/collections/${c}/identify`, photo('same-person-2.jpg', { threshold: '0.5' })),
      200,
    );
    expect(asField.threshold).toBe(0.5);
    expect(asField.faces[0].identity?.subject).toBe(eileen);
    const bad = await call(a.key, 'POST', `/collections/${c}/identify?threshold=-1`, photo('same-person-2.jpg'));
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({ type: `${PROBLEM}validation-failed`, field: 'threshold' });
  });

  it('shrinks the default threshold with the target false-identity rate and collection size, and says which it applied and why', async () => {
    // Two enrolled faces: at the default 5 % target the verification threshold already meets it.
    const byDefault = await identify(a.key, c, 'same-person-2.jpg');
    expect(byDefault.threshold_rule).toMatchObject({
      rule: 'verification',
      max_false_identity_rate: 0.05,
      compared: byDefault.searched.faces,
    });
    expect(byDefault.threshold).toBeCloseTo(0.5908, 4);
    expect(byDefault.threshold_rule.expected_false_identity_rate!).toBeLessThan(0.05);
    // A 0.1 % target in the same collection needs t(N) below it; Eileen is still found, strangers are not.
    const strict = await identify(a.key, c, 'same-person-2.jpg', '?max_false_identity_rate=0.001');
    expect(strict.threshold_rule).toMatchObject({ rule: 'collection-size', max_false_identity_rate: 0.001, compared: 2 });
    expect(strict.threshold).toBeLessThan(byDefault.threshold);
    expect(strict.threshold).toBeGreaterThan(0.45);
    expect(strict.threshold_rule.expected_false_identity_rate).toBeCloseTo(0.001, 4);
    expect(strict.faces[0].identity?.subject).toBe(eileen);
    expect(strict.faces[0].candidates[0].match).toBe(true);
    const strangers = await identify(a.key, c, 'group.jpg', '?max_false_identity_rate=0.001');
    expect(strangers.faces.map((f) => f.identity)).toEqual([null, null, null]);
    // As a multipart field too; an explicit threshold is reported as such.
    const asField = await json<Identification>(
      await call(a.key, 'POST', `/collections/${c}/identify`, photo('same-person-2.jpg', { max_false_identity_rate: '0.001' })),
      200,
    );
    expect(asField.threshold).toBe(strict.threshold);
    const explicit = await identify(a.key, c, 'same-person-2.jpg', '?threshold=0.5');
    expect(explicit.threshold_rule).toMatchObject({ rule: 'explicit', max_false_identity_rate: null, compared: 2 });
    // Bad values, and both at once, are refused.
    for (const [query, field] of [
      ['?max_false_identity_rate=0.9', 'max_false_identity_rate'],
      ['?max_false_identity_rate=abc', 'max_false_identity_rate'],
      ['?threshold=0.5&max_false_identity_rate=0.01', 'threshold'],
    ]) {
      const bad = await call(a.key, 'POST', `/collections/${c}/identify${query}`, photo('same-person-2.jpg'));
      expect(bad.status).toBe(422);
      expect(await bad.json()).toMatchObject({ type: `${PROBLEM}validation-failed`, field });
    }
  });

  it('returns no faces for a photo without one, and validates top_k', async () => {
    expect((await identify(a.key, c, 'no-face.jpg')).faces).toEqual([]);
    const bad = await call(a.key, 'POST', `/collections/${c}/identify?top_k=0`, photo('same-person-2.jpg'));
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({ type: `${PROBLEM}validation-failed`, field: 'top_k' });
  });

  it('searches an embedding from /v1/faces/embed, refusing one from another model (409)', async () => {
    const embedded = await json<{ faces: { embedding: number[]; model: { id: string; version: string } }[] }>(
      await call(undefined, 'POST', '/faces/embed', photo('same-person-2.jpg')),
      200,
    );
    const { embedding, model } = embedded.faces[0];
    type Found = { identity: { subject: string } | null; candidates: Candidate[]; threshold: number; threshold_rule: ThresholdRule };
    const found = await json<Found>(await call(a.key, 'POST', `/collections/${c}/search`, { embedding, model, top_k: 1 }), 200);
    expect(found.identity?.subject).toBe(eileen);
    expect(found.candidates).toHaveLength(1);
    expect(found.threshold_rule).toMatchObject({ rule: 'verification', max_false_identity_rate: 0.05, compared: 2 });
    const strict = await json<Found>(
      await call(a.key, 'POST', `/collections/${c}/search`, { embedding, model, max_false_identity_rate: 0.001 }),
      200,
    );
    expect(strict.threshold_rule).toMatchObject({ rule: 'collection-size', max_false_identity_rate: 0.001 });
    expect(strict.threshold).toBeLessThan(found.threshold);
    expect(strict.identity?.subject).toBe(eileen);
    const both = await call(a.key, 'POST', `/collections/${c}/search`, {
      embedding,
      model,
      threshold: 0.5,
      max_false_identity_rate: 0.001,
    });
    expect(both.status).toBe(422);
    const other = await call(a.key, 'POST', `/collections/${c}/search`, { embedding, model: { id: model.id, version: '0' } });
    expect(other.status).toBe(409);
    expect(await other.json()).toMatchObject({ type: `${PROBLEM}model-mismatch` });
    const short = await call(a.key, 'POST', `/collections/${c}/search`, { embedding: embedding.slice(1), model });
    expect(short.status).toBe(422);
  });

  it('verifies a photo against one subject', async () => {
    const same = await json<{ match: boolean; probability: number; faces_compared: number; subject: { id: string } }>(
      await call(a.key, 'POST', `/collections/${c}/subjects/${eileen}/verify`, photo('same-person-2.jpg')),
      200,
    );
    expect(same).toMatchObject({ match: true, faces_compared: 1, subject: { id: eileen } });
    expect(same.probability).toBeGreaterThan(0.9);
    const other = await json<{ match: boolean; warnings?: { code: string }[] }>(
      await call(a.key, 'POST', `/collections/${c}/subjects/${eileen}/verify`, photo('group.jpg')),
      200,
    );
    expect(other.match).toBe(false);
    expect(other.warnings?.map((w) => w.code)).toContain('multiple_faces');
    const empty = await newSubject(a.key, c, 'Nobody yet');
    const none = await call(a.key, 'POST', `/collections/${c}/subjects/${empty}/verify`, photo('same-person-2.jpg'));
    expect(none.status).toBe(409);
    expect(await none.json()).toMatchObject({ type: `${PROBLEM}no-enrolled-face`, needs_reenrolment: false });
  });
});

describe('encoder versions', () => {
  it('never compares across versions and reports subjects that need re-enrolment', async () => {
    const c = await newCollection(a.key);
    const current = await newSubject(a.key, c, 'Enrolled with the served encoder');
    await enrol(a.key, c, current, 'same-person-1.jpg');
    const old = await newSubject(a.key, c, 'Enrolled with version 0');
    // A face made by an older encoder version: the same photo's embedding, labelled v0 (so if versions
    // were mixed, it would match the query exactly as well as the current one does).
    const row = await bindings.DB.prepare('SELECT embedding, box, quality FROM faces WHERE subject_id = ?1')
      .bind(current)
      .first<{ embedding: ArrayBuffer; box: string; quality: string }>();
    await bindings.DB.batch([
      bindings.DB.prepare(
        "INSERT INTO faces (id, subject_id, collection_id, model, model_version, embedding, box, quality) VALUES ('f_00000000000000000000000000aa', ?1, ?2, 'dlib-face-encoder', '0', ?3, ?4, ?5)",
      ).bind(old, c, row!.embedding, row!.box, row!.quality),
      bindings.DB.prepare('UPDATE collections SET revision = revision + 1 WHERE id = ?1').bind(c),
    ]);

    const result = await identify(a.key, c, 'same-person-2.jpg', '?top_k=5');
    expect(result.searched).toEqual({ faces: 1, subjects: 1 });
    expect(result.faces[0].candidates.map((x) => x.subject)).toEqual([current]);
    expect(result.needs_reenrolment).toEqual([
      { subject: old, name: 'Enrolled with version 0', external_id: null, models: ['dlib-face-encoder v0'] },
    ]);

    const listed = await json<{ subjects: { id: string; needs_reenrolment: boolean }[] }>(
      await call(a.key, 'GET', `/collections/${c}/subjects`),
      200,
    );
    expect(Object.fromEntries(listed.subjects.map((s) => [s.id, s.needs_reenrolment]))).toEqual({ [current]: false, [old]: true });

    const verify = await call(a.key, 'POST', `/collections/${c}/subjects/${old}/verify`, photo('same-person-2.jpg'));
    expect(verify.status).toBe(409);
    expect(await verify.json()).toMatchObject({ type: `${PROBLEM}no-enrolled-face`, needs_reenrolment: true });
  });
});

describe('listing and deleting', () => {
  it('pages subjects with a cursor', async () => {
    const c = await newCollection(a.key);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await newSubject(a.key, c, `person ${i}`));
    const seen: string[] = [];
    let cursor: string | null = '';
    let pages = 0;
    while (cursor !== null) {
      const page: { subjects: { id: string; name: string }[]; next_cursor: string | null } = await json(
        await call(a.key, 'GET', `/collections/${c}/subjects?limit=2${cursor ? `&cursor=${cursor}` : ''}`),
        200,
      );
      expect(page.subjects.length).toBeLessThanOrEqual(2);
      seen.push(...page.subjects.map((s) => s.id));
      cursor = page.next_cursor;
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(ids); // creation order, each once
    const bad = await call(a.key, 'GET', `/collections/${c}/subjects?limit=1000`);
    expect(bad.status).toBe(422);
  });

  it('deletes faces, subjects and collections with everything under them', async () => {
    const c = await newCollection(a.key);
    const s = await newSubject(a.key, c, 'Eileen');
    const face = await enrol(a.key, c, s, 'same-person-1.jpg');
    const other = await newSubject(a.key, c, 'Other');
    await enrol(a.key, c, other, 'different-person.jpg');
    const count = async (table: string, column: string, id: string) =>
      (await bindings.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE ${column} = ?1`).bind(id).first<{ n: number }>())!.n;

    expect((await identify(a.key, c, 'same-person-2.jpg')).faces[0].identity?.subject).toBe(s);
    expect((await call(a.key, 'DELETE', `/collections/${c}/subjects/${s}/faces/${face.id}`)).status).toBe(204);
    expect((await call(a.key, 'DELETE', `/collections/${c}/subjects/${s}/faces/${face.id}`)).status).toBe(404);
    expect(await count('faces', 'subject_id', s)).toBe(0);
    // Identify sees the deletion at once (the isolate's cached index is revision-checked).
    expect((await identify(a.key, c, 'same-person-2.jpg')).faces[0].identity).toBeNull();

    await enrol(a.key, c, s, 'same-person-1.jpg');
    expect((await call(a.key, 'DELETE', `/collections/${c}/subjects/${s}`)).status).toBe(204);
    expect(await count('subjects', 'id', s)).toBe(0);
    expect(await count('faces', 'subject_id', s)).toBe(0);
    expect((await call(a.key, 'GET', `/collections/${c}/subjects/${s}`)).status).toBe(404);

    expect((await call(a.key, 'DELETE', `/collections/${c}`)).status).toBe(204);
    expect(await count('subjects', 'collection_id', c)).toBe(0);
    expect(await count('faces', 'collection_id', c)).toBe(0);
    expect((await call(a.key, 'GET', `/collections/${c}/subjects`)).status).toBe(404);
    expect((await call(a.key, 'DELETE', `/collections/${c}`)).status).toBe(404);
  });
});

describe('privacy', () => {
  it('stores embeddings only: no photo in R2, KV or any D1 column', async () => {
    const objectsBefore = (await bindings.MEDIA.list()).objects.length;
    const kvBefore = (await bindings.KV.list()).keys.length;
    const c = await newCollection(a.key);
    const s = await newSubject(a.key, c, 'Eileen');
    await enrol(a.key, c, s, 'same-person-1.jpg');
    await identify(a.key, c, 'group.jpg');
    await call(a.key, 'POST', `/collections/${c}/subjects/${s}/verify`, photo('same-person-2.jpg'));
    expect((await bindings.MEDIA.list()).objects.length).toBe(objectsBefore);
    expect((await bindings.KV.list()).keys.length).toBe(kvBefore);

    // Every BLOB in the recognition tables is a 512-byte embedding; no value anywhere starts like a
    // JPEG, PNG or WebP file or is as large as the smallest photo sent (about 9 KB).
    const blobs = await bindings.DB.prepare('SELECT length(embedding) AS n FROM faces WHERE collection_id = ?1')
      .bind(c)
      .all<{ n: number }>();
    expect(blobs.results.map((r) => r.n)).toEqual([512]);
    for (const table of ['tenants', 'api_keys', 'collections', 'subjects', 'faces']) {
      const columns = await bindings.DB.prepare(`SELECT name FROM pragma_table_info('${table}')`).all<{ name: string }>();
      for (const { name } of columns.results) {
        const stats = await bindings.DB.prepare(
          `SELECT MAX(length(CAST("${name}" AS BLOB))) AS longest, SUM(hex(substr(CAST("${name}" AS BLOB), 1, 4)) IN ('FFD8FFE0', 'FFD8FFE1', 'FFD8FFDB', '89504E47', '52494646')) AS images FROM ${table}`,
        ).first<{ longest: number | null; images: number | null }>();
        expect(stats!.longest ?? 0, `${table}.${name}`).toBeLessThan(4000);
        expect(stats!.images ?? 0, `${table}.${name}`).toBe(0);
      }
    }
  });
});
