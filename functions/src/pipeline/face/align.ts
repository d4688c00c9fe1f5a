// Stage: align a detected face for the dlib ResNet encoder. A least-squares similarity transform
// (rotation, uniform scale, translation) maps the detector's eyes, nose tip and mouth centre onto a
// fixed template in the 150x150 chip, and the chip is sampled bilinearly. Runtime-agnostic.
//
// The template is dlib's chip geometry: get_face_chip_details(shape, 150, padding) maps dlib's
// mean face shape (landmarks 17..67, unit square, from dlib/image_transforms/interpolation.h) into a
// 150x150 chip with `padding` on every side; the encoder was trained on such chips (padding 0.25).
// BlazeFace's keypoints (eye centres, nose tip, mouth centre) correspond to means of dlib landmarks
// as below, but not exactly: mapped into dlib's 0.25 chip by face-api's 68 landmarks (234 LFW
// DevTrain faces) they sit ~4 % further apart than the template says, so faces came out ~4 %
// small. Padding 0.2 (a template 7 % larger about the chip centre) corrects that; on LFW View 1 it
// was the middle of a plateau (scale 1.05-1.15 all equal within noise; 0.95 and 0.9 worse), and
// moved DevTest accuracy +0.3-0.5 points (models/faces/README.md, Evaluation).
import type { RgbImage } from '../../image/types';
import { landmarkPoints, type DetectedFace, type Point } from './types';

// dlib mean_face_shape_x/y for 68-point landmarks 17..67 (index = landmark - 17).
const MEAN_X = [
  0.000213256, 0.0752622, 0.18113, 0.29077, 0.393397, 0.586856, 0.689483, 0.799124, 0.904991, 0.98004, 0.490127, 0.490127, 0.490127,
  0.490127, 0.36688, 0.426036, 0.490127, 0.554217, 0.613373, 0.121737, 0.187122, 0.265825, 0.334606, 0.260918, 0.182743, 0.645647, 0.714428,
  0.793132, 0.858516, 0.79751, 0.719335, 0.254149, 0.340985, 0.428858, 0.490127, 0.551395, 0.639268, 0.726104, 0.642159, 0.556721, 0.490127,
  0.423532, 0.338094, 0.290379, 0.428096, 0.490127, 0.552157, 0.689874, 0.553364, 0.490127, 0.42689,
];
const MEAN_Y = [
  0.106454, 0.038915, 0.0187482, 0.0344891, 0.0773906, 0.0773906, 0.0344891, 0.0187482, 0.038915, 0.106454, 0.203352, 0.307009, 0.409805,
  0.515625, 0.587326, 0.609345, 0.628106, 0.609345, 0.587326, 0.216423, 0.178758, 0.179852, 0.231733, 0.245099, 0.244077, 0.231733,
  0.179852, 0.178758, 0.216423, 0.244077, 0.245099, 0.780233, 0.745405, 0.727388, 0.742578, 0.727388, 0.745405, 0.780233, 0.864805,
  0.902192, 0.909281, 0.902192, 0.864805, 0.784792, 0.778746, 0.785343, 0.778746, 0.784792, 0.824182, 0.831803, 0.824182,
];

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
/** Fraction of the face's landmark box added on every side (dlib uses 0.25; see the header). */
export const CHIP_PADDING = 0.2;

/**
 * Where BlazeFace keypoints 0..3 (right eye, left eye, nose tip, mouth centre; subject's right =
 * image left) belong in the 150x150 chip, with pixel centres at integers (dlib's convention):
 * eye = mean of dlib landmarks 36-41 / 42-47, nose tip = 30, mouth centre = mean of 48-67.
 * At padding 0.2 about (45.6,44.6) (102.3,44.6) (73.9,76.7) (73.9,107.6); at dlib's 0.25
 * (47.5,46.6) (100.5,46.6) (74.0,76.6) (74.0,105.4).
 */
export const CHIP_TEMPLATE: readonly Point[] = [
  chipPoint(range(36, 41), CHIP_SIZE, CHIP_PADDING),
  chipPoint(range(42, 47), CHIP_SIZE, CHIP_PADDING),
  chipPoint([30], CHIP_SIZE, CHIP_PADDING),
  chipPoint(range(48, 67), CHIP_SIZE, CHIP_PADDING),
];

/** 2x3 affine matrix [a, b, c, d, e, f]: x' = a x + b y + c, y' = d x + e y + f. */
export type Affine = [number, number, number, number, number, number];

export const applyAffine = (m: readonly number[], p: readonly [number, number]): Point => [
  m[0] * p[0] + m[1] * p[1] + m[2],
  m[3] * p[0] + m[4] * p[1] + m[5],
];

