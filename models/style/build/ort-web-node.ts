// onnxruntime-web (the Worker's WASM build, single thread) inside Node, for speed and heap figures
// next to onnxruntime-node. The WASM memory is captured the way runtime/ort-workerd.ts does it:
// WebAssembly.instantiate is wrapped before ORT loads its module.
import { createRuntime, type OrtLike } from '../../../functions/src/runtime/session-cache.ts';
import type { InferenceRuntime } from '../../../functions/src/runtime/types.ts';

let memory: WebAssembly.Memory | undefined;
const instantiate = WebAssembly.instantiate;
(WebAssembly as { instantiate: unknown }).instantiate = (source: unknown, imports?: WebAssembly.Imports) => {
  for (const ns of Object.values(imports ?? {})) for (const v of Object.values(ns)) if (v instanceof WebAssembly.Memory) memory = v;
  return (instantiate as (...args: unknown[]) => unknown).apply(WebAssembly, [source, imports]);
};

const ort = await import('onnxruntime-web/wasm');
ort.env.wasm.numThreads = 1;
ort.env.wasm.proxy = false;
ort.env.logLevel = 'error';

/** Size of onnxruntime-web's WASM heap in this process (it only grows). */
export const wasmHeapBytes = (): number => memory?.buffer.byteLength ?? 0;

/** An InferenceRuntime on onnxruntime-web serving the given model bytes by id. */
export function webRuntime(models: Record<string, Uint8Array>): InferenceRuntime {
  return createRuntime('onnxruntime-web', ort as unknown as OrtLike, async (id) => models[id]);
}
