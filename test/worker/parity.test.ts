// The same ONNX models, run by onnxruntime-web inside workerd and by onnxruntime-node, must agree:
// float models within 1e-4 per value. Quantized (int8) models are held to cosine >= 0.999 per
// output instead: WASM and native QLinearConv kernels round requantization differently, which moves
// single values by a grid step while the embedding stays the same. This also guards the
// WebAssembly.instantiate shim in runtime/ort-workerd.ts against ORT upgrades that change its glue.
import { describe, expect, inject, it } from 'vitest';
import { bundledModels, type ModelEntry } from '../../functions/src/runtime/manifest';
import { workerRuntime } from '../../functions/src/runtime/worker-runtime';
import { modelInputs } from '../support/model-inputs';

const TOLERANCE = 1e-4;
const MIN_COSINE_QUANTIZED = 0.999;

const isQuantized = (entry: ModelEntry) => typeof entry.quantization === 'object' && entry.quantization !== null;

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return dot / Math.sqrt(na * nb);
}

describe('onnxruntime-web in workerd vs onnxruntime-node', () => {
  const reference = inject('nodeReference');

  it('covers every bundled model', () => {
    expect(Object.keys(reference).sort()).toEqual(
      bundledModels()
        .map((m) => m.id)
        .sort(),
    );
  });

  for (const entry of bundledModels()) {
    const criterion = isQuantized(entry) ? `cosine >= ${MIN_COSINE_QUANTIZED}` : `max difference <= ${TOLERANCE}`;
    it(`${entry.id}: outputs agree (${criterion})`, async () => {
      const outputs = await workerRuntime().run(entry.id, modelInputs(entry));
      const expected = reference[entry.id];
      expect(Object.keys(outputs).sort()).toEqual(Object.keys(expected).sort());
      for (const [name, { dims, data }] of Object.entries(expected)) {
        const actual = outputs[name];
        expect([...actual.dims], `${name} dims`).toEqual(dims);
        const values = Array.from(actual.data as ArrayLike<number>, Number);
        if (isQuantized(entry)) {
          expect(cosine(values, data), `${entry.id}.${name} cosine`).toBeGreaterThanOrEqual(MIN_COSINE_QUANTIZED);
        } else {
          let worst = 0;
          // Relative to magnitude for large activations, absolute near zero.
          for (let i = 0; i < data.length; i++) worst = Math.max(worst, Math.abs(values[i] - data[i]) / Math.max(1, Math.abs(data[i])));
          expect(worst, `${entry.id}.${name} max difference`).toBeLessThanOrEqual(TOLERANCE);
        }
      }
    });
  }
});
