// Which detected face a request means, when a photo has several. Faces come from detect.ts sorted
// most prominent first (visible area x score), so with no choice that face is used; a caller can instead give a 0-based
// index into that order, or a box (e.g. one it drew or got from /v1/faces/detect), which picks the
// detection overlapping it most.
import { boxIou, type Box, type DetectedFace } from './types';

export type FaceChoice = { index: number } | { box: Box };

export type FacePick = { index: number } | { error: 'index-out-of-range' | 'no-overlap'; detail: string };

/** Minimum IoU for a box to name a detection: below it the box is about some other region. */
export const MIN_CHOICE_IOU = 0.1;

export function pickFace(faces: readonly DetectedFace[], choice?: FaceChoice): FacePick {
  if (faces.length === 0) return { error: 'index-out-of-range', detail: 'no face was found' };
  if (!choice) return { index: 0 };
  if ('index' in choice) {
    if (Number.isInteger(choice.index) && choice.index >= 0 && choice.index < faces.length) return { index: choice.index };
    return {
      error: 'index-out-of-range',
      detail: `face index ${choice.index} is out of range: ${faces.length} face(s) found (indices 0..${faces.length - 1}, most prominent first)`,
    };
  }
  let best = -1;
  let bestIou = 0;
  faces.forEach((f, i) => {
    const overlap = boxIou(f.box, choice.box);
    if (overlap > bestIou) [best, bestIou] = [i, overlap];
  });
  if (best < 0 || bestIou < MIN_CHOICE_IOU) {
    const b = choice.box;
    return {
      error: 'no-overlap',
      detail: `no detected face overlaps the box x=${b.x}, y=${b.y}, width=${b.width}, height=${b.height} (best IoU ${bestIou.toFixed(2)}, need ${MIN_CHOICE_IOU})`,
    };
  }
  return { index: best };
}
