// Shapes shared by the face pipeline stages. They are also the API's JSON shapes (snake_case names),
// so routes serialise stage results as they are.
//
// Coordinates: image pixels of the RgbImage the stage was given, x to the right and y down, with
// pixel edges at integers (pixel (i, j) covers [i, i+1) x [j, j+1)), the convention of <canvas>.

export type Point = [number, number];

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * BlazeFace's six keypoints. "right" is the subject's right, which is the image's left in an
 * unmirrored photo. `nose` is the nose tip, `mouth` the mouth centre, the ears are the tragions.
 */
export const LANDMARK_NAMES = ['right_eye', 'left_eye', 'nose', 'mouth', 'right_ear', 'left_ear'] as const;
export type LandmarkName = (typeof LANDMARK_NAMES)[number];
export type Landmarks = Record<LandmarkName, { x: number; y: number }>;

/** One face found by the detector. */
export interface DetectedFace {
  box: Box;
  /** Detector confidence, 0..1. */
  score: number;
  landmarks: Landmarks;
}

export const boxArea = (b: Box): number => b.width * b.height;

export function boxIou(a: Box, b: Box): number {
  const w = Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x));
  const h = Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
  const inter = w * h;
  const union = boxArea(a) + boxArea(b) - inter;
  return union > 0 ? inter / union : 0;
}

/** Landmarks as points, in LANDMARK_NAMES order. */
export const landmarkPoints = (l: Landmarks): Point[] => LANDMARK_NAMES.map((n) => [l[n].x, l[n].y]);
