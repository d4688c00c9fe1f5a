// PNG: our own reader, on the platform's zlib (inflate.ts: DecompressionStream) and our own
// unfilter (png-data.ts). Every inflate is capped by what the header allows, which the pixel and
// decode-memory limits were checked on: the image data must inflate to exactly the bytes its
// IHDR implies, and is refused (422) the moment it inflates past them, so a 300 KB file that
// honestly says 64x64 cannot make us inflate its 300 MB. Files with more data than their header
// are malformed (libpng calls it "too much image data"); refusing them, rather than decoding the
// first part, says so instead of answering with an image the file does not describe.
//
// Only IHDR (read by png-header.ts), PLTE, tRNS and IDAT are read. Nothing here uses colour
// profiles or text, so iCCP, zTXt, iTXt and every other ancillary chunk (compressed or not) are
// skipped without being looked at, let alone inflated; so are APNG's fdAT frames.
//
// Why not fast-png (which encode.ts still uses): it inflates the whole IDAT stream, and iCCP, with
// no cap, then holds the stream twice more while joining and unfiltering it.
import { InflateError, inflateExactly } from '../inflate';
import { pngChunks } from '../png-header';
import { imageError, type InputContext } from '../errors';
import { interleavedRows, packedRows } from '../pixels';
import type { PngHeader, RgbRowSource } from '../types';
import { CHANNELS, PngDataError, pngDataLayout, samples16, unfilterPngData, type PngDataLayout } from './png-data';

export async function decodePng(bytes: Uint8Array, header: PngHeader, context: InputContext): Promise<RgbRowSource> {
  const { palette, transparency } = readColourChunks(bytes, header, context);
  const layout = pngDataLayout(header);
  let data: Uint8Array;
  try {
    data = await inflateExactly(imageData(bytes), layout.filteredBytes);
  } catch (error) {
    if (error instanceof InflateError) throw inflateProblem(error, header, layout, context);
    throw error;
  }
  let packed: Uint8Array;
  try {
    packed = unfilterPngData(data, layout, header.height);
  } catch (error) {
    if (error instanceof PngDataError) throw corrupt(error.message, context);
    throw error;
  }

  const { width, height, bitDepth } = header;
  if (header.colorType === 3) {
    if (!palette) throw corrupt('palette missing', context);
    return packedRows({ width, height, data: packed, bitDepth: bitDepth as 1 | 2 | 4 | 8, palette });
  }
  if (bitDepth < 8) {
    return packedRows({ width, height, data: packed, bitDepth: bitDepth as 1 | 2 | 4, transparentGrey: transparency?.[0] });
  }
  return interleavedRows({
    width,
    height,
    channels: CHANNELS[header.colorType],
    data: bitDepth === 16 ? samples16(packed) : packed,
    maxValue: bitDepth === 16 ? 65535 : 255,
    ...(transparency ? { transparentColor: transparency } : {}),
  });
}

/** The data of every IDAT chunk, in file order, without copying them into one buffer. */
function* imageData(bytes: Uint8Array): Generator<Uint8Array> {
  for (const chunk of pngChunks(bytes)) if (chunk.type === 'IDAT') yield chunk.data;
}

interface ColourChunks {
  /** [r, g, b] per entry, or [r, g, b, a] where tRNS gives an alpha. */
  palette?: number[][];
  /** tRNS of a grey or RGB image: the transparent colour, in sample units. */
  transparency?: number[];
}

/** PLTE and tRNS, which the spec puts before the first IDAT (later ones are ignored, as by libpng). */
function readColourChunks(bytes: Uint8Array, header: PngHeader, context: InputContext): ColourChunks {
  let palette: number[][] | undefined;
  let transparency: number[] | undefined;
  for (const { type, data } of pngChunks(bytes)) {
    if (type === 'IDAT') break;
    if (type === 'PLTE' && !palette) {
      if (data.length % 3 !== 0 || data.length > 256 * 3)
        throw corrupt(`the palette has ${data.length} bytes, not 3 per entry for at most 256 entries`, context);
      palette = [];
      for (let i = 0; i < data.length; i += 3) palette.push([data[i], data[i + 1], data[i + 2]]);
    }
    if (type === 'tRNS' && !transparency) {
      if (header.colorType === 3) {
        // One alpha per palette entry, in order; extra ones are ignored, missing ones are opaque.
        palette?.forEach((entry, i) => entry.push(i < data.length ? data[i] : 255));
        transparency = [];
      } else if (header.colorType === 0 || header.colorType === 2) {
        const samples = header.colorType === 0 ? 1 : 3;
        if (data.length < samples * 2) throw corrupt(`the tRNS chunk is ${data.length} bytes, too short for a colour`, context);
        transparency = Array.from({ length: samples }, (_, i) => (data[2 * i] << 8) | data[2 * i + 1]);
      } // grey+alpha and RGBA have an alpha channel, and the spec forbids tRNS for them: ignored.
    }
  }
  if (header.colorType === 3) return palette ? { palette } : {};
  return transparency ? { transparency } : {};
}

function inflateProblem(error: InflateError, header: PngHeader, layout: PngDataLayout, context: InputContext) {
  if (error.reason === 'excess') {
    return imageError(
      'invalid-image',
      `the PNG holds more image data than its ${header.width}x${header.height} header allows (it inflates past the ${layout.filteredBytes} bytes that size needs; the rest was not inflated).`,
      context,
      { format: 'png', expectedBytes: layout.filteredBytes },
    );
  }
  if (error.reason === 'short') return corrupt(`the compressed image data ends early: ${error.message}`, context);
  return corrupt(`invalid compressed image data: ${error.message}`, context);
}

function corrupt(reason: string, context: InputContext) {
  return imageError('invalid-image', `the PNG could not be decoded (${reason}).`, context, { format: 'png' });
}
