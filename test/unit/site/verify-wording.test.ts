// @vitest-environment node
// The verify page's words, without a browser: the verdict and its percentage, warnings and quality
// issues in plain language, one message per problem type naming the photo, problem parsing, and
// the downscale target size. (The page itself is tested in Chromium by verify.test.ts.)
import { describe, expect, test } from 'vitest';
import { fitWithin } from '../../../site/src/scripts/shared/downscale';
import { ApiProblem, parseProblem, problemKind } from '../../../site/src/scripts/shared/problem';
import { parseVerifyResult, photoOfField } from '../../../site/src/scripts/verify/api';
import { QUALITY_ISSUES } from '../../../functions/src/pipeline/face';
import {
  expertPercent,
  faceCaption,
  fixLinkText,
  issueText,
  missingMessage,
  modelName,
  percent,
  problemMessage,
  resultNotes,
  unreadableMessage,
  verdict,
  warningText,
} from '../../../site/src/scripts/verify/render';

const P = 'https://likeness.dev/problems/';
const problem = (kind: string, status: number, field?: string) =>
  new ApiProblem({ type: P + kind, title: kind, status, detail: `detail of ${kind}`, ...(field ? { field } : {}) });

describe('verdict', () => {
  test('says the decision and the probability of that decision', () => {
    expect(verdict({ match: true, probability: 0.973, distance: 0.3, threshold: 0.6 })).toMatchObject({
      title: 'Same person — 97% probability',
      tone: 'match',
    });
    expect(verdict({ match: false, probability: 0.04, distance: 0.9, threshold: 0.6 })).toMatchObject({
      title: 'Different people — 96% probability',
      tone: 'no-match',
    });
  });

  test('never claims certainty', () => {
    expect(percent(1)).toBe('>99%');
    expect(percent(0.9951)).toBe('>99%');
    expect(percent(0.001)).toBe('<1%');
    expect(percent(0.5)).toBe('50%');
    expect(verdict({ match: true, probability: 1, distance: 0.2, threshold: 0.62 }).title).toBe('Same person — >99% probability');
  });

  test('the expert details never claim certainty either (the API rounds to 4 decimals)', () => {
    expect(expertPercent(1)).toBe('> 99.99 %');
    expect(expertPercent(0)).toBe('< 0.01 %');
    expect(expertPercent(0.9999)).toBe('99.99 %');
    expect(expertPercent(0.0001)).toBe('0.01 %');
    expect(expertPercent(0.973)).toBe('97.30 %');
    expect(expertPercent(Number.NaN)).toBe('–');
  });

  test('the wording follows the probability of the decision: 90% is likely, not a close call', () => {
    const at = (probability: number, match = probability >= 0.5) => verdict({ match, probability, distance: 0.5, threshold: 0.6 });
    // The case from the walk-through: a clear probability right by the threshold is not "a close call".
    expect(verdict({ match: true, probability: 0.9, distance: 0.59, threshold: 0.6 })).toMatchObject({
      title: 'Same person — 90% probability',
      tone: 'match',
      summary: expect.stringMatching(/probably show the same person/),
    });
    expect(at(0.1)).toMatchObject({
      title: 'Different people — 90% probability',
      tone: 'no-match',
      summary: expect.stringMatching(/probably/),
    });
    for (const p of [0.75, 0.8, 0.9, 0.949]) expect(at(p).summary, String(p)).not.toMatch(/close call/i);
    expect(at(0.95).summary).toMatch(/very likely/);
    expect(at(0.999).summary).toMatch(/very likely/);
    expect(at(0.01).summary).toMatch(/differ more than/);
    // Below 75 %: a close call, either way.
    for (const p of [0.5, 0.6, 0.74])
      expect(at(p), String(p)).toMatchObject({ tone: 'uncertain', summary: expect.stringMatching(/close call/) });
    expect(at(0.3)).toMatchObject({ title: 'Different people — 70% probability', tone: 'uncertain' });
  });

  test('a decision against its probability is too close to call, and says which way each leans', () => {
    const disagree = verdict({ match: true, probability: 0.45, distance: 0.5, threshold: 0.62 });
    expect(disagree).toMatchObject({ title: 'Too close to call — 45% probability of the same person', tone: 'uncertain' });
    expect(disagree.summary).toMatch(/just similar enough .* leans the other way/);
    const reverse = verdict({ match: false, probability: 0.6, distance: 0.63, threshold: 0.62 });
    expect(reverse).toMatchObject({ title: 'Too close to call — 60% probability of the same person', tone: 'uncertain' });
    expect(reverse.summary).toMatch(/just too different/);
  });
});

