// POST /v1/faces/identify through the real Worker in workerd, with real photos (test/fixtures/faces):
// people enrolled the way the /recognize page enrols them (POST /v1/faces/embed, the most prominent
// face's embedding kept by the caller), then photos identified against them: a known person named, a
// stranger unknown, every face of a group photo answered; the threshold for N people as a
// collection's identify decides it; refusals (422 naming `people`, 409 model-mismatch) before any
// image work. Nothing is stored: no API key, no collection.
import { exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddingJson, FaceIdentificationJson, IdentifyPersonJson } from '../../functions/src/features/faces/schema';
import { ADDRESS_POLICIES } from '../../functions/src/http/rate-limit';
import { reportedOpenSetThreshold } from '../../functions/src/pipeline/face/open-set';
import { servedFaces } from '../../functions/src/pipeline/face/served';
import { faceFixture } from './fixtures';

const worker = (exports as unknown as { default: Fetcher }).default;
const PROBLEM = 'https://likeness.dev/problems/';
const URL_IDENTIFY = 'http://likeness.test/v1/faces/identify';

const jpeg = (name: string) => new Blob([faceFixture(name)], { type: 'image/jpeg' });

/** A person as the page enrols one: the most prominent face of one photo, embedded by the API. */
async function enrol(name: string, file: string): Promise<IdentifyPersonJson> {
  const form = new FormData();
  form.append('image', jpeg(file), file);
  const response = await worker.fetch(new Request('http://likeness.test/v1/faces/embed', { method: 'POST', body: form }));
  expect(response.status).toBe(200);
  const [face] = (await response.json<EmbeddingJson>()).faces;
  return { name, embedding: face.embedding, model: face.model };
}

/** POST a photo and people as multipart (people as JSON text). */
function identify(file: string, people: unknown, headers: Record<string, string> = {}): Promise<Response> {
  const form = new FormData();
  form.append('image', jpeg(file), file);
  if (people !== undefined) form.append('people', typeof people === 'string' ? people : JSON.stringify(people));
  return worker.fetch(new Request(URL_IDENTIFY, { method: 'POST', body: form, headers }));
}

async function identified(response: Response): Promise<FaceIdentificationJson> {
  const text = await response.text();
  expect(response.status, text.slice(0, 400)).toBe(200);
  return JSON.parse(text) as FaceIdentificationJson;
}

async function expectProblem(response: Response, status: number, kind: string): Promise<Record<string, unknown>> {
  const text = await response.text();
  expect(response.status, text.slice(0, 400)).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const problem = JSON.parse(text) as Record<string, unknown>;
  expect(problem.type).toBe(`${PROBLEM}${kind}`);
  return problem;
}

let eileen: IdentifyPersonJson;
let stranger: IdentifyPersonJson;

beforeAll(async () => {
  eileen = await enrol('Eileen', 'same-person-1.jpg');
  // Enrolled from the group photo: its most prominent face (the woman on the left).
  stranger = await enrol('Group left', 'group.jpg');
});

