// Stage: detect faces with BlazeFace (MediaPipe, back-camera model, 256x256).
//   RgbImage -> letterbox to 256x256 -> blazeface-back -> score threshold + NMS -> DetectedFace[]
// in the image's pixel coordinates. Also the output contract of the converted model, shared with the
// model build (models/faces/build) and its tests: this is the one implementation of the decoding.
//
// The converted model (models/faces/blazeface-back.onnx) decodes the anchors in-graph:
//   scores    [N, 896]       sigmoid probability that anchor i holds a face
//   boxes     [N, 896, 4]    x1, y1, x2, y2, normalised 0..1 to the 256x256 model input
//   keypoints [N, 896, 6, 2] x, y normalised 0..1 to the model input, in MediaPipe order (KEYPOINTS)
// What remains here is a score threshold, non-maximum suppression and mapping back to the image.
import type { RgbImage } from '../../image/types';
import type { InferenceRuntime, TensorValue } from '../../runtime/types';
import { warpAffine } from './align';
import { LANDMARK_NAMES, boxIou, type DetectedFace, type Landmarks, type Point } from './types';

export const DETECTOR_MODEL = 'blazeface-back';
export const DETECTOR_INPUT_SIZE = 256;
export const ANCHOR_COUNT = 896;

/** MediaPipe BlazeFace keypoint order (same order as LANDMARK_NAMES); "right" is the subject's right. */
export const KEYPOINTS = ['rightEye', 'leftEye', 'noseTip', 'mouthCentre', 'rightEarTragion', 'leftEarTragion'] as const;

/**
 * Anchor centres in input pixels, in output order: a 16x16 grid (stride 16) with 2 anchors per
 * cell, then an 8x8 grid (stride 32) with 6 per cell; row-major, anchors of a cell adjacent.
 * Same as Human's facemeshutil.generateAnchors(256) and MediaPipe's SSD anchor options for the
 * back model (anchor size fixed to 1, offsets 0.5). Used by the model build (decoding in-graph).
 */
export function blazefaceAnchors(inputSize = DETECTOR_INPUT_SIZE): Float32Array {
  const spec: [number, number][] = [
    [inputSize / 16, 2],
    [inputSize / 8, 6],
  ];
  const out: number[] = [];
  for (const [stride, perCell] of spec) {
    const cells = Math.ceil(inputSize / stride);
    for (let gy = 0; gy < cells; gy++)
      for (let gx = 0; gx < cells; gx++) for (let k = 0; k < perCell; k++) out.push(stride * (gx + 0.5), stride * (gy + 0.5));
  }
  return Float32Array.from(out);
}

/** One raw detection, in the model's normalised input coordinates. */
export interface Detection {
  /** Index of the anchor in the model outputs. */
  anchor: number;
  score: number;
  /** x1, y1, x2, y2 normalised to the model input. */
  box: [number, number, number, number];
  /** Six [x, y] points normalised to the model input, in KEYPOINTS order. */
  keypoints: [number, number][];
}

export interface SelectOptions {
  minScore: number;
  iouThreshold: number;
  maxDetections: number;
}

/** Intersection over union of two x1, y1, x2, y2 boxes. */
export function iou(a: readonly number[], b: readonly number[]): number {
  const w = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
  const h = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  const inter = w * h;
  const union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
  return union > 0 ? inter / union : 0;
}

/**
 * Greedy hard NMS over one image's outputs (batch item `item`), as tf.image.nonMaxSuppression does
 * in Human: candidates above minScore by descending score (ties: lower index first), each kept
 * unless its IoU with an already kept box reaches iouThreshold.
 */
export function selectDetections(
  scores: Float32Array,
  boxes: Float32Array,
  keypoints: Float32Array,
  options: SelectOptions,
  item = 0,
): Detection[] {
  const base = item * ANCHOR_COUNT;
  const order: number[] = [];
  for (let i = 0; i < ANCHOR_COUNT; i++) if (scores[base + i] > options.minScore) order.push(i);
  order.sort((p, q) => scores[base + q] - scores[base + p] || p - q);
  const kept: Detection[] = [];
  for (const i of order) {
    if (kept.length >= options.maxDetections) break;
    const o = (base + i) * 4;
    const box: Detection['box'] = [boxes[o], boxes[o + 1], boxes[o + 2], boxes[o + 3]];
    if (kept.some((k) => iou(k.box, box) >= options.iouThreshold)) continue;
    const kp: [number, number][] = [];
    for (let k = 0; k < KEYPOINTS.length; k++) kp.push([keypoints[(base + i) * 12 + 2 * k], keypoints[(base + i) * 12 + 2 * k + 1]]);
    kept.push({ anchor: i, score: scores[base + i], box, keypoints: kp });
  }
  return kept;
}

