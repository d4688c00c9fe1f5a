// The simplest detector -> keypoints -> aligned chip -> embedding chain on onnxruntime-node, for
// the build (calibration chips) and the evaluation scripts. Not the product pipeline (that lives in
// functions/ and runs through the Worker runtime); it only has to be deterministic and honest.
import * as ort from 'onnxruntime-node';
import { CHIP_SIZE, alignFace, letterbox, toSourcePixels, type Point, type RgbImage } from '../lib/align.ts';
import { DETECTOR_INPUT_SIZE, selectDetections, type Detection, type SelectOptions } from '../lib/blazeface.ts';

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
  const lb = letterbox(img, DETECTOR_INPUT_SIZE);
  const r = await detector.run({ image: new ort.Tensor('float32', lb.pixels, [1, DETECTOR_INPUT_SIZE, DETECTOR_INPUT_SIZE, 3]) });
  const dets = selectDetections(r.scores.data as Float32Array, r.boxes.data as Float32Array, r.keypoints.data as Float32Array, select);
  return dets.map((d) => {
    const [x1, y1] = toSourcePixels(lb, [d.box[0], d.box[1]]);
    const [x2, y2] = toSourcePixels(lb, [d.box[2], d.box[3]]);
    return { score: d.score, box: [x1, y1, x2, y2], keypoints: d.keypoints.map((p) => toSourcePixels(lb, p)), raw: d };
  });
}

export const chipFor = (img: RgbImage, face: Face): Float32Array => alignFace(img, face.keypoints);

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
  let d = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) {
    d += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i];
  }
  return d / Math.sqrt(na * nb);
}

/** Mirror image of an HWC RGB chip (used to enlarge the calibration set with realistic faces). */
export function flipChip(chip: Float32Array, size = CHIP_SIZE): Float32Array {
  const out = new Float32Array(chip.length);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++)
      for (let c = 0; c < 3; c++) out[(y * size + x) * 3 + c] = chip[(y * size + (size - 1 - x)) * 3 + c];
  return out;
}
