// The ONNX BlazeFace (with its in-graph anchor decoding) reproduces the original: Human 3.3.6's
// blazeface graph model run by TF.js, decoded as Human's src/face/blazeface.ts getBoxes() does
// (sigmoid scores, anchor-relative boxes and keypoints, tf.image.nonMaxSuppression), on the same
// 256x256 input tensors: three letterboxed demo photos and a synthetic picture with no face.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ANCHOR_COUNT,
  blazefaceAnchors,
  letterbox,
  selectDetections,
  type Detection,
} from '../../../functions/src/pipeline/face/detect.ts';
import { loadJpeg } from '../../../models/faces/lib/image-node.ts';
import { FACE_API_DIR, HUMAN_DIR, MODELS, loadGraphModel, tfjs } from './face-reference.ts';

// Human's defaults (config.face.detector) except maxDetected, which is 1 there.
const SELECT = { minScore: 0.2, iouThreshold: 0.1, maxDetections: 20 };
const SIZE = 256;

interface Reference {
  logits: Float32Array;
  detections: Detection[];
}

/** Human's getBoxes() for a pre-resized 256x256 input, returning normalised coordinates. */
async function humanReference(tf: typeof TF, model: TF.GraphModel, pixels: Float32Array): Promise<Reference> {
  const anchors = tf.tensor2d(blazefaceAnchors(SIZE), [ANCHOR_COUNT, 2]);
  const input = tf.sub(tf.div(tf.tensor4d(pixels, [1, SIZE, SIZE, 3]), 127.5), 1);
  const res = (model.execute(input) as TF.Tensor[]).sort((a, b) => a.size - b.size);
  const concat384 = tf.concat([res[0], res[2]], 2);
  const concat512 = tf.concat([res[1], res[3]], 2);
  const batch = tf.squeeze(tf.concat([concat512, concat384], 1), [0]) as TF.Tensor2D;
  // decodeBoxes()
  const centers = tf.add(tf.slice(batch, [0, 1], [-1, 2]), anchors);
  const sizes = tf.slice(batch, [0, 3], [-1, 2]);
  const half = tf.div(tf.div(sizes, SIZE), 2);
  const starts = tf.mul(tf.sub(tf.div(centers, SIZE), half), SIZE);
  const ends = tf.mul(tf.add(tf.div(centers, SIZE), half), SIZE);
  const boxes = tf.concat2d([starts as TF.Tensor2D, ends as TF.Tensor2D], 1);
  const logitsT = tf.slice(batch, [0, 0], [-1, 1]);
  const scores = tf.squeeze(tf.sigmoid(logitsT)) as TF.Tensor1D;
  const nms = await tf.image.nonMaxSuppressionAsync(boxes, scores, SELECT.maxDetections, SELECT.iouThreshold, SELECT.minScore);
  const [idx, b, s, raw, a] = [await nms.data(), await boxes.data(), await scores.data(), await batch.data(), await anchors.data()];
  const detections = Array.from(idx).map((i) => ({
    anchor: i,
    score: s[i],
    box: [b[i * 4] / SIZE, b[i * 4 + 1] / SIZE, b[i * 4 + 2] / SIZE, b[i * 4 + 3] / SIZE] as Detection['box'],
    // landmarks: batch[i, 5..16] reshaped [6,2], plus the anchor (scaleBoxCoordinates)
    keypoints: Array.from(
      { length: 6 },
      (_, k) => [(raw[i * 17 + 5 + 2 * k] + a[2 * i]) / SIZE, (raw[i * 17 + 6 + 2 * k] + a[2 * i + 1]) / SIZE] as [number, number],
    ),
  }));
  const logits = Float32Array.from(await logitsT.data());
  tf.dispose([anchors, input, ...res, concat384, concat512, batch, centers, sizes, half, starts, ends, boxes, logitsT, scores, nms]);
  return { logits, detections };
}

describe('BlazeFace ONNX vs Human/TF.js', () => {
  const inputs: { name: string; pixels: Float32Array }[] = [];
  let session: ort.InferenceSession;
  let model: TF.GraphModel;

  beforeAll(async () => {
    for (const i of [1, 2, 5])
      inputs.push({ name: `sample${i}`, pixels: letterbox(loadJpeg(join(FACE_API_DIR, `demo/sample${i}.jpg`)), SIZE).pixels });
    inputs.push({ name: 'gradient', pixels: Float32Array.from({ length: SIZE * SIZE * 3 }, (_, k) => ((k / 3) % SIZE) + (k % 3) * 20) });
    session = await ort.InferenceSession.create(readFileSync(join(MODELS, 'faces/blazeface-back.onnx')), { intraOpNumThreads: 1 });
    model = await loadGraphModel(join(HUMAN_DIR, 'models/blazeface.json'));
  }, 120_000); // busy shared CI cores: decoding and resampling the demo photos takes a while

  it('gives the same detections, scores, boxes and keypoints', async () => {
    const tf = await tfjs();
    let faces = 0;
    let maxScore = 0,
      maxCoord = 0;
    for (const { name, pixels } of inputs) {
      const ref = await humanReference(tf, model, pixels);
      const r = await session.run({ image: new ort.Tensor('float32', pixels, [1, SIZE, SIZE, 3]) });
      const scores = r.scores.data as Float32Array;
      for (let i = 0; i < ANCHOR_COUNT; i++) maxScore = Math.max(maxScore, Math.abs(scores[i] - 1 / (1 + Math.exp(-ref.logits[i]))));
      const ours = selectDetections(scores, r.boxes.data as Float32Array, r.keypoints.data as Float32Array, SELECT);
      expect(
        ours.map((d) => d.anchor),
        name,
      ).toEqual(ref.detections.map((d) => d.anchor));
      ours.forEach((d, j) => {
        const e = ref.detections[j];
        expect(Math.abs(d.score - e.score)).toBeLessThan(1e-5);
        [
          ...d.box.map((v, k) => v - e.box[k]),
          ...d.keypoints.flatMap((p, k) => [p[0] - e.keypoints[k][0], p[1] - e.keypoints[k][1]]),
        ].forEach((diff) => {
          maxCoord = Math.max(maxCoord, Math.abs(diff));
        });
      });
      faces += ours.length;
      if (name === 'gradient') expect(ours).toEqual([]);
    }
    console.log(
      'detector parity',
      JSON.stringify({ inputs: inputs.length, detections: faces, maxScoreDiff: maxScore, maxCoordDiff: maxCoord }),
    );
    expect(faces).toBeGreaterThanOrEqual(8);
    expect(maxScore).toBeLessThan(1e-5);
    expect(maxCoord).toBeLessThan(1e-4); // fractions of the input: 0.03 px at 256
  });
});
