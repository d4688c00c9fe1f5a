// Static (calibrated) int8 QDQ quantisation of an fp32 ONNX model, in Node (no Python tooling).
//
// Format: what onnxruntime's quantize_static(QuantFormat.QDQ) emits and what ORT's graph optimiser
// fuses into QLinearConv / QLinearAdd / QLinearAveragePool and uint8 MaxPool:
//   activations: uint8, asymmetric, one scale per tensor, from calibrated min/max (0 exact)
//   Conv weights: int8, symmetric [-127, 127], per output channel; bias: int32 with scale
//                 x_scale * w_scale[c] (zero point 0)
// A tensor is quantised where a quantisable op (QUANTISABLE) consumes it. A Conv feeding only a
// Relu is not quantised itself: the Relu's output is, with zero point 0, which ORT folds (Relu
// removed, Conv -> Q). MaxPool and Pad outputs reuse their input's parameters (order-preserving,
// zero exact), so ORT can run them on uint8 directly. Everything else (input normalisation, the
// pooled 256-d head and the final MatMul) stays float.
//
// Reproducibility: calibration runs onnxruntime-node, whose float results can differ in the last
// bits between CPUs. Ranges are therefore widened to an 8-significant-bit grid before the scales
// are computed; a CPU-dependent difference then changes the int8 file only if it crosses a grid
// step (then one scale moves by one step, < 0.4 %).
import * as ort from 'onnxruntime-node';
import { onnx, tensor, type OnnxNode, type OnnxTensor } from './onnx-graph.ts';

const QUANTISABLE = new Set(['Conv', 'Add', 'AveragePool', 'MaxPool', 'Pad']);
const SHARES_INPUT_PARAMS = new Set(['MaxPool', 'Pad']);

export interface QuantizeReport {
  quantizedTensors: number;
  quantizedConvs: number;
}

export interface Range {
  min: number;
  max: number;
}

const floatOf = (t: OnnxTensor): Float32Array => {
  const raw = t.rawData as Uint8Array;
  return new Float32Array(Uint8Array.from(raw).buffer);
};

/** Widens [min, max] (which must include 0) outward to a grid of 2^(e-8), e = exponent of the larger end. */
export function roundRange(r: Range): Range {
  const lo = Math.min(r.min, 0),
    hi = Math.max(r.max, 0);
  const m = Math.max(-lo, hi);
  if (m === 0) return { min: 0, max: 0 };
  const step = 2 ** (Math.ceil(Math.log2(m)) - 8);
  return { min: Math.floor(lo / step) * step, max: Math.ceil(hi / step) * step };
}

export function activationParams(r: Range): { scale: number; zeroPoint: number } {
  const { min, max } = roundRange(r);
  const scale = Math.fround((max - min) / 255 || 1);
  const zeroPoint = Math.max(0, Math.min(255, Math.round(-min / scale)));
  return { scale, zeroPoint };
}

/**
 * Runs the model with every float intermediate exposed; returns min/max of each over the inputs.
 * (Percentile ranges were tried: 99.99 % clipped more and lowered agreement with fp32 on LFW;
 * 99.999 % matched min/max. See models/faces/README.md.)
 */
