// Helpers shared by the style build and its evidence scripts: runtimes over candidate model bytes,
// photo loading, image differences, and side-by-side figures.
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { decodeImage } from '../../../functions/src/image/index.ts';
import { initNodeImageCodecs } from '../../../functions/src/image/node-codecs.ts';
import type { RgbImage } from '../../../functions/src/image/types.ts';
import { createRuntime, type OrtLike } from '../../../functions/src/runtime/session-cache.ts';
import type { InferenceRuntime } from '../../../functions/src/runtime/types.ts';

/** onnxruntime-node, 1 thread (like the Worker), serving the given model bytes by id. */
export function nodeRuntime(models: Record<string, Uint8Array>): InferenceRuntime {
  return createRuntime('onnxruntime-node', ort as unknown as OrtLike, async (id) => models[id], {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
  });
}

export async function loadPhoto(path: string, maxSide: number): Promise<RgbImage> {
  initNodeImageCodecs();
  return (await decodeImage(new Uint8Array(readFileSync(path)), { maxSide })).image;
}

export interface Difference {
  /** Largest |a - b| over all channel values (0..255). */
  maxAbs: number;
  /** Mean |a - b| over all channel values (0..255). */
  meanAbs: number;
  /** Peak signal-to-noise ratio in dB (Infinity when identical). */
  psnr: number;
}

export function difference(a: RgbImage, b: RgbImage): Difference {
  if (a.width !== b.width || a.height !== b.height) throw new RangeError('difference: sizes differ');
  let max = 0;
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < a.data.length; i++) {
    const d = Math.abs(a.data[i] - b.data[i]);
    if (d > max) max = d;
    sum += d;
    sq += d * d;
  }
  const mse = sq / a.data.length;
  return { maxAbs: max, meanAbs: sum / a.data.length, psnr: mse === 0 ? Infinity : 10 * Math.log10((255 * 255) / mse) };
}

/** |a - b| * gain, clamped: makes small differences visible in figures. */
export function differenceImage(a: RgbImage, b: RgbImage, gain: number): RgbImage {
  const data = new Uint8Array(a.data.length);
  for (let i = 0; i < data.length; i++) data[i] = Math.min(255, Math.abs(a.data[i] - b.data[i]) * gain);
  return { width: a.width, height: a.height, data };
}

export function crop(image: RgbImage, x: number, y: number, width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let r = 0; r < height; r++) {
    const from = ((y + r) * image.width + x) * 3;
    data.set(image.data.subarray(from, from + width * 3), r * width * 3);
  }
  return { width, height, data };
}

/** Lays images out in rows (each row left to right) on a white canvas with `gap` px between. */
export function grid(rows: RgbImage[][], gap = 6): RgbImage {
  const width = Math.max(...rows.map((r) => r.reduce((w, im) => w + im.width, 0) + gap * (r.length - 1)));
  const heights = rows.map((r) => Math.max(...r.map((im) => im.height)));
  const height = heights.reduce((a, b) => a + b, 0) + gap * (rows.length - 1);
  const data = new Uint8Array(width * height * 3).fill(255);
  let y0 = 0;
  rows.forEach((row, ri) => {
    let x0 = 0;
    for (const im of row) {
      for (let r = 0; r < im.height; r++) data.set(im.data.subarray(r * im.width * 3, (r + 1) * im.width * 3), ((y0 + r) * width + x0) * 3);
      x0 += im.width + gap;
    }
    y0 += heights[ri] + gap;
  });
  return { width, height, data };
}

export const round = (v: number, digits = 2) => (Number.isFinite(v) ? Number(v.toFixed(digits)) : v);
