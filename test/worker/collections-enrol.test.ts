// Enrolment with a face choice through the real Worker: `face` (an index as /v1/faces/detect numbers
// faces) or `box` (in the photo's pixels) picks one face of a group photo, in the query string, a
// multipart field or a JSON field; identify then names each enrolled person at their own face. Bad
// choices are refused before any model runs, a choice naming no face is face-not-found, and without
// a choice a group photo is still multiple-faces. Model calls are kept few: one detect, three
// enrolments, one identify, three refusals that run the detector.
import { beforeAll, describe, expect, it } from 'vitest';
import type { DetectionJson } from '../../functions/src/features/faces/schema';
import type { EnrolmentJson, IdentificationJson } from '../../functions/src/features/collections/schema';
import { call, json, newTenantKey, photo, PROBLEM, type TestKey } from './collections-helpers';
import { faceFixture } from './fixtures';

const GROUP = 'group.jpg';
const base64 = (bytes: Uint8Array) => btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(''));

let key: TestKey;
let c: string;
let detected: DetectionJson;
const newSubject = async (name: string) =>
  (await json<{ id: string }>(await call(key.key, 'POST', `/collections/${c}/subjects`, { name }), 201)).id;
const enrolPath = (s: string, query = '') => `/collections/${c}/subjects/${s}/faces${query}`;

beforeAll(async () => {
  key = await newTenantKey();
  c = (await json<{ id: string }>(await call(key.key, 'POST', '/collections', { name: 'group' }), 201)).id;
  detected = await json<DetectionJson>(await call(undefined, 'POST', '/faces/detect', photo(GROUP)), 200);
});

describe('enrolment with a face choice', () => {
  it('enrols the chosen face of a three-face photo (index in the query, box as a field, index in JSON), and identify names each at its face', async () => {
    expect(detected.faces).toHaveLength(3);
    const boxes = detected.faces.map((f) => f.box);
    const subjects = [await newSubject('Face 0'), await newSubject('Face 1'), await newSubject('Face 2')];

    // Face 2 by index in the query string.
    const two = await json<EnrolmentJson>(await call(key.key, 'POST', enrolPath(subjects[2], '?face=2'), photo(GROUP)), 201);
    expect(two).toMatchObject({ subject: subjects[2], index: 2, faces_found: 3, box: boxes[2] });
    // Face 1 by a box near it (as an app would draw it), as a multipart field.
    const { x, y, width, height } = boxes[1];
    const near = [x + 3, y - 2, width * 0.9, height * 1.1].map((v) => v.toFixed(1)).join(',');
    const one = await json<EnrolmentJson>(await call(key.key, 'POST', enrolPath(subjects[1]), photo(GROUP, { box: near })), 201);
    expect(one).toMatchObject({ subject: subjects[1], index: 1, faces_found: 3, box: boxes[1] });
    // Face 0 by index in a JSON body.
    const zero = await json<EnrolmentJson>(
      await call(key.key, 'POST', enrolPath(subjects[0]), { image: base64(faceFixture(GROUP)), face: 0 }),
      201,
    );
    expect(zero).toMatchObject({ subject: subjects[0], index: 0, faces_found: 3, box: boxes[0] });

    // Each subject is identified at the face enrolled for them, and only there.
    const found = await json<IdentificationJson>(await call(key.key, 'POST', `/collections/${c}/identify`, photo(GROUP)), 200);
    expect(found.faces.map((f) => f.box)).toEqual(boxes);
    expect(found.faces.map((f) => f.identity?.subject)).toEqual(subjects);
  });

  it('answers face-not-found naming the field when the choice names no detected face', async () => {
    const s = await newSubject('Nobody');
    const outOfRange = await call(key.key, 'POST', enrolPath(s, '?face=3'), photo(GROUP));
    expect(outOfRange.status).toBe(422);
    expect(await outOfRange.json()).toMatchObject({ type: `${PROBLEM}face-not-found`, field: 'face', faces_found: 3 });
    const nowhere = await call(key.key, 'POST', enrolPath(s), photo(GROUP, { box: '0,0,20,20' }));
    expect(nowhere.status).toBe(422);
    expect(await nowhere.json()).toMatchObject({ type: `${PROBLEM}face-not-found`, field: 'box', faces_found: 3 });
    // Nothing was enrolled.
    expect(await json<{ faces: unknown[] }>(await call(key.key, 'GET', `/collections/${c}/subjects/${s}`), 200)).toMatchObject({
      faces: [],
    });
  });

  it('refuses a malformed choice, both face and box, or the query and the body together (422 validation-failed)', async () => {
    const s = await newSubject('Refused');
    const cases: [string, Record<string, string>, string][] = [
      ['?face=first', {}, 'face'],
      ['?box=1,2,3', {}, 'box'],
      ['', { face: '0', box: '1,2,3,4' }, 'face'],
      ['?face=0&box=1,2,3,4', {}, 'face'],
      ['?face=1', { face: '0' }, 'face'],
      ['?box=1,2,3,4', { face: '0' }, 'face'],
    ];
    for (const [query, fields, field] of cases) {
      const response = await call(key.key, 'POST', enrolPath(s, query), photo(GROUP, fields));
      expect(response.status, `${query} ${JSON.stringify(fields)}`).toBe(422);
      expect(await response.json(), `${query} ${JSON.stringify(fields)}`).toMatchObject({ type: `${PROBLEM}validation-failed`, field });
    }
  });

  it('without a choice still refuses a group photo (multiple-faces, the boxes in index order, saying how to choose)', async () => {
    const s = await newSubject('Unchosen');
    const several = await call(key.key, 'POST', enrolPath(s), photo(GROUP));
    expect(several.status).toBe(422);
    const problem = await several.json<{ type: string; detail: string; field: string; faces_found: number; boxes: unknown[] }>();
    expect(problem).toMatchObject({ type: `${PROBLEM}multiple-faces`, field: 'image', faces_found: 3 });
    expect(problem.boxes).toEqual(detected.faces.map((f) => f.box));
    expect(problem.detail).toContain('face=<index>');
    expect(problem.detail).toContain('box=x,y,width,height');
  });
});
