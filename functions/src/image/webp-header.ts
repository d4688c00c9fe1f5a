// WebP structure without decoding: the RIFF container's first chunk is VP8 (lossy), VP8L
// (lossless) or VP8X (extended: flags for animation, alpha and EXIF, canvas size, which must
// match the size in the VP8/VP8L bitstream it holds). The RIFF length tells whether the upload is
// whole.
import { ascii, u16le, u24le, u32le } from './bytes';
import { imageError, type InputContext } from './errors';
import { withoutExifPrefix } from './png-header';
import type { WebpHeader } from './types';

const VP8X_ANIMATION = 0x02;
const VP8X_ALPHA = 0x10;

interface Chunk {
  fourcc: string;
  data: Uint8Array;
}

function* chunks(b: Uint8Array): Generator<Chunk> {
  let pos = 12;
  while (pos + 8 <= b.length) {
    const size = u32le(b, pos + 4);
    const fourcc = ascii(b, pos, 4);
    if (pos + 8 + size > b.length) return;
    yield { fourcc, data: b.subarray(pos + 8, pos + 8 + size) };
    pos += 8 + size + (size & 1); // chunks are padded to an even size
  }
}

export function readWebpHeader(b: Uint8Array, context: InputContext = {}): WebpHeader {
  const invalid = (detail: string) => imageError('invalid-image', detail, context, { format: 'webp' });
  const first = chunks(b).next();
  if (first.done) {
    const riffEnd = u32le(b, 4) + 8;
    throw invalid(riffEnd > b.length ? `the WebP is truncated (${b.length} of ${riffEnd} bytes).` : 'the WebP has no image chunk.');
  }
  const { fourcc, data } = first.value;

  if (fourcc === 'VP8 ' || fourcc === 'VP8L') {
    const size = bitstreamSize(fourcc, data);
    if (!size) throw invalid(fourcc === 'VP8 ' ? 'the lossy WebP frame header is malformed.' : 'the lossless WebP header is malformed.');
    return { format: 'webp', width: size.width, height: size.height, lossless: fourcc === 'VP8L', hasAlpha: size.alpha };
  }
  if (fourcc === 'VP8X') {
    if (data.length < 10) throw invalid('the extended WebP header is malformed.');
    const flags = data[0];
    if (flags & VP8X_ANIMATION) {
      throw imageError('unsupported-image', 'animated WebP images are not supported; send a single still image.', context, {
        format: 'webp-animated',
      });
    }
    let image: { fourcc: string; data: Uint8Array } | undefined;
    let exif: Uint8Array | undefined;
    for (const chunk of chunks(b)) {
      if (chunk.fourcc === 'ANIM' || chunk.fourcc === 'ANMF') {
        throw imageError('unsupported-image', 'animated WebP images are not supported; send a single still image.', context, {
          format: 'webp-animated',
        });
      }
      if ((chunk.fourcc === 'VP8 ' || chunk.fourcc === 'VP8L') && !image) image = chunk;
      if (chunk.fourcc === 'EXIF' && !exif) exif = withoutExifPrefix(chunk.data);
    }
    const width = u24le(data, 4) + 1;
    const height = u24le(data, 7) + 1;
    // A missing image chunk in a truncated file is left to assertWebpComplete, after the limits
    // (so a huge canvas still gets the more useful 413).
    const truncated = u32le(b, 4) + 8 > b.length;
    if (!image && !truncated) throw invalid('the extended WebP has no image data (no VP8 or VP8L chunk).');
    if (image) {
      // The limits are checked on the canvas; the codec sizes its buffers from the bitstream. They
      // must agree (libwebp checks too, but then nothing depends on its check alone).
      const size = bitstreamSize(image.fourcc, image.data);
      if (!size) throw invalid(`the extended WebP's ${image.fourcc.trim()} image data has a malformed header.`);
      if (size.width !== width || size.height !== height) {
        throw invalid(`the WebP's canvas is ${width}x${height} but its image data is ${size.width}x${size.height}.`);
      }
    }
    const header: WebpHeader = {
      format: 'webp',
      width,
      height,
      lossless: image?.fourcc === 'VP8L',
      hasAlpha: (flags & VP8X_ALPHA) !== 0,
    };
    return exif ? { ...header, exif } : header;
  }
  throw invalid(`the WebP starts with an unknown chunk '${fourcc.replace(/[^ -~]/g, '?')}'.`);
}

/** Size in the VP8 key-frame header or the VP8L header; undefined when malformed. */
function bitstreamSize(fourcc: string, data: Uint8Array): { width: number; height: number; alpha: boolean } | undefined {
  if (fourcc === 'VP8 ') {
    // Frame tag (3 bytes), start code 9d 01 2a, then 14-bit width and height (2 bits of scale).
    if (data.length < 10 || data[3] !== 0x9d || data[4] !== 0x01 || data[5] !== 0x2a) return undefined;
    const width = u16le(data, 6) & 0x3fff;
    const height = u16le(data, 8) & 0x3fff;
    return width > 0 && height > 0 ? { width, height, alpha: false } : undefined;
  }
  // VP8L: signature 0x2f, then 14 bits width-1, 14 bits height-1, 1 bit alpha hint.
  if (data.length < 5 || data[0] !== 0x2f) return undefined;
  const bits = u32le(data, 1);
  return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1, alpha: ((bits >>> 28) & 1) === 1 };
}

export function assertWebpComplete(b: Uint8Array, context: InputContext = {}): void {
  const riffEnd = u32le(b, 4) + 8;
  if (riffEnd > b.length) {
    throw imageError('invalid-image', `the WebP is truncated (${b.length} of ${riffEnd} bytes).`, context, { format: 'webp' });
  }
}
