// BlazeFace (MediaPipe, "back" camera model, 256x256) output conventions, shared by the model build,
// the tests and the Node evaluation tools. Runtime-agnostic: no ONNX runtime, no Node APIs.
//
// The converted model (models/faces/blazeface-back.onnx) already decodes the anchors in-graph:
//   scores    [N, 896]       sigmoid probability that anchor i holds a face
//   boxes     [N, 896, 4]    x1, y1, x2, y2, normalised 0..1 to the 256x256 model input
//   keypoints [N, 896, 6, 2] x, y normalised 0..1 to the model input, in MediaPipe order (KEYPOINTS)
// What remains for the caller is a score threshold and non-maximum suppression (selectDetections).

export const DETECTOR_INPUT_SIZE = 256;
export const ANCHOR_COUNT = 896;

/** MediaPipe BlazeFace keypoint order; "right" is the subject's right (image left in a photo). */
export const KEYPOINTS = ['rightEye', 'leftEye', 'noseTip', 'mouthCentre', 'rightEarTragion', 'leftEarTragion'] as const;

/**
 * Anchor centres in input pixels, in output order: a 16x16 grid (stride 16) with 2 anchors per
 * cell, then an 8x8 grid (stride 32) with 6 per cell; row-major, anchors of a cell adjacent.
 * Same as Human's facemeshutil.generateAnchors(256) and MediaPipe's SSD anchor options for the
 * back model (anchor size fixed to 1, offsets 0.5).
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
