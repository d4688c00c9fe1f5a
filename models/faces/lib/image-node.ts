// Image loading for the Node face-model tools (build, tests, evaluation): JPEG via jpeg-js, PNG via
// fast-png, both pure JS. The product's decoder lives in functions/src/image; these tools only need
// RGB pixels from known-good files.
import { readFileSync } from 'node:fs';
import { convertIndexedToRgb, decode as decodePng } from 'fast-png';
import jpeg from 'jpeg-js';
import type { RgbImage } from '../../../functions/src/image/types.ts';

export function decodeJpeg(bytes: Uint8Array): RgbImage {
  const j = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false, maxMemoryUsageInMB: 512 });
  return { width: j.width, height: j.height, data: j.data };
}

/** PNG of any colour type / bit depth -> 8-bit RGB (alpha dropped, not composited). */
export function decodePngRgb(bytes: Uint8Array): RgbImage {
  const p = decodePng(bytes);
  const src = p.palette ? convertIndexedToRgb(p) : p.data;
  const channels = p.palette ? src.length / (p.width * p.height) : p.channels;
  const shift = p.depth === 16 ? 8 : 0;
  const out = new Uint8Array(p.width * p.height * 3);
  for (let i = 0; i < p.width * p.height; i++)
    for (let c = 0; c < 3; c++) out[i * 3 + c] = src[i * channels + (channels < 3 ? 0 : c)] >> shift;
  return { width: p.width, height: p.height, data: out };
}

export function loadImage(path: string): RgbImage {
  const bytes = readFileSync(path);
  return bytes[0] === 0x89 && bytes[1] === 0x50 ? decodePngRgb(bytes) : decodeJpeg(bytes);
}

export const loadJpeg = (path: string): RgbImage => decodeJpeg(readFileSync(path));
