// RGB pixels -> model input tensors. Every model declares its own scaling (see models/manifest.json);
// a wrong one changes outputs silently, so each stage passes its normalisation explicitly.
import type { RgbImage } from '../image/types';
import type { TensorValue } from '../runtime/types';

/** Per-channel affine normalisation: value = (pixel - mean[c]) / std[c]. */
export interface Normalisation {
  mean: readonly [number, number, number];
  std: readonly [number, number, number];
}

export const UNIT_RANGE: Normalisation = { mean: [0, 0, 0], std: [255, 255, 255] };

/** Planar float32 NCHW tensor [1, 3, height, width]. */
export function toNchw(image: RgbImage, norm: Normalisation): TensorValue {
  const { width, height, data } = image;
  const plane = width * height;
  const out = new Float32Array(3 * plane);
  for (let c = 0; c < 3; c++) {
    const mean = norm.mean[c];
    const scale = 1 / norm.std[c];
    const offset = c * plane;
    for (let i = 0; i < plane; i++) out[offset + i] = (data[i * 3 + c] - mean) * scale;
  }
  return { type: 'float32', data: out, dims: [1, 3, height, width] };
}