describe('warnings and quality in plain words', () => {
  const faces = {
    a: { box: { x: 0, y: 0, width: 1, height: 1 }, score: 0.9, quality: { issues: [] }, faces_found: 1 },
    b: { box: { x: 0, y: 0, width: 1, height: 1 }, score: 0.9, quality: { issues: ['face_too_small', 'blurry'] }, faces_found: 3 },
  };

  test('the API warnings', () => {
    expect(
      warningText({ field: 'b', code: 'multiple_faces', detail: "Photo 'b' has 3 faces; the largest (index 0) was used." }, faces),
    ).toBe(
      'Photo B shows 3 faces: the largest was compared. If that is not the right face, choose another on the photo below, or crop the photo to one person.',
    );
    expect(warningText({ field: 'a', code: 'extreme_pose', detail: '…' })).toBe(
      'Photo A: the face is turned away — use a photo that faces the camera',
    );
  });

  test('every quality issue the API names has a sentence', () => {
    for (const code of QUALITY_ISSUES) expect(issueText(code)).toMatch(/ — /);
    expect(issueText('face_too_small')).toBe('the face is small — use a closer photo');
  });

  test('a quality issue reported as a warning and on the face is said once', () => {
    const notes = resultNotes({
      faces,
      warnings: [
        { field: 'b', code: 'multiple_faces', detail: '…' },
        { field: 'b', code: 'face_too_small', detail: '…' },
        { field: 'b', code: 'blurry', detail: '…' },
      ],
    } as never);
    expect(notes).toEqual([
      'Photo B shows 3 faces: the largest was compared. If that is not the right face, choose another on the photo below, or crop the photo to one person.',
      'Photo B: the face is small — use a closer photo',
      'Photo B: the photo is blurry — use a sharper photo',
    ]);
  });

  test('the caption names the compared face, and whether the visitor chose it', () => {
    expect(faceCaption({ index: 0, faces_found: 1 })).toBe('face found');
    expect(faceCaption({ index: 0, faces_found: 3 })).toBe('3 faces found, face 1 (the largest, outlined) was compared');
    expect(faceCaption({ index: 2, faces_found: 3 }, true)).toBe('3 faces found, face 3 (your choice, outlined) was compared');
  });

  test('model names', () => {
    expect(modelName({ id: 'dlib-face-encoder', version: '1' })).toBe('dlib-face-encoder 1');
  });
});

