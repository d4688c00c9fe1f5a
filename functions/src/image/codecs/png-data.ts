// PNG image data after inflating: how many bytes the header allows (the cap on inflating), then
// the reverse of PNG's per-row filters and of Adam7 interlacing, giving packed rows (PNG's own
// sample layout, each row starting on a byte boundary) for pixels.ts.
//
// Our own, rather than fast-png's, because fast-png inflates the whole stream before looking at
// it (the decompression bomb this module exists to refuse), and because unfiltering in place
// into the inflated buffer keeps a non-interlaced decode at one copy of the image data, where
// fast-png holds three. It also handles Adam7 with 1/2/4-bit samples, which fast-png 8 gets wrong.
import type { PngHeader } from '../types';

export const CHANNELS: Record<PngHeader['colorType'], 1 | 2 | 3 | 4> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** One sub-image of the data: the whole image, or one of Adam7's 7 passes. */
interface Pass {
  /** First column/row of the image it covers, and its step in each direction. */
  x0: number;
  y0: number;
  dx: number;
  dy: number;
  width: number;
  height: number;
  /** Bytes per row without the filter byte. */
  rowBytes: number;
}

export interface PngDataLayout {
  bitsPerPixel: number;
  /** Packed bytes per row of the full image. */
  rowBytes: number;
  /** Empty passes (a 1-pixel-wide image has no pass 2, for example) are left out. */
  passes: Pass[];
  /** Exactly the bytes the inflated image data must have: rows of (filter byte + row), per pass. */
  filteredBytes: number;
}

const ADAM7: readonly (readonly [number, number, number, number])[] = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
];

export function pngDataLayout(header: PngHeader): PngDataLayout {
  const bitsPerPixel = CHANNELS[header.colorType] * header.bitDepth;
  const rowBytesOf = (width: number) => Math.ceil((width * bitsPerPixel) / 8);
  const grids = header.interlaced ? ADAM7 : [[0, 0, 1, 1] as const];
  const passes: Pass[] = [];
  for (const [x0, y0, dx, dy] of grids) {
    const width = Math.ceil((header.width - x0) / dx);
    const height = Math.ceil((header.height - y0) / dy);
    if (width > 0 && height > 0) passes.push({ x0, y0, dx, dy, width, height, rowBytes: rowBytesOf(width) });
  }
  const filteredBytes = passes.reduce((sum, p) => sum + p.height * (1 + p.rowBytes), 0);
  return { bitsPerPixel, rowBytes: rowBytesOf(header.width), passes, filteredBytes };
}

export class PngDataError extends Error {}

/**
 * Unfilters `data` (exactly layout.filteredBytes, as inflated) and returns the full image as packed
 * rows of layout.rowBytes. Non-interlaced: in place, the result is a view of `data`. Interlaced: the
 * passes are unfiltered in place, then spread into one new image-sized buffer.
 */
export function unfilterPngData(data: Uint8Array, layout: PngDataLayout, height: number): Uint8Array {
  const bytesPerPixel = Math.max(1, layout.bitsPerPixel >> 3);
  let src = 0;
  let dst = 0;
  const starts: number[] = [];
  for (const pass of layout.passes) {
    starts.push(dst);
    unfilterInPlace(data, src, dst, pass.height, pass.rowBytes, bytesPerPixel);
    src += pass.height * (1 + pass.rowBytes);
    dst += pass.height * pass.rowBytes;
  }
  if (layout.passes.length === 1 && layout.passes[0].dx === 1) return data.subarray(0, dst);
  const image = new Uint8Array(height * layout.rowBytes);
  layout.passes.forEach((pass, i) => spreadPass(data, starts[i], pass, image, layout));
  return image;
}

/**
 * Reverses the filters of `rows` rows starting at `src` (each a filter-type byte and rowBytes of
 * data) and writes them without their filter bytes from `dst` <= `src`, in the same buffer. Safe
 * in place: the write position stays behind the read position, and the row above (which the
 * filters read) is already at its final place, before the current row's writes.
 */
