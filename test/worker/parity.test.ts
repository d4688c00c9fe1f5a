// The same ONNX models, run by onnxruntime-web inside workerd and by onnxruntime-node, must agree
// within 1e-4. This also guards the WebAssembly.instantiate shim in runtime/ort-workerd.ts against
// ORT upgrades that change its glue.
import { describe, expect, inject, it } from 'vitest';
import { bundledModels } from '../../functions/src/runtime/manifest';
import { workerRuntime } from '../../functions/src/runtime/worker-runtime';
import { modelInputs } from '../support/model-inputs';

const TOLERANCE = 1e-4;

describe('onnxruntime-web in workerd vs onnxruntime-node', () => {
  const reference = inject('nodeReference');

  it('covers every bundled model', () => {
    expect(Object.keys(reference).sort()).toEqual(bundledModels().map((m) => m.id).sort());
  });

  for (const entry of bundledModels()) {
    it(`${entry.id}: outputs agree within ${TOLERANCE}`, async () => {
      const outputs = await workerRuntime().run(entry.id, modelInputs(entry));
      const expected = reference[entry.id];
      expect(Object.keys(outputs).sort()).toEqual(Object.keys(expected).sort());
      for (const [name, { dims, data }] of Object.entries(expected)) {
        const actual = outputs[name];
        expect([...actual.dims], `${name} dims`).toEqual(dims);
        let worst = 0;
        // Relative to magnitude for large activations, absolute near zero.
        for (let i = 0; i < data.length; i++) worst = Math.max(worst, Math.abs(Number(actual.data[i]) - data[i]) / Math.max(1, Math.abs(data[i])));
        expect(worst, `${entry.id}.${name} max difference`).toBeLessThanOrEqual(TOLERANCE);
      }
    });
  }
});
