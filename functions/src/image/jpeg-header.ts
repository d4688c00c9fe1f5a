// JPEG structure without decoding: walks the marker segments up to the first scan to find the
// frame header (size, components, coding process) and the EXIF block; a second walk checks that
// the entropy-coded data reaches an end-of-image marker, which catches truncated uploads before
// any decoder runs (libjpeg would otherwise fill the missing part with grey and only warn), and
// counts scans and segments, which bounds the decoder's work (see MAX_JPEG_SCANS).
import { u16be, ascii } from './bytes';
import { imageError, type InputContext } from './errors';
import type { JpegHeader } from './types';

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const APP1 = 0xe1;

/** SOF markers by what libjpeg (and so mozjpeg) can decode. */
const SOF_SEQUENTIAL = new Set([0xc0, 0xc1, 0xc9]); // baseline, extended Huffman, extended arithmetic
const SOF_PROGRESSIVE = new Set([0xc2, 0xca]);
const SOF_LOSSLESS = new Set([0xc3, 0xcb]);
const SOF_HIERARCHICAL = new Set([0xc5, 0xc6, 0xc7, 0xcd, 0xce, 0xcf]);

function isStandalone(marker: number): boolean {
  return marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7);
}

export function readJpegHeader(b: Uint8Array, context: InputContext = {}): JpegHeader {
  const truncated = () => imageError('invalid-image', 'the JPEG ends inside its headers (truncated upload?).', context, { format: 'jpeg' });
  let frame: Omit<JpegHeader, 'exif'> | undefined;
  let exif: Uint8Array | undefined;
  let pos = 2;
  for (;;) {
    if (pos >= b.length) throw truncated();
    if (b[pos] !== 0xff) {
      throw imageError('invalid-image', `the JPEG is malformed (expected a marker at byte ${pos}).`, context, { format: 'jpeg' });
    }
    while (b[pos] === 0xff) pos++; // fill bytes
    if (pos >= b.length) throw truncated();
    const marker = b[pos++];
    if (isStandalone(marker)) continue;
    if (marker === SOI || marker === EOI) {
      throw imageError('invalid-image', 'the JPEG has no image data.', context, { format: 'jpeg' });
    }
    const length = u16be(b, pos);
    if (length < 2 || pos + length > b.length) throw truncated();
    const segment = b.subarray(pos + 2, pos + length);
    if (marker === APP1 && !exif && ascii(segment, 0, 6) === 'Exif\0\0') exif = segment.subarray(6);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      frame = readFrame(marker, segment, context);
    }
    if (marker === SOS) {
      if (!frame) throw imageError('invalid-image', 'the JPEG has image data but no frame header.', context, { format: 'jpeg' });
      return exif ? { ...frame, exif } : frame;
    }
    pos += length;
  }
}

function readFrame(marker: number, segment: Uint8Array, context: InputContext): Omit<JpegHeader, 'exif'> {
  const unsupported = (what: string) =>
    imageError('unsupported-image', `${what} JPEGs are not supported; re-save it as a standard (baseline or progressive) JPEG.`, context, {
      format: 'jpeg',
    });
  if (SOF_LOSSLESS.has(marker)) throw unsupported('Lossless');
  if (SOF_HIERARCHICAL.has(marker)) throw unsupported('Hierarchical');
  if (!SOF_SEQUENTIAL.has(marker) && !SOF_PROGRESSIVE.has(marker)) throw unsupported('This kind of');
  if (segment.length < 6) throw imageError('invalid-image', 'the JPEG frame header is cut short.', context, { format: 'jpeg' });
  const precision = segment[0];
  const height = u16be(segment, 1);
  const width = u16be(segment, 3);
  const components = segment[5];
  if (precision !== 8) throw unsupported(`${precision}-bit`);
  if (height === 0) throw unsupported('Height-after-scan (DNL)');
  if (width === 0) throw imageError('invalid-image', 'the JPEG declares a width of 0.', context, { format: 'jpeg' });
  if (components !== 1 && components !== 3 && components !== 4) {
    throw imageError('invalid-image', `the JPEG declares ${components} colour components.`, context, { format: 'jpeg' });
  }
  if (components === 4 && (marker === 0xc9 || marker === 0xca)) throw unsupported('Arithmetic-coded CMYK');
  return { format: 'jpeg', width, height, components, progressive: SOF_PROGRESSIVE.has(marker) };
}

/**
 * Caps on the structure, checked before any decoder runs. libjpeg decodes every scan it is given,
 * each over the whole image (an out-of-order progressive scan only earns a warning), so a few
 * hundred KB of repeated scans costs scans x pixels of CPU: the "many scans" attack of the
 * libjpeg-turbo audit (LJT-01-004), which libjpeg-turbo leaves to applications to limit. Encoders
 * write 1-3 scans (baseline) or about 10 (progressive YCbCr; 18 for CMYK in libjpeg's default
 * script), and a few dozen segments; the caps leave room for unusual encoders and refuse
 * only what no encoder writes.
 */
export const MAX_JPEG_SCANS = 100;
export const MAX_JPEG_SEGMENTS = 1000;

/** Throws 422 unless the scan data after the first SOS reaches an EOI marker, and unless the file
 * stays within MAX_JPEG_SCANS scans and MAX_JPEG_SEGMENTS marker segments up to there. Data after
 * EOI (e.g. the video that "motion photos" append) is allowed and ignored. Every segment length is
 * checked against the end of the file (a length past it is a truncated or lying file). */
export function assertJpegComplete(b: Uint8Array, context: InputContext = {}): void {
  const truncated = () =>
    imageError('invalid-image', 'the JPEG is truncated (no end-of-image marker after its image data).', context, { format: 'jpeg' });
  const tooMany = (what: string, limit: number) =>
    imageError('invalid-image', `the JPEG has more than ${limit} ${what}, more than any encoder writes; it was not decoded.`, context, {
      format: 'jpeg',
      limit,
    });
  let segments = 0;
  let scans = 0;
  let pos = 2;
  for (;;) {
    // Before the first scan, markers follow each other; after it, entropy-coded data lies between.
    const ff = scans > 0 ? b.indexOf(0xff, pos) : pos;
    if (ff < 0 || ff + 1 >= b.length) throw truncated();
    if (b[ff] !== 0xff)
      throw imageError('invalid-image', `the JPEG is malformed (expected a marker at byte ${ff}).`, context, { format: 'jpeg' });
    const marker = b[ff + 1];
    if (marker === 0xff) {
      pos = ff + 1; // fill byte: the next 0xff starts the marker
    } else if (isStandalone(marker) || (scans > 0 && marker === 0x00)) {
      pos = ff + 2; // stuffed zero or restart marker inside entropy-coded data
    } else if (marker === EOI) {
      if (scans === 0) throw truncated();
      return;
    } else {
      // A segment: before the first scan, or between scans (DHT, SOS of the next progressive scan...).
      const length = u16be(b, ff + 2);
      if (length < 2 || ff + 2 + length > b.length) throw truncated();
      if (++segments > MAX_JPEG_SEGMENTS) throw tooMany('marker segments', MAX_JPEG_SEGMENTS);
      if (marker === SOS && ++scans > MAX_JPEG_SCANS) throw tooMany('scans', MAX_JPEG_SCANS);
      pos = ff + 2 + length;
    }
  }
}
