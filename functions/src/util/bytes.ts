// Streamed bodies read chunk by chunk (request uploads, on-device downloads) joined into one buffer.

/** The chunks as one Uint8Array that owns its whole buffer (a lone chunk that already does is returned as is). */
export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  const [only] = chunks;
  if (chunks.length === 1 && only.byteOffset === 0 && only.byteLength === only.buffer.byteLength) return only;
  const joined = new Uint8Array(chunks.reduce((sum, c) => sum + c.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return joined;
}
