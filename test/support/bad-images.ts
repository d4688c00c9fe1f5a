// The bad-upload catalogue, shared by the Node unit tests of the image module and the workerd tests
// of the real routes, so both check the same cases: [fixture, declared type, status, problem kind].
export const BAD_UPLOADS: [string, string, number, string][] = [
  ['truncated.jpg', 'image/jpeg', 422, 'invalid-image'], // cut inside the scan data, no EOI
  ['truncated-header.jpg', 'image/jpeg', 422, 'invalid-image'], // cut inside the headers
  ['cut-scan-with-eoi.jpg', 'image/jpeg', 422, 'invalid-image'], // cut, EOI appended: libjpeg's warning
  ['truncated.png', 'image/png', 422, 'invalid-image'],
  ['truncated.webp', 'image/webp', 422, 'invalid-image'],
  ['zero-bytes.jpg', 'image/jpeg', 400, 'missing-image'], // an empty file part is no image at all
  ['text-posing-as.png', 'image/png', 415, 'unsupported-image'], // magic bytes win over the declared type
  ['huge-dimensions.png', 'image/png', 413, 'image-too-large'], // 100000x100000 declared in IHDR
  ['huge-dimensions.jpg', 'image/jpeg', 413, 'image-too-large'], // 60000x60000 declared in SOF
  ['12-bit.jpg', 'image/jpeg', 415, 'unsupported-image'],
  ['animated.png', 'image/png', 415, 'unsupported-image'],
  ['animated.webp', 'image/webp', 415, 'unsupported-image'],
  ['animated.gif', 'image/gif', 415, 'unsupported-image'],
  ['still.gif', 'image/gif', 415, 'unsupported-image'],
  ['image.bmp', 'image/bmp', 415, 'unsupported-image'],
  ['header-only.heic', 'image/heic', 415, 'unsupported-image'],
];

/** Legitimate but unusual images: decoded, not refused. */
export const UNUSUAL_BUT_VALID: [string, string][] = [
  ['cmyk.jpg', 'image/jpeg'],
  ['progressive.jpg', 'image/jpeg'],
  ['grey.jpg', 'image/jpeg'],
  ['grey-16.png', 'image/png'],
  ['rgba-16.png', 'image/png'],
  ['palette-trns.png', 'image/png'],
  ['grey-alpha.png', 'image/png'],
  ['orientation-7.jpg', 'image/jpeg'],
  ['lossy.webp', 'image/webp'],
  ['lossless.webp', 'image/webp'],
];

// ---------------------------------------------------------------------------------------------
// Hostile inputs, generated here rather than committed: decompression bombs (a few hundred KB that
// inflate to hundreds of MB), headers that lie about the data, lengths that point past the end,
// JPEGs with thousands of scans or segments, WebP canvases that disagree with their bitstream.
// Pure TypeScript (no Buffer, no node:zlib) so the workerd tests build the same bytes.

/** What a bomb inflates to when nothing stops it. */
export const BOMB_BYTES = 300 * 1024 * 1024;

export interface HostileUpload {
  name: string;
  type: string;
  /** 200: must decode (the hostile part is ignored); otherwise the 4xx status and problem kind. */
  status: number;
  kind?: string;
  /** Builds the file; `fixture` reads a committed fixture (test/fixtures/images) in the caller's runtime. */
  make: (fixture: (name: string) => Uint8Array) => Uint8Array;
  /** Bytes it would inflate to if inflated without a cap: tests of bounded memory pick these. */
  bomb?: number;
  /** Cheap to send, and was expensive to decode (CPU): tests of bounded time pick these too. */
  slow?: boolean;
}

const RGB = 2;
const RGBA = 6;

