// Deterministic inputs for any model in the manifest, built from its declared input shapes, so the
// parity test covers every bundled model without per-model code. Symbolic dimensions get a fixed size.
import type { ModelEntry } from '../../functions/src/runtime/manifest';
import type { TensorMap } from '../../functions/src/runtime/types';

const SYMBOLIC_SIZE = 96;

/** mulberry32: tiny, seedable, identical in Node and workerd. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
