// Builds models/probe/image-stats.onnx: a small fixed-weight convolutional network that measures
// brightness, contrast and sharpness (variance of the Laplacian) of an RGB image.
//
// Why this model exists: it is the smallest real network that exercises the whole inference path
// (Conv, reductions, dynamic spatial dims) in workerd and in onnxruntime-node, so the runtime and
// its parity test stand on their own before the face and style models arrive. Its sharpness output
// is the blur signal of the face quality checks.
//
// The weights are analytic (ITU-R BT.601 luma, 4-neighbour Laplacian), so the file is byte-for-byte
// reproducible: `npm run models:probe` rewrites it and updates its manifest entry.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import onnxProto from 'onnx-proto';
import { updateManifestEntry } from '../lib/manifest.ts';

const { onnx } = onnxProto;
const DT = onnx.TensorProto.DataType;
const FILE = fileURLToPath(new URL('./image-stats.onnx', import.meta.url));

const f32 = (name: string, dims: number[], values: number[]) =>
  onnx.TensorProto.create({ name, dataType: DT.FLOAT, dims, rawData: new Uint8Array(Float32Array.from(values).buffer) });
const ints = (name: string, values: number[]) => ({ name, type: onnx.AttributeProto.AttributeType.INTS, ints: values });
const int = (name: string, value: number) => ({ name, type: onnx.AttributeProto.AttributeType.INT, i: value });
const node = (opType: string, input: string[], output: string[], attribute: object[] = []) =>
  onnx.NodeProto.create({ opType, input, output, attribute, name: output[0] });
const tensorType = (name: string, dims: (number | string)[]) =>
  onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: { elemType: DT.FLOAT, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } },
    },
  });

// Mean over channel and both spatial axes; opset 17 still takes `axes` as an attribute.
const meanAll = (input: string, output: string) => node('ReduceMean', [input], [output], [ints('axes', [1, 2, 3]), int('keepdims', 0)]);

const graph = onnx.GraphProto.create({
  name: 'image_stats',
  input: [tensorType('image', [1, 3, 'height', 'width'])],
  output: [tensorType('brightness', [1]), tensorType('contrast', [1]), tensorType('sharpness', [1])],
  initializer: [
    f32('luma_weights', [1, 3, 1, 1], [0.299, 0.587, 0.114]),
    f32('laplacian_weights', [1, 1, 3, 3], [0, 1, 0, 1, -4, 1, 0, 1, 0]),
  ],
  node: [
    node('Conv', ['image', 'luma_weights'], ['luma'], [ints('kernel_shape', [1, 1])]),
    meanAll('luma', 'brightness'),
    node('Mul', ['luma', 'luma'], ['luma_sq']),
    meanAll('luma_sq', 'luma_sq_mean'),
    node('Mul', ['brightness', 'brightness'], ['brightness_sq']),
    node('Sub', ['luma_sq_mean', 'brightness_sq'], ['luma_var']),
    node('Relu', ['luma_var'], ['luma_var_pos']), // rounding can make E[x^2]-E[x]^2 slightly negative
    node('Sqrt', ['luma_var_pos'], ['contrast']),
    // Valid convolution: the border has no full neighbourhood, and padding would add false edges.
    node('Conv', ['luma', 'laplacian_weights'], ['laplacian'], [ints('kernel_shape', [3, 3])]),
    meanAll('laplacian', 'laplacian_mean'),
    node('Mul', ['laplacian', 'laplacian'], ['laplacian_sq']),
    meanAll('laplacian_sq', 'laplacian_sq_mean'),
    node('Mul', ['laplacian_mean', 'laplacian_mean'], ['laplacian_mean_sq']),
    node('Sub', ['laplacian_sq_mean', 'laplacian_mean_sq'], ['sharpness']),
  ],
});

const model = onnx.ModelProto.create({
  irVersion: 8,
  producerName: 'likeness/models/probe/build.ts',
  producerVersion: '1',
  opsetImport: [{ domain: '', version: 17 }],
  graph,
});
const bytes = onnx.ModelProto.encode(model).finish();
writeFileSync(FILE, bytes);

updateManifestEntry({
  id: 'image-stats',
  version: '1',
  file: 'probe/image-stats.onnx',
  task: 'image-quality',
  description: 'Brightness, contrast (std of luma) and sharpness (variance of the 4-neighbour Laplacian of luma).',
  source: { kind: 'built', script: 'models/probe/build.ts', package: null },
  licence: 'MIT (this repository)',
  inputs: { image: { dtype: 'float32', shape: [1, 3, 'height', 'width'], layout: 'NCHW', colour: 'RGB', normalisation: 'x / 255 (0..1)' } },
  outputs: {
    brightness: 'mean BT.601 luma in 0..1',
    contrast: 'standard deviation of luma in 0..1',
    sharpness: 'variance of the Laplacian of luma (0..1 scale); below ~1e-4 is blurred for a 112 px face chip',
  },
  quantization: 'none (fp32; 4 weights)',
  accuracy: 'analytic: exact up to float32 rounding (checked against a JavaScript reference in test/unit/runtime)',
});
console.log(`wrote ${FILE} (${bytes.length} bytes)`);
