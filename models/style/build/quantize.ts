// Static int8 QDQ for the style network, the candidate the build measures against fp32.
//
// The face encoder's quantizer (models/faces/build/quantize.ts) quantises the inputs of Conv, Add,
// Pad and pooling ops. Here that would put the instance-norm statistics (small Add/Mul tensors on
// the normalisation path) on an 8-bit grid, and it leaves Conv outputs that feed the norm in float,
// which stops onnxruntime from fusing QLinearConv. So this variant quantises exactly the
// convolutions: uint8 input (calibrated, per tensor), int8 symmetric per-channel weights, int32
// bias, uint8 output; ORT fuses DQ -> Conv -> Q into QLinearConv and everything between the
// convolutions (instance norm, CIN scale/shift, ReLU, residual adds, resize, padding) stays float.
// The last convolution feeds the sigmoid that makes the image and stays float: its output (logits
// of up to about +-10) on a 256-step grid would move pixels by several levels.
import * as ort from 'onnxruntime-node';
import { activationParams, quantizeWeightPerChannel, type Range } from '../../faces/build/quantize.ts';
import { attribute, onnx, tensor, type OnnxNode, type OnnxTensor } from '../../faces/build/onnx-graph.ts';

export type Feeds = Record<string, { data: Float32Array; dims: number[] }>;

const floatOf = (t: OnnxTensor): Float32Array => new Float32Array(Uint8Array.from(t.rawData as Uint8Array).buffer);

/** min/max of every float intermediate over the calibration feeds. */
export async function calibrate(modelBytes: Uint8Array, feeds: Feeds[]): Promise<Map<string, Range>> {
  const model = onnx.ModelProto.decode(modelBytes);
  const g = model.graph!;
  const existing = new Set(g.output!.map((o) => o.name));
  for (const n of g.node!)
    if (n.opType === 'Conv')
      for (const o of [n.input![0], n.output![0]])
        if (!existing.has(o)) {
          g.output!.push({ name: o });
          existing.add(o);
        }
  const session = await ort.InferenceSession.create(onnx.ModelProto.encode(model).finish(), {
    intraOpNumThreads: 1,
    graphOptimizationLevel: 'disabled',
  });
  const ranges = new Map<string, Range>();
  for (const feed of feeds) {
    const inputs = Object.fromEntries(Object.entries(feed).map(([k, v]) => [k, new ort.Tensor('float32', v.data, v.dims)]));
    const out = await session.run(inputs);
    for (const [name, t] of Object.entries(out)) {
      if (t.type !== 'float32') continue;
      const d = t.data as Float32Array;
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 0; i < d.length; i++) {
        const v = d[i];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      const r = ranges.get(name);
      ranges.set(name, r ? { min: Math.min(r.min, lo), max: Math.max(r.max, hi) } : { min: lo, max: hi });
    }
  }
  await session.release();
  return ranges;
}

export interface ConvQuantizeReport {
  quantizedConvs: number;
  floatConvs: string[];
}

export function quantizeConvs(
  modelBytes: Uint8Array,
  ranges: Map<string, Range>,
  keepFloat: (conv: OnnxNode, index: number, count: number) => boolean,
): { bytes: Uint8Array; report: ConvQuantizeReport } {
  const model = onnx.ModelProto.decode(modelBytes);
  const g = model.graph!;
  const nodes = g.node! as OnnxNode[];
  const inits = new Map(g.initializer!.map((t) => [t.name!, t]));
  const convs = nodes.filter((n) => n.opType === 'Conv');
  const newInits: OnnxTensor[] = [];
  const out: OnnxNode[] = [];
  const axis0 = [attribute('axis', { i: 0 })];
  const report: ConvQuantizeReport = { quantizedConvs: 0, floatConvs: [] };

  const qdq = (t: string, renameOutput: boolean): { nodes: OnnxNode[]; name: string; scale: number } => {
    const r = ranges.get(t);
    if (!r) throw new Error(`no calibration range for ${t}`);
    const p = activationParams(r);
    const s = `${t}_scale`;
    const z = `${t}_zero_point`;
    const q = `${t}_quantized`;
    const d = renameOutput ? t : `${t}_dequantized`;
    const src = renameOutput ? `${t}_float` : t;
    newInits.push(tensor(s, 'float32', [], Float32Array.of(p.scale)), tensor(z, 'uint8', [], Uint8Array.of(p.zeroPoint)));
    return {
      name: renameOutput ? src : d,
      scale: p.scale,
      nodes: [
        { opType: 'QuantizeLinear', input: [src, s, z], output: [q], name: `${t}_QuantizeLinear` },
        { opType: 'DequantizeLinear', input: [q, s, z], output: [d], name: `${t}_DequantizeLinear` },
      ],
    };
  };

  for (const n of nodes) {
    const index = convs.indexOf(n);
    if (index < 0 || keepFloat(n, index, convs.length)) {
      if (index >= 0) report.floatConvs.push(n.name ?? `conv ${index}`);
      out.push(n);
      continue;
    }
    const [x, wName, bName] = n.input!;
    const input = qdq(x, false);
    out.push(...input.nodes);
    const w = inits.get(wName)!;
    const dims = w.dims!.map(Number);
    const { q, scales } = quantizeWeightPerChannel(floatOf(w), dims[0]);
    const wq = `${wName}_quantized`;
    newInits.push(
      tensor(wq, 'int8', dims, q),
      tensor(`${wq}_scale`, 'float32', [dims[0]], scales),
      tensor(`${wq}_zero_point`, 'int8', [dims[0]], new Int8Array(dims[0])),
    );
    out.push({
      opType: 'DequantizeLinear',
      input: [wq, `${wq}_scale`, `${wq}_zero_point`],
      output: [`${wName}_dequantized`],
      name: `${wq}_DequantizeLinear`,
      attribute: axis0,
    });
    const inputs = [input.name, `${wName}_dequantized`];
    if (bName) {
      const b = floatOf(inits.get(bName)!);
      const bScale = Float32Array.from(scales, (s) => Math.fround(s * input.scale));
      const bq = `${bName}_quantized`;
      newInits.push(
        tensor(
          bq,
          'int32',
          [dims[0]],
          Int32Array.from(b, (v, c) => Math.round(v / bScale[c])),
        ),
        tensor(`${bq}_scale`, 'float32', [dims[0]], bScale),
        tensor(`${bq}_zero_point`, 'int32', [dims[0]], new Int32Array(dims[0])),
      );
      out.push({
        opType: 'DequantizeLinear',
        input: [bq, `${bq}_scale`, `${bq}_zero_point`],
        output: [`${bName}_dequantized`],
        name: `${bq}_DequantizeLinear`,
        attribute: axis0,
      });
      inputs.push(`${bName}_dequantized`);
    }
    // The Conv now writes <y>_float; Q -> DQ restore <y> for its consumers.
    const y = n.output![0];
    const output = qdq(y, true);
    out.push({ ...n, input: inputs, output: [output.name] }, ...output.nodes);
    report.quantizedConvs++;
  }
  g.node = out;
  const used = new Set(out.flatMap((n) => n.input!));
  g.initializer = [...g.initializer!.filter((t) => used.has(t.name!)), ...newInits.filter((t) => used.has(t.name!))];
  return { bytes: onnx.ModelProto.encode(model).finish(), report };
}
