// @vitest-environment node
// The recognize page's words, without a browser: the threshold for N people in plain words, one
// sentence per face (named, or unknown and why), the headline, which enrolment face was used, and the
// answer checks. (The page itself is tested in Chromium by test/browser/recognize.test.ts.)
import { describe, expect, test } from 'vitest';
import { parseEmbedding, parseIdentification, type IdentifiedFace, type Threshold } from '../../../site/src/scripts/recognize/api';
import {
  distanceText,
  faceLabel,
  faceSentence,
  oneIn,
  percent,
  resultTitle,
  thresholdText,
  usedFaceText,
} from '../../../site/src/scripts/recognize/words';
import { ApiProblem } from '../../../site/src/scripts/shared/problem';

const box = (x: number) => ({ x, y: 10, width: 100, height: 100 });
const threshold = (over: Partial<Threshold> = {}): Threshold => ({
  value: 0.590762,
  rule: 'verification',
  max_false_identity_rate: 0.05,
  compared: 3,
  per_comparison_far: 0.00663,
  expected_false_identity_rate: 0.0197,
  ...over,
});
const face = (identity: IdentifiedFace['identity'], candidates: IdentifiedFace['candidates'], x = 0): IdentifiedFace =>
  ({ box: box(x), score: 0.9, landmarks: {}, quality: { issues: [] }, identity, candidates }) as unknown as IdentifiedFace;

describe('numbers in words', () => {
  test('rates as "1 time in N", distances with a third decimal only near the bar', () => {
    expect(oneIn(0.05)).toBe('1 time in 20');
    expect(oneIn(0.001)).toBe('1 time in 1,000');
    expect(oneIn(0.0197)).toBe('1 time in 51');
    expect(oneIn(0)).toBe('never');
    expect(distanceText(0.4321)).toBe('0.43');
    expect(distanceText(0.5861, 0.590762)).toBe('0.586');
    expect(distanceText(0.7, 0.590762)).toBe('0.70');
    expect(percent(0.999)).toBe('>99%');
    expect(percent(0.42)).toBe('42%');
  });
});

describe('the threshold for this many people', () => {
  test('with few people: the verification bar, the expected rate and the target', () => {
    const text = thresholdText(threshold());
    expect(text).toContain('A face counts as one of your people only if its distance to them is 0.59 or less');
    expect(text).toContain('With 3 people enrolled, a stranger is wrongly given one of the names about 1 time in 51 at this bar');
    expect(text).toContain('at most 1 time in 20');
  });

  test('with more people: the lowered bar', () => {
    const text = thresholdText(threshold({ value: 0.5827, rule: 'collection-size', compared: 10, expected_false_identity_rate: 0.05 }));
    expect(text).toContain('With 10 people enrolled, the bar is lowered to 0.58');
    expect(text).toContain('at most 1 time in 20');
  });
});

describe('faces in words', () => {
  const t = threshold();
  test('a named face: the distance under the bar and the probability', () => {
    const named = face({ person: 1, name: 'Ada', distance: 0.31, probability: 0.98 }, [
      { person: 1, name: 'Ada', distance: 0.31, probability: 0.98, match: true },
    ]);
    expect(faceSentence(named, t)).toEqual({
      who: 'Ada',
      why: 'Distance 0.31 to Ada, under the bar of 0.59 (98% probability that it is the same person).',
    });
  });

  test('an unknown face: the closest person, over the bar', () => {
    const unknown = face(null, [{ person: 0, name: 'Bo', distance: 0.595, probability: 0.4, match: false }]);
    expect(faceSentence(unknown, t)).toEqual({
      who: 'unknown',
      why: 'The closest of your people is Bo, at distance 0.595: over the bar of 0.591, so this face is not counted as anyone you enrolled.',
    });
  });

  test('headlines, labels by position, and the enrolment face used', () => {
    const known = face({ person: 0, name: 'Ada', distance: 0.2, probability: 0.99 }, [], 0);
    const stranger = face(null, [], 600);
    expect(resultTitle({ faces: [] })).toBe('No face found in this photo');
    expect(resultTitle({ faces: [stranger] })).toBe('Found 1 face: unknown');
    expect(resultTitle({ faces: [known] })).toBe('Found 1 face: Ada');
    expect(resultTitle({ faces: [known, stranger, stranger] })).toBe('Found 3 faces: Ada and 2 unknown');
    expect(faceLabel(1, stranger.box, { faces: [known, stranger], width: 720 })).toBe('Face 2 (right)');
    expect(faceLabel(0, known.box, { faces: [known], width: 720 })).toBe('The face');
    expect(usedFaceText(1)).toBe('The only face in the photo was used.');
    expect(usedFaceText(3)).toContain('The photo shows 3 faces; the most prominent one');
  });
});

describe('answer checks', () => {
  test('refuse what is not an embed or identify answer', () => {
    expect(() => parseEmbedding({ faces: [{}] })).toThrow(ApiProblem);
    expect(() => parseIdentification({ faces: [] })).toThrow(ApiProblem);
    const ok = { width: 1, height: 1, faces: [], threshold: threshold(), model: { id: 'm', version: '1' } };
    expect(parseIdentification(ok)).toBe(ok);
  });
});