describe('problems', () => {
  test('one message per type, naming the photo', () => {
    expect(problemMessage(problem('no-face', 422, 'b')).title).toBe('No face found in Photo B');
    expect(problemMessage(problem('no-face', 422, 'a'))).toMatchObject({ photo: 'a', title: 'No face found in Photo A' });
    expect(problemMessage(problem('no-face', 422)).title).toBe('No face found in one of the photos');
    expect(problemMessage(problem('unsupported-image', 415, 'a')).title).toBe('Photo A is in a format that can’t be read');
    expect(problemMessage(problem('invalid-image', 422, 'b')).title).toBe('Photo B looks damaged or incomplete');
    expect(problemMessage(problem('image-too-large', 413, 'a')).title).toBe('Photo A has too many pixels');
    expect(problemMessage(problem('payload-too-large', 413)).title).toBe('The photos are too large to upload');
    expect(problemMessage(problem('missing-image', 400, 'b')).title).toBe('Photo B is missing');
    expect(problemMessage(problem('face-not-found', 422, 'a_face'))).toMatchObject({
      photo: 'a',
      title: 'The chosen face is not in Photo A',
    });
    expect(problemMessage(problem('internal', 500)).title).toBe('Something went wrong on our side');
    expect(problemMessage(problem('rate-limited', 429)).title).toBe('Too many requests');
    for (const kind of [
      'no-face',
      'unsupported-image',
      'invalid-image',
      'image-too-large',
      'payload-too-large',
      'missing-image',
      'internal',
    ]) {
      expect(problemMessage(problem(kind, 422, 'a')).advice.length, kind).toBeGreaterThan(10);
    }
  });

  test('an empty field says why: a refused file keeps its reason rather than becoming "missing"', () => {
    // Nothing chosen at all.
    const none = missingMessage(['a', 'b']);
    expect(none).toMatchObject({ photo: 'a', missing: true, title: 'Choose two photos' });
    expect(fixLinkText(none)).toBe('Choose photo A');
    // One never chosen.
    const b = missingMessage(['b']);
    expect(b).toMatchObject({ photo: 'b', missing: true, title: 'Photo B is missing' });
    expect(fixLinkText(b)).toBe('Choose photo B');
    // Photo B's file was refused, then Verify pressed: the reason stays, and the link asks for another.
    const refusedB = missingMessage(['b'], { b: unreadableMessage('b') });
    expect(refusedB.title).toBe('Photo B can’t be opened');
    expect(refusedB.missing).toBeFalsy();
    expect(fixLinkText(refusedB)).toBe('Choose another photo B');
    // Refused A and never-chosen B: A's reason, and B mentioned.
    const both = missingMessage(['a', 'b'], { a: unreadableMessage('a') });
    expect(both).toMatchObject({ photo: 'a', title: 'Photo A can’t be opened' });
    expect(both.advice).toMatch(/Photo B is missing too\.$/);
    // The API's own "missing" names a photo to choose, not another one.
    expect(fixLinkText(problemMessage(problem('missing-image', 400, 'b')))).toBe('Choose photo B');
    expect(fixLinkText(problemMessage(problem('no-face', 422, 'a')))).toBe('Choose another photo A');
  });

  test('fields name photos', () => {
    expect(['a', 'b', 'a_face', 'b_box', 'faces.a', 'B'].map(photoOfField)).toEqual(['a', 'b', 'a', 'b', 'a', 'b']);
    expect(['image', 'about', 'ab', undefined].map(photoOfField)).toEqual([undefined, undefined, undefined, undefined]);
  });

  test('problem+json is parsed; anything else becomes a problem from the status', () => {
    const p = parseProblem(
      422,
      'application/problem+json',
      JSON.stringify({ type: `${P}no-face`, title: 'No face', status: 422, detail: 'd', field: 'b' }),
    );
    expect(p).toMatchObject({ type: `${P}no-face`, status: 422, field: 'b' });
    expect(problemKind(p.type)).toBe('no-face');
    expect(parseProblem(502, 'text/html', '<h1>Bad gateway</h1>')).toMatchObject({ type: 'about:blank', status: 502 });
    expect(parseProblem(500, 'application/json', 'not json')).toMatchObject({ status: 500 });
  });

  test('a 200 answer without faces is refused rather than drawn wrong', () => {
    expect(() => parseVerifyResult({ match: true })).toThrow(ApiProblem);
    const ok = {
      match: true,
      distance: 0.2,
      threshold: 0.6,
      probability: 0.9,
      faces: { a: { box: { x: 1, y: 2, width: 3, height: 4 } }, b: { box: { x: 1, y: 2, width: 3, height: 4 } } },
      model: { id: 'm', version: '1' },
    };
    expect(parseVerifyResult(ok)).toBe(ok);
  });
});

describe('downscale target', () => {
  test('longest side at most 2048 px, aspect kept, small photos untouched', () => {
    expect(fitWithin(4000, 3000)).toEqual({ width: 2048, height: 1536 });
    expect(fitWithin(3000, 4000)).toEqual({ width: 1536, height: 2048 });
    expect(fitWithin(4032, 3024)).toEqual({ width: 2048, height: 1536 });
    expect(fitWithin(1200, 800)).toEqual({ width: 1200, height: 800 });
    expect(fitWithin(20000, 10)).toEqual({ width: 2048, height: 1 });
  });
});
