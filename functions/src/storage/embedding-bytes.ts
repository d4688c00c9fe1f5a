// The stored form of an embedding (faces.embedding): float32 little-endian, 4 bytes a dimension
// (512 for the 128-d dlib encoder). Storage owns the format; the search works on Float32Arrays.

/** An embedding -> the bytes stored in faces.embedding. */
export function embeddingToBytes(embedding: Float32Array): Uint8Array {
  const out = new Uint8Array(embedding.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < embedding.length; i++) view.setFloat32(i * 4, embedding[i], true);
  return out;
}

/** The bytes of faces.embedding -> the embedding; a blob of the wrong size is an error, not a guess. */
export function embeddingFromBytes(bytes: Uint8Array, dims: number): Float32Array {
  if (bytes.byteLength !== dims * 4) throw new RangeError(`embedding blob has ${bytes.byteLength} bytes, expected ${dims * 4}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(dims);
  for (let i = 0; i < dims; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

/** D1 returns BLOBs as ArrayBuffer or as an array of byte values, depending on the path. */
export function blobBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (Array.isArray(value)) return Uint8Array.from(value as number[]);
  throw new TypeError(`unexpected BLOB value of type ${typeof value}`);
}