/** Forward similarity [a, -b, tx, b, a, ty]: least-squares (Umeyama, no reflection) from src to dst. */
export function estimateSimilarity(src: readonly (readonly [number, number])[], dst: readonly (readonly [number, number])[]): Affine {
  const n = src.length;
  if (n < 2 || dst.length !== n) throw new Error('need at least two point pairs');
  let mx = 0,
    my = 0,
    ux = 0,
    uy = 0;
  for (let i = 0; i < n; i++) {
    mx += src[i][0];
    my += src[i][1];
    ux += dst[i][0];
    uy += dst[i][1];
  }
  mx /= n;
  my /= n;
  ux /= n;
  uy /= n;
  let dotSum = 0,
    crossSum = 0,
    variance = 0;
  for (let i = 0; i < n; i++) {
    const ax = src[i][0] - mx,
      ay = src[i][1] - my,
      bx = dst[i][0] - ux,
      by = dst[i][1] - uy;
    dotSum += ax * bx + ay * by;
    crossSum += ax * by - ay * bx;
    variance += ax * ax + ay * ay;
  }
  if (variance === 0) throw new Error('degenerate keypoints');
  const a = dotSum / variance,
    b = crossSum / variance;
  return [a, -b, ux - (a * mx - b * my), b, a, uy - (b * mx + a * my)];
}

export function invertAffine(m: readonly number[]): Affine {
  const [a, b, c, d, e, f] = m;
  const det = a * e - b * d;
  return [e / det, -b / det, (b * f - c * e) / det, -d / det, a / det, (c * d - a * f) / det];
}

/**
 * Samples an outW x outH RGB float32 (0..255, HWC) chip: chip pixel (x, y) comes from source
 * point inverse * (x, y) (pixel centres at integer coordinates, as dlib and OpenCV), bilinear,
 * black outside the image. When the chip is smaller than the source region, each chip pixel
 * averages a k x k grid of samples (k = ceil(source px per chip px)) so large faces do not alias.
 */
export function warpAffine(img: RgbImage, inverse: readonly number[], outW: number, outH: number): Float32Array {
  const [a, b, c, d, e, f] = inverse;
  if (b === 0 && d === 0) return warpAxisAligned(img, a, c, e, f, outW, outH);
  const scale = Math.sqrt(Math.abs(a * e - b * d)); // source px per chip px
  const k = Math.max(1, Math.ceil(scale - 1e-6));
  const out = new Float32Array(outW * outH * 3);
  const { width: w, height: h, data } = img;
  let r = 0,
    g = 0,
    bl = 0;
  for (let y = 0; y < outH; y++)
    for (let x = 0; x < outW; x++) {
      r = g = bl = 0;
      for (let sy = 0; sy < k; sy++)
        for (let sx = 0; sx < k; sx++) {
          const cx = x + (sx + 0.5) / k - 0.5,
            cy = y + (sy + 0.5) / k - 0.5;
          const u = a * cx + b * cy + c,
            v = d * cx + e * cy + f;
          const x0 = Math.floor(u),
            y0 = Math.floor(v),
            fx = u - x0,
            fy = v - y0;
          for (let j = 0; j < 4; j++) {
            const xx = x0 + (j & 1),
              yy = y0 + (j >> 1);
            if (xx < 0 || yy < 0 || xx >= w || yy >= h) continue;
            const wgt = (j & 1 ? fx : 1 - fx) * (j >> 1 ? fy : 1 - fy);
            const o = (yy * w + xx) * 3;
            r += wgt * data[o];
            g += wgt * data[o + 1];
            bl += wgt * data[o + 2];
          }
        }
      const o = (y * outW + x) * 3;
      out[o] = r / (k * k);
      out[o + 1] = g / (k * k);
      out[o + 2] = bl / (k * k);
    }
  return out;
}

/** Taps of one axis: for each output index, the source indices and weights its k samples touch. */
function axisTaps(scale: number, offset: number, k: number, outSize: number, srcSize: number) {
  const start = new Int32Array(outSize + 1);
  const index: number[] = [];
  const weight: number[] = [];
  for (let o = 0; o < outSize; o++) {
    start[o] = index.length;
    for (let s = 0; s < k; s++) {
      const u = scale * (o + (s + 0.5) / k - 0.5) + offset;
      const u0 = Math.floor(u);
      const fu = u - u0;
      for (const [i, w] of [
        [u0, 1 - fu],
        [u0 + 1, fu],
      ] as const) {
        if (i < 0 || i >= srcSize) continue; // black outside
        const last = index.length - 1;
        if (last >= start[o] && index[last] === i) weight[last] += w;
        else index.push(i), weight.push(w);
      }
    }
  }
  start[outSize] = index.length;
  return { start, index: Int32Array.from(index), weight: Float64Array.from(weight) };
}