export const HOSTILE_UPLOADS: HostileUpload[] = [
  // IDAT bombs: an honest 64x64 header, image data that inflates to 300 MB.
  {
    name: 'idat-bomb.png',
    type: 'image/png',
    status: 422,
    kind: 'invalid-image',
    bomb: BOMB_BYTES,
    make: () => png(64, 64, RGB, [chunk('IDAT', zlibZeros(BOMB_BYTES))]),
  },
  {
    name: 'idat-bomb-split.png',
    type: 'image/png',
    status: 422,
    kind: 'invalid-image',
    bomb: BOMB_BYTES,
    make: () => png(64, 64, RGB, splitIdat(zlibZeros(BOMB_BYTES), 8192)),
  },
  {
    name: 'idat-bomb-interlaced.png',
    type: 'image/png',
    status: 422,
    kind: 'invalid-image',
    bomb: BOMB_BYTES,
    make: () => png(64, 64, RGBA, [chunk('IDAT', zlibZeros(BOMB_BYTES))], { interlaced: true }),
  },
  // Ancillary bombs next to a valid image: the decoder has no use for their content, so it never
  // inflates them and the image decodes.
  {
    name: 'iccp-bomb.png',
    type: 'image/png',
    status: 200,
    bomb: BOMB_BYTES,
    make: () => withAncillary(chunk('iCCP', concat(latin1('ICC profile\0'), [0]), zlibZeros(BOMB_BYTES))),
  },
  {
    name: 'ztxt-bomb.png',
    type: 'image/png',
    status: 200,
    bomb: BOMB_BYTES,
    make: () => withAncillary(chunk('zTXt', concat(latin1('Comment\0'), [0]), zlibZeros(BOMB_BYTES))),
  },
  // iTXt: keyword\0, compression flag 1, method 0, language\0, translated keyword\0, text.
  {
    name: 'itxt-bomb.png',
    type: 'image/png',
    status: 200,
    bomb: BOMB_BYTES,
    make: () => withAncillary(chunk('iTXt', concat(latin1('Comment\0'), [1, 0], latin1('en\0\0')), zlibZeros(BOMB_BYTES))),
  },
  // Lying headers: IHDR says 16x16, the data is a well-formed 256x256 image (a bomb in disguise).
  {
    name: 'more-data-than-header.png',
    type: 'image/png',
    status: 422,
    kind: 'invalid-image',
    make: () => png(16, 16, RGB, [chunk('IDAT', zlibStored(new Uint8Array(pngDataBytes(256, 256, 3, 8, false))))]),
  },
  {
    name: 'less-data-than-header.png',
    type: 'image/png',
    status: 422,
    kind: 'invalid-image',
    make: () => png(256, 256, RGB, [chunk('IDAT', zlibStored(new Uint8Array(pngDataBytes(16, 16, 3, 8, false))))]),
  },
  {
    name: 'bad-filter-type.png',
    type: 'image/png',
    status: 422,
    kind: 'invalid-image',
    make: () => png(4, 4, RGB, [chunk('IDAT', zlibStored(new Uint8Array(pngDataBytes(4, 4, 3, 8, false)).fill(7)))]),
  },
  {
    name: 'corrupt-deflate.png',
    type: 'image/png',
    status: 422,
    kind: 'invalid-image',
    make: () => png(4, 4, RGB, [chunk('IDAT', Uint8Array.of(0x78, 0x01, 0xff, 0xff, 0xff, 0xff))]),
  },
  // Lying chunk length: an IDAT whose length field points 2 GB past the end of the file.
  {
    name: 'chunk-length-past-end.png',
    type: 'image/png',
    status: 422,
    kind: 'invalid-image',
    make: () => lyingChunkLength(png(4, 4, RGB, [chunk('IDAT', zlibStored(new Uint8Array(pngDataBytes(4, 4, 3, 8, false))))])),
  },
  // 1-byte IDAT chunks (legal): they must cost no more than one IDAT would. 250k of them (3 MB)
  // took fast-png 4.5 s of CPU.
  {
    name: 'many-idat-chunks.png',
    type: 'image/png',
    status: 200,
    make: () => png(48, 32, RGB, splitIdat(zlibStored(new Uint8Array(pngDataBytes(48, 32, 3, 8, false))), 1)),
  },
  {
    name: 'idat-confetti.png',
    type: 'image/png',
    status: 200,
    slow: true,
    make: () => png(1000, 250, 0, splitIdat(zlibStored(new Uint8Array(pngDataBytes(1000, 250, 1, 8, false))), 1)),
  },
  // A wrong Adler-32 after complete image data: refused (the stream is corrupt, whatever its data).
  {
    name: 'bad-adler32.png',
    type: 'image/png',
    status: 422,
    kind: 'invalid-image',
    make: () => badAdler(png(4, 4, RGB, [chunk('IDAT', zlibStored(new Uint8Array(pngDataBytes(4, 4, 3, 8, false))))])),
  },
  // APNG whose acTL comes after IDAT (not a valid APNG): at most the default image is decoded.
  {
    name: 'actl-after-idat.png',
    type: 'image/png',
    status: 200,
    make: () =>
      png(8, 8, RGB, [
        chunk('IDAT', zlibStored(new Uint8Array(pngDataBytes(8, 8, 3, 8, false)))),
        chunk('acTL', new Uint8Array(8)),
        chunk('fdAT', zlibZeros(BOMB_BYTES)),
      ]),
    bomb: BOMB_BYTES,
  },

  // JPEG: the last scan of a progressive JPEG repeated 5000 times (libjpeg warns and decodes each one:
  // CPU grows with scans x pixels), 5000 empty COM segments, and a segment length past the end.
  {
    name: 'many-scans.jpg',
    type: 'image/jpeg',
    status: 422,
    kind: 'invalid-image',
    make: (f) => repeatLastScan(f('progressive.jpg'), 5000),
  },
  {
    name: 'many-segments.jpg',
    type: 'image/jpeg',
    status: 422,
    kind: 'invalid-image',
    make: (f) => insertAfterSoi(f('baseline-420.jpg'), repeat(Uint8Array.of(0xff, 0xfe, 0x00, 0x02), 5000)),
  },
  {
    name: 'segment-length-past-end.jpg',
    type: 'image/jpeg',
    status: 422,
    kind: 'invalid-image',
    make: (f) => insertAfterSoi(f('baseline-420.jpg'), Uint8Array.of(0xff, 0xe5, 0xff, 0xf0, 0x41, 0x42)),
  },

  // WebP: a VP8X canvas that disagrees with the VP8 / VP8L bitstream inside it, both ways.
  {
    name: 'canvas-larger-than-vp8.webp',
    type: 'image/webp',
    status: 422,
    kind: 'invalid-image',
    make: (f) => vp8x(f('lossy.webp'), 64, 64),
  },
  {
    name: 'canvas-smaller-than-vp8.webp',
    type: 'image/webp',
    status: 422,
    kind: 'invalid-image',
    make: (f) => vp8x(patchVp8Size(f('lossy.webp'), 4000, 3000), 48, 32),
  },
  {
    name: 'canvas-mismatch-vp8l.webp',
    type: 'image/webp',
    status: 422,
    kind: 'invalid-image',
    make: (f) => vp8x(f('lossless.webp'), 32, 48),
  },
  {
    name: 'vp8x-without-image.webp',
    type: 'image/webp',
    status: 422,
    kind: 'invalid-image',
    make: () => riff([webpChunk('VP8X', vp8xPayload(48, 32))]),
  },
  // A VP8X file whose canvas matches its bitstream is fine (the control for the cases above).
  { name: 'vp8x-matching.webp', type: 'image/webp', status: 200, make: (f) => vp8x(f('lossy.webp'), 48, 32) },
];

