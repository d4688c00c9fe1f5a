// A small, deterministic ONNX graph builder on onnx-proto (no Python). Names come from counters
// and the caller's labels only, so the same calls always encode to the same bytes.
import onnxProto from 'onnx-proto';
import type { onnx as P } from 'onnx-proto';

const { onnx } = onnxProto;
export type OnnxNode = P.INodeProto;
export type OnnxTensor = P.ITensorProto;
export type OnnxValueInfo = P.IValueInfoProto;
export { onnx };

export const DataType = {
  float32: 1,
  uint8: 2,
  int8: 3,
  int32: 6,
  int64: 7,
} as const;
export type DType = keyof typeof DataType;

export type Attr = { i: number } | { f: number } | { s: string } | { ints: number[] } | { floats: number[] };
export type Dim = number | string;

const AT = onnx.AttributeProto.AttributeType;

export function attribute(name: string, v: Attr): P.IAttributeProto {
  if ('i' in v) return { name, type: AT.INT, i: v.i };
  if ('f' in v) return { name, type: AT.FLOAT, f: v.f };
  if ('s' in v) return { name, type: AT.STRING, s: new TextEncoder().encode(v.s) };
  if ('ints' in v) return { name, type: AT.INTS, ints: v.ints };
  return { name, type: AT.FLOATS, floats: v.floats };
}

export function valueInfo(name: string, elemType: DType, shape: Dim[]): OnnxValueInfo {
  return {
    name,
    type: {
      tensorType: {
        elemType: DataType[elemType],
        shape: { dim: shape.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
      },
    },
  };
}

type Typed = Float32Array | Int32Array | Int8Array | Uint8Array | BigInt64Array;

export function tensor(name: string, dtype: DType, dims: number[], data: Typed): OnnxTensor {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return { name, dims, dataType: DataType[dtype], rawData: Uint8Array.from(bytes) };
}

export class OnnxGraph {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];
  readonly inputs: OnnxValueInfo[] = [];
  readonly outputs: OnnxValueInfo[] = [];
  private readonly used = new Set<string>();
  private counter = 0;

  constructor(readonly name: string) {}

  /** A fresh, unique tensor/node name derived from a label. */
  unique(label: string): string {
    let name = label;
    while (this.used.has(name)) name = `${label}_${this.counter++}`;
    this.used.add(name);
    return name;
  }

  input(name: string, shape: Dim[], dtype: DType = 'float32'): string {
    this.used.add(name);
    this.inputs.push(valueInfo(name, dtype, shape));
    return name;
  }

  output(name: string, shape: Dim[], dtype: DType = 'float32'): void {
    this.outputs.push(valueInfo(name, dtype, shape));
  }

  init(label: string, dtype: DType, dims: number[], data: Typed): string {
    const name = this.unique(label);
    this.initializers.push(tensor(name, dtype, dims, data));
    return name;
  }

  f32(label: string, dims: number[], data: ArrayLike<number>): string {
    return this.init(label, 'float32', dims, data instanceof Float32Array ? data : Float32Array.from(data));
  }

  i64(label: string, values: number[]): string {
    return this.init(label, 'int64', [values.length], BigInt64Array.from(values.map((v) => BigInt(v))));
  }

  /** Adds a node; returns its (first) output name. `output` names the output explicitly. */
  node(op: string, inputs: string[], attrs: Record<string, Attr> = {}, output?: string): string {
    const out = output ?? this.unique(`${op}_${this.nodes.length}`);
    if (output) this.used.add(output);
    this.nodes.push({
      opType: op,
      input: inputs,
      output: [out],
      name: out,
      attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
      domain: '',
    });
    return out;
  }

  toBytes(options: { opset: number; producer: string; doc: string; metadata?: Record<string, string> }): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: 8,
      producerName: options.producer,
      producerVersion: '1',
      docString: options.doc,
      opsetImport: [{ domain: '', version: options.opset }],
      metadataProps: Object.entries(options.metadata ?? {}).map(([key, value]) => ({ key, value })),
      graph: { name: this.name, node: this.nodes, initializer: this.initializers, input: this.inputs, output: this.outputs },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

/** Permutes an N-d row-major array. */
export function transpose<T extends Float32Array | Int32Array>(data: T, shape: number[], perm: number[]): { data: T; shape: number[] } {
  const rank = shape.length;
  const outShape = perm.map((p) => shape[p]);
  const strides = new Array<number>(rank).fill(1);
  for (let i = rank - 2; i >= 0; i--) strides[i] = strides[i + 1] * shape[i + 1];
  const permStrides = perm.map((p) => strides[p]);
  const out = new (data.constructor as new (n: number) => T)(data.length);
  const idx = new Array<number>(rank).fill(0);
  for (let o = 0; o < data.length; o++) {
    let s = 0;
    for (let k = 0; k < rank; k++) s += idx[k] * permStrides[k];
    out[o] = data[s];
    for (let k = rank - 1; k >= 0; k--) {
      if (++idx[k] < outShape[k]) break;
      idx[k] = 0;
    }
  }
  return { data: out, shape: outShape };
}
