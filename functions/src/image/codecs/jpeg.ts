// JPEG: mozjpeg (libjpeg-turbo, WASM) for grey and YCbCr, which is nearly every photo; jpeg-js
// (pure JS) for CMYK/YCCK, which libjpeg-turbo cannot convert to RGB. jpeg-js is 5x slower and
// needs ~2.5x the memory, which is acceptable for the rare CMYK upload (print workflows).
import { decode as decodeWithJpegJs } from 'jpeg-js';
import { imageError, type InputContext } from '../errors';
import { interleavedRows } from '../pixels';
import type { JpegHeader, RgbRowSource } from '../types';
import { mozjpeg } from './registry';
import { CodecError } from './wasm-decoder';

/** libjpeg warnings that mean part of the image is missing (it fills the rest with grey and goes
 * on): JWRN_JPEG_EOF and JWRN_HIT_MARKER. Other warnings ("N extraneous bytes before marker") are
 * common in camera files that decode fine, and are ignored. */
const MISSING_DATA_WARNINGS = ['Premature end of JPEG file', 'Corrupt JPEG data: premature end of data segment'];

export async function decodeJpeg(bytes: Uint8Array, header: JpegHeader, context: InputContext): Promise<RgbRowSource> {
  if (header.components === 4) return decodeCmykJpeg(bytes, header, context);
  let decoded;
  try {
    decoded = await mozjpeg.run(header.width * header.height, (codec) => codec.decode(bytes, false));
  } catch (error) {
    if (error instanceof CodecError) throw corrupt(error.message, context);
    throw error;
  }
  const { result, warnings } = decoded;
  if (!result) throw corrupt(warnings.at(-1) ?? 'the decoder gave no image', context);
  const missingData = warnings.find((w) => MISSING_DATA_WARNINGS.some((m) => w.startsWith(m)));
  if (missingData) throw corrupt(`${missingData}: part of the image data is missing`, context);
  return interleavedRows({ width: result.width, height: result.height, channels: 4, data: result.data, maxValue: 255 });
}

function decodeCmykJpeg(bytes: Uint8Array, header: JpegHeader, context: InputContext): RgbRowSource {
  let decoded;
  try {
    decoded = decodeWithJpegJs(bytes, {
      useTArray: true, // plain typed arrays: Buffer does not exist in workerd
      formatAsRGBA: false,
      // Our own pixel and memory limits were checked on the header already; these only make sure
      // jpeg-js's defaults (100 MP, 512 MB) are not what stops a legitimate image.
      maxResolutionInMP: Math.ceil((header.width * header.height) / 1e6) + 1,
      maxMemoryUsageInMB: 4096,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (message.startsWith('Unsupported color mode')) {
      throw imageError(
        'unsupported-image',
        'this 4-component JPEG has no Adobe colour-transform marker, so its colours cannot be interpreted.',
        context,
        { format: 'jpeg' },
      );
    }
    throw corrupt(message, context);
  }
  return interleavedRows({ width: decoded.width, height: decoded.height, channels: 3, data: decoded.data, maxValue: 255 });
}

function corrupt(reason: string, context: InputContext) {
  return imageError('invalid-image', `the JPEG could not be decoded (${reason.trim()}).`, context, { format: 'jpeg' });
}