/** The image scaled to fit a size x size square (aspect kept) and centred on black. */
export interface Letterbox {
  /** size x size x 3 float32 RGB 0..255 (HWC), the detector's input. */
  pixels: Float32Array;
  size: number;
  /** Where the scaled image starts inside the square, in model pixels (may be fractional). */
  offsetX: number;
  offsetY: number;
  /** Image pixels per model pixel, per axis (equal: the scale is uniform). */
  scaleX: number;
  scaleY: number;
}

/**
 * Pads the image to a centred square and resamples it to size x size with align.ts warpAffine:
 * bilinear, averaging k x k samples per model pixel when shrinking (no aliasing from a 1024 px
 * photo). Not image/resize.ts on purpose: its box filter bins at whole source pixels, which moves
 * keypoints by a fraction of a pixel, and both the committed int8 encoder's calibration chips
 * (test/unit/models/face-encoder-int8.test.ts rebuilds them) and the accuracy in the manifest were
 * made with this exact-geometry letterbox. resize.ts already does the big reduction, in decodeImage.
 */
export function letterbox(image: RgbImage, size = DETECTOR_INPUT_SIZE, zoomOut = 1): Letterbox {
  // zoomOut > 1 leaves a black margin: the photo fills 1/zoomOut of the square (close-ups, below).
  const side = Math.max(image.width, image.height) * zoomOut;
  const padX = (side - image.width) / 2;
  const padY = (side - image.height) / 2;
  const s = side / size;
  // model pixel centre x -> square coordinate (x + 0.5) * s - 0.5 -> image coordinate minus pad
  const pixels = warpAffine(image, [s, 0, 0.5 * s - 0.5 - padX, 0, s, 0.5 * s - 0.5 - padY], size, size);
  return { pixels, size, offsetX: padX / s, offsetY: padY / s, scaleX: s, scaleY: s };
}

/** Normalised model coordinates (0..1 of the square) -> image coordinates, pixel edges at integers. */
export function fromLetterbox(lb: Letterbox, p: readonly [number, number]): Point {
  return [(p[0] * lb.size - lb.offsetX) * lb.scaleX, (p[1] * lb.size - lb.offsetY) * lb.scaleY];
}

/** Like fromLetterbox, but with pixel centres at integers (the convention of align.ts warpAffine). */
export function toSourcePixels(lb: Letterbox, p: readonly [number, number]): Point {
  const [x, y] = fromLetterbox(lb, p);
  return [x - 0.5, y - 0.5];
}

export interface DetectOptions {
  /**
   * Minimum detector score. 0.5 (MediaPipe's default): on our 67-photo detection set it found
   * 147/155 faces with 6 extra, against 132/155 and 0 extra at 0.75 (models/faces/README.md).
   */
  minScore: number;
  /** NMS: a box overlapping a kept one by this IoU or more is the same face. */
  iouThreshold: number;
  maxFaces: number;
}

export const DEFAULT_DETECT_OPTIONS: DetectOptions = { minScore: 0.5, iouThreshold: 0.3, maxFaces: 20 };

/** The detector's input tensor for an image, and the letterbox to map its outputs back. */
export function detectorInput(image: RgbImage, zoomOut = 1): { input: TensorValue; letterbox: Letterbox } {
  const lb = letterbox(image, DETECTOR_INPUT_SIZE, zoomOut);
  return { input: { type: 'float32', data: lb.pixels, dims: [1, DETECTOR_INPUT_SIZE, DETECTOR_INPUT_SIZE, 3] }, letterbox: lb };
}

export interface DetectorOutputs {
  scores: Float32Array;
  boxes: Float32Array;
  keypoints: Float32Array;
}

/**
 * Thresholded, de-duplicated detections in image coordinates, most prominent first: callers that
 * want one face usually want the most prominent one, and index i then means "the i-th most
 * prominent face", which stays meaningful to a person looking at the photo. Prominence is the box's
 * visible area (clipped to the image, so a face cut by the frame edge counts only what shows) times
 * the detector score (so a weak detection - a poster, a half-hidden neighbour, a stray box - does
 * not win over a clear face of similar size); for faces of similar confidence it is "largest first".
 * Measured on LFW View 1 (4,992 photos whose subject is the centred face): ranking by the raw box
 * area picked another face than the centred one in 34 photos, by visible area in 9, by visible area
 * x score in 2; DevTest accuracy +0.3 and +0.1 points (models/faces/README.md, Evaluation).
 */
