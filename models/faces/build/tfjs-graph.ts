// Converts a TF.js graph model (model.json + shards) to an ONNX graph, for the op set that
// MediaPipe's BlazeFace uses in TF.js form. Activations are kept NCHW between convolutions (one
// Transpose at the input, one before each Reshape), and SAME paddings are made explicit from the
// static shapes, so the result has no auto_pad and no layout ping-pong. Unknown ops throw: a new
// source model must be looked at, not silently mis-converted.
import { type OnnxGraph, transpose } from './onnx-graph.ts';
import type { Weight, WeightMap } from './tfjs-weights.ts';

interface TfAttrValue {
  s?: string;
  i?: string;
  f?: number;
  b?: boolean;
  list?: { i?: string[]; s?: string[] };
  shape?: { dim?: { size: string }[] };
}
export interface TfNode {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, TfAttrValue>;
}
export interface TfGraphModel {
  modelTopology: { node: TfNode[] };
}

/** A converted tensor: an ONNX activation (with its TF NHWC shape; batch = -1) or a constant. */
export type Value = { kind: 'act'; name: string; layout: 'NCHW' | 'plain'; shape: number[] } | { kind: 'const'; weight: Weight };

const TO_NCHW = [0, 3, 1, 2];
const TO_NHWC = [0, 2, 3, 1];

const str = (v: TfAttrValue | undefined) => (v?.s === undefined ? undefined : Buffer.from(v.s, 'base64').toString());
const ints = (v: TfAttrValue | undefined) => (v?.list?.i ?? []).map(Number);
const strs = (v: TfAttrValue | undefined) => (v?.list?.s ?? []).map((s) => Buffer.from(s, 'base64').toString());

/** TF padding -> [before, after] for one spatial axis, and the output size. */
function pad1d(size: number, kernel: number, stride: number, padding: string): { before: number; after: number; out: number } {
  if (padding === 'VALID') return { before: 0, after: 0, out: Math.floor((size - kernel) / stride) + 1 };
  if (padding !== 'SAME') throw new Error(`padding ${padding} not supported`);
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + kernel - size, 0);
  const before = Math.floor(total / 2);
  return { before, after: total - before, out };
}

export interface ConvertOptions {
  /** ONNX name of the graph input that replaces the single TF Placeholder. */
  inputName: string;
  /** Inserted after the input's NHWC->NCHW transpose: e.g. pixel normalisation. */
  preprocess?: (g: OnnxGraph, nchw: string) => string;
}

