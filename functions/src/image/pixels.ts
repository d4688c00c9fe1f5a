// Row readers that turn what a codec produced (grey, grey+alpha, RGB, RGBA, 8 or 16 bits, packed
// palette indices) into opaque 8-bit RGB, one row at a time.
//
// Alpha is composited onto white rather than dropped: fully transparent pixels often hold
// arbitrary colour (black, or whatever the editor left there), so dropping alpha can put a black
// or noisy background behind a cut-out portrait; white is what a user sees in a browser and on
// our site, and gives the face detector a plain background.
import type { RgbRowSource } from './types';

export type SampleArray = Uint8Array | Uint8ClampedArray | Uint16Array;

export interface InterleavedPixels {
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
  /** Unpacked samples, row-major, channels per pixel; 8-bit or 16-bit per maxValue. */
  data: SampleArray;
  maxValue: 255 | 65535;
  /** PNG tRNS for grey/RGB images: pixels of exactly this colour (in sample units) are transparent. */
  transparentColor?: readonly number[];
}

/** 8-bit v over white with 8-bit alpha a, rounded. */
function overWhite(v: number, a: number): number {
  return ((v * a + 255 * (255 - a) + 127) / 255) | 0;
}

export function interleavedRows(pixels: InterleavedPixels): RgbRowSource {
  const { width, height, channels, data, maxValue, transparentColor } = pixels;
  const rowLength = width * channels;
  // 8-bit without tRNS is every JPEG and WebP and most PNGs: monomorphic loops, no per-sample
  // conversion. 16-bit and tRNS images take the general path.
  const fast = maxValue === 255 && !transparentColor ? FAST_8BIT[channels] : undefined;
  const readRow: RgbRowSource['readRow'] = fast
    ? (y, out) => fast(data, y * rowLength, width, out)
    : (y, out) => generalRow(pixels, y * rowLength, out);
  return { width, height, readRow };
}

type RowReader = (data: SampleArray, start: number, width: number, out: Uint8Array) => void;

const FAST_8BIT: Record<1 | 2 | 3 | 4, RowReader> = {
  1: (data, s, width, out) => {
    for (let x = 0, o = 0; x < width; x++, s++) {
      const g = data[s];
      out[o++] = g;
      out[o++] = g;
      out[o++] = g;
    }
  },
  2: (data, s, width, out) => {
    for (let x = 0, o = 0; x < width; x++, s += 2) {
      const g = overWhite(data[s], data[s + 1]);
      out[o++] = g;
      out[o++] = g;
      out[o++] = g;
    }
  },
  3: (data, s, width, out) => {
    out.set(data.subarray(s, s + width * 3));
  },
  4: (data, s, width, out) => {
    for (let x = 0, o = 0; x < width; x++, s += 4) {
      const a = data[s + 3];
      if (a === 255) {
        out[o++] = data[s];
        out[o++] = data[s + 1];
        out[o++] = data[s + 2];
      } else {
        out[o++] = overWhite(data[s], a);
        out[o++] = overWhite(data[s + 1], a);
        out[o++] = overWhite(data[s + 2], a);
      }
    }
  },
};

/** Any depth and channel count, with tRNS: one sample at a time. */
function generalRow(pixels: InterleavedPixels, start: number, out: Uint8Array): void {
  const { width, channels, data, maxValue, transparentColor: key } = pixels;
  // round(v * 255 / 65535) == (v + 128) / 257 truncated, for every 16-bit v.
  const to8 = (v: number) => (maxValue === 255 ? v : ((v + 128) / 257) | 0);
  const hasColor = channels >= 3;
  const hasAlpha = channels === 2 || channels === 4;
  for (let x = 0, s = start, o = 0; x < width; x++, s += channels) {
    const r = data[s];
    const g = hasColor ? data[s + 1] : r;
    const b = hasColor ? data[s + 2] : r;
    let a = hasAlpha ? to8(data[s + channels - 1]) : 255;
    if (key && r === key[0] && (!hasColor || (g === key[1] && b === key[2]))) a = 0;
    out[o++] = overWhite(to8(r), a);
    out[o++] = overWhite(to8(g), a);
    out[o++] = overWhite(to8(b), a);
  }
}

export interface PackedPixels {
  width: number;
  height: number;
  /** Rows of packed samples, each row starting on a byte boundary (as in PNG). */
  data: Uint8Array;
  bitDepth: 1 | 2 | 4 | 8;
  /** For palette images: [r, g, b] or [r, g, b, a] per index. Without it the samples are grey. */
  palette?: readonly (readonly number[])[];
  /** Grey tRNS: this sample value is transparent. */
  transparentGrey?: number;
}

/** Palette images and grey images below 8 bits: unpacked one row at a time, never as a whole. */
export function packedRows(pixels: PackedPixels): RgbRowSource {
  const { width, height, data, bitDepth, palette, transparentGrey } = pixels;
  const bytesPerRow = Math.ceil((width * bitDepth) / 8);
  const mask = (1 << bitDepth) - 1;
  const greyScale = 255 / mask; // 1-bit: 0/255, 2-bit: 0/85/170/255, 4-bit: 17 per step
  const lookup = buildLookup(palette, mask, greyScale, transparentGrey);
  return {
    width,
    height,
    readRow(y, out) {
      const row = y * bytesPerRow;
      for (let x = 0, o = 0; x < width; x++) {
        const bit = x * bitDepth;
        const index = (data[row + (bit >> 3)] >> (8 - bitDepth - (bit & 7))) & mask;
        const c = index * 3;
        out[o++] = lookup[c];
        out[o++] = lookup[c + 1];
        out[o++] = lookup[c + 2];
      }
    },
  };
}

/** RGB (already composited on white) for every possible sample value. Indices past the end of
 * a short palette read as black, as libpng does. */
function buildLookup(palette: PackedPixels['palette'], mask: number, greyScale: number, transparentGrey: number | undefined): Uint8Array {
  const lookup = new Uint8Array((mask + 1) * 3);
  for (let i = 0; i <= mask; i++) {
    let rgb: number[];
    if (palette) {
      const entry = palette[i] ?? [0, 0, 0, 255];
      const a = entry[3] ?? 255;
      rgb = [overWhite(entry[0], a), overWhite(entry[1], a), overWhite(entry[2], a)];
    } else {
      const g = i === transparentGrey ? 255 : Math.round(i * greyScale);
      rgb = [g, g, g];
    }
    lookup.set(rgb, i * 3);
  }
  return lookup;
}
