// The PNG reader (codecs/png.ts, png-data.ts, inflate.ts) against PNGs written here with every
// colour type, bit depth and filter type, plain and Adam7-interlaced, in odd sizes (1x1, sizes that
// leave Adam7 passes empty, rows that end inside a byte). Checked three ways: the unfiltered bytes
// equal the samples the file was written from; the RGB equals fast-png's reading of the same file
// (an independent decoder; not for interlaced 1/2/4-bit, which fast-png 8 gets wrong); and an
// interlaced file gives the same RGB as the plain one.
import { deflateSync } from 'node:zlib';
import { decode as decodeWithFastPng } from 'fast-png';
import { beforeAll, describe, expect, it } from 'vitest';
import { pngDataLayout, unfilterPngData } from '../../../functions/src/image/codecs/png-data';
import { decodeImage } from '../../../functions/src/image/decode';
import { inflateExactly, InflateError } from '../../../functions/src/image/inflate';
import { initNodeImageCodecs } from '../../../functions/src/image/node-codecs';
import { interleavedRows, packedRows } from '../../../functions/src/image/pixels';
import { readImageHeader } from '../../../functions/src/image/sniff';
import type { PngHeader, RgbRowSource } from '../../../functions/src/image/types';
import { chunk, png, pngDataBytes, zlibStored, zlibZeros } from '../../support/bad-images';
import { problemFrom } from './helpers';

beforeAll(() => initNodeImageCodecs());

const CHANNELS = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as const;
const FORMATS: [colorType: 0 | 2 | 3 | 4 | 6, bitDepth: number][] = [
  [0, 1],
  [0, 2],
  [0, 4],
  [0, 8],
  [0, 16],
  [2, 8],
  [2, 16],
  [3, 1],
  [3, 2],
  [3, 4],
  [3, 8],
  [4, 8],
  [4, 16],
  [6, 8],
  [6, 16],
];
const SIZES: [number, number][] = [
  [1, 1],
  [3, 2],
  [5, 9],
  [17, 11],
  [33, 8],
];

