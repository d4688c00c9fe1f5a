// Graph rewrite for tiled inference: every InstanceNormalization of the exported style network
// becomes an instance norm whose statistics can come from outside the pass.
//
// Why: instance norm normalises each channel with the mean/variance of the whole input. Run on a
// tile, it uses the tile's statistics, so a tile of flat sky gets its faint texture amplified to
// unit variance and comes out noisier and darker than the same sky in a whole-image pass (measured:
// mean |tiled - untiled| 33/255 with per-tile statistics). With this rewrite the Worker first runs
// the whole image downscaled to one tile (norm_mix = 0: plain instance norm) and reads the
// statistics every layer saw (`norm_stats_out`), then runs the full-size tiles with those
// statistics (norm_mix = 1), so every tile is normalised alike and they blend without seams.
//
// Per layer k with input x [N,C,H,W] (epsilon e from the original node):
//   own_m = mean_HW(x), own_v = mean_HW((x - own_m)^2)                 (two-pass, like the kernel)
//   m = own_m + mix * (ext_m - own_m), v = own_v + mix * (ext_v - own_v)
//   y = x * s + t, s = 1 / sqrt(v + e), t = -m * s
// With norm_mix = 0 this is the original network (to float rounding, checked by the build).
// Inputs added: norm_stats [N, S] (for each layer in graph order: C means then C variances),
// norm_mix [N, 1]. Output added: norm_stats_out [N, S] (the layers' own statistics, same layout).
import { attribute, onnx, tensor, valueInfo, type OnnxNode, type OnnxTensor } from '../../faces/build/onnx-graph.ts';

export interface NormLayer {
  /** Name of the tensor the layer normalises. */
  input: string;
  channels: number;
  epsilon: number;
  /** Offset of the layer's means in the stats vector; variances follow at offset + channels. */
  offset: number;
}

export interface ExternalNormResult {
  bytes: Uint8Array;
  layers: NormLayer[];
  /** Length of the stats vector: 2 * sum of channels. */
  statsLength: number;
}

const floatsOf = (t: OnnxTensor): Float32Array => {
  if (t.rawData?.length) return new Float32Array(Uint8Array.from(t.rawData as Uint8Array).buffer);
  return Float32Array.from(t.floatData ?? []);
};

