// Stage: how good a detected face is as verification input, so a client can ask for a better photo
// instead of trusting a doubtful answer. Measured on what the encoder sees where it matters:
//  - size_px:    the longer side of the face box, in pixels of the image the face was found in;
//  - brightness, sharpness: on the central 96x96 of the aligned 150x150 chip (brows to chin, little
//    background) with the image-stats model (variance of the 4-neighbour Laplacian of luma, mean and
//    standard deviation of luma), so one implementation of the measures serves photos and faces;
//  - pose:       yaw, pitch, roll in degrees, estimated from the keypoints (below).
// Thresholds and the measurements behind them: QUALITY_THRESHOLDS.
import type { InferenceRuntime } from '../../runtime/types';
import { measureImageStats } from '../image-stats';
import { CHIP_SIZE, CHIP_TEMPLATE, type AlignedFace } from './align';
import type { DetectedFace } from './types';

/** Reasons a face may be a poor input, in the order qualityIssues reports them: the one list the API's enums are built from. */
export const QUALITY_ISSUES = ['face_too_small', 'blurry', 'extreme_pose', 'too_dark', 'too_bright'] as const;
export type QualityIssue = (typeof QUALITY_ISSUES)[number];

/** Each issue as the end of "The face used …", for answers' warnings (verify, identify). */
export const QUALITY_ISSUE_TEXT: Record<QualityIssue, string> = {
  face_too_small: 'is too small (move closer or crop)',
  blurry: 'is blurred',
  extreme_pose: 'is turned too far from the camera',
  too_dark: 'is too dark',
  too_bright: 'is too bright',
};

export interface HeadPose {
  /** Left-right turn: positive when the nose points to the image's right (the subject's left). */
  yaw: number;
  /** Up-down tilt: positive when the subject looks up (chin raised). */
  pitch: number;
  /** In-plane rotation: positive when the face is turned clockwise in the image. */
  roll: number;
}

export interface FaceQuality {
  size_px: number;
  /** Mean luma of the face, 0 (black) .. 1 (white). */
  brightness: number;
  /**
   * Variance of the Laplacian of the face's luma divided by the variance of its luma, on the aligned
   * chip: detail relative to contrast, so a dim or low-contrast face is not mistaken for a blurred
   * one (the raw variance of the Laplacian falls 4x when a face is half as bright). Higher is sharper.
   */
  sharpness: number;
  pose: HeadPose;
  issues: QualityIssue[];
}

/**
 * When a face gets an issue. Measured on 300 LFW View 1 DevTrain pairs (150 same, 150 different;
 * faces about 110 px) by degrading photo b of each pair and re-running the product pipeline
 * (threshold 0.6): accuracy 97.3 % as is. Synthetic degradations, so they bound rather than
 * reproduce real ones (real low light also adds noise, real blur is rarely Gaussian).
 * Reproduce with `npm run faces:quality` (scripts/measure-face-quality.ts; needs ../shared/data).
 */
export const QUALITY_THRESHOLDS = {
  /**
   * face_too_small below 32 px: faces downscaled to 64/48/36 px kept 97.7/97.0/97.0 % accuracy, at
   * 28 px 95.3 % and at 20 px 90.0 % (same-person recall 0.82). The chip is then mostly upsampled.
   */
  minSizePx: 32,
  /**
   * blurry below 0.003: Gaussian blur of sigma 1/2/3/4 px gave 98.0/96.3/90.7/79.1 % accuracy, with
   * median sharpness 0.014/0.0045/0.0024/0.0017; unblurred faces have median 0.037 and minimum 0.008,
   * so the flag catches most sigma-3 faces and no sharp one.
   */
  minSharpness: 0.003,
  /**
   * extreme_pose above |yaw| 45 or |pitch| 30 degrees. Not measured against accuracy: LFW has almost
   * no such faces (99th percentile of |yaw| 28 degrees). Past about 45 degrees the far eye is hidden,
   * the keypoints (and so the alignment) become guesses, and frontal-to-profile matching is known
   * to fail far more often. Roll is not limited: alignment undoes it.
   */
  maxYaw: 45,
  maxPitch: 30,
  /**
   * too_dark below 0.10 mean luma: uniform darkening kept accuracy down to a face luma of 0.06
   * (97.0 %) and lost it at 0.035 (89.4 %, 8-bit quantisation, 7 faces not found); real low light
   * adds noise, hence the margin. The darkest well-lit faces in the sample are at 0.24 (dark skin in
   * ordinary light), far above it: skin tone alone does not trigger the flag.
   */
  minBrightness: 0.1,
  /**
   * too_bright above 0.85: brightening to a face luma of 0.75/0.85/0.93 gave 96.3/96.0/95.1 % with
   * 0/1/13 faces lost; the brightest natural face in the sample is 0.76.
   */
  maxBrightness: 0.85,
} as const;

