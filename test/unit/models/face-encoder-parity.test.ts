// The fp32 ONNX encoder reproduces @vladmandic/face-api 1.7.15's FaceRecognitionNet (TF.js) on the
// same 150x150 input tensors: aligned face chips from the package's demo photos and a synthetic one.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InferenceSession } from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { encoderBytes } from '../../../models/faces/build/sources.ts';
import { chipFor, cosine, detectFaces, embed, openSession } from '../../../models/faces/build/simple-pipeline.ts';
import { loadJpeg } from '../../../models/faces/lib/image-node.ts';
import { FACE_API_DIR, MODELS, faceApiRecognition, tfjs, type FaceApiRecognition } from './face-reference.ts';

describe('dlib encoder fp32 vs face-api', () => {
  const chips: Float32Array[] = [];
  let onnx: InferenceSession;
  let net: FaceApiRecognition;

  beforeAll(async () => {
    const detector = await openSession(readFileSync(join(MODELS, 'faces/blazeface-back.onnx')));
    for (const i of [1, 4]) {
      const img = loadJpeg(join(FACE_API_DIR, `demo/sample${i}.jpg`));
      for (const face of (await detectFaces(detector, img)).slice(0, 3)) chips.push(chipFor(img, face));
    }
    chips.push(Float32Array.from({ length: 150 * 150 * 3 }, (_, k) => (k * 7919) % 256)); // not a face
    onnx = await openSession(encoderBytes(FACE_API_DIR));
    net = await faceApiRecognition();
  }, 120_000); // busy shared CI cores: decoding and resampling the demo photos takes a while

  it('cosine >= 0.9999 and max |diff| < 1e-4 on every input', async () => {
    const tf = await tfjs();
    expect(chips.length).toBeGreaterThanOrEqual(6);
    const ours = await embed(onnx, chips);
    const stats = [];
    for (const [i, chip] of chips.entries()) {
      const t = tf.tensor3d(chip, [150, 150, 3]);
      const ref = await net.computeFaceDescriptor(t);
      t.dispose();
      let maxAbs = 0;
      for (let k = 0; k < 128; k++) maxAbs = Math.max(maxAbs, Math.abs(ref[k] - ours[i][k]));
      stats.push({ cos: cosine(ref, ours[i]), maxAbs });
    }
    console.log(
      'encoder parity',
      JSON.stringify({
        inputs: stats.length,
        minCos: Math.min(...stats.map((s) => s.cos)),
        maxAbs: Math.max(...stats.map((s) => s.maxAbs)),
      }),
    );
    for (const s of stats) {
      expect(s.cos).toBeGreaterThanOrEqual(0.9999);
      expect(s.maxAbs).toBeLessThan(1e-4);
    }
  });
});