export function externalNorm(modelBytes: Uint8Array): ExternalNormResult {
  const model = onnx.ModelProto.decode(modelBytes);
  const g = model.graph!;
  const nodes = g.node! as OnnxNode[];
  const opset = Number(model.opsetImport!.find((o) => !o.domain)?.version ?? 0);
  if (opset < 13 || opset > 17) throw new Error(`external-norm: needs opset 13..17 (ReduceMean axes as attribute), got ${opset}`);

  // Constant tensors by output name (torch exports IN's scale/bias as Constant nodes) and initializers.
  const constants = new Map<string, OnnxTensor>();
  for (const t of g.initializer!) constants.set(t.name!, t);
  for (const n of nodes) if (n.opType === 'Constant' && n.attribute?.[0]?.t) constants.set(n.output![0], n.attribute[0].t);

  const out: OnnxNode[] = [];
  const inits: OnnxTensor[] = [];
  let counter = 0;
  const name = (label: string) => `extnorm/${label}_${counter++}`;
  const node = (op: string, inputs: string[], attrs: OnnxNode['attribute'] = []): string => {
    const o = name(op);
    out.push({ opType: op, input: inputs, output: [o], name: o, attribute: attrs, domain: '' });
    return o;
  };
  const i64 = (values: number[]) => {
    const n = name('const');
    inits.push(tensor(n, 'int64', [values.length], BigInt64Array.from(values.map(BigInt))));
    return n;
  };
  const f32 = (value: number) => {
    const n = name('const');
    inits.push(tensor(n, 'float32', [], Float32Array.of(value)));
    return n;
  };

  // Shared: mix as [N,1,1,1].
  const header: OnnxNode[] = [];
  const mix4Name = 'extnorm/mix4';
  header.push({ opType: 'Reshape', input: ['norm_mix', 'extnorm/shape_n111'], output: [mix4Name], name: mix4Name, domain: '' });
  inits.push(tensor('extnorm/shape_n111', 'int64', [4], BigInt64Array.from([-1n, 1n, 1n, 1n])));

  const layers: NormLayer[] = [];
  const statsParts: string[] = [];
  let offset = 0;
  const rewritten: OnnxNode[] = [];
  for (const n of nodes) {
    if (n.opType !== 'InstanceNormalization') {
      rewritten.push(n);
      continue;
    }
    const [x, scaleName, biasName] = n.input!;
    const scale = constants.get(scaleName);
    const bias = constants.get(biasName);
    if (!scale || !bias) throw new Error(`external-norm: ${n.name}: scale/bias are not constants`);
    const scaleValues = floatsOf(scale);
    const biasValues = floatsOf(bias);
    const channels = scaleValues.length;
    const epsilon = n.attribute?.find((a) => a.name === 'epsilon')?.f ?? 1e-5;
    const layer: NormLayer = { input: x, channels, epsilon, offset };
    layers.push(layer);

    out.length = 0;
    const ownM = node('ReduceMean', [x], [attribute('axes', { ints: [2, 3] }), attribute('keepdims', { i: 1 })]);
    const centred = node('Sub', [x, ownM]);
    const ownV = node(
      'ReduceMean',
      [node('Mul', [centred, centred])],
      [attribute('axes', { ints: [2, 3] }), attribute('keepdims', { i: 1 })],
    );
    const ext = (at: number) => node('Unsqueeze', [node('Slice', ['norm_stats', i64([at]), i64([at + channels]), i64([1])]), i64([2, 3])]);
    const extM = ext(offset);
    const extV = ext(offset + channels);
    const m = node('Add', [ownM, node('Mul', [mix4Name, node('Sub', [extM, ownM])])]);
    const v = node('Add', [ownV, node('Mul', [mix4Name, node('Sub', [extV, ownV])])]);
    const s = node('Reciprocal', [node('Sqrt', [node('Add', [v, f32(epsilon)])])]);
    const t = node('Neg', [node('Mul', [m, s])]);
    const normalised = node('Add', [node('Mul', [x, s]), t]);
    const identityAffine = scaleValues.every((v) => v === 1) && biasValues.every((v) => v === 0);
    if (!identityAffine) {
      const shape = i64([channels, 1, 1]);
      node('Add', [node('Mul', [normalised, node('Reshape', [scaleName, shape])]), node('Reshape', [biasName, shape])]);
    }
    // The last node computes y: give it the original output name, which the consumers read.
    out[out.length - 1].output = [n.output![0]];
    rewritten.push(...out);
    statsParts.push(ownM, ownV);
    offset += 2 * channels;
  }
  if (layers.length === 0) throw new Error('external-norm: the model has no InstanceNormalization');

  // norm_stats_out = Concat(Reshape(own_m_k, [0,-1]), Reshape(own_v_k, [0,-1]), ...) along axis 1.
  const flattened: string[] = [];
  const tail: OnnxNode[] = [];
  const flat = i64([0, -1]);
  for (const part of statsParts) {
    const o = name('Reshape');
    tail.push({ opType: 'Reshape', input: [part, flat], output: [o], name: o, domain: '' });
    flattened.push(o);
  }
  tail.push({
    opType: 'Concat',
    input: flattened,
    output: ['norm_stats_out'],
    name: 'extnorm/Concat_stats',
    attribute: [attribute('axis', { i: 1 })],
    domain: '',
  });

  g.node = [...header, ...rewritten, ...tail];
  g.initializer = [...g.initializer!, ...inits];
  g.input!.push(valueInfo('norm_stats', 'float32', ['n', offset]), valueInfo('norm_mix', 'float32', ['n', 1]));
  g.output!.push(valueInfo('norm_stats_out', 'float32', ['n', offset]));
  // Drop the now unused scale/bias Constant nodes.
  const used = new Set(g.node.flatMap((x) => x.input!));
  g.node = g.node.filter((x) => x.opType !== 'Constant' || x.output!.some((o) => used.has(o)));
  return { bytes: onnx.ModelProto.encode(model).finish(), layers, statsLength: offset };
}