// ---- PNG ----

/** Bytes of filtered image data a PNG header allows (filter byte per row, per Adam7 pass). */
export function pngDataBytes(width: number, height: number, channels: number, bitDepth: number, interlaced: boolean): number {
  const rows = (w: number, h: number) => (w > 0 && h > 0 ? h * (1 + Math.ceil((w * channels * bitDepth) / 8)) : 0);
  if (!interlaced) return rows(width, height);
  const passes = [
    [0, 0, 8, 8],
    [4, 0, 8, 8],
    [0, 4, 4, 8],
    [2, 0, 4, 4],
    [0, 2, 2, 4],
    [1, 0, 2, 2],
    [0, 1, 1, 2],
  ];
  return passes.reduce((sum, [x0, y0, dx, dy]) => sum + rows(Math.ceil((width - x0) / dx), Math.ceil((height - y0) / dy)), 0);
}

export function png(
  width: number,
  height: number,
  colorType: number,
  chunks: Uint8Array[],
  options: { bitDepth?: number; interlaced?: boolean } = {},
): Uint8Array {
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr[8] = options.bitDepth ?? 8;
  ihdr[9] = colorType;
  ihdr[12] = options.interlaced ? 1 : 0;
  return concatAll([[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], chunk('IHDR', ihdr), ...chunks, chunk('IEND', new Uint8Array(0))]);
}