function unfilterInPlace(buf: Uint8Array, src: number, dst: number, rows: number, rowBytes: number, bpp: number): void {
  for (let r = 0; r < rows; r++, src += 1 + rowBytes, dst += rowBytes) {
    const type = buf[src];
    const s = src + 1;
    const up = dst - rowBytes; // the previous row, unfiltered (only read when r > 0)
    switch (type) {
      case 0: // None
        buf.copyWithin(dst, s, s + rowBytes);
        break;
      case 1: // Sub: + left
        for (let i = 0; i < rowBytes; i++) buf[dst + i] = buf[s + i] + (i >= bpp ? buf[dst + i - bpp] : 0);
        break;
      case 2: // Up: + above
        if (r === 0) buf.copyWithin(dst, s, s + rowBytes);
        else for (let i = 0; i < rowBytes; i++) buf[dst + i] = buf[s + i] + buf[up + i];
        break;
      case 3: // Average: + floor((left + above) / 2)
        for (let i = 0; i < rowBytes; i++) {
          const left = i >= bpp ? buf[dst + i - bpp] : 0;
          const above = r > 0 ? buf[up + i] : 0;
          buf[dst + i] = buf[s + i] + ((left + above) >> 1);
        }
        break;
      case 4: // Paeth: + whichever of left, above, upper-left is closest to left + above - upper-left
        for (let i = 0; i < rowBytes; i++) {
          const a = i >= bpp ? buf[dst + i - bpp] : 0;
          const b = r > 0 ? buf[up + i] : 0;
          const c = i >= bpp && r > 0 ? buf[up + i - bpp] : 0;
          const pa = Math.abs(b - c);
          const pb = Math.abs(a - c);
          const pc = Math.abs(a + b - 2 * c);
          buf[dst + i] = buf[s + i] + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
        }
        break;
      default:
        throw new PngDataError(`row filter type ${type} does not exist`);
    }
  }
}

/** Copies an unfiltered Adam7 pass (packed rows from `start`) to its pixels' places in `image`. */
function spreadPass(data: Uint8Array, start: number, pass: Pass, image: Uint8Array, layout: PngDataLayout): void {
  const { bitsPerPixel, rowBytes } = layout;
  if (bitsPerPixel >= 8) {
    const n = bitsPerPixel >> 3;
    for (let py = 0; py < pass.height; py++) {
      const row = start + py * pass.rowBytes;
      const out = (pass.y0 + py * pass.dy) * rowBytes;
      for (let px = 0, s = row; px < pass.width; px++) {
        for (let k = 0, o = out + (pass.x0 + px * pass.dx) * n; k < n; k++) image[o + k] = data[s++];
      }
    }
    return;
  }
  // 1, 2 or 4 bits per pixel: move each sample between bit positions (the image starts zeroed).
  const mask = (1 << bitsPerPixel) - 1;
  for (let py = 0; py < pass.height; py++) {
    const row = start + py * pass.rowBytes;
    const out = (pass.y0 + py * pass.dy) * rowBytes;
    for (let px = 0; px < pass.width; px++) {
      const from = px * bitsPerPixel;
      const value = (data[row + (from >> 3)] >> (8 - bitsPerPixel - (from & 7))) & mask;
      const to = (pass.x0 + px * pass.dx) * bitsPerPixel;
      image[out + (to >> 3)] |= value << (8 - bitsPerPixel - (to & 7));
    }
  }
}

/** 16-bit samples are big-endian in PNG: swap them in place (on little-endian hosts) and view
 * them as a Uint16Array, instead of copying into a new array. */
export function samples16(packed: Uint8Array): Uint16Array {
  if (packed.byteOffset & 1) packed = packed.slice(); // a Uint16Array view needs an even offset
  if (LITTLE_ENDIAN) {
    for (let i = 0; i + 1 < packed.length; i += 2) {
      const hi = packed[i];
      packed[i] = packed[i + 1];
      packed[i + 1] = hi;
    }
  }
  return new Uint16Array(packed.buffer, packed.byteOffset, packed.length >> 1);
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
