// Alignment: the similarity transform from landmarks to dlib's chip template, and the warp.
import { describe, expect, it } from 'vitest';
import type { RgbImage } from '../../../functions/src/image/types';
import {
  CHIP_SIZE,
  CHIP_TEMPLATE,
  alignFace,
  applyAffine,
  estimateSimilarity,
  flipChip,
  invertAffine,
  warpAffine,
} from '../../../functions/src/pipeline/face/align';
import { LANDMARK_NAMES, type DetectedFace, type Point } from '../../../functions/src/pipeline/face/types';

/** A known similarity: scale s, rotation r (radians), translation tx, ty. */
const similarity = (s: number, r: number, tx: number, ty: number) => [
  s * Math.cos(r),
  -s * Math.sin(r),
  tx,
  s * Math.sin(r),
  s * Math.cos(r),
  ty,
];

/** A face whose four alignment landmarks are the template mapped by `chipToImage` (pixel centres), given in edge coordinates. */
function faceFrom(chipToImage: number[]): DetectedFace {
  const pts: Point[] = CHIP_TEMPLATE.map((p) => applyAffine(chipToImage, p));
  pts.push([pts[0][0] - 20, pts[0][1]], [pts[1][0] + 20, pts[1][1]]); // ears: unused by alignment
  const landmarks = Object.fromEntries(
    LANDMARK_NAMES.map((n, i) => [n, { x: pts[i][0] + 0.5, y: pts[i][1] + 0.5 }]),
  ) as DetectedFace['landmarks'];
  return { box: { x: 0, y: 0, width: 10, height: 10 }, score: 1, landmarks };
}

function blankImage(w: number, h: number): RgbImage {
  return { width: w, height: h, data: new Uint8Array(w * h * 3) };
}

describe('estimateSimilarity', () => {
  it('recovers a known similarity exactly from noiseless points', () => {
    const m = similarity(1.7, 0.35, 12, -30);
    const src: Point[] = [
      [10, 20],
      [60, 22],
      [35, 50],
      [36, 70],
    ];
    const dst = src.map((p) => applyAffine(m, p));
    estimateSimilarity(src, dst).forEach((v, i) => expect(v).toBeCloseTo(m[i], 10));
  });

  it('is the least-squares fit when the points are noisy (no reflection, uniform scale)', () => {
    const m = similarity(0.5, -0.2, 3, 4);
    const src: Point[] = [
      [0, 0],
      [10, 0],
      [5, 8],
      [5, 14],
    ];
    const noise: Point[] = [
      [0.1, -0.1],
      [-0.1, 0.1],
      [0.1, 0.1],
      [-0.1, -0.1],
    ];
    const dst = src.map((p, i) => {
      const q = applyAffine(m, p);
      return [q[0] + noise[i][0], q[1] + noise[i][1]] as Point;
    });
    const fit = estimateSimilarity(src, dst);
    expect(fit[0]).toBeCloseTo(fit[4], 12); // same scale on both axes
    expect(fit[1]).toBeCloseTo(-fit[3], 12); // a rotation, not a shear or reflection
    expect(Math.hypot(fit[0], fit[3])).toBeCloseTo(0.5, 1);
    expect(Math.atan2(fit[3], fit[0])).toBeCloseTo(-0.2, 1);
  });

  it('refuses degenerate input', () => {
    expect(() =>
      estimateSimilarity(
        [
          [1, 1],
          [1, 1],
        ],
        [
          [0, 0],
          [1, 1],
        ],
      ),
    ).toThrow(/degenerate/);
    expect(() => estimateSimilarity([[1, 1]], [[0, 0]])).toThrow(/two/);
  });
});

describe('alignFace', () => {
  it('finds the transform that maps the landmarks onto the template', () => {
    // The face sits in the image rotated by 25 degrees, 2.3x the chip's size, shifted.
    const chipToImage = similarity(2.3, (25 * Math.PI) / 180, 140, 60);
    const aligned = alignFace(blankImage(600, 600), faceFrom(chipToImage));
    const expected = invertAffine(chipToImage);
    aligned.transform.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 9));
    expect(aligned.sourcePixelsPerChipPixel).toBeCloseTo(2.3, 9);
    expect(aligned.chip.length).toBe(CHIP_SIZE * CHIP_SIZE * 3);
  });

  it('samples the image so that marks at the landmarks land on the template', () => {
    const chipToImage = similarity(1.6, (-12 * Math.PI) / 180, 90, 140);
    const img = blankImage(400, 400);
    const pts = CHIP_TEMPLATE.map((p) => applyAffine(chipToImage, p));
    // A bright 7x7 square (in image pixels) around each landmark's nearest pixel.
    for (const [x, y] of pts)
      for (let dy = -3; dy <= 3; dy++)
        for (let dx = -3; dx <= 3; dx++)
          img.data.fill(
            255,
            ((Math.round(y) + dy) * 400 + Math.round(x) + dx) * 3,
            ((Math.round(y) + dy) * 400 + Math.round(x) + dx) * 3 + 3,
          );
    const { chip } = alignFace(img, faceFrom(chipToImage));
    for (const [x, y] of CHIP_TEMPLATE) expect(chip[(Math.round(y) * CHIP_SIZE + Math.round(x)) * 3]).toBeGreaterThan(200);
    expect(chip[(10 * CHIP_SIZE + 10) * 3]).toBe(0); // far from every mark
  });

  it('mirrors a chip about its vertical axis', () => {
    const chip = new Float32Array(CHIP_SIZE * CHIP_SIZE * 3);
    chip.set([1, 2, 3], (5 * CHIP_SIZE + 0) * 3);
    const flipped = flipChip(chip);
    expect(Array.from(flipped.subarray((5 * CHIP_SIZE + CHIP_SIZE - 1) * 3, (5 * CHIP_SIZE + CHIP_SIZE) * 3))).toEqual([1, 2, 3]);
    expect(flipChip(flipped)).toEqual(chip);
  });
});

describe('warpAffine fast path for scale-and-shift', () => {
  it('gives what the general warp gives (shrink with supersampling, enlarge, mirror, black outside)', () => {
    const w = 97,
      h = 61;
    const img = { width: w, height: h, data: Uint8Array.from({ length: w * h * 3 }, (_, i) => (i * 37 + (i % 7) * 11) % 256) };
    // An off-axis term of 1e-300 changes no sample position but takes the general path.
    for (const [a, c, e, f, outW, outH] of [
      [3.7, -5.2, 3.7, 10.1, 30, 20],
      [0.45, 2.3, 0.6, -3, 120, 80],
      [-1.3, 90, 1.3, 0.4, 64, 50],
    ]) {
      const fast = warpAffine(img, [a, 0, c, 0, e, f], outW, outH);
      const general = warpAffine(img, [a, 1e-300, c, 0, e, f], outW, outH);
      let worst = 0;
      for (let i = 0; i < fast.length; i++) worst = Math.max(worst, Math.abs(fast[i] - general[i]));
      expect(worst, `${a},${c},${e},${f}`).toBeLessThan(1e-3);
    }
  });
});
