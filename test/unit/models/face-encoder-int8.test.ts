// The committed int8 encoder: rebuilt here from the pinned package (calibration included) it must
// come out byte-identical, or, on a CPU whose float results move a calibration range across a grid
// step, with every quantisation parameter within one step; it must stay close to fp32; and
// onnxruntime-web (the Worker's runtime) must agree with onnxruntime-node to the same degree.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ortWeb from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../../models/lib/manifest.ts';
import { calibrationChips } from '../../../models/faces/build/calibration.ts';
import { onnx } from '../../../models/faces/build/onnx-graph.ts';
import { calibrate, quantizeStatic } from '../../../models/faces/build/quantize.ts';
import { cosine, embed, openSession } from '../../../models/faces/build/simple-pipeline.ts';
import { detectorBytes, encoderBytes } from '../../../models/faces/build/sources.ts';
import { FACE_API_DIR, HUMAN_DIR, MODELS, manifestModel } from './face-reference.ts';

const scalesOf = (bytes: Uint8Array) =>
  new Map(
    onnx.ModelProto.decode(bytes)
      .graph!.initializer!.filter((t) => t.name!.endsWith('_scale') && t.dataType === 1)
      .map((t) => [t.name!, new Float32Array(Uint8Array.from(t.rawData!).buffer)]),
  );

describe('dlib encoder int8', () => {
  const committed = readFileSync(join(MODELS, manifestModel('dlib-face-encoder').file));
  let fp32: Uint8Array;
  let chips: Float32Array[];

  beforeAll(async () => {
    fp32 = encoderBytes(FACE_API_DIR);
    chips = await calibrationChips(FACE_API_DIR, detectorBytes(HUMAN_DIR));
  }, 120_000); // busy shared CI cores: decoding and resampling the demo photos takes a while

  it('is reproduced from the pinned package', async () => {
    const ranges = await calibrate(
      fp32,
      'image',
      chips.map((c) => ({ data: c, dims: [1, 150, 150, 3] })),
    );
    const rebuilt = quantizeStatic(fp32, ranges).bytes;
    const identical = sha256(rebuilt) === sha256(committed);
    console.log('encoder int8 rebuild', identical ? 'byte-identical' : 'differs: comparing scales');
    if (identical) return;
    const [a, b] = [scalesOf(rebuilt), scalesOf(committed)];
    expect([...a.keys()]).toEqual([...b.keys()]);
    for (const [name, s] of a) s.forEach((v, i) => expect(Math.abs(v / b.get(name)![i] - 1), name).toBeLessThan(0.008));
  });

  it('stays within cosine 0.999 of fp32, on onnxruntime-node and onnxruntime-web', async () => {
    const [f, q] = [await openSession(fp32), await openSession(committed)];
    ortWeb.env.wasm.numThreads = 1;
    const web = await ortWeb.InferenceSession.create(committed, { executionProviders: ['wasm'] });
    const subset = chips.filter((_, i) => i % 4 === 0); // wasm is slow: every other face, unmirrored
    const ref = await embed(f, subset);
    const node = await embed(q, subset);
    let minCos = 1,
      minWeb = 1,
      minWebNode = 1;
    for (const [i, chip] of subset.entries()) {
      const w = (await web.run({ image: new ortWeb.Tensor('float32', chip, [1, 150, 150, 3]) })).embedding.data as Float32Array;
      minCos = Math.min(minCos, cosine(ref[i], node[i]));
      minWeb = Math.min(minWeb, cosine(ref[i], w));
      minWebNode = Math.min(minWebNode, cosine(w, node[i]));
    }
    console.log(
      'encoder int8',
      JSON.stringify({ chips: subset.length, minCosNodeInt8VsFp32: minCos, minCosWebInt8VsFp32: minWeb, minCosWebVsNodeInt8: minWebNode }),
    );
    expect(minCos).toBeGreaterThanOrEqual(0.999);
    expect(minWeb).toBeGreaterThanOrEqual(0.999);
    // int8 kernels differ (node: VNNI u8s8; wasm: its own requantisation), so not bit-exact.
    expect(minWebNode).toBeGreaterThanOrEqual(0.999);
  });
});
