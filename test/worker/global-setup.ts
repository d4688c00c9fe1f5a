// Runs in Node before the workerd tests: computes every bundled model's outputs with
// onnxruntime-node on deterministic inputs and provides them to the parity test inside workerd.
import { readdirSync, readFileSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { bundledModels } from '../../functions/src/runtime/manifest';
import { createNodeRuntime } from '../../functions/src/runtime/ort-node';
import { modelInputs } from '../support/model-inputs';

import type {} from './provided-context';

type NodeReference = import('vitest').ProvidedContext['nodeReference'];

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

  const dir = new URL('../fixtures/images/', import.meta.url);
  const fixtures = Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(new URL(name, dir)).toString('base64')]));
  project.provide('imageFixtures', fixtures);

  const faces = new URL('../fixtures/faces/', import.meta.url);
  const faceFixtures = Object.fromEntries(
    readdirSync(faces)
      .filter((name) => /\.(jpe?g|png|webp)$/.test(name))
      .map((name) => [name, readFileSync(new URL(name, faces)).toString('base64')]),
  );
  project.provide('faceFixtures', faceFixtures);
}