export function decodeDetections(outputs: DetectorOutputs, lb: Letterbox, options: DetectOptions = DEFAULT_DETECT_OPTIONS): DetectedFace[] {
  const detections = selectDetections(outputs.scores, outputs.boxes, outputs.keypoints, {
    minScore: options.minScore,
    iouThreshold: options.iouThreshold,
    maxDetections: options.maxFaces,
  });
  const faces = detections.map((d): DetectedFace => {
    const [x1, y1] = fromLetterbox(lb, [d.box[0], d.box[1]]);
    const [x2, y2] = fromLetterbox(lb, [d.box[2], d.box[3]]);
    const landmarks = {} as Landmarks;
    LANDMARK_NAMES.forEach((name, k) => {
      const [x, y] = fromLetterbox(lb, d.keypoints[k]);
      landmarks[name] = { x, y };
    });
    return { box: { x: x1, y: y1, width: x2 - x1, height: y2 - y1 }, score: d.score, landmarks };
  });
  // The image spans [0, (size - 2 offset) * scale] on each axis (offsets are in model pixels).
  return byProminence(faces, (lb.size - 2 * lb.offsetX) * lb.scaleX, (lb.size - 2 * lb.offsetY) * lb.scaleY);
}

/** Sorts faces most prominent first: visible box area (clipped to width x height) x score. */
function byProminence(faces: DetectedFace[], width: number, height: number): DetectedFace[] {
  const prominence = (f: DetectedFace) =>
    f.score *
    Math.max(0, Math.min(f.box.x + f.box.width, width) - Math.max(f.box.x, 0)) *
    Math.max(0, Math.min(f.box.y + f.box.height, height) - Math.max(f.box.y, 0));
  return faces.sort((a, b) => prominence(b) - prominence(a) || b.score - a.score);
}

/**
 * Close-ups. The back-camera BlazeFace is trained for faces well inside the frame; a face that fills
 * the photo (a close selfie, a cropped ID photo) is often missed or gets misplaced keypoints. When
 * the most prominent face's box is larger than CLOSE_UP_FRACTION of the photo's longer side, or no
 * face is found, detectFaces runs the detector once more with the photo zoomed out by CLOSE_UP_ZOOM
 * (centred on black); the faces it finds of at least CLOSE_UP_MIN_FRACTION of the side replace
 * the first pass's detections they overlap (after a first pass that found nothing: MISSED_CLOSE_UP). Measured (models/faces/README.md,
 * Evaluation): on AT&T/ORL (92x112 close-ups) photos without a face 4/400 -> 0 and accuracy at the
 * stored threshold 97.3 % -> 98.7 %; LFW View 1 (faces ~0.44 of the side; 99 % below 0.56) unchanged.
 * Zooming out every photo instead hurt LFW (-0.3 points), so it stays a second pass.
 */
export const CLOSE_UP_FRACTION = 0.6;
export const CLOSE_UP_ZOOM = 2;
/** Zoomed-out detections smaller than this fraction of the longer side are ignored (not close-ups). */
export const CLOSE_UP_MIN_FRACTION = 0.3;
/**
 * When the first pass found no face at all, a zoomed-out detection counts only if it is a clear
 * close-up. On ../shared/data/detect the zoomed pass alone found 0.54-0.61-score boxes of ~0.4 of
 * the side in 2 of 14 photos without a face; the ORL close-ups it recovers score 0.80-0.86 at 0.72-0.78.
 */
export const MISSED_CLOSE_UP = { minScore: 0.75, minFraction: 0.5 } as const;

async function detectAt(runtime: InferenceRuntime, image: RgbImage, options: DetectOptions, zoomOut: number): Promise<DetectedFace[]> {
  const { input, letterbox: lb } = detectorInput(image, zoomOut);
  const out = await runtime.run(DETECTOR_MODEL, { image: input });
  return decodeDetections(
    { scores: out.scores.data as Float32Array, boxes: out.boxes.data as Float32Array, keypoints: out.keypoints.data as Float32Array },
    lb,
    options,
  );
}

/** Runs the detector on an image (any size; about 1024 px on the longest side is plenty); see close-ups above. */
export async function detectFaces(
  runtime: InferenceRuntime,
  image: RgbImage,
  options: DetectOptions = DEFAULT_DETECT_OPTIONS,
): Promise<DetectedFace[]> {
  const faces = await detectAt(runtime, image, options, 1);
  const longer = Math.max(image.width, image.height);
  const side = (f: DetectedFace) => Math.max(f.box.width, f.box.height);
  if (faces.length && side(faces[0]) <= CLOSE_UP_FRACTION * longer) return faces;
  // Only large faces are taken from the zoomed-out pass (it halves small faces, and alone would add
  // small false detections in photos without a face); they replace the first pass's detections they
  // overlap, and the first pass keeps every other face (e.g. people behind a selfie).
  const large = (await detectAt(runtime, image, options, CLOSE_UP_ZOOM)).filter((f) =>
    faces.length
      ? side(f) >= CLOSE_UP_MIN_FRACTION * longer
      : side(f) >= MISSED_CLOSE_UP.minFraction * longer && f.score >= MISSED_CLOSE_UP.minScore,
  );
  if (!large.length) return faces;
  const others = faces.filter((f) => !large.some((z) => boxIou(z.box, f.box) > 0.1));
  return byProminence([...large, ...others], image.width, image.height).slice(0, options.maxFaces);
}
