// PNG: fast-png (pure JS, fflate inflate). Chosen over @jsquash/png (Rust png crate in WASM) because
// its memory is ordinary JS memory, freed after the request, where a WASM heap would stay at its
// high-water mark for the isolate's life; and because it returns the file's own depth, channels,
// palette and tRNS, so 16-bit, grey, grey+alpha and palette images are converted here in one
// streaming pass instead of being expanded to full-size RGBA first.
import { decode as decodeWithFastPng } from 'fast-png';
import { imageProblem, type InputContext } from '../problems';
import { interleavedRows, packedRows } from '../pixels';
import type { PngHeader, RgbRowSource } from '../types';

export function decodePng(bytes: Uint8Array, header: PngHeader, context: InputContext): RgbRowSource {
  if (header.interlaced && header.bitDepth < 8) {
    // fast-png 8 unpacks Adam7 passes one byte per sample, which is wrong for packed samples.
    throw imageProblem('unsupported-image', `interlaced PNGs with ${header.bitDepth}-bit samples are not supported; re-save it without interlacing.`, context, { format: 'png' });
  }
  let png;
  try {
    png = decodeWithFastPng(bytes);
  } catch (error) {
    const reason = error instanceof Error ? (error.cause instanceof Error ? `${error.message} ${error.cause.message}` : error.message) : String(error);
    throw corrupt(reason, context);
  }
  const { width, height } = png;
  const channels = png.channels as 1 | 2 | 3 | 4;
  const bytesPerRow = Math.ceil((width * channels * png.depth) / 8);
  const expected = png.depth === 16 ? width * height * channels : bytesPerRow * height;
  if (png.data.length < expected) throw corrupt('the compressed image data ends early', context);

  if (header.colorType === 3) {
    if (!png.palette) throw corrupt('palette missing', context);
    return packedRows({ width, height, data: png.data as Uint8Array, bitDepth: png.depth as 1 | 2 | 4 | 8, palette: png.palette });
  }
  if (png.depth < 8) {
    return packedRows({ width, height, data: png.data as Uint8Array, bitDepth: png.depth as 1 | 2 | 4, transparentGrey: png.transparency?.[0] });
  }
  return interleavedRows({
    width,
    height,
    channels,
    data: png.data,
    maxValue: png.depth === 16 ? 65535 : 255,
    ...(png.transparency ? { transparentColor: Array.from(png.transparency) } : {}),
  });
}

function corrupt(reason: string, context: InputContext) {
  return imageProblem('invalid-image', `the PNG could not be decoded (${reason}).`, context, { format: 'png' });
}
