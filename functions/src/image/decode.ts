// Bytes -> upright RGB, with every check that can be made on the header made before decoding:
// format (415), pixel count and decode memory (413), truncation (422); then the codec, a
// streaming conversion+downscale, and the EXIF orientation on the small result.
import { decodeJpeg } from './codecs/jpeg';
import { decodePng } from './codecs/png';
import { decodeWebp } from './codecs/webp';
import { assertBodySize, assertDecodeMemory, assertPixelCount, resolveLimits, type ImageLimits } from './limits';
import { applyOrientation, readExifOrientation } from './orientation';
import { imageError, type InputContext } from './errors';
import { downscaleRows, fitWithin } from './resize';
import { assertImageComplete, readImageHeader } from './sniff';
import type { DecodedImage, ImageHeader, RgbRowSource } from './types';

export interface DecodeImageOptions {
  limits?: Partial<ImageLimits>;
  /** Longest side of the result (before orientation, which never changes it); no downscale when
   * absent. Downscaling happens while converting, so the full-size image never exists as RGB. */
  maxSide?: number;
  /** Apply the EXIF orientation (default true). */
  applyOrientation?: boolean;
  /** Request field the bytes came from, named in error messages. */
  field?: string;
}

export async function decodeImage(bytes: Uint8Array, options: DecodeImageOptions = {}): Promise<DecodedImage> {
  const context: InputContext = options.field ? { field: options.field } : {};
  const limits = resolveLimits(options.limits);
  assertBodySize(bytes.length, limits, context);
  const header = readImageHeader(bytes, context);
  assertPixelCount(header, limits, context);
  const size = fitWithin(header.width, header.height, options.maxSide ?? Number.POSITIVE_INFINITY);
  assertDecodeMemory(header, limits, size.width * size.height, context);
  assertImageComplete(bytes, header, context);

  const orientation = options.applyOrientation === false ? 1 : readExifOrientation(header.exif);
  const rows = await decodeRows(bytes, header, context);
  if (rows.width !== header.width || rows.height !== header.height) {
    throw imageError(
      'invalid-image',
      `the ${header.format.toUpperCase()} header says ${header.width}x${header.height} but its data is ${rows.width}x${rows.height}.`,
      context,
      { format: header.format },
    );
  }
  const image = applyOrientation(downscaleRows(rows, size.width, size.height), orientation);
  return { image, format: header.format, sourceWidth: header.width, sourceHeight: header.height, orientation };
}

function decodeRows(bytes: Uint8Array, header: ImageHeader, context: InputContext): Promise<RgbRowSource> | RgbRowSource {
  switch (header.format) {
    case 'jpeg':
      return decodeJpeg(bytes, header, context);
    case 'png':
      return decodePng(bytes, header, context);
    case 'webp':
      return decodeWebp(bytes, header, context);
  }
}
