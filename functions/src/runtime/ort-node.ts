// onnxruntime-node behind the same InferenceRuntime interface, for Node tools only (CLI, evaluation,
// benchmarks). Never imported by the Worker: it is a native addon.
import { readFile } from 'node:fs/promises';
import * as ort from 'onnxruntime-node';
import { createRuntime, type OrtLike } from './session-cache';
import type { InferenceRuntime } from './types';
import { findModel, type ModelEntry } from './manifest';

/** Absolute path of a model file. */
export const modelPath = (entry: ModelEntry): string => new URL(`../../../models/${entry.file}`, import.meta.url).pathname;

export interface NodeRuntimeOptions {
  /** Intra-op threads; 1 matches the Worker for side-by-side benchmarks. Default: 1. */
  threads?: number;
}

export function createNodeRuntime(options: NodeRuntimeOptions = {}): InferenceRuntime {
  return createRuntime(
    'onnxruntime-node',
    ort as unknown as OrtLike,
    async (id) => {
      const entry = findModel(id);
      return entry ? new Uint8Array(await readFile(modelPath(entry))) : undefined;
    },
    { intraOpNumThreads: options.threads ?? 1, interOpNumThreads: 1, executionMode: 'sequential' },
  );
}
