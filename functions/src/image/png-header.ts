// PNG structure without decoding: IHDR gives size, depth and colour type; the chunks before the
// first IDAT tell whether it is an APNG (acTL) and hold eXIf. A second walk checks every chunk is
// whole up to IEND, so a truncated upload is refused before inflating anything.
import { ascii, u32be } from './bytes';
import { imageError, type InputContext } from './errors';
import type { PngHeader } from './types';

export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;

/** Bit depths the PNG spec allows for each colour type. */
const DEPTHS_BY_COLOR_TYPE: Record<number, readonly number[]> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};

export interface PngChunk {
  type: string;
  data: Uint8Array;
}

/** The chunks after the signature, up to and including IEND; stops at the first incomplete chunk
 * (a length that points past the end of the file). Returns whether IEND was reached. Lazy, so a
 * file of a million 12-byte chunks never has a million chunk objects alive at once. */
export function* pngChunks(b: Uint8Array): Generator<PngChunk, boolean> {
  let pos = 8;
  while (pos + 12 <= b.length) {
    const length = u32be(b, pos);
    const type = ascii(b, pos + 4, 4);
    if (pos + 12 + length > b.length) return false;
    yield { type, data: b.subarray(pos + 8, pos + 8 + length) };
    if (type === 'IEND') return true;
    pos += 12 + length;
  }
  return false;
}

/** Visits chunks until IEND, the first incomplete chunk, or visit returning false. Returns whether
 * IEND was reached. */
function walkChunks(b: Uint8Array, visit: (chunk: PngChunk) => boolean | undefined): { complete: boolean } {
  const chunks = pngChunks(b);
  for (let next = chunks.next(); ; next = chunks.next()) {
    if (next.done) return { complete: next.value };
    if (visit(next.value) === false) return { complete: false };
  }
}

export function readPngHeader(b: Uint8Array, context: InputContext = {}): PngHeader {
  const invalid = (detail: string) => imageError('invalid-image', detail, context, { format: 'png' });
  if (b.length < 33 || u32be(b, 8) !== 13 || ascii(b, 12, 4) !== 'IHDR') {
    throw invalid('the PNG has no valid IHDR header (truncated or not a PNG).');
  }
  const width = u32be(b, 16);
  const height = u32be(b, 20);
  const bitDepth = b[24];
  const colorType = b[25];
  if (width === 0 || height === 0 || width > 0x7fffffff || height > 0x7fffffff) {
    throw invalid(`the PNG declares an impossible size ${width}x${height}.`);
  }
  if (!DEPTHS_BY_COLOR_TYPE[colorType]?.includes(bitDepth)) {
    throw invalid(`the PNG declares colour type ${colorType} with bit depth ${bitDepth}, which the PNG format does not allow.`);
  }
  if (b[26] !== 0 || b[27] !== 0 || b[28] > 1) throw invalid('the PNG declares an unknown compression, filter or interlace method.');

  let animated = false;
  let exif: Uint8Array | undefined;
  walkChunks(b, ({ type, data }) => {
    if (type === 'acTL') animated = true;
    if (type === 'eXIf') exif = withoutExifPrefix(data);
    return type !== 'IDAT';
  });
  if (animated) {
    throw imageError('unsupported-image', 'animated PNGs (APNG) are not supported; send a single still image.', context, {
      format: 'apng',
    });
  }
  const header: PngHeader = {
    format: 'png',
    width,
    height,
    bitDepth: bitDepth as PngHeader['bitDepth'],
    colorType: colorType as PngHeader['colorType'],
    interlaced: b[28] === 1,
  };
  return exif ? { ...header, exif } : header;
}

export function assertPngComplete(b: Uint8Array, header: PngHeader, context: InputContext = {}): void {
  let seenData = false;
  let seenPalette = false;
  const { complete } = walkChunks(b, ({ type }) => {
    if (type === 'IDAT') seenData = true;
    if (type === 'PLTE') seenPalette = true;
    return undefined; // walk on
  });
  if (!complete) throw imageError('invalid-image', 'the PNG is truncated (its chunks end before IEND).', context, { format: 'png' });
  if (!seenData) throw imageError('invalid-image', 'the PNG has no image data (IDAT).', context, { format: 'png' });
  if (header.colorType === 3 && !seenPalette) {
    throw imageError('invalid-image', 'the PNG is palette-based but has no palette (PLTE).', context, { format: 'png' });
  }
}

/** Some writers keep the JPEG-style "Exif\0\0" prefix in PNG/WebP EXIF chunks; the TIFF data follows. */
export function withoutExifPrefix(data: Uint8Array): Uint8Array {
  return ascii(data, 0, 6) === 'Exif\0\0' ? data.subarray(6) : data;
}