export function convertGraphModel(
  g: OnnxGraph,
  model: TfGraphModel,
  weights: WeightMap,
  wanted: string[],
  options: ConvertOptions,
): Map<string, Value> {
  const nodes = new Map(model.modelTopology.node.map((n) => [n.name, n]));
  const values = new Map<string, Value>();
  const ref = (s: string) => s.replace(/^\^/, '').replace(/:0$/, '');

  const act = (v: Value, what: string) => {
    if (v.kind !== 'act') throw new Error(`${what}: expected an activation`);
    return v;
  };
  const nchw = (v: Value) => {
    const a = act(v, 'nchw');
    if (a.layout !== 'NCHW') throw new Error('layout: expected NCHW activation');
    return a;
  };

  const convert = (n: TfNode): Value => {
    const ins = (n.input ?? []).filter((s) => !s.startsWith('^')).map((s) => visit(ref(s)));
    const a = n.attr ?? {};
    switch (n.op) {
      case 'Const': {
        const w = weights.get(n.name);
        if (!w) throw new Error(`Const ${n.name} has no weight`);
        return { kind: 'const', weight: w };
      }
      case 'Placeholder': {
        const dims = (a.shape?.shape?.dim ?? []).map((d) => Number(d.size));
        if (dims.length !== 4) throw new Error('only an NHWC image input is supported');
        const [, h, w, c] = dims;
        g.input(options.inputName, ['N', h, w, c]);
        let x = g.node('Transpose', [options.inputName], { perm: { ints: TO_NCHW } });
        if (options.preprocess) x = options.preprocess(g, x);
        return { kind: 'act', name: x, layout: 'NCHW', shape: [-1, h, w, c] };
      }
      case 'Identity':
        return ins[0];
      case '_FusedConv2D':
      case 'Conv2D':
      case 'DepthwiseConv2dNative': {
        const x = nchw(ins[0]);
        const filter = ins[1];
        if (filter.kind !== 'const') throw new Error(`${n.name}: non-constant filter`);
        const [kh, kw, ci, co] = filter.weight.shape;
        const depthwise = n.op === 'DepthwiseConv2dNative';
        const strides = ints(a.strides);
        const dil = ints(a.dilations);
        if (dil.some((d) => d !== 1)) throw new Error(`${n.name}: dilation not supported`);
        const padding = str(a.padding) ?? 'VALID';
        const ph = pad1d(x.shape[1], kh, strides[1], padding);
        const pw = pad1d(x.shape[2], kw, strides[2], padding);
        const f = filter.weight.data as Float32Array;
        let weight: Float32Array;
        let dims: number[];
        if (depthwise) {
          // HW(C)(M) -> (C*M)1HW, grouped by input channel.
          weight = new Float32Array(f.length);
          for (let y = 0; y < kh; y++)
            for (let xx = 0; xx < kw; xx++)
              for (let c = 0; c < ci; c++)
                for (let m = 0; m < co; m++) weight[((c * co + m) * kh + y) * kw + xx] = f[((y * kw + xx) * ci + c) * co + m];
          dims = [ci * co, 1, kh, kw];
        } else {
          weight = transpose(f, filter.weight.shape, [3, 2, 0, 1]).data;
          dims = [co, ci, kh, kw];
        }
        const convInputs = [x.name, g.f32(`${n.name}/W`, dims, weight)];
        const fused = strs(a.fused_ops);
        if (fused.length && fused[0] !== 'BiasAdd') throw new Error(`${n.name}: fused ${fused.join(',')}`);
        if (fused[0] === 'BiasAdd') {
          const b = ins[2];
          if (b.kind !== 'const') throw new Error(`${n.name}: non-constant bias`);
          convInputs.push(g.f32(`${n.name}/B`, [dims[0]], b.weight.data as Float32Array));
        }
        let y = g.node('Conv', convInputs, {
          kernel_shape: { ints: [kh, kw] },
          strides: { ints: [strides[1], strides[2]] },
          pads: { ints: [ph.before, pw.before, ph.after, pw.after] },
          ...(depthwise ? { group: { i: ci } } : {}),
        });
        for (const op of fused.slice(1)) {
          if (op !== 'Relu') throw new Error(`${n.name}: fused ${op} not supported`);
          y = g.node('Relu', [y]);
        }
        return { kind: 'act', name: y, layout: 'NCHW', shape: [-1, ph.out, pw.out, dims[0]] };
      }
      case 'AddV2':
      case 'Add': {
        const [p, q] = ins.map(nchw);
        if (p.shape.join() !== q.shape.join()) throw new Error(`${n.name}: broadcasting not supported`);
        return { ...p, name: g.node('Add', [p.name, q.name]) };
      }
      case 'Relu': {
        const x = nchw(ins[0]);
        return { ...x, name: g.node('Relu', [x.name]) };
      }
      case 'MaxPool': {
        const x = nchw(ins[0]);
        const k = ints(a.ksize);
        const s = ints(a.strides);
        const padding = str(a.padding) ?? 'VALID';
        const ph = pad1d(x.shape[1], k[1], s[1], padding);
        const pw = pad1d(x.shape[2], k[2], s[2], padding);
        const y = g.node('MaxPool', [x.name], {
          kernel_shape: { ints: [k[1], k[2]] },
          strides: { ints: [s[1], s[2]] },
          pads: { ints: [ph.before, pw.before, ph.after, pw.after] },
        });
        return { kind: 'act', name: y, layout: 'NCHW', shape: [-1, ph.out, pw.out, x.shape[3]] };
      }
      case 'Pad': {
        const x = nchw(ins[0]);
        const p = ins[1];
        if (p.kind !== 'const') throw new Error(`${n.name}: non-constant paddings`);
        const v = Array.from(p.weight.data); // NHWC [[before, after] x 4]
        if (v[0] || v[1]) throw new Error(`${n.name}: batch padding`);
        const pads = [...TO_NCHW.map((ax) => v[2 * ax]), ...TO_NCHW.map((ax) => v[2 * ax + 1])];
        const shape = x.shape.map((d, ax) => (ax === 0 ? d : d + v[2 * ax] + v[2 * ax + 1]));
        return { kind: 'act', name: g.node('Pad', [x.name, g.i64(`${n.name}/pads`, pads)]), layout: 'NCHW', shape };
      }
      case 'Reshape': {
        const x = act(ins[0], n.name);
        const s = ins[1];
        if (s.kind !== 'const') throw new Error(`${n.name}: non-constant shape`);
        const target = Array.from(s.weight.data);
        if (target[0] !== 1 && target[0] !== -1) throw new Error(`${n.name}: reshape across the batch`);
        target[0] = 0; // ONNX: copy the (dynamic) batch dimension
        const src = x.layout === 'NCHW' ? g.node('Transpose', [x.name], { perm: { ints: TO_NHWC } }) : x.name;
        return {
          kind: 'act',
          name: g.node('Reshape', [src, g.i64(`${n.name}/shape`, target)]),
          layout: 'plain',
          shape: [-1, ...target.slice(1)],
        };
      }
      default:
        throw new Error(`unsupported TF op ${n.op} (${n.name})`);
    }
  };

  const visiting = new Set<string>();
  function visit(name: string): Value {
    const done = values.get(name);
    if (done) return done;
    const n = nodes.get(name);
    if (!n) throw new Error(`missing node ${name}`);
    if (visiting.has(name)) throw new Error(`cycle at ${name}`);
    visiting.add(name);
    const v = convert(n);
    values.set(name, v);
    return v;
  }

  return new Map(wanted.map((w) => [w, visit(w)]));
}

/** Names of the graph's terminal (unconsumed, non-Const) nodes, in model.json order. */
export function terminalNodes(model: TfGraphModel): string[] {
  const consumed = new Set(model.modelTopology.node.flatMap((n) => (n.input ?? []).map((s) => s.replace(/^\^/, '').split(':')[0])));
  return model.modelTopology.node.filter((n) => n.op !== 'Const' && !consumed.has(n.name)).map((n) => n.name);
}
