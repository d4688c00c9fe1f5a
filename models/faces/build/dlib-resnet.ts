// The dlib ResNet-29 face encoder ("dlib_face_recognition_resnet_model_v1", 128-d) as ported by
// @vladmandic/face-api (FaceRecognitionNet). The TF.js package ships weights only; the topology
// below is re-implemented from face-api's src/faceRecognitionNet/{FaceRecognitionNet,residualLayer,
// convLayer}.ts and checked against the library by test/unit/models/encoder-parity.test.ts.
//
// Graph input  "image":     float32 [N,150,150,3], RGB 0..255, an aligned 150x150 face chip (NHWC).
// Graph output "embedding": float32 [N,128], not L2-normalised (compare by Euclidean distance).
// Pixel normalisation is inside the graph: (x - [122.782, 117.001, 104.298]) / 255, as face-api
// 1.7.15 does (dlib itself divides by 256; face-api's /255 is what the parity target computes).
import { OnnxGraph } from './onnx-graph.ts';
import { float32Of, requireWeight, type WeightMap } from './tfjs-weights.ts';

export const ENCODER_INPUT_SIZE = 150;
export const ENCODER_MEAN_RGB = [122.782, 117.001, 104.298] as const;
export const ENCODER_DIVISOR = 255;

interface Act {
  name: string;
  channels: number;
  size: number; // square spatial size
}

/** conv(x, w) + b, then * scale + shift (face-api's scale layer), folded into one Conv. */
function convLayer(g: OnnxGraph, w: WeightMap, x: Act, prefix: string, stride: number, relu: boolean, same: boolean): Act {
  const filters = requireWeight(w, `${prefix}/conv/filters`);
  const bias = float32Of(requireWeight(w, `${prefix}/conv/bias`));
  const scale = float32Of(requireWeight(w, `${prefix}/scale/weights`));
  const shift = float32Of(requireWeight(w, `${prefix}/scale/biases`));
  const [kh, kw, ci, co] = filters.shape;
  if (ci !== x.channels || kh !== kw) throw new Error(`${prefix}: unexpected filter shape ${filters.shape.join('x')}`);
  const f = float32Of(filters);
  // HWIO -> OIHW with the scale folded in: (conv(x, W) + b) * s + t == conv(x, W * s) + (b * s + t).
  const weight = new Float32Array(f.length);
  for (let y = 0; y < kh; y++)
    for (let xx = 0; xx < kw; xx++)
      for (let i = 0; i < ci; i++)
        for (let o = 0; o < co; o++) weight[((o * ci + i) * kh + y) * kw + xx] = f[((y * kw + xx) * ci + i) * co + o] * scale[o];
  const folded = Float32Array.from(bias, (b, o) => b * scale[o] + shift[o]);
  // TF 'same' at stride 1 pads (k-1)/2 on each side; face-api uses 'valid' for the strided layers.
  const before = same ? (kh - 1) >> 1 : 0;
  const after = same ? kh - 1 - before : 0;
  const outSize = same ? Math.ceil(x.size / stride) : Math.floor((x.size - kh) / stride) + 1;
  if (same && stride !== 1) throw new Error('same padding only at stride 1 here');
  let y = g.node('Conv', [x.name, g.f32(`${prefix}/W`, [co, ci, kh, kw], weight), g.f32(`${prefix}/B`, [co], folded)], {
    kernel_shape: { ints: [kh, kw] },
    strides: { ints: [stride, stride] },
    pads: { ints: [before, before, after, after] },
  });
  if (relu) y = g.node('Relu', [y]);
  return { name: y, channels: co, size: outSize };
}

function residual(g: OnnxGraph, w: WeightMap, x: Act, prefix: string): Act {
  const a = convLayer(g, w, x, `${prefix}/conv1`, 1, true, true);
  const b = convLayer(g, w, a, `${prefix}/conv2`, 1, false, true);
  return { ...x, name: g.node('Relu', [g.node('Add', [b.name, x.name])]) };
}

/** Strided block: the shortcut is a 2x2 average pool, zero-padded in channels (and spatially when
 *  the valid 3x3/2 conv comes out one pixel smaller, face-api appends a zero row and column). */
function residualDown(g: OnnxGraph, w: WeightMap, x: Act, prefix: string): Act {
  const a = convLayer(g, w, x, `${prefix}/conv1`, 2, true, false);
  let b = convLayer(g, w, a, `${prefix}/conv2`, 1, false, true);
  const pooledSize = Math.floor((x.size - 2) / 2) + 1;
  let pooled = g.node('AveragePool', [x.name], { kernel_shape: { ints: [2, 2] }, strides: { ints: [2, 2] } });
  const grow = pooledSize - b.size;
  if (grow < 0 || grow > 1) throw new Error(`${prefix}: unexpected sizes ${b.size} vs ${pooledSize}`);
  if (grow) b = { ...b, size: pooledSize, name: g.node('Pad', [b.name, g.i64(`${prefix}/pad_hw`, [0, 0, 0, 0, 0, 0, 1, 1])]) };
  if (b.channels !== x.channels) pooled = g.node('Pad', [pooled, g.i64(`${prefix}/pad_c`, [0, 0, 0, 0, 0, b.channels - x.channels, 0, 0])]);
  return { name: g.node('Relu', [g.node('Add', [pooled, b.name])]), channels: b.channels, size: pooledSize };
}

export function buildEncoderGraph(weights: WeightMap): OnnxGraph {
  const g = new OnnxGraph('dlib_resnet_face_encoder');
  const input = g.input('image', ['N', ENCODER_INPUT_SIZE, ENCODER_INPUT_SIZE, 3]);
  let t = g.node('Transpose', [input], { perm: { ints: [0, 3, 1, 2] } });
  t = g.node('Sub', [t, g.f32('mean_rgb', [1, 3, 1, 1], ENCODER_MEAN_RGB)]);
  t = g.node('Div', [t, g.f32('divisor', [], [ENCODER_DIVISOR])]);
  let x: Act = { name: t, channels: 3, size: ENCODER_INPUT_SIZE };
  x = convLayer(g, weights, x, 'conv32_down', 2, true, false);
  x = {
    ...x,
    size: Math.floor((x.size - 3) / 2) + 1,
    name: g.node('MaxPool', [x.name], { kernel_shape: { ints: [3, 3] }, strides: { ints: [2, 2] } }),
  };
  for (const p of ['conv32_1', 'conv32_2', 'conv32_3']) x = residual(g, weights, x, p);
  x = residualDown(g, weights, x, 'conv64_down');
  for (const p of ['conv64_1', 'conv64_2', 'conv64_3']) x = residual(g, weights, x, p);
  x = residualDown(g, weights, x, 'conv128_down');
  for (const p of ['conv128_1', 'conv128_2']) x = residual(g, weights, x, p);
  x = residualDown(g, weights, x, 'conv256_down');
  for (const p of ['conv256_1', 'conv256_2']) x = residual(g, weights, x, p);
  x = residualDown(g, weights, x, 'conv256_down_out');
  const pooled = g.node('ReduceMean', [x.name], { axes: { ints: [2, 3] }, keepdims: { i: 0 } });
  const fc = requireWeight(weights, 'fc');
  if (fc.shape[0] !== x.channels || fc.shape[1] !== 128) throw new Error(`fc shape ${fc.shape.join('x')}`);
  g.node('MatMul', [pooled, g.f32('fc', fc.shape, float32Of(fc))], {}, 'embedding');
  g.output('embedding', ['N', 128]);
  return g;
}