/** Deterministic pseudo-random bytes (xorshift). */
function noise(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed * 2654435761 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

interface Spec {
  width: number;
  height: number;
  colorType: 0 | 2 | 3 | 4 | 6;
  bitDepth: number;
}

/** Packed rows of random samples; the unused bits at the end of each row are zero (as encoders write them). */
function randomImage(spec: Spec, seed: number): Uint8Array {
  const bpp = CHANNELS[spec.colorType] * spec.bitDepth;
  const rowBytes = Math.ceil((spec.width * bpp) / 8);
  const image = noise(rowBytes * spec.height, seed);
  const spare = rowBytes * 8 - spec.width * bpp;
  if (spare > 0) for (let y = 0; y < spec.height; y++) image[y * rowBytes + rowBytes - 1] &= 0xff << spare;
  if (spec.colorType === 3) {
    // Indices below the palette's 4 entries (the test palette), so every pixel has a colour.
    const mask = spec.bitDepth === 1 ? 0xff : spec.bitDepth === 2 ? 0xff : spec.bitDepth === 4 ? 0x33 : 0x03;
    for (let i = 0; i < image.length; i++) image[i] &= mask;
  }
  return image;
}

/** The file's filtered data: per pass (Adam7 or the whole image), each row with a filter type cycling 0..4. */
function filteredData(spec: Spec, image: Uint8Array, interlaced: boolean): Uint8Array {
  const bpp = CHANNELS[spec.colorType] * spec.bitDepth;
  const rowBytes = Math.ceil((spec.width * bpp) / 8);
  const grids = interlaced
    ? [
        [0, 0, 8, 8],
        [4, 0, 8, 8],
        [0, 4, 4, 8],
        [2, 0, 4, 4],
        [0, 2, 2, 4],
        [1, 0, 2, 2],
        [0, 1, 1, 2],
      ]
    : [[0, 0, 1, 1]];
  const out: number[] = [];
  let filterType = 0;
  for (const [x0, y0, dx, dy] of grids) {
    const w = Math.ceil((spec.width - x0) / dx);
    const h = Math.ceil((spec.height - y0) / dy);
    if (w <= 0 || h <= 0) continue;
    const passRowBytes = Math.ceil((w * bpp) / 8);
    let previous = new Uint8Array(passRowBytes);
    for (let py = 0; py < h; py++) {
      const row = new Uint8Array(passRowBytes);
      for (let px = 0; px < w; px++) copyPixelBits(image, (y0 + py * dy) * rowBytes, x0 + px * dx, row, 0, px, bpp);
      out.push(filterType, ...filterRow(row, previous, Math.max(1, bpp >> 3), filterType));
      previous = row;
      filterType = (filterType + 1) % 5;
    }
  }
  return Uint8Array.from(out);
}

function copyPixelBits(from: Uint8Array, fromRow: number, fromX: number, to: Uint8Array, toRow: number, toX: number, bpp: number): void {
  for (let bit = 0; bit < bpp; bit++) {
    const s = fromX * bpp + bit;
    const d = toX * bpp + bit;
    const value = (from[fromRow + (s >> 3)] >> (7 - (s & 7))) & 1;
    to[toRow + (d >> 3)] |= value << (7 - (d & 7));
  }
}

function filterRow(row: Uint8Array, above: Uint8Array, bpp: number, type: number): number[] {
  return Array.from(row, (x, i) => {
    const a = i >= bpp ? row[i - bpp] : 0;
    const b = above[i];
    const c = i >= bpp ? above[i - bpp] : 0;
    const p = a + b - c;
    const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
    const prediction = [0, a, b, (a + b) >> 1, paeth][type];
    return (x - prediction) & 0xff;
  });
}

const PALETTE = [
  [255, 0, 0],
  [0, 255, 0],
  [0, 0, 255],
  [250, 250, 250],
];

function pngFile(spec: Spec, image: Uint8Array, interlaced: boolean): Uint8Array {
  const extra = spec.colorType === 3 ? [chunk('PLTE', PALETTE.flat()), chunk('tRNS', [255, 128, 0])] : [];
  const idat = deflateSync(filteredData(spec, image, interlaced));
  return png(spec.width, spec.height, spec.colorType, [...extra, chunk('IDAT', idat)], { bitDepth: spec.bitDepth, interlaced });
}

function allRows(source: RgbRowSource): Uint8Array {
  const out = new Uint8Array(source.width * source.height * 3);
  for (let y = 0; y < source.height; y++) source.readRow(y, out.subarray(y * source.width * 3, (y + 1) * source.width * 3));
  return out;
}

/** RGB as pixels.ts makes it from fast-png's reading of the file. */
function rgbFromFastPng(file: Uint8Array, spec: Spec): Uint8Array {
  const decoded = decodeWithFastPng(file);
  const { width, height } = decoded;
  if (spec.colorType === 3)
    return allRows(
      packedRows({ width, height, data: decoded.data as Uint8Array, bitDepth: decoded.depth as 1, palette: decoded.palette! }),
    );
  if (decoded.depth < 8) return allRows(packedRows({ width, height, data: decoded.data as Uint8Array, bitDepth: decoded.depth as 1 }));
  return allRows(
    interleavedRows({ width, height, channels: decoded.channels as 1, data: decoded.data, maxValue: decoded.depth === 16 ? 65535 : 255 }),
  );
}

const CASES = FORMATS.flatMap(([colorType, bitDepth]) => SIZES.map(([width, height]) => ({ width, height, colorType, bitDepth })));
const label = (s: Spec) => `type ${s.colorType}, ${s.bitDepth}-bit, ${s.width}x${s.height}`;

describe('PNG image data: unfilter and de-interlace', () => {
  it.each(CASES.map((s, i) => [label(s), s, i] as const))('%s: plain and interlaced give back the samples written', async (_, spec, i) => {
    const image = randomImage(spec, i + 1);
    for (const interlaced of [false, true]) {
      const header = {
        format: 'png',
        width: spec.width,
        height: spec.height,
        colorType: spec.colorType,
        bitDepth: spec.bitDepth,
        interlaced,
      } as PngHeader;
      const layout = pngDataLayout(header);
      const filtered = filteredData(spec, image, interlaced);
      expect(layout.filteredBytes).toBe(filtered.length);
      expect(layout.filteredBytes).toBe(pngDataBytes(spec.width, spec.height, CHANNELS[spec.colorType], spec.bitDepth, interlaced));
      const inflated = await inflateExactly([deflateSync(filtered)], layout.filteredBytes);
      expect(unfilterPngData(inflated, layout, spec.height), interlaced ? 'interlaced' : 'plain').toEqual(image);
    }
  });

  it.each(CASES.map((s, i) => [label(s), s, i] as const))(
    '%s: decodeImage gives the RGB fast-png does, interlaced or not',
    async (_, spec, i) => {
      const image = randomImage(spec, 100 + i);
      const plain = pngFile(spec, image, false);
      const interlaced = pngFile(spec, image, true);
      const rgb = (await decodeImage(plain)).image.data;
      expect(rgb).toEqual(rgbFromFastPng(plain, spec));
      expect((await decodeImage(interlaced)).image.data).toEqual(rgb);
      if (spec.bitDepth >= 8) expect(rgbFromFastPng(interlaced, spec)).toEqual(rgb);
    },
  );

  it('the header reports interlacing; the expected sizes are exact for Adam7 (1x1 has only pass 1)', () => {
    const layout = (w: number, h: number) =>
      pngDataLayout({ format: 'png', width: w, height: h, colorType: 6, bitDepth: 8, interlaced: true }).filteredBytes;
    expect(layout(1, 1)).toBe(1 + 4);
    expect(layout(8, 8)).toBe(pngDataBytes(8, 8, 4, 8, true));
    expect(
      readImageHeader(
        pngFile(
          { width: 5, height: 9, colorType: 6, bitDepth: 8 },
          randomImage({ width: 5, height: 9, colorType: 6, bitDepth: 8 }, 3),
          true,
        ),
      ),
    ).toMatchObject({ interlaced: true });
  });
});

describe('inflateExactly', () => {
  it('returns exactly the expected bytes, from parts split anywhere', async () => {
    const data = noise(100_000, 7);
    const stream = deflateSync(data);
    const parts = [stream.subarray(0, 1), stream.subarray(1, 5000), stream.subarray(5000)];
    expect(await inflateExactly(parts, data.length)).toEqual(data);
  });

  it.each([
    ['excess', () => zlibZeros(1_000_000), 1000],
    ['short', () => zlibStored(new Uint8Array(10)), 11],
    ['corrupt', () => Uint8Array.of(0x78, 0x01, 0xff, 0xff), 10],
    ['corrupt', () => zlibStored(new Uint8Array(10)).subarray(0, 12), 10], // ends inside the data
    [
      'corrupt',
      () => {
        const z = zlibStored(new Uint8Array(1000));
        z[z.length - 1] ^= 1;
        return z;
      },
      1000,
    ], // wrong Adler-32
    ['corrupt', () => zlibStored(new Uint8Array(1000)).subarray(0, -4), 1000], // all the data, no Adler-32
  ] as const)('%s', async (reason, make, size) => {
    const error = await inflateExactly([make()], size).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InflateError);
    expect((error as InflateError).reason).toBe(reason);
  });
});

describe('PNG chunks the reader tolerates or refuses', () => {
  const grey = (extra: Uint8Array[]) => png(2, 1, 0, [...extra, chunk('IDAT', zlibStored(Uint8Array.of(0, 10, 20)))]);

  it('tRNS on a grey image makes that grey white; tRNS after IDAT is ignored', async () => {
    expect(Array.from((await decodeImage(grey([chunk('tRNS', [0, 10])]))).image.data)).toEqual([255, 255, 255, 20, 20, 20]);
    const late = png(2, 1, 0, [chunk('IDAT', zlibStored(Uint8Array.of(0, 10, 20))), chunk('tRNS', [0, 10])]);
    expect(Array.from((await decodeImage(late)).image.data)).toEqual([10, 10, 10, 20, 20, 20]);
  });

  it('a palette whose length is not a multiple of 3 -> 422', async () => {
    const file = png(1, 1, 3, [chunk('PLTE', [1, 2, 3, 4]), chunk('IDAT', zlibStored(Uint8Array.of(0, 0)))]);
    expect((await problemFrom(() => decodeImage(file))).kind).toBe('invalid-image');
  });
});
