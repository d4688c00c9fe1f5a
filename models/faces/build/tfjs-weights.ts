// Reads TF.js weights (a graph model's model.json or a standalone *-weights_manifest.json) into
// typed arrays, de-quantising exactly as tfjs-core's io.decodeWeights does:
//   uint8/uint16 affine: value = q * scale + min (computed in float64, stored as float32)
//   float16:            exact IEEE half -> float32
// Exactness matters: the converted ONNX files must match the TF.js reference to ~1e-6 and must be
// byte-for-byte reproducible, so no step here may depend on anything but the input bytes.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool';
  quantization?: { dtype: 'uint8' | 'uint16' | 'float16'; scale?: number; min?: number };
}

export interface WeightGroup {
  paths: string[];
  weights: WeightSpec[];
}

export interface Weight {
  shape: number[];
  dtype: WeightSpec['dtype'];
  data: Float32Array | Int32Array | Uint8Array;
}

export type WeightMap = Map<string, Weight>;

/** Exact IEEE 754 binary16 -> number (float32-representable). */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** Decodes one weights group given the concatenation of its .bin shards. */
export function decodeWeights(specs: WeightSpec[], buffer: Uint8Array): WeightMap {
  const out: WeightMap = new Map();
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  let offset = 0;
  for (const spec of specs) {
    const n = size(spec.shape);
    const q = spec.quantization;
    let data: Weight['data'];
    if (q && (q.dtype === 'uint8' || q.dtype === 'uint16')) {
      if (q.scale === undefined || q.min === undefined) throw new Error(`${spec.name}: affine quantization without scale/min`);
      const bytes = q.dtype === 'uint8' ? 1 : 2;
      data = spec.dtype === 'int32' ? new Int32Array(n) : new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const v = bytes === 1 ? view.getUint8(offset + i) : view.getUint16(offset + 2 * i, true);
        data[i] = v * q.scale + q.min;
      }
      offset += n * bytes;
    } else if (q && q.dtype === 'float16') {
      const f = new Float32Array(n);
      for (let i = 0; i < n; i++) f[i] = halfToFloat(view.getUint16(offset + 2 * i, true));
      data = f;
      offset += 2 * n;
    } else if (q) {
      throw new Error(`${spec.name}: unsupported quantization ${JSON.stringify(q)}`);
    } else if (spec.dtype === 'float32' || spec.dtype === 'int32') {
      const f = spec.dtype === 'float32' ? new Float32Array(n) : new Int32Array(n);
      for (let i = 0; i < n; i++)
        f[i] = spec.dtype === 'float32' ? view.getFloat32(offset + 4 * i, true) : view.getInt32(offset + 4 * i, true);
      data = f;
      offset += 4 * n;
    } else if (spec.dtype === 'bool') {
      data = buffer.slice(offset, offset + n);
      offset += n;
    } else {
      throw new Error(`${spec.name}: unsupported dtype ${String(spec.dtype)}`);
    }
    if (out.has(spec.name)) throw new Error(`duplicate weight ${spec.name}`);
    out.set(spec.name, { shape: spec.shape, dtype: spec.dtype, data });
  }
  if (offset !== buffer.byteLength) throw new Error(`weights use ${offset} of ${buffer.byteLength} bytes`);
  return out;
}

/** Loads every weights group referenced by a model.json or a weights manifest file. */
export function loadWeights(jsonPath: string): { json: unknown; weights: WeightMap } {
  const json: unknown = JSON.parse(readFileSync(jsonPath, 'utf8'));
  const manifest = (Array.isArray(json) ? json : (json as { weightsManifest: WeightGroup[] }).weightsManifest) as WeightGroup[];
  const weights: WeightMap = new Map();
  for (const group of manifest) {
    const shards = group.paths.map((p) => readFileSync(join(dirname(jsonPath), p)));
    const decoded = decodeWeights(group.weights, Buffer.concat(shards));
    for (const [name, w] of decoded) weights.set(name, w);
  }
  return { json, weights };
}

export function requireWeight(weights: WeightMap, name: string): Weight {
  const w = weights.get(name);
  if (!w) throw new Error(`missing weight ${name}`);
  return w;
}

export function float32Of(w: Weight): Float32Array {
  if (!(w.data instanceof Float32Array)) throw new Error(`expected float32 weight, got ${w.dtype}`);
  return w.data;
}
