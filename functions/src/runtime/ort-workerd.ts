// onnxruntime-web inside workerd.
//
// workerd refuses to compile WebAssembly from bytes at run time (WebAssembly.compile and
// instantiate(bytes) throw "Wasm code generation disallowed by embedder"): wasm must be imported as a
// module, which wrangler compiles at upload (the CompiledWasm rule). ORT 1.30 offers no hook to pass
// a compiled module; its only binary option is env.wasm.wasmBinary, which its Emscripten glue hands
// to WebAssembly.instantiate(bytes, imports). So we give ORT a marker buffer as wasmBinary and wrap
// WebAssembly.instantiate: for the marker it instantiates the imported module, every other call
// passes through untouched. test/worker/parity.test.ts compares outputs with onnxruntime-node, so an
// ORT upgrade that changes the glue fails loudly instead of silently.
//
// The .wasm is copied from node_modules by scripts/prepare-worker.mjs, because vitest-pool-workers
// cannot import wasm from outside the project root.
import ortWasmModule from '../../generated/ort-wasm-simd-threaded.wasm';
import * as ort from 'onnxruntime-web/wasm';

const MARKER = new TextEncoder().encode('likeness:ort-wasm-precompiled');

function isMarker(source: unknown): boolean {
  if (!(source instanceof Uint8Array) && !(source instanceof ArrayBuffer)) return false;
  const bytes = source instanceof Uint8Array ? source : new Uint8Array(source);
  return bytes.byteLength === MARKER.byteLength && bytes.every((b, i) => b === MARKER[i]);
}

let memory: WebAssembly.Memory | undefined;

/** Size of ORT's wasm linear memory (it only grows): the figure to watch against the 128 MB limit. */
export const ortHeapBytes = (): number => memory?.buffer.byteLength ?? 0;

const instantiate = WebAssembly.instantiate;
(WebAssembly as { instantiate: unknown }).instantiate = (source: unknown, imports?: WebAssembly.Imports) => {
  if (!isMarker(source)) return (instantiate as (...args: unknown[]) => unknown).apply(WebAssembly, [source, imports]);
  for (const namespace of Object.values(imports ?? {})) {
    for (const value of Object.values(namespace)) if (value instanceof WebAssembly.Memory) memory = value;
  }
  return instantiate(ortWasmModule, imports).then((instance) => ({ instance, module: ortWasmModule }));
};

ort.env.wasm.numThreads = 1; // workerd has no threads
ort.env.wasm.proxy = false;
ort.env.wasm.wasmBinary = MARKER; // also stops ORT from trying to fetch() or import() its files
ort.env.logLevel = 'error';

export { ort };