export function chunk(type: string, ...parts: (Uint8Array | number[])[]): Uint8Array {
  const data = concat(...parts);
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(latin1(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

function splitIdat(stream: Uint8Array, size: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < stream.length; i += size) chunks.push(chunk('IDAT', stream.subarray(i, i + size)));
  return chunks;
}

/** A valid 48x32 RGB image (mid grey) with the given ancillary chunk before its IDAT. */
function withAncillary(ancillary: Uint8Array): Uint8Array {
  const data = new Uint8Array(pngDataBytes(48, 32, 3, 8, false));
  for (let y = 0; y < 32; y++) data.fill(128, y * (1 + 48 * 3) + 1, (y + 1) * (1 + 48 * 3));
  return png(48, 32, RGB, [ancillary, chunk('IDAT', zlibStored(data))]);
}

/** Flips a bit of the Adler-32 at the end of the first IDAT (the CRC is not checked by decoders). */
function badAdler(file: Uint8Array): Uint8Array {
  const out = file.slice();
  const idat = 8 + 25;
  const length = new DataView(out.buffer).getUint32(idat);
  out[idat + 8 + length - 1] ^= 1;
  return out;
}

function lyingChunkLength(file: Uint8Array): Uint8Array {
  const out = file.slice();
  const idat = 8 + 25; // signature, IHDR chunk
  new DataView(out.buffer).setUint32(idat, 0x7ffffff0);
  return out;
}

let crcTable: Uint32Array | undefined;
export function crc32(bytes: Uint8Array): number {
  crcTable ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let crc = 0xffffffff;
  for (const b of bytes) crc = crcTable[(crc ^ b) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

// ---- zlib ----

/** A zlib stream of stored (uncompressed) blocks: exact, and cheap to build anywhere. */
export function zlibStored(raw: Uint8Array): Uint8Array {
  const blocks = Math.max(1, Math.ceil(raw.length / 65535));
  const out = new Uint8Array(2 + raw.length + blocks * 5 + 4);
  out.set([0x78, 0x01]);
  let o = 2;
  for (let b = 0; b < blocks; b++) {
    const part = raw.subarray(b * 65535, (b + 1) * 65535);
    out[o] = b === blocks - 1 ? 1 : 0;
    out[o + 1] = part.length & 0xff;
    out[o + 2] = part.length >> 8;
    out[o + 3] = ~part.length & 0xff;
    out[o + 4] = (~part.length >> 8) & 0xff;
    out.set(part, o + 5);
    o += 5 + part.length;
  }
  new DataView(out.buffer).setUint32(o, adler32(raw));
  return out;
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const v of bytes) {
    a = (a + v) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/**
 * A zlib stream that inflates to at least `minBytes` zeros at DEFLATE's best ratio (~1030:1): one
 * dynamic-Huffman block whose literal/length code gives 1 bit to "length 258" and whose distance
 * code gives 1 bit to "distance 1", so every 2 bits (both codes are 0) repeat 258 zeros. Built
 * bit by bit because it must be made in workerd too, where there is no zlib to ask for it.
 */
export function zlibZeros(minBytes: number): Uint8Array {
  const repeats = Math.ceil(Math.max(0, minBytes - 1) / 258);
  const bits = new BitWriter(2 + Math.ceil((120 + 2 * repeats) / 8) + 8);
  bits.bytes.set([0x78, 0x01]);
  bits.at = 16;
  bits.put(1, 1); // BFINAL
  bits.put(2, 2); // BTYPE = dynamic Huffman
  bits.put(29, 5); // HLIT: 257 + 29 = 286 literal/length codes (up to 285 = length 258)
  bits.put(0, 5); // HDIST: 1 distance code
  bits.put(15, 4); // HCLEN: 4 + 15 = 19 code-length codes
  // Code-length code: symbol 18 (run of zeros) 1 bit, symbols 1 and 2 two bits: a complete code.
  const clLengths: Record<number, number> = { 18: 1, 1: 2, 2: 2 };
  for (const symbol of [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]) bits.put(clLengths[symbol] ?? 0, 3);
  const CL = { zeros: [0b0, 1], one: [0b10, 2], two: [0b11, 2] } as const;
  const zeroRun = (n: number) => {
    bits.code(...CL.zeros);
    bits.put(n - 11, 7);
  };
  // Literal/length code lengths: 0 -> 2, 1..255 -> 0, 256 (end of block) -> 2, 257..284 -> 0, 285 -> 1.
  bits.code(...CL.two);
  zeroRun(138);
  zeroRun(117);
  bits.code(...CL.two);
  zeroRun(28);
  bits.code(...CL.one);
  bits.code(...CL.one); // the one distance code (distance 1): 1 bit
  // Canonical codes: 285 -> '0', literal 0 -> '10', end of block -> '11'; distance 1 -> '0'.
  bits.code(0b10, 2); // one literal zero
  bits.at += 2 * repeats; // (length 258 '0', distance 1 '0') x repeats: the bytes are already zero
  bits.code(0b11, 2);
  const end = Math.ceil(bits.at / 8);
  const total = 1 + 258 * repeats;
  new DataView(bits.bytes.buffer).setUint32(end, (((total % 65521) << 16) | 1) >>> 0); // Adler-32 of zeros
  return bits.bytes.subarray(0, end + 4);
}

class BitWriter {
  readonly bytes: Uint8Array;
  at = 0;
  constructor(size: number) {
    this.bytes = new Uint8Array(size);
  }
  /** An integer, least significant bit first (DEFLATE's header fields and extra bits). */
  put(value: number, count: number): void {
    for (let i = 0; i < count; i++, this.at++) if ((value >> i) & 1) this.bytes[this.at >> 3] |= 1 << (this.at & 7);
  }
  /** A Huffman code, most significant bit first. */
  code(value: number, count: number): void {
    for (let i = count - 1; i >= 0; i--, this.at++) if ((value >> i) & 1) this.bytes[this.at >> 3] |= 1 << (this.at & 7);
  }
}

// ---- JPEG ----

/** Repeats the last scan (SOS segment + its entropy-coded data) `times` more times before EOI. */
function repeatLastScan(jpeg: Uint8Array, times: number): Uint8Array {
  let lastScan = -1;
  let pos = 2;
  for (;;) {
    const marker = jpeg[pos + 1];
    if (marker === 0xd9) break;
    const length = (jpeg[pos + 2] << 8) | jpeg[pos + 3];
    if (marker === 0xda) lastScan = pos;
    pos += 2 + length;
    if (marker === 0xda) pos = endOfEntropyData(jpeg, pos);
  }
  const scan = jpeg.subarray(lastScan, pos);
  return concat(jpeg.subarray(0, pos), repeat(scan, times), jpeg.subarray(pos));
}

function endOfEntropyData(jpeg: Uint8Array, pos: number): number {
  for (;;) {
    const ff = jpeg.indexOf(0xff, pos);
    const next = jpeg[ff + 1];
    if (next === 0x00 || (next >= 0xd0 && next <= 0xd7) || next === 0xff) pos = ff + 1;
    else return ff;
  }
}

function insertAfterSoi(jpeg: Uint8Array, insert: Uint8Array): Uint8Array {
  return concat(jpeg.subarray(0, 2), insert, jpeg.subarray(2));
}

// ---- WebP ----

/** The file's first chunk (VP8 or VP8L) inside a VP8X file that declares the given canvas. */
function vp8x(simple: Uint8Array, canvasWidth: number, canvasHeight: number): Uint8Array {
  const size = new DataView(simple.buffer, simple.byteOffset).getUint32(16, true);
  const image = simple.subarray(12, 12 + 8 + size + (size & 1));
  return riff([webpChunk('VP8X', vp8xPayload(canvasWidth, canvasHeight)), image]);
}

function vp8xPayload(width: number, height: number): Uint8Array {
  const data = new Uint8Array(10);
  const w = width - 1;
  const h = height - 1;
  data.set([w & 0xff, (w >> 8) & 0xff, w >> 16, h & 0xff, (h >> 8) & 0xff, h >> 16], 4);
  return data;
}

/** Rewrites the frame size in a simple lossy WebP's VP8 key-frame header. */
function patchVp8Size(webp: Uint8Array, width: number, height: number): Uint8Array {
  const out = webp.slice();
  const view = new DataView(out.buffer);
  view.setUint16(20 + 6, width, true);
  view.setUint16(20 + 8, height, true);
  return out;
}

function webpChunk(fourcc: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + data.length + (data.length & 1));
  out.set(latin1(fourcc));
  new DataView(out.buffer).setUint32(4, data.length, true);
  out.set(data, 8);
  return out;
}

function riff(chunks: Uint8Array[]): Uint8Array {
  const body = concat(latin1('WEBP'), ...chunks);
  const out = concat(latin1('RIFF'), new Uint8Array(4), body);
  new DataView(out.buffer).setUint32(4, body.length, true);
  return out;
}

// ---- bytes ----

function latin1(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

function concat(...parts: (Uint8Array | number[])[]): Uint8Array {
  return concatAll(parts);
}

/** concat for any number of parts (a spread of 100k arguments overflows the stack). */
function concatAll(parts: (Uint8Array | number[])[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function repeat(part: Uint8Array, times: number): Uint8Array {
  const out = new Uint8Array(part.length * times);
  for (let i = 0; i < times; i++) out.set(part, i * part.length);
  return out;
}
