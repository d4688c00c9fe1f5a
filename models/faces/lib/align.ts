// Face alignment for the dlib ResNet encoder: a similarity transform (rotation, uniform scale,
// translation) that maps detector keypoints onto a fixed template in the 150x150 chip, and the warp
// that samples the chip. Runtime-agnostic (plain typed arrays), so the Worker pipeline can reuse it.
//
// The template is dlib's own chip geometry: get_face_chip_details(shape, 150, 0.25) maps dlib's
// mean face shape (landmarks 17..67, unit square, from dlib/image_transforms/interpolation.h) into a
// 150x150 chip with 25% padding on every side; the encoder was trained on such chips. BlazeFace's
// keypoints (eye centres, nose tip, mouth centre) correspond to means of dlib landmarks as below.

// dlib mean_face_shape_x/y for 68-point landmarks 17..67 (index = landmark - 17).
const MEAN_X = [
  0.000213256, 0.0752622, 0.18113, 0.29077, 0.393397, 0.586856, 0.689483, 0.799124, 0.904991, 0.98004, 0.490127, 0.490127, 0.490127, 0.490127,
  0.36688, 0.426036, 0.490127, 0.554217, 0.613373, 0.121737, 0.187122, 0.265825, 0.334606, 0.260918, 0.182743, 0.645647, 0.714428, 0.793132,
  0.858516, 0.79751, 0.719335, 0.254149, 0.340985, 0.428858, 0.490127, 0.551395, 0.639268, 0.726104, 0.642159, 0.556721, 0.490127, 0.423532,
  0.338094, 0.290379, 0.428096, 0.490127, 0.552157, 0.689874, 0.553364, 0.490127, 0.42689,
];
const MEAN_Y = [
  0.106454, 0.038915, 0.0187482, 0.0344891, 0.0773906, 0.0773906, 0.0344891, 0.0187482, 0.038915, 0.106454, 0.203352, 0.307009, 0.409805, 0.515625,
  0.587326, 0.609345, 0.628106, 0.609345, 0.587326, 0.216423, 0.178758, 0.179852, 0.231733, 0.245099, 0.244077, 0.231733, 0.179852, 0.178758,
  0.216423, 0.244077, 0.245099, 0.780233, 0.745405, 0.727388, 0.742578, 0.727388, 0.745405, 0.780233, 0.864805, 0.902192, 0.909281, 0.902192,
  0.864805, 0.784792, 0.778746, 0.785343, 0.778746, 0.784792, 0.824182, 0.831803, 0.824182,
];

export type Point = [number, number];

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Template point of dlib's chip (size px, padding as a fraction of the face box) for the mean of the given 68-point landmarks. */
function chipPoint(landmarks: number[], size: number, padding: number): Point {
  let x = 0;
  let y = 0;
  for (const l of landmarks) {
    x += MEAN_X[l - 17];
    y += MEAN_Y[l - 17];
  }
  x /= landmarks.length;
  y /= landmarks.length;
  return [((x + padding) / (1 + 2 * padding)) * size, ((y + padding) / (1 + 2 * padding)) * size];
}

export const CHIP_SIZE = 150;
export const CHIP_PADDING = 0.25;

/**
 * Where BlazeFace keypoints 0..3 (right eye, left eye, nose tip, mouth centre; subject's right =
 * image left) belong in the 150x150 chip: eye = mean of dlib landmarks 36-41 / 42-47, nose tip = 30,
 * mouth centre = mean of 48-67. About (47.5,46.6) (100.5,46.6) (74.0,76.6) (74.0,105.4).
 */
export const CHIP_TEMPLATE: readonly Point[] = [
  chipPoint(range(36, 41), CHIP_SIZE, CHIP_PADDING),
  chipPoint(range(42, 47), CHIP_SIZE, CHIP_PADDING),
  chipPoint([30], CHIP_SIZE, CHIP_PADDING),
  chipPoint(range(48, 67), CHIP_SIZE, CHIP_PADDING),
];

/** Forward similarity [a, -b, tx, b, a, ty]: least-squares (Umeyama, no reflection) from src to dst. */
export function estimateSimilarity(src: readonly Point[], dst: readonly Point[]): number[] {
  const n = src.length;
  if (n < 2 || dst.length !== n) throw new Error('need at least two point pairs');
  let mx = 0, my = 0, ux = 0, uy = 0;
  for (let i = 0; i < n; i++) {
    mx += src[i][0]; my += src[i][1]; ux += dst[i][0]; uy += dst[i][1];
  }
  mx /= n; my /= n; ux /= n; uy /= n;
  let dotSum = 0, crossSum = 0, variance = 0;
  for (let i = 0; i < n; i++) {
    const ax = src[i][0] - mx, ay = src[i][1] - my, bx = dst[i][0] - ux, by = dst[i][1] - uy;
    dotSum += ax * bx + ay * by;
    crossSum += ax * by - ay * bx;
    variance += ax * ax + ay * ay;
  }
  if (variance === 0) throw new Error('degenerate keypoints');
  const a = dotSum / variance, b = crossSum / variance;
  return [a, -b, ux - (a * mx - b * my), b, a, uy - (b * mx + a * my)];
}

