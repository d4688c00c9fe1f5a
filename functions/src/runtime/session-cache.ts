// Backend-independent half of the runtime: load each model once, reuse its session, convert tensors.
// onnxruntime-web and onnxruntime-node share the onnxruntime-common API, so one implementation
// serves both; only the `ort` object and where model bytes come from differ.
import { DomainError } from '../errors';
import type { InferenceRuntime, TensorMap, TensorType, TensorValue } from './types';

/** The part of the onnxruntime-common API we use (structurally typed, so either package fits). */
export interface OrtLike {
  InferenceSession: {
    create(model: Uint8Array, options?: Record<string, unknown>): Promise<OrtSession>;
  };
  Tensor: new (type: TensorType, data: TensorValue['data'], dims: readonly number[]) => OrtTensor;
}

interface OrtTensor {
  type: string;
  data: unknown;
  dims: readonly number[];
}

interface OrtSession {
  inputNames: readonly string[];
  outputNames: readonly string[];
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
}

/** Returns the ONNX bytes of a model id, or undefined when this deployment does not have it. */
export type ModelBytesSource = (model: string) => Promise<Uint8Array | undefined>;

export function createRuntime(
  backend: InferenceRuntime['backend'],
  ort: OrtLike,
  source: ModelBytesSource,
  sessionOptions: Record<string, unknown> = {},
): InferenceRuntime {
  // Promises, not sessions, are cached so concurrent first requests share one load.
  const sessions = new Map<string, Promise<OrtSession>>();

  const session = (model: string): Promise<OrtSession> => {
    let pending = sessions.get(model);
    if (!pending) {
      pending = (async () => {
        const bytes = await source(model);
        if (!bytes) throw new DomainError('model-unavailable', `Model '${model}' is not available in this deployment.`, { model });
        return ort.InferenceSession.create(bytes, sessionOptions);
      })();
      // A failed load must not poison the cache: the next request retries.
      pending.catch(() => sessions.delete(model));
      sessions.set(model, pending);
    }
    return pending;
  };

  return {
    backend,
    loaded: () => [...sessions.keys()],
    async run(model, inputs) {
      const s = await session(model);
      const feeds: Record<string, OrtTensor> = {};
      for (const name of s.inputNames) {
        const value = inputs[name];
        if (!value) throw new Error(`Model '${model}' needs input '${name}'; got ${Object.keys(inputs).join(', ') || 'none'}.`);
        feeds[name] = new ort.Tensor(value.type, value.data, value.dims);
      }
      const results = await s.run(feeds);
      const outputs: TensorMap = {};
      for (const [name, tensor] of Object.entries(results)) {
        outputs[name] = { type: tensor.type as TensorType, data: tensor.data as TensorValue['data'], dims: tensor.dims };
      }
      return outputs;
    },
  };
}