/**
 * warpAffine for a scale-and-shift (the letterbox): the same samples and bilinear weights, summed
 * per axis (the k x k grid of bilinear samples is separable), about 10x fewer operations when a
 * 1024 px photo becomes the 256 px detector input.
 */
function warpAxisAligned(img: RgbImage, a: number, c: number, e: number, f: number, outW: number, outH: number): Float32Array {
  const k = Math.max(1, Math.ceil(Math.sqrt(Math.abs(a * e)) - 1e-6));
  const cols = axisTaps(a, c, k, outW, img.width);
  const rows = axisTaps(e, f, k, outH, img.height);
  const out = new Float32Array(outW * outH * 3);
  const acc = new Float64Array(outW * 3);
  const { width: w, data } = img;
  // Source rows resampled horizontally, kept while later output rows still use them (rows are
  // visited in increasing order, so each source row is resampled once).
  const resampled = new Map<number, Float64Array>();
  const horizontal = (sourceRow: number): Float64Array => {
    let row = resampled.get(sourceRow);
    if (row) return row;
    row = new Float64Array(outW * 3);
    const base = sourceRow * w * 3;
    for (let x = 0; x < outW; x++) {
      let r = 0,
        g = 0,
        b = 0;
      for (let u = cols.start[x]; u < cols.start[x + 1]; u++) {
        const o = base + cols.index[u] * 3;
        const wx = cols.weight[u];
        r += wx * data[o];
        g += wx * data[o + 1];
        b += wx * data[o + 2];
      }
      row[x * 3] = r;
      row[x * 3 + 1] = g;
      row[x * 3 + 2] = b;
    }
    resampled.set(sourceRow, row);
    return row;
  };
  const norm = 1 / (k * k);
  for (let y = 0; y < outH; y++) {
    acc.fill(0);
    const [first, end] = [rows.start[y], rows.start[y + 1]];
    for (let t = first; t < end; t++) {
      const row = horizontal(rows.index[t]);
      const wy = rows.weight[t];
      for (let i = 0; i < outW * 3; i++) acc[i] += wy * row[i];
    }
    // Rows above this output row's first tap are not needed again when e > 0 (taps increase);
    // otherwise they are merely resampled again.
    if (end > first) for (const key of resampled.keys()) if (key < rows.index[first]) resampled.delete(key);
    for (let i = 0; i < outW * 3; i++) out[y * outW * 3 + i] = acc[i] * norm;
  }
  return out;
}

/**
 * The 150x150 encoder chip for BlazeFace keypoints 0..3 given with pixel centres at integers
 * (toSourcePixels in detect.ts). The low-level form, for tools that keep their own keypoints.
 */
export function alignChip(img: RgbImage, centreKeypoints: readonly Point[]): Float32Array {
  const m = estimateSimilarity(centreKeypoints.slice(0, 4), CHIP_TEMPLATE);
  return warpAffine(img, invertAffine(m), CHIP_SIZE, CHIP_SIZE);
}

export interface AlignedFace {
  /** CHIP_SIZE x CHIP_SIZE x 3 float32 RGB 0..255 (HWC), the encoder's input. */
  chip: Float32Array;
  /** Image -> chip similarity, both with pixel centres at integers. */
  transform: Affine;
  /** Image pixels per chip pixel (1/scale of the transform): above ~1 the chip lost detail. */
  sourcePixelsPerChipPixel: number;
}

/** Aligns a detected face (landmarks in image coordinates, pixel edges at integers). */
export function alignFace(img: RgbImage, face: DetectedFace): AlignedFace {
  const centres = landmarkPoints(face.landmarks)
    .slice(0, 4)
    .map(([x, y]): Point => [x - 0.5, y - 0.5]);
  const transform = estimateSimilarity(centres, CHIP_TEMPLATE);
  const chip = warpAffine(img, invertAffine(transform), CHIP_SIZE, CHIP_SIZE);
  return { chip, transform, sourcePixelsPerChipPixel: 1 / Math.hypot(transform[0], transform[3]) };
}

/** Mirror image of an HWC RGB chip. The template's axis (x = 74.0) is half a pixel from the chip's
 * centre (74.5), so this is the aligned chip of the mirrored photo to within one pixel. */
export function flipChip(chip: Float32Array, size = CHIP_SIZE): Float32Array {
  const out = new Float32Array(chip.length);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const from = (y * size + (size - 1 - x)) * 3;
      const to = (y * size + x) * 3;
      out[to] = chip[from];
      out[to + 1] = chip[from + 1];
      out[to + 2] = chip[from + 2];
    }
  return out;
}
