// Deterministic inputs for any model in the manifest, built from its declared input shapes, so the
// parity test covers every bundled model without per-model code. Symbolic dimensions get a fixed size.
import type { ModelEntry } from '../../functions/src/runtime/manifest';
import type { TensorMap } from '../../functions/src/runtime/types';
import { seededRandom } from '../../models/lib/random';

const SYMBOLIC_SIZE = 96;

interface InputSpec {
  dtype?: string;
  shape: (number | string)[];
  /** Value range the model expects, as written in the manifest: "0..255"; defaults to 0..1. */
  range?: string;
}

function parseRange(range: string | undefined): [number, number] {
  if (range === undefined) return [0, 1];
  const match = /^(-?[\d.]+)\.\.(-?[\d.]+)$/.exec(range);
  if (!match) throw new Error(`unreadable input range '${range}' (expected e.g. "0..255")`);
  return [Number(match[1]), Number(match[2])];
}

export function modelInputs(entry: ModelEntry, seed = 7): TensorMap {
  const random = seededRandom(seed);
  const inputs: TensorMap = {};
  for (const [name, spec] of Object.entries((entry.inputs ?? {}) as Record<string, InputSpec>)) {
    if ((spec.dtype ?? 'float32') !== 'float32') throw new Error(`${entry.id}.${name}: only float32 inputs are generated`);
    // A symbolic leading dimension is the batch: one item. Other symbolic dimensions are sizes.
    const dims = spec.shape.map((d, i) => (typeof d === 'number' ? d : i === 0 ? 1 : SYMBOLIC_SIZE));
    const [lo, hi] = parseRange(spec.range);
    const data = new Float32Array(dims.reduce((a, b) => a * b, 1));
    for (let i = 0; i < data.length; i++) data[i] = lo + (hi - lo) * random();
    inputs[name] = { type: 'float32', data, dims };
  }
  return inputs;
}
