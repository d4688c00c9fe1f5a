// Detection: decoding BlazeFace outputs (threshold, NMS, letterbox mapping, order) without a model,
// then the real detector on the face fixtures through onnxruntime-node.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../../../functions/src/image';
import { initNodeImageCodecs } from '../../../functions/src/image/node-codecs';
import type { RgbImage } from '../../../functions/src/image/types';
import { ANCHOR_COUNT, DETECTOR_INPUT_SIZE, decodeDetections, detectFaces, letterbox } from '../../../functions/src/pipeline/face/detect';
import { ANALYSIS_MAX_SIDE } from '../../../functions/src/pipeline/face';
import { createNodeRuntime } from '../../../functions/src/runtime/ort-node';

function outputs(dets: { anchor: number; score: number; box: number[]; kp?: number }[]) {
  const scores = new Float32Array(ANCHOR_COUNT);
  const boxes = new Float32Array(ANCHOR_COUNT * 4);
  const keypoints = new Float32Array(ANCHOR_COUNT * 12);
  for (const d of dets) {
    scores[d.anchor] = d.score;
    boxes.set(d.box, d.anchor * 4);
    // keypoints: the box centre for all six
    for (let k = 0; k < 6; k++) keypoints.set([(d.box[0] + d.box[2]) / 2, (d.box[1] + d.box[3]) / 2], d.anchor * 12 + 2 * k);
  }
  return { scores, boxes, keypoints };
}

const blank = (w: number, h: number): RgbImage => ({ width: w, height: h, data: new Uint8Array(w * h * 3) });

describe('decodeDetections', () => {
  // A 1024x512 photo: the letterbox scales by 4 and pads 64 model pixels above and below.
  const lb = letterbox(blank(1024, 512));

  it('letterboxes into a centred square', () => {
    expect([lb.size, lb.scaleX, lb.scaleY, lb.offsetX, lb.offsetY]).toEqual([DETECTOR_INPUT_SIZE, 4, 4, 0, 64]);
  });

  it('thresholds, suppresses overlaps, maps to image pixels and orders largest first', () => {
    const out = outputs([
      { anchor: 10, score: 0.9, box: [0.5, 0.375, 0.5625, 0.4375] }, // small: 64 px in the photo
      { anchor: 11, score: 0.8, box: [0.505, 0.375, 0.5675, 0.4375] }, // overlaps anchor 10: suppressed
      { anchor: 500, score: 0.7, box: [0.125, 0.25, 0.25, 0.375] }, // large: 128 px
      { anchor: 600, score: 0.4, box: [0.75, 0.5, 0.875, 0.625] }, // below 0.5
    ]);
    const faces = decodeDetections(out, lb);
    expect(faces).toHaveLength(2);
    // anchor 500: model x 32..64 -> photo 128..256; model y 64..96 -> minus 64 pad -> 0..32 -> 0..128
    expect(faces[0].box).toEqual({ x: 128, y: 0, width: 128, height: 128 });
    expect(faces[0].score).toBeCloseTo(0.7, 6);
    expect(faces[0].landmarks.nose).toEqual({ x: 192, y: 64 });
    expect(faces[1].box.width).toBeCloseTo(64, 3);
    expect(faces[1].box.x).toBeCloseTo(512, 3);
    expect(faces[1].box.y).toBeCloseTo(128, 3);
  });

  it('respects minScore and maxFaces', () => {
    const out = outputs([
      { anchor: 1, score: 0.95, box: [0.1, 0.3, 0.2, 0.4] },
      { anchor: 2, score: 0.6, box: [0.5, 0.3, 0.6, 0.4] },
    ]);
    expect(decodeDetections(out, lb, { minScore: 0.7, iouThreshold: 0.3, maxFaces: 20 })).toHaveLength(1);
    expect(decodeDetections(out, lb, { minScore: 0.5, iouThreshold: 0.3, maxFaces: 1 })).toHaveLength(1);
  });
});

describe('detectFaces on real photos (onnxruntime-node)', () => {
  const runtime = createNodeRuntime();
  const load = async (name: string) =>
    (
      await decodeImage(new Uint8Array(readFileSync(new URL(`../../fixtures/faces/${name}`, import.meta.url))), {
        maxSide: ANALYSIS_MAX_SIDE,
      })
    ).image;
  beforeAll(() => initNodeImageCodecs());

  it('finds the one face of a portrait with its landmarks where a face has them', async () => {
    const faces = await detectFaces(runtime, await load('same-person-1.jpg'));
    expect(faces).toHaveLength(1);
    const { box, landmarks: l, score } = faces[0];
    expect(score).toBeGreaterThan(0.8);
    for (const p of Object.values(l).slice(0, 4)) {
      expect(p.x).toBeGreaterThan(box.x);
      expect(p.x).toBeLessThan(box.x + box.width);
      expect(p.y).toBeGreaterThan(box.y);
      expect(p.y).toBeLessThan(box.y + box.height);
    }
    expect(l.right_eye.x).toBeLessThan(l.left_eye.x); // subject's right is the image's left
    expect(l.nose.y).toBeGreaterThan(l.right_eye.y);
    expect(l.mouth.y).toBeGreaterThan(l.nose.y);
  });

  it('finds three faces in the group photo, largest first, and none in the sky', async () => {
    const faces = await detectFaces(runtime, await load('group.jpg'));
    expect(faces).toHaveLength(3);
    const areas = faces.map((f) => f.box.width * f.box.height);
    expect([...areas].sort((a, b) => b - a)).toEqual(areas);
    expect(await detectFaces(runtime, await load('no-face.jpg'))).toEqual([]);
  });
});