export async function calibrate(
  modelBytes: Uint8Array,
  inputName: string,
  inputs: { data: Float32Array; dims: number[] }[],
): Promise<Map<string, Range>> {
  const model = onnx.ModelProto.decode(modelBytes);
  const g = model.graph!;
  const existing = new Set(g.output!.map((o) => o.name));
  for (const n of g.node!) for (const o of n.output!) if (!existing.has(o)) g.output!.push({ name: o });
  const session = await ort.InferenceSession.create(onnx.ModelProto.encode(model).finish(), {
    intraOpNumThreads: 1,
    graphOptimizationLevel: 'disabled',
  });
  const ranges = new Map<string, Range>();
  const update = (name: string, d: Float32Array) => {
    let lo = Infinity,
      hi = -Infinity;
    for (let i = 0; i < d.length; i++) {
      const v = d[i];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const r = ranges.get(name);
    ranges.set(name, r ? { min: Math.min(r.min, lo), max: Math.max(r.max, hi) } : { min: lo, max: hi });
  };
  for (const x of inputs) {
    const out = await session.run({ [inputName]: new ort.Tensor('float32', x.data, x.dims) });
    for (const [name, t] of Object.entries(out)) if (t.type === 'float32') update(name, t.data as Float32Array);
  }
  await session.release();
  return ranges;
}

/** Per-output-channel symmetric int8 of an OIHW weight. */
export function quantizeWeightPerChannel(w: Float32Array, outChannels: number): { q: Int8Array; scales: Float32Array } {
  const per = w.length / outChannels;
  const q = new Int8Array(w.length);
  const scales = new Float32Array(outChannels);
  for (let c = 0; c < outChannels; c++) {
    let m = 0;
    for (let k = 0; k < per; k++) m = Math.max(m, Math.abs(w[c * per + k]));
    const s = Math.fround(m / 127 || 1);
    scales[c] = s;
    for (let k = 0; k < per; k++) q[c * per + k] = Math.max(-127, Math.min(127, Math.round(w[c * per + k] / s)));
  }
  return { q, scales };
}

export function quantizeStatic(modelBytes: Uint8Array, ranges: Map<string, Range>): { bytes: Uint8Array; report: QuantizeReport } {
  const model = onnx.ModelProto.decode(modelBytes);
  const g = model.graph!;
  const nodes = g.node! as OnnxNode[];
  const inits = new Map(g.initializer!.map((t) => [t.name!, t]));

  // 1. Tensors to quantise: float activations consumed by a quantisable op.
  const wanted = new Set<string>();
  for (const n of nodes) {
    if (!QUANTISABLE.has(n.opType!)) continue;
    const acts = n.opType === 'Conv' || n.opType === 'Pad' ? [n.input![0]] : n.input!.filter((i) => !inits.has(i));
    for (const a of acts) wanted.add(a);
  }
  // A Conv feeding a Relu is not in the set (Relu is not quantisable); the Relu's output is, with
  // zero point 0 since its minimum is 0.

  // 2. Parameters, in topological order so that MaxPool/Pad can inherit their input's.
  const params = new Map<string, { scale: number; zeroPoint: number }>();
  for (const n of nodes)
    for (const o of n.output!) {
      if (!wanted.has(o)) continue;
      const src = n.input![0];
      const inherited = SHARES_INPUT_PARAMS.has(n.opType!) ? params.get(src) : undefined;
      if (inherited) {
        params.set(o, inherited);
        continue;
      }
      const r = ranges.get(o);
      if (!r) throw new Error(`no calibration range for ${o}`);
      params.set(o, activationParams(r));
    }
  for (const t of wanted) {
    if (params.has(t)) continue; // graph inputs feeding a quantisable op directly
    const r = ranges.get(t);
    if (!r) throw new Error(`no calibration range for ${t}`);
    params.set(t, activationParams(r));
  }

  // 3. Rewrite: Q -> DQ after each wanted tensor; int8 weights + int32 bias for each Conv.
  const newInits: OnnxTensor[] = [];
  const out: OnnxNode[] = [];
  const dq = new Map<string, string>();
  const qdqFor = (t: string): OnnxNode[] => {
    const p = params.get(t)!;
    const s = `${t}_scale`,
      z = `${t}_zero_point`,
      q = `${t}_quantized`,
      d = `${t}_dequantized`;
    newInits.push(tensor(s, 'float32', [], Float32Array.of(p.scale)), tensor(z, 'uint8', [], Uint8Array.of(p.zeroPoint)));
    dq.set(t, d);
    return [
      { opType: 'QuantizeLinear', input: [t, s, z], output: [q], name: `${t}_QuantizeLinear` },
      { opType: 'DequantizeLinear', input: [q, s, z], output: [d], name: `${t}_DequantizeLinear` },
    ];
  };
  for (const i of g.input!) if (wanted.has(i.name!)) out.push(...qdqFor(i.name!));
  let convs = 0;
  for (const n of nodes) {
    const original = n.input!.slice();
    n.input = n.input!.map((i) => dq.get(i) ?? i);
    if (n.opType === 'Conv' && dq.has(original[0]) && inits.has(original[1])) {
      const w = inits.get(original[1])!;
      const dims = w.dims!.map(Number);
      const { q, scales } = quantizeWeightPerChannel(floatOf(w), dims[0]);
      const wName = `${original[1]}_quantized`;
      newInits.push(
        tensor(wName, 'int8', dims, q),
        tensor(`${wName}_scale`, 'float32', [dims[0]], scales),
        tensor(`${wName}_zero_point`, 'int8', [dims[0]], new Int8Array(dims[0])),
      );
      out.push({
        opType: 'DequantizeLinear',
        input: [wName, `${wName}_scale`, `${wName}_zero_point`],
        output: [`${original[1]}_dequantized`],
        name: `${wName}_DequantizeLinear`,
        attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 }],
      });
      n.input[1] = `${original[1]}_dequantized`;
      if (original[2]) {
        const b = floatOf(inits.get(original[2])!);
        const xScale = params.get(original[0])!.scale;
        const bScale = Float32Array.from(scales, (s) => Math.fround(s * xScale));
        const bq = Int32Array.from(b, (v, c) => Math.round(v / bScale[c]));
        const bName = `${original[2]}_quantized`;
        newInits.push(
          tensor(bName, 'int32', [dims[0]], bq),
          tensor(`${bName}_scale`, 'float32', [dims[0]], bScale),
          tensor(`${bName}_zero_point`, 'int32', [dims[0]], new Int32Array(dims[0])),
        );
        out.push({
          opType: 'DequantizeLinear',
          input: [bName, `${bName}_scale`, `${bName}_zero_point`],
          output: [`${original[2]}_dequantized`],
          name: `${bName}_DequantizeLinear`,
          attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 }],
        });
        n.input[2] = `${original[2]}_dequantized`;
      }
      convs++;
    }
    out.push(n);
    for (const o of n.output!) if (wanted.has(o)) out.push(...qdqFor(o));
  }
  g.node = out;
  const used = new Set(out.flatMap((n) => n.input!));
  g.initializer = [...g.initializer!.filter((t) => used.has(t.name!)), ...newInits.filter((t) => used.has(t.name!))];
  return { bytes: onnx.ModelProto.encode(model).finish(), report: { quantizedTensors: params.size, quantizedConvs: convs } };
}
