// The simplest detector -> keypoints -> aligned chip -> embedding chain on onnxruntime-node, for
// the build (calibration chips) and the evaluation scripts, over sessions of any model file (fp32 or
// int8 variants), where the product pipeline runs manifest models through InferenceRuntime. The
// stage logic (letterbox, NMS, coordinates, alignment) is the product's: functions/src/pipeline/face.
import * as ort from 'onnxruntime-node';
import type { RgbImage } from '../../../functions/src/image/types.ts';
import { CHIP_SIZE, alignChip, flipChip } from '../../../functions/src/pipeline/face/align.ts';
import {
  detectorInput,
  selectDetections,
  toSourcePixels,
  type Detection,
  type SelectOptions,
} from '../../../functions/src/pipeline/face/detect.ts';
import type { Point } from '../../../functions/src/pipeline/face/types.ts';

export { flipChip };

export const DEFAULT_SELECT: SelectOptions = { minScore: 0.5, iouThreshold: 0.3, maxDetections: 20 };

export interface Face {
  score: number;
  /** x1, y1, x2, y2 in source pixels (pixel centres at integers). */
  box: [number, number, number, number];
  /** Six keypoints in source pixels (BlazeFace order). */
  keypoints: Point[];
  raw: Detection;
}

export async function openSession(modelPath: string | Uint8Array): Promise<ort.InferenceSession> {
  const options: ort.InferenceSession.SessionOptions = { intraOpNumThreads: 1, interOpNumThreads: 1 };
  return typeof modelPath === 'string' ? ort.InferenceSession.create(modelPath, options) : ort.InferenceSession.create(modelPath, options);
}

export async function detectFaces(detector: ort.InferenceSession, img: RgbImage, select: SelectOptions = DEFAULT_SELECT): Promise<Face[]> {
  const { input, letterbox: lb } = detectorInput(img);
  const r = await detector.run({ image: new ort.Tensor('float32', input.data as Float32Array, input.dims) });
  const dets = selectDetections(r.scores.data as Float32Array, r.boxes.data as Float32Array, r.keypoints.data as Float32Array, select);
  return dets.map((d) => {
    const [x1, y1] = toSourcePixels(lb, [d.box[0], d.box[1]]);
    const [x2, y2] = toSourcePixels(lb, [d.box[2], d.box[3]]);
    return { score: d.score, box: [x1, y1, x2, y2], keypoints: d.keypoints.map((p) => toSourcePixels(lb, p)), raw: d };
  });
}

export const chipFor = (img: RgbImage, face: Face): Float32Array => alignChip(img, face.keypoints);

export async function embed(encoder: ort.InferenceSession, chips: Float32Array[]): Promise<Float32Array[]> {
  if (chips.length === 0) return [];
  const batch = new Float32Array(chips.length * CHIP_SIZE * CHIP_SIZE * 3);
  chips.forEach((c, i) => batch.set(c, i * c.length));
  const r = await encoder.run({ image: new ort.Tensor('float32', batch, [chips.length, CHIP_SIZE, CHIP_SIZE, 3]) });
  const e = r.embedding.data as Float32Array;
  return chips.map((_, i) => e.slice(i * 128, (i + 1) * 128));
}

export function euclidean(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s);
}

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0,
    na = 0,
    nb = 0;
  for (let i = 0; i < a.length; i++) {
    d += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return d / Math.sqrt(na * nb);
}
