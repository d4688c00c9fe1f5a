// Runs in Node before the workerd tests: computes every bundled model's outputs with
// onnxruntime-node on deterministic inputs and provides them to the parity test inside workerd.
import type { TestProject } from 'vitest/node';
import { bundledModels } from '../../functions/src/runtime/manifest';
import { createNodeRuntime } from '../../functions/src/runtime/ort-node';
import { modelInputs } from '../support/model-inputs';

export type NodeReference = Record<string, Record<string, { dims: number[]; data: number[] }>>;

declare module 'vitest' {
  export interface ProvidedContext {
    nodeReference: NodeReference;
  }
}

export default async function setup(project: TestProject) {
  const runtime = createNodeRuntime({ threads: 1 });
  const reference: NodeReference = {};
  for (const entry of bundledModels()) {
    const outputs = await runtime.run(entry.id, modelInputs(entry));
    reference[entry.id] = Object.fromEntries(
      Object.entries(outputs).map(([name, t]) => [name, { dims: [...t.dims], data: Array.from(t.data as Float32Array) }]),
    );
  }
  project.provide('nodeReference', reference);
}
