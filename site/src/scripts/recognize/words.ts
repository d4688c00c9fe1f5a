// The recognize page's words, pure functions (tested without a browser in
// test/unit/site/recognize-wording.test.ts): the threshold in plain words, one sentence per face,
// which face of an enrolment photo was used, and one message per problem.
import { NETWORK_PROBLEM, type ApiProblem } from '../shared/problem';
import type { Box, Identification, IdentifiedFace, QualityIssue, Threshold } from './api';

/** 0.973 -> "97%", never claiming 0% or 100%. */
export function percent(p: number): string {
  if (!Number.isFinite(p)) return '–';
  if (p >= 0.995) return '>99%';
  if (p < 0.005) return '<1%';
  return `${Math.round(p * 100)}%`;
}

/** A distance as the page shows it: 2 decimals, 3 when it is within 0.01 of the threshold (so "0.59 vs 0.59" never appears). */
export function distanceText(d: number, threshold?: number): string {
  return threshold !== undefined && Math.abs(d - threshold) < 0.01 ? d.toFixed(3) : d.toFixed(2);
}

/** A rate as "1 time in N": 0.05 -> "1 time in 20", 0.001 -> "1 time in 1,000". */
export function oneIn(rate: number): string {
  if (!(rate > 0)) return 'never';
  const n = Math.round(1 / rate);
  return n <= 1 ? 'almost every time' : `1 time in ${n.toLocaleString('en-US')}`;
}

const peopleCount = (n: number) => `${n} ${n === 1 ? 'person' : 'people'}`;

/**
 * Why a face is named or not, for this many people: the bar (threshold) and what it means for
 * strangers. With few people the 1:1 verification threshold already keeps strangers under the
 * target; with more, the bar is lowered (the API's `rule` says which).
 */
export function thresholdText(t: Threshold): string {
  const bar = `A face counts as one of your people only if its distance to them is ${distanceText(t.value)} or less (0 would be the same photo; different photos of one person usually come out under 0.5).`;
  const target = oneIn(t.max_false_identity_rate);
  const expected = t.expected_false_identity_rate;
  const withN = `With ${peopleCount(t.compared)} enrolled`;
  if (t.rule === 'verification') {
    const now = expected === null ? '' : ` a stranger is wrongly given one of the names about ${oneIn(expected)} at this bar;`;
    return `${bar} ${withN},${now} the bar is set so that this stays at most ${target} (a stranger is compared with everyone, so with more people it gets stricter).`;
  }
  return `${bar} ${withN}, the bar is lowered to ${distanceText(t.value)} so that a stranger, who is compared with everyone, is wrongly given one of the names at most ${target}.`;
}

/** Where a face is in the photo, for a photo with several: "left", "middle", "right". */
export function facePosition(box: Box, width: number): string {
  const centre = (box.x + box.width / 2) / width;
  return centre < 1 / 3 ? 'left' : centre > 2 / 3 ? 'right' : 'middle';
}

/** "Face 2 (left)" — the number is the API's order (most prominent first). */
export function faceLabel(index: number, box: Box, answer: Pick<Identification, 'faces' | 'width'>): string {
  return answer.faces.length > 1 ? `Face ${index + 1} (${facePosition(box, answer.width)})` : 'The face';
}

/** One face's result in words: its name or "unknown", and why, against the threshold. */
export function faceSentence(face: IdentifiedFace, threshold: Threshold): { who: string; why: string } {
  const bar = threshold.value;
  if (face.identity) {
    const { name, distance, probability } = face.identity;
    return {
      who: name,
      why: `Distance ${distanceText(distance, bar)} to ${name}, under the bar of ${distanceText(bar, distance)} (${percent(probability)} probability that it is the same person).`,
    };
  }
  const nearest = face.candidates[0];
  if (!nearest) return { who: 'unknown', why: 'There was no one to compare it with.' };
  return {
    who: 'unknown',
    why: `The closest of your people is ${nearest.name}, at distance ${distanceText(nearest.distance, bar)}: over the bar of ${distanceText(bar, nearest.distance)}, so this face is not counted as anyone you enrolled.`,
  };
}

/** The result's headline: "Found 3 faces: Ada and 2 unknown", "Found 1 face: unknown". */
export function resultTitle(answer: Pick<Identification, 'faces'>): string {
  const n = answer.faces.length;
  if (n === 0) return 'No face found in this photo';
  const names = answer.faces.flatMap((f) => (f.identity ? [f.identity.name] : []));
  const unknown = n - names.length;
  const parts = [...names, ...(unknown ? [unknown === 1 && n === 1 ? 'unknown' : `${unknown} unknown`] : [])];
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : parts[0];
  return `Found ${n} ${n === 1 ? 'face' : 'faces'}: ${list}`;
}

/** Which face of an enrolment photo was used, in words. */
export function usedFaceText(found: number): string {
  return found === 1
    ? 'The only face in the photo was used.'
    : `The photo shows ${found} faces; the most prominent one (the largest, clearest) was used, as outlined.`;
}

const ISSUE_TEXT: Record<QualityIssue, string> = {
  face_too_small: 'the face is small — a closer photo recognises better',
  blurry: 'the photo is blurry — a sharper photo recognises better',
  extreme_pose: 'the face is turned away — a photo facing the camera recognises better',
  too_dark: 'the photo is dark — a brighter photo recognises better',
  too_bright: 'the photo is very bright — avoid strong light on the face',
};

/** "the face is small — a closer photo recognises better" */
export const issueText = (code: QualityIssue): string => ISSUE_TEXT[code] ?? code.replace(/_/g, ' ');

export interface Message {
  title: string;
  advice: string;
}

/** A clear message per problem type; `what` names the photo ("this person's photo", "the photo to identify"). */
export function problemMessage(p: ApiProblem, what: string): Message {
  switch (p.kind) {
    case 'unsupported-image':
    case 'unsupported-media-type':
      return { title: `The format of ${what} can’t be read`, advice: 'Use a JPEG, PNG or WebP photo.' };
    case 'invalid-image':
      return { title: `${capital(what)} looks damaged or incomplete`, advice: 'Choose another photo, or save this one again.' };
    case 'payload-too-large':
    case 'image-too-large':
      return { title: `${capital(what)} is too large`, advice: 'Use a smaller photo (at most about 6 megapixels).' };
    case 'model-mismatch':
      return {
        title: 'Your people were enrolled with an older model',
        advice: 'The face model was updated since. Remove everyone and enrol them again.',
      };
    case 'rate-limited':
      return { title: 'Too many requests', advice: 'Please wait a minute, then try again.' };
    case NETWORK_PROBLEM:
      return { title: 'The server could not be reached', advice: 'Check your connection and try again.' };
    default:
      if (p.status === 429) return { title: 'Too many requests', advice: 'Please wait a minute, then try again.' };
      if (p.status >= 500 || p.status === 0)
        return { title: 'Something went wrong on our side', advice: 'Nothing was stored. Please try again in a moment.' };
      return { title: p.problem.title || 'The request was not accepted', advice: p.problem.detail || 'Please try again.' };
  }
}

const capital = (s: string) => s[0].toUpperCase() + s.slice(1);