export function invertAffine(m: readonly number[]): number[] {
  const [a, b, c, d, e, f] = m;
  const det = a * e - b * d;
  return [e / det, -b / det, (b * f - c * e) / det, -d / det, a / det, (c * d - a * f) / det];
}

export interface RgbImage {
  width: number;
  height: number;
  /** Interleaved 8-bit pixels, `channels` per pixel (RGB or RGBA; alpha is ignored). */
  data: Uint8Array | Uint8ClampedArray;
  channels: 3 | 4;
}

/**
 * Samples an outW x outH RGB float32 (0..255, HWC) chip: chip pixel (x, y) comes from source
 * point inverse * (x, y) (pixel centres at integer coordinates, as dlib and OpenCV), bilinear,
 * black outside the image. When the chip is smaller than the source region, each chip pixel
 * averages a k x k grid of samples (k = ceil(source px per chip px)) so large faces do not alias.
 */
export function warpAffine(img: RgbImage, inverse: readonly number[], outW: number, outH: number): Float32Array {
  const [a, b, c, d, e, f] = inverse;
  const scale = Math.sqrt(Math.abs(a * e - b * d)); // source px per chip px
  const k = Math.max(1, Math.ceil(scale - 1e-6));
  const out = new Float32Array(outW * outH * 3);
  const { width: w, height: h, data, channels: ch } = img;
  const px = [0, 0, 0];
  for (let y = 0; y < outH; y++)
    for (let x = 0; x < outW; x++) {
      let r = 0, g = 0, bl = 0;
      for (let sy = 0; sy < k; sy++)
        for (let sx = 0; sx < k; sx++) {
          const cx = x + (sx + 0.5) / k - 0.5, cy = y + (sy + 0.5) / k - 0.5;
          const u = a * cx + b * cy + c, v = d * cx + e * cy + f;
          const x0 = Math.floor(u), y0 = Math.floor(v), fx = u - x0, fy = v - y0;
          px[0] = px[1] = px[2] = 0;
          for (let j = 0; j < 4; j++) {
            const xx = x0 + (j & 1), yy = y0 + (j >> 1);
            if (xx < 0 || yy < 0 || xx >= w || yy >= h) continue;
            const wgt = (j & 1 ? fx : 1 - fx) * (j >> 1 ? fy : 1 - fy);
            const o = (yy * w + xx) * ch;
            px[0] += wgt * data[o]; px[1] += wgt * data[o + 1]; px[2] += wgt * data[o + 2];
          }
          r += px[0]; g += px[1]; bl += px[2];
        }
      const o = (y * outW + x) * 3;
      out[o] = r / (k * k); out[o + 1] = g / (k * k); out[o + 2] = bl / (k * k);
    }
  return out;
}

/** The 150x150 encoder chip for a face with BlazeFace keypoints in source-image pixels. */
export function alignFace(img: RgbImage, keypoints: readonly Point[]): Float32Array {
  const m = estimateSimilarity(keypoints.slice(0, 4), CHIP_TEMPLATE);
  return warpAffine(img, invertAffine(m), CHIP_SIZE, CHIP_SIZE);
}

export interface Letterbox {
  /** size x size x 3 float32 RGB 0..255 (HWC): the image centred in a black square, resized. */
  pixels: Float32Array;
  /** Side of the square in source pixels, and where the image sits inside it. */
  side: number;
  padX: number;
  padY: number;
}

/** Pads the image to a centred square and resamples it to size x size (area-averaged when shrinking). */
export function letterbox(img: RgbImage, size: number): Letterbox {
  const side = Math.max(img.width, img.height);
  const padX = (side - img.width) / 2;
  const padY = (side - img.height) / 2;
  const s = side / size;
  // chip pixel centre x -> square coordinate (x + 0.5) * s - 0.5 -> image coordinate minus pad
  const pixels = warpAffine(img, [s, 0, 0.5 * s - 0.5 - padX, 0, s, 0.5 * s - 0.5 - padY], size, size);
  return { pixels, side, padX, padY };
}

/**
 * Normalised model-input coordinates (0..1 of the letterboxed square, pixel edges at 0 and 1) ->
 * source-image pixel coordinates with pixel centres at integers (the convention warpAffine uses).
 */
export function toSourcePixels(lb: Letterbox, p: readonly [number, number]): Point {
  return [p[0] * lb.side - 0.5 - lb.padX, p[1] * lb.side - 0.5 - lb.padY];
}
