// The one small interface every pipeline stage uses to run a model. The Worker implements it with
// onnxruntime-web (WASM, single thread); Node tools (CLI, evaluation, benchmarks) with
// onnxruntime-node; the verify page's on-device mode with onnxruntime-web in the browser
// (ort-browser.ts, which also says which engine ran). Stages never import an ONNX runtime
// directly, so the same stage code runs in all three.

export type TensorType = 'float32' | 'int32' | 'int64' | 'uint8' | 'int8' | 'bool';

export type TensorData = Float32Array | Int32Array | BigInt64Array | Uint8Array | Int8Array;

export interface TensorValue {
  type: TensorType;
  data: TensorData;
  dims: readonly number[];
}

export type TensorMap = Record<string, TensorValue>;

export interface InferenceRuntime {
  /** Which backend runs the models: reported by health checks and benchmarks. */
  readonly backend: 'onnxruntime-web' | 'onnxruntime-node';
  /** Runs a model by manifest id. The first call for a model loads it; later calls reuse the session. */
  run(model: string, inputs: TensorMap): Promise<TensorMap>;
  /** Ids of models whose sessions are loaded in this isolate/process. */
  loaded(): string[];
  /** Bytes of the runtime's WASM heap (onnxruntime-web; it only grows), when it has one. */
  heapBytes?(): number;
}

export const float32 = (data: Float32Array, dims: readonly number[]): TensorValue => ({ type: 'float32', data, dims });
