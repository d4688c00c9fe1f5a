// Identifies an upload by its magic bytes (never by the declared content type or file name) and
// reads its header. Formats we recognise but do not decode get a 415 that names them; bytes that
// are no image at all get a 415 too ("unknown format"), since they may be a format we do not know.
import { ascii, startsWith } from './bytes';
import { readJpegHeader, assertJpegComplete } from './jpeg-header';
import { PNG_SIGNATURE, readPngHeader, assertPngComplete } from './png-header';
import { imageError, type InputContext } from './errors';
import type { ImageHeader } from './types';
import { readWebpHeader, assertWebpComplete } from './webp-header';

/** Formats we recognise only to refuse them by name. */
const OTHER_FORMATS: readonly { name: string; matches: (b: Uint8Array) => boolean }[] = [
  { name: 'gif', matches: (b) => ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a' },
  { name: 'bmp', matches: (b) => ascii(b, 0, 2) === 'BM' && b.length >= 26 },
  { name: 'tiff', matches: (b) => startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a]) },
  { name: 'heic', matches: (b) => ascii(b, 4, 4) === 'ftyp' && /^(heic|heix|hevc|hevx|heim|heis|mif1|msf1)$/.test(ascii(b, 8, 4)) },
  { name: 'avif', matches: (b) => ascii(b, 4, 4) === 'ftyp' && /^(avif|avis)$/.test(ascii(b, 8, 4)) },
  { name: 'jxl', matches: (b) => startsWith(b, [0xff, 0x0a]) || ascii(b, 4, 8) === 'JXL \r\n\x87\n' },
  { name: 'ico', matches: (b) => startsWith(b, [0x00, 0x00, 0x01, 0x00]) },
  { name: 'psd', matches: (b) => ascii(b, 0, 4) === '8BPS' },
  { name: 'pdf', matches: (b) => ascii(b, 0, 5) === '%PDF-' },
  { name: 'svg', matches: (b) => /^\s*(<\?xml|<svg)/i.test(ascii(b, 0, Math.min(b.length, 64))) },
];

/** 'jpeg' | 'png' | 'webp' for what we decode, another name for what we only recognise, or
 * undefined for bytes in no format we know. */
export function sniffFormat(b: Uint8Array): string | undefined {
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(b, PNG_SIGNATURE)) return 'png';
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return 'webp';
  return OTHER_FORMATS.find((f) => f.matches(b))?.name;
}

/**
 * Reads the header of an upload without decoding pixels. Throws 415 unsupported-image for other
 * or unknown formats and for animations, 422 invalid-image for a malformed header.
 */
export function readImageHeader(b: Uint8Array, context: InputContext = {}): ImageHeader {
  if (b.length === 0) throw imageError('invalid-image', 'the image is empty (0 bytes).', context);
  const format = sniffFormat(b);
  let header: ImageHeader;
  switch (format) {
    case 'jpeg':
      header = readJpegHeader(b, context);
      break;
    case 'png':
      header = readPngHeader(b, context);
      break;
    case 'webp':
      header = readWebpHeader(b, context);
      break;
    case undefined:
      throw imageError('unsupported-image', 'the content is not a JPEG, PNG or WebP image (unrecognised format).', context);
    default:
      throw imageError('unsupported-image', `${format.toUpperCase()} images are not supported; send JPEG, PNG or WebP.`, context, {
        format,
      });
  }
  if (header.width < 1 || header.height < 1) {
    throw imageError(
      'invalid-image',
      `the ${header.format.toUpperCase()} declares an empty size ${header.width}x${header.height}.`,
      context,
      { format: header.format },
    );
  }
  return header;
}

/** Throws 422 invalid-image when the file is cut short (checked after the size limits, so an
 * oversized header alone is enough to get the more useful 413). */
export function assertImageComplete(b: Uint8Array, header: ImageHeader, context: InputContext = {}): void {
  switch (header.format) {
    case 'jpeg':
      assertJpegComplete(b, context);
      return;
    case 'png':
      assertPngComplete(b, header, context);
      return;
    case 'webp':
      assertWebpComplete(b, context);
      return;
  }
}