/**
 * The chip region measured: brows to chin, cheek to cheek. 96x96 from (27, 27) in a chip with dlib's
 * padding 0.25 (template eyes at x 47.5/100.5, y 46.6; mouth y 105.4), scaled with the template
 * about the chip centre (75, 75) so it covers the same part of the face at any CHIP_PADDING.
 */
const FACE_REGION = (() => {
  const scale = (CHIP_TEMPLATE[1][0] - CHIP_TEMPLATE[0][0]) / (100.476 - 47.549);
  const size = Math.min(CHIP_SIZE, Math.round(96 * scale));
  const at = Math.max(0, Math.round(75 - 48 * scale));
  return { x: at, y: at, size: Math.min(size, CHIP_SIZE - at) };
})();

// Pose from four keypoints, with a rigid-face model: the nose tip stands in front of the plane of
// the eyes and mouth. Turning by yaw moves the projected nose tip sideways by depth*sin(yaw) while
// the eyes' projected distance shrinks by cos(yaw), so nose offset / eye distance =
// NOSE_PROTRUSION * tan(yaw); pitch likewise against the eye-mouth distance, from the frontal nose
// height NOSE_LEVEL. Both constants are BlazeFace's, fitted on 443 LFW faces: NOSE_LEVEL is the
// median (0.514; dlib's template says 0.509), NOSE_PROTRUSION the median of offset / tan(yaw) over
// the 216 turned faces, with yaw from the eyes' foreshortening (0.91, interquartile 0.67 upwards:
// estimates are good to about +-10 degrees, enough to tell a profile from a frontal face).
const NOSE_PROTRUSION = 0.9;
const NOSE_LEVEL = 0.514;
/** Eye-to-mouth distance in interocular units (dlib's chip template). */
const EYE_MOUTH = (105.422 - 46.599) / (100.476 - 47.549);

const degrees = (radians: number) => (radians * 180) / Math.PI;

export function estimatePose(face: DetectedFace): HeadPose {
  const { right_eye: re, left_eye: le, nose, mouth } = face.landmarks;
  const roll = Math.atan2(le.y - re.y, le.x - re.x);
  // Rotate into the face's frame (eye line horizontal), origin between the eyes.
  const [cx, cy] = [(re.x + le.x) / 2, (re.y + le.y) / 2];
  const [cos, sin] = [Math.cos(-roll), Math.sin(-roll)];
  const local = (p: { x: number; y: number }): [number, number] => [
    (p.x - cx) * cos - (p.y - cy) * sin,
    (p.x - cx) * sin + (p.y - cy) * cos,
  ];
  const eyes = Math.hypot(le.x - re.x, le.y - re.y);
  const [noseX, noseY] = local(nose);
  const [, mouthY] = local(mouth);
  if (!(eyes > 0) || !(mouthY > 0)) return { yaw: 0, pitch: 0, roll: round1(degrees(roll)) };
  const yaw = Math.atan(noseX / eyes / NOSE_PROTRUSION);
  const pitch = Math.atan(((NOSE_LEVEL - noseY / mouthY) * EYE_MOUTH) / NOSE_PROTRUSION);
  return { yaw: round1(degrees(yaw)), pitch: round1(degrees(pitch)), roll: round1(degrees(roll)) };
}

const round1 = (v: number) => Math.round(v * 10) / 10 || 0;

/** The chip's face region as 8-bit RGB, for the image-stats model. */
function faceRegion(chip: Float32Array): { width: number; height: number; data: Uint8Array } {
  const { x, y, size } = FACE_REGION;
  const data = new Uint8Array(size * size * 3);
  for (let r = 0; r < size; r++) {
    const from = ((y + r) * CHIP_SIZE + x) * 3;
    for (let i = 0; i < size * 3; i++) data[r * size * 3 + i] = Math.round(chip[from + i]);
  }
  return { width: size, height: size, data };
}

/** The issues a measured face has, in a fixed order. */
export function qualityIssues(q: Omit<FaceQuality, 'issues'>, t: typeof QUALITY_THRESHOLDS = QUALITY_THRESHOLDS): QualityIssue[] {
  const issues: QualityIssue[] = [];
  if (q.size_px < t.minSizePx) issues.push('face_too_small');
  if (q.sharpness < t.minSharpness) issues.push('blurry');
  if (Math.abs(q.pose.yaw) > t.maxYaw || Math.abs(q.pose.pitch) > t.maxPitch) issues.push('extreme_pose');
  if (q.brightness < t.minBrightness) issues.push('too_dark');
  if (q.brightness > t.maxBrightness) issues.push('too_bright');
  return issues;
}

export async function assessQuality(runtime: InferenceRuntime, face: DetectedFace, aligned: AlignedFace): Promise<FaceQuality> {
  const stats = await measureImageStats(runtime, faceRegion(aligned.chip));
  const measured = {
    size_px: Math.round(Math.max(face.box.width, face.box.height)),
    brightness: stats.brightness,
    sharpness: stats.contrast > 0 ? stats.sharpness / (stats.contrast * stats.contrast) : 0,
    pose: estimatePose(face),
  };
  return { ...measured, issues: qualityIssues(measured) };
}
