// zlib inflate that cannot be made to allocate more than the caller allows. DEFLATE expands up to
// ~1030:1, so 300 KB of compressed data can ask for 300 MB: a decoder that inflates "whatever is
// there" lets the request, not the header the limits were checked on, pick its memory.
//
// The inflater is the platform's DecompressionStream (zlib in C++ in workerd, Node's zlib in Node;
// no dependency), fed in small pieces and read as it produces: the output goes straight into one
// buffer of the size the caller expects, and reading stops as soon as the output passes it. One
// piece can produce at most ~4 MiB however it is built, so that, not the stream's full expansion,
// is what can ever sit in the inflater's queue before the read side sees it and stops.

/** Input bytes per write: bounds what one write can make the inflater produce (1030 x this). */
const PIECE_BYTES = 4096;

export type InflateFailure = 'excess' | 'short' | 'corrupt';

export class InflateError extends Error {
  constructor(
    readonly reason: InflateFailure,
    message: string,
  ) {
    super(message);
    this.name = 'InflateError';
  }
}

/**
 * Inflates the zlib stream made of the concatenated `input` parts, which must inflate to exactly
 * `size` bytes. Throws InflateError: 'excess' as soon as the output passes `size` (the rest is
 * never inflated), 'short' when the stream ends before `size`, 'corrupt' for invalid data, a
 * missing end or a wrong Adler-32. Bytes after the end of the zlib stream: workerd refuses them
 * ('corrupt'), Node ignores them. Memory: the `size`-byte result plus a few MiB at most.
 */
export async function inflateExactly(input: Iterable<Uint8Array>, size: number): Promise<Uint8Array> {
  const stream = new DecompressionStream('deflate');
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  let stopped = false;
  // Writes run alongside the reads below: a write may wait until its output has been read.
  void (async () => {
    for (const piece of pieces(input)) {
      if (stopped) return;
      await writer.write(piece);
    }
    await writer.close();
  })().catch(() => {}); // a failing stream errors both sides; the read side reports it

  let out: Uint8Array | undefined;
  let filled = 0;
  try {
    for (;;) {
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await reader.read();
      } catch (error) {
        // Any stream error is 'corrupt', even once all `size` bytes are out (a wrong or missing
        // Adler-32): tolerating it only when the error happens to arrive after the output, which
        // depends on where the pieces fall, would make the answer depend on piece boundaries.
        throw new InflateError('corrupt', error instanceof Error ? error.message : String(error));
      }
      if (next.done) break;
      const chunk = next.value;
      if (filled + chunk.length > size) {
        throw new InflateError('excess', `the compressed data inflates to more than ${size} bytes`);
      }
      out ??= new Uint8Array(size); // only once the data has proven to be zlib
      out.set(chunk, filled);
      filled += chunk.length;
    }
  } finally {
    // Stop the writer and free the inflater; harmless when the stream has already ended.
    stopped = true;
    reader.cancel().catch(() => {});
    writer.abort().catch(() => {});
  }
  if (!out || filled < size) throw new InflateError('short', `the compressed data inflates to ${filled} of the ${size} bytes expected`);
  return out;
}

/** The input regrouped into fresh PIECE_BYTES copies: many tiny parts (a PNG may hold thousands of
 * 1-byte IDAT chunks) cost one write per piece, and no write shares memory with the caller's. */
function* pieces(input: Iterable<Uint8Array>): Generator<Uint8Array<ArrayBuffer>> {
  let piece = new Uint8Array(PIECE_BYTES);
  let filled = 0;
  for (const part of input) {
    for (let at = 0; at < part.length; ) {
      const n = Math.min(PIECE_BYTES - filled, part.length - at);
      piece.set(part.subarray(at, at + n), filled);
      filled += n;
      at += n;
      if (filled === PIECE_BYTES) {
        yield piece;
        piece = new Uint8Array(PIECE_BYTES);
        filled = 0;
      }
    }
  }
  if (filled > 0) yield piece.subarray(0, filled);
}
