// WebP: libwebp (WASM, from Squoosh via @jsquash/webp), the only maintained WebP decoder that runs
// in workerd. It always returns RGBA.
import { imageError, type InputContext } from '../errors';
import { interleavedRows } from '../pixels';
import type { RgbRowSource, WebpHeader } from '../types';
import { libwebp } from './registry';
import { CodecError } from './wasm-decoder';

export async function decodeWebp(bytes: Uint8Array, header: WebpHeader, context: InputContext): Promise<RgbRowSource> {
  let result;
  try {
    ({ result } = await libwebp.run(header.width * header.height, (codec) => codec.decode(bytes)));
  } catch (error) {
    if (error instanceof CodecError) throw corrupt(error.message, context);
    throw error;
  }
  if (!result) throw corrupt('the decoder rejected the data', context);
  return interleavedRows({ width: result.width, height: result.height, channels: 4, data: result.data, maxValue: 255 });
}

function corrupt(reason: string, context: InputContext) {
  return imageError('invalid-image', `the WebP could not be decoded (${reason}).`, context, { format: 'webp' });
}
