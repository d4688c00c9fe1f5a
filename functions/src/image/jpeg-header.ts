// JPEG structure without decoding: walks the marker segments up to the first scan to find the
// frame header (size, components, coding process) and the EXIF block; a second walk checks that
// the entropy-coded data reaches an end-of-image marker, which catches truncated uploads before
// any decoder runs (libjpeg would otherwise fill the missing part with grey and only warn).
import { u16be, ascii } from './bytes';
import { imageProblem, type InputContext } from './problems';
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
  const truncated = () => imageProblem('invalid-image', 'the JPEG ends inside its headers (truncated upload?).', context, { format: 'jpeg' });
  let frame: Omit<JpegHeader, 'exif'> | undefined;
  let exif: Uint8Array | undefined;
  let pos = 2;
  for (;;) {
    if (pos >= b.length) throw truncated();
    if (b[pos] !== 0xff) {
      throw imageProblem('invalid-image', `the JPEG is malformed (expected a marker at byte ${pos}).`, context, { format: 'jpeg' });
    }
    while (b[pos] === 0xff) pos++; // fill bytes
    if (pos >= b.length) throw truncated();
    const marker = b[pos++];
    if (isStandalone(marker)) continue;
    if (marker === SOI || marker === EOI) {
      throw imageProblem('invalid-image', 'the JPEG has no image data.', context, { format: 'jpeg' });
    }
    const length = u16be(b, pos);
    if (length < 2 || pos + length > b.length) throw truncated();
    const segment = b.subarray(pos + 2, pos + length);
    if (marker === APP1 && !exif && ascii(segment, 0, 6) === 'Exif\0\0') exif = segment.subarray(6);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      frame = readFrame(marker, segment, context);
    }
    if (marker === SOS) {
      if (!frame) throw imageProblem('invalid-image', 'the JPEG has image data but no frame header.', context, { format: 'jpeg' });
      return exif ? { ...frame, exif } : frame;
    }
    pos += length;
  }
}

function readFrame(marker: number, segment: Uint8Array, context: InputContext): Omit<JpegHeader, 'exif'> {
  const unsupported = (what: string) =>
    imageProblem('unsupported-image', `${what} JPEGs are not supported; re-save it as a standard (baseline or progressive) JPEG.`, context, { format: 'jpeg' });
  if (SOF_LOSSLESS.has(marker)) throw unsupported('Lossless');
  if (SOF_HIERARCHICAL.has(marker)) throw unsupported('Hierarchical');
  if (!SOF_SEQUENTIAL.has(marker) && !SOF_PROGRESSIVE.has(marker)) throw unsupported('This kind of');
  if (segment.length < 6) throw imageProblem('invalid-image', 'the JPEG frame header is cut short.', context, { format: 'jpeg' });
  const precision = segment[0];
  const height = u16be(segment, 1);
  const width = u16be(segment, 3);
  const components = segment[5];
  if (precision !== 8) throw unsupported(`${precision}-bit`);
  if (height === 0) throw unsupported('Height-after-scan (DNL)');
  if (width === 0) throw imageProblem('invalid-image', 'the JPEG declares a width of 0.', context, { format: 'jpeg' });
  if (components !== 1 && components !== 3 && components !== 4) {
    throw imageProblem('invalid-image', `the JPEG declares ${components} colour components.`, context, { format: 'jpeg' });
  }
  if (components === 4 && (marker === 0xc9 || marker === 0xca)) throw unsupported('Arithmetic-coded CMYK');
  return { format: 'jpeg', width, height, components, progressive: SOF_PROGRESSIVE.has(marker) };
}

/** Throws 422 unless the scan data after the first SOS reaches an EOI marker. Data after EOI
 * (e.g. the video that "motion photos" append) is allowed and ignored. */
export function assertJpegComplete(b: Uint8Array, context: InputContext = {}): void {
  const truncated = () =>
    imageProblem('invalid-image', 'the JPEG is truncated (no end-of-image marker after its image data).', context, { format: 'jpeg' });
  let pos = findFirstScan(b);
  if (pos < 0) throw truncated();
  for (;;) {
    const ff = b.indexOf(0xff, pos);
    if (ff < 0 || ff + 1 >= b.length) throw truncated();
    const marker = b[ff + 1];
    if (marker === 0xff) {
      pos = ff + 1; // fill byte: the next 0xff starts the marker
    } else if (marker === 0x00 || isStandalone(marker)) {
      pos = ff + 2; // stuffed zero or restart marker inside entropy-coded data
    } else if (marker === EOI) {
      return;
    } else {
      // A segment between scans (DHT, SOS of the next progressive scan, DRI, COM...).
      const length = u16be(b, ff + 2);
      if (length < 2) throw truncated();
      pos = ff + 2 + length;
      if (pos > b.length) throw truncated();
    }
  }
}

/** Offset just past the first SOS segment, or -1. */
function findFirstScan(b: Uint8Array): number {
  let pos = 2;
  while (pos < b.length) {
    if (b[pos] !== 0xff) return -1;
    while (b[pos] === 0xff) pos++;
    const marker = b[pos++];
    if (isStandalone(marker)) continue;
    const length = u16be(b, pos);
    if (length < 2) return -1;
    if (marker === SOS) return pos + length <= b.length ? pos + length : -1;
    pos += length;
  }
  return -1;
}