describe('POST /v1/faces/identify', () => {
  it('names a known person in another photo of them, with the distance and the threshold for 2 people', async () => {
    const answer = await identified(await identify('same-person-2.jpg', [stranger, eileen]));
    expect([answer.width, answer.height]).toEqual([300, 260]);
    expect(answer.faces).toHaveLength(1);
    const [face] = answer.faces;
    expect(face.identity).toMatchObject({ person: 1, name: 'Eileen' });
    expect(face.identity!.distance).toBeLessThanOrEqual(answer.threshold.value);
    expect(face.identity!.probability).toBeGreaterThan(0.5);
    // Every person is a candidate (2 < 3), nearest first; the stranger is not a match.
    expect(face.candidates.map((c) => c.name)).toEqual(['Eileen', 'Group left']);
    expect(face.candidates.map((c) => c.match)).toEqual([true, false]);
    expect(face.candidates[0].distance).toBeLessThan(face.candidates[1].distance);
    expect(face.box.width).toBeGreaterThan(50);
    expect(Object.keys(face.landmarks)).toHaveLength(6);
    // The threshold is the one a collection of 2 enrolled faces would get.
    const expected = reportedOpenSetThreshold(servedFaces.head, 2);
    expect(answer.threshold).toMatchObject({ value: expected.threshold, rule: expected.rule, compared: 2, max_false_identity_rate: 0.05 });
    expect(answer.threshold.expected_false_identity_rate).toBeLessThanOrEqual(0.05);
    expect(answer.model).toEqual(servedFaces.model);
  });

  it('answers a stranger as unknown, with the nearest people as candidates', async () => {
    const answer = await identified(await identify('different-person.jpg', [eileen, stranger]));
    expect(answer.faces).toHaveLength(1);
    const [face] = answer.faces;
    expect(face.identity).toBeNull();
    expect(face.candidates).toHaveLength(2);
    expect(face.candidates.every((c) => !c.match && c.distance > answer.threshold.value)).toBe(true);
  });

  it('answers every face of a group photo: the enrolled one named, the others unknown (JSON body)', async () => {
    const body = JSON.stringify({
      image: btoa(Array.from(faceFixture('group.jpg'), (b) => String.fromCharCode(b)).join('')),
      people: [eileen, stranger],
    });
    const response = await worker.fetch(
      new Request(URL_IDENTIFY, { method: 'POST', body, headers: { 'content-type': 'application/json' } }),
    );
    const answer = await identified(response);
    expect([answer.width, answer.height]).toEqual([720, 480]);
    expect(answer.faces).toHaveLength(3);
    expect(answer.faces.map((f) => f.identity?.name ?? null)).toEqual(['Group left', null, null]);
    const areas = answer.faces.map((f) => f.box.width * f.box.height);
    expect([...areas].sort((a, b) => b - a)).toEqual(areas);
  });

  it('sets a stricter threshold for more people, as a collection of that size gets', async () => {
    const ten = Array.from({ length: 10 }, (_, i) => ({ ...(i % 2 ? eileen : stranger), name: `P${i}` }));
    const answer = await identified(await identify('same-person-2.jpg', ten));
    const expected = reportedOpenSetThreshold(servedFaces.head, 10);
    expect(answer.threshold).toMatchObject({ value: expected.threshold, rule: expected.rule, compared: 10 });
    expect(answer.threshold.value).toBeLessThan(servedFaces.head.threshold);
    expect(answer.faces[0].candidates).toHaveLength(3);
  });

  it('answers a photo without a face with no faces, not an error', async () => {
    const answer = await identified(await identify('no-face.jpg', [eileen]));
    expect(answer.faces).toEqual([]);
    expect(answer.threshold.compared).toBe(1);
  });

  it('refuses embeddings of another model: 409 model-mismatch', async () => {
    const old = { ...eileen, model: { id: servedFaces.model.id, version: `${servedFaces.model.version}-old` } };
    const problem = await expectProblem(await identify('same-person-2.jpg', [stranger, old]), 409, 'model-mismatch');
    expect(problem).toMatchObject({ field: 'people', person: 1, served_model: servedFaces.model });
  });

  it('refuses bad people with 422 naming people, before reading the photo', async () => {
    const cases: [unknown, string][] = [
      [undefined, 'people'],
      ['not json', 'people'],
      [[], 'people'],
      [Array.from({ length: 11 }, () => eileen), 'people'],
      [[{ ...eileen, name: '' }], 'people.0.name'],
      [[eileen, { ...stranger, embedding: stranger.embedding.slice(0, 100) }], 'people.1.embedding'],
      [[{ ...eileen, embedding: eileen.embedding.map((v, i) => (i === 3 ? 'x' : v)) }], 'people.0.embedding'],
    ];
    for (const [people, field] of cases) {
      const problem = await expectProblem(await identify('same-person-2.jpg', people), 422, 'validation-failed');
      expect(problem.field, String(JSON.stringify(people)).slice(0, 80)).toBe('people');
      expect((problem.errors as { field: string }[])[0].field).toBe(field);
    }
    // Non-finite numbers: JSON text with a number beyond a double (Infinity once parsed).
    const infinite = JSON.stringify([eileen]).replace(/"embedding":\[[^,]+/, '"embedding":[1e999');
    const problem = await expectProblem(await identify('same-person-2.jpg', infinite), 422, 'validation-failed');
    expect((problem.errors as { field: string }[])[0].field).toBe('people.0.embedding');

    // Checked before the photo is decoded: bad people with a file that is no image is still the 422.
    const form = new FormData();
    form.append('image', new Blob(['not an image'], { type: 'image/jpeg' }), 'x.jpg');
    form.append('people', '[]');
    await expectProblem(await worker.fetch(new Request(URL_IDENTIFY, { method: 'POST', body: form })), 422, 'validation-failed');
  });

  it('is limited per client address without a key (its own binding, 30 a minute), then 429', async () => {
    const { limit, periodSeconds } = ADDRESS_POLICIES['faces-identify'];
    expect([limit, periodSeconds]).toEqual([30, 60]);
    const minute = () => Math.floor(Date.now() / 60_000);
    // The local binding's windows are aligned to the minute: a run that straddles one is run again.
    for (let attempt = 0; ; attempt++) {
      const started = minute();
      const address = `10.250.${attempt}.${1 + Math.floor(Math.random() * 250)}`;
      const headers = { 'cf-connecting-ip': address };
      const statuses: number[] = [];
      // Refused people (422, no image work) count like any request.
      for (let i = 0; i < limit; i++) statuses.push((await identify('no-face.jpg', [], headers)).status);
      const limited = await identify('no-face.jpg', [eileen], headers);
      if (minute() !== started && attempt === 0) continue;
      expect(statuses).toEqual(Array(limit).fill(422));
      const problem = await expectProblem(limited, 429, 'rate-limited');
      expect(problem).toMatchObject({ limit, period_seconds: periodSeconds, scope: 'client-address' });
      // Its own limit: the same address may still embed.
      const form = new FormData();
      form.append('image', jpeg('no-face.jpg'), 'no-face.jpg');
      const embed = await worker.fetch(new Request('http://likeness.test/v1/faces/embed', { method: 'POST', body: form, headers }));
      expect(embed.status).toBe(200);
      break;
    }
  });

  it('is a rate-limited model endpoint in the OpenAPI document', async () => {
    const doc = await (await worker.fetch(new Request('http://likeness.test/v1/openapi.json'))).json<{
      paths: Record<string, { post?: { operationId: string; description: string; security?: unknown[] } }>;
    }>();
    const op = doc.paths['/v1/faces/identify']?.post;
    expect(op?.operationId).toBe('identifyFaces');
    expect(op?.description).toContain('30 requests per 60 s');
    expect(op?.description).toContain('nothing stored');
  });
});
