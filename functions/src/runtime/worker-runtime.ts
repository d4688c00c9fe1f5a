// The Worker's InferenceRuntime: onnxruntime-web over models bundled into the script. One instance
// per isolate, so each model is compiled once and its session reused across requests.
import { ort, ortHeapBytes } from './ort-workerd';
import { createRuntime, type OrtLike } from './session-cache';
import type { InferenceRuntime } from './types';
import modelFiles from '../../generated/model-files';

let runtime: InferenceRuntime | undefined;

export function workerRuntime(): InferenceRuntime {
  runtime ??= {
    ...createRuntime('onnxruntime-web', ort as unknown as OrtLike, async (id) => {
      const bytes = modelFiles[id];
      return bytes ? new Uint8Array(bytes) : undefined;
    }),
    heapBytes: ortHeapBytes,
  };
  return runtime;
}
