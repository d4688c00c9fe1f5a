// Unit tests of the face-model building blocks (no model files needed).
import { describe, expect, it } from 'vitest';
import { activationParams, quantizeWeightPerChannel, roundRange } from '../../../models/faces/build/quantize.ts';
import { decodeWeights, halfToFloat } from '../../../models/faces/build/tfjs-weights.ts';
import type { RgbImage } from '../../../functions/src/image/types.ts';
import { CHIP_PADDING, CHIP_TEMPLATE, estimateSimilarity, invertAffine, warpAffine } from '../../../functions/src/pipeline/face/align.ts';
import {
  ANCHOR_COUNT,
  blazefaceAnchors,
  letterbox,
  selectDetections,
  toSourcePixels,
} from '../../../functions/src/pipeline/face/detect.ts';

describe('TF.js weights', () => {
  it('decodes float16 exactly', () => {
    expect(halfToFloat(0x3c00)).toBe(1);
    expect(halfToFloat(0xc000)).toBe(-2);
    expect(halfToFloat(0x3555)).toBe(Math.fround(0.333251953125));
    expect(halfToFloat(0x0001)).toBe(2 ** -24);
    expect(halfToFloat(0x7c00)).toBe(Infinity);
  });

  it('de-quantises uint8 affine as tfjs (q * scale + min, stored float32) and checks sizes', () => {
    const bytes = new Uint8Array([0, 1, 255, 0, 0, 0x80, 0x3f]);
    const w = decodeWeights(
      [
        { name: 'q', shape: [3], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.1, min: -1 } },
        { name: 'f', shape: [1], dtype: 'float32' },
      ],
      bytes,
    );
    expect(Array.from(w.get('q')!.data)).toEqual([Math.fround(-1), Math.fround(0.1 - 1), Math.fround(255 * 0.1 - 1)]);
    expect(Array.from(w.get('f')!.data)).toEqual([1]);
    expect(() => decodeWeights([{ name: 'f', shape: [1], dtype: 'float32' }], bytes)).toThrow(/bytes/);
  });
});

describe('alignment', () => {
  it("places BlazeFace's keypoints where dlib's 150px chip has them (padding 0.2: dlib's 0.25 template scaled 1.5/1.4 about the centre)", () => {
    expect(CHIP_PADDING).toBe(0.2);
    const t = CHIP_TEMPLATE.map((p) => p.map((v) => Number(v.toFixed(2))));
    expect(t).toEqual([
      [45.59, 44.57],
      [102.3, 44.57],
      [73.94, 76.67],
      [73.94, 107.6],
    ]);
    // dlib's own get_face_chip_details(150, 0.25) positions, mapped by the padding change
    const dlib025 = [
      [47.549, 46.599],
      [100.476, 46.599],
      [74.013, 76.563],
      [74.013, 105.422],
    ];
    dlib025.forEach(([x, y], i) => {
      expect(CHIP_TEMPLATE[i][0]).toBeCloseTo(75 + ((x - 75) * 1.5) / 1.4, 2);
      expect(CHIP_TEMPLATE[i][1]).toBeCloseTo(75 + ((y - 75) * 1.5) / 1.4, 2);
    });
  });

  it('estimates a similarity transform exactly from noiseless points', () => {
    const [s, r, tx, ty] = [1.7, 0.35, 12, -30];
    const m = [s * Math.cos(r), -s * Math.sin(r), tx, s * Math.sin(r), s * Math.cos(r), ty];
    const src: [number, number][] = [
      [10, 20],
      [60, 22],
      [35, 50],
      [36, 70],
    ];
    const dst = src.map(([x, y]) => [m[0] * x + m[1] * y + m[2], m[3] * x + m[4] * y + m[5]] as [number, number]);
    estimateSimilarity(src, dst).forEach((v, i) => expect(v).toBeCloseTo(m[i], 10));
    const inv = invertAffine(m);
    const [x, y] = dst[2];
    expect(inv[0] * x + inv[1] * y + inv[2]).toBeCloseTo(35, 10);
    expect(inv[3] * x + inv[4] * y + inv[5]).toBeCloseTo(50, 10);
  });

  const image = (w: number, h: number, f: (x: number, y: number) => number): RgbImage => {
    const data = new Uint8Array(w * h * 3);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.fill(f(x, y), (y * w + x) * 3, (y * w + x) * 3 + 3);
    return { width: w, height: h, data };
  };

  it('warps with the identity exactly and samples black outside', () => {
    const img = image(5, 4, (x, y) => x * 10 + y);
    const out = warpAffine(img, [1, 0, 0, 0, 1, 0], 5, 4);
    expect(Array.from(out.filter((_, i) => i % 3 === 0))).toEqual(Array.from({ length: 20 }, (_, i) => (i % 5) * 10 + Math.floor(i / 5)));
    expect(Array.from(warpAffine(img, [1, 0, 100, 0, 1, 0], 2, 2))).toEqual(new Array(12).fill(0));
  });

  it('letterboxes to a centred square and maps model coordinates back to source pixels', () => {
    const img = image(512, 256, (x, y) => (x >= 300 && x < 310 && y >= 100 && y < 110 ? 255 : 0));
    const lb = letterbox(img, 256);
    expect([lb.scaleX, lb.scaleY, lb.offsetX, lb.offsetY]).toEqual([2, 2, 0, 64]);
    // the bright square covers source [300,310) x [100,110) -> model [150,155) x [114,119)
    expect(lb.pixels[(116 * 256 + 152) * 3]).toBe(255);
    expect(lb.pixels[(100 * 256 + 152) * 3]).toBe(0);
    const [x, y] = toSourcePixels(lb, [152.5 / 256, 116.5 / 256]);
    expect(x).toBeCloseTo(304.5, 6); // centre of model pixel 152 = source pixels 304..305
    expect(y).toBeCloseTo(104.5, 6);
  });
});

describe('BlazeFace outputs', () => {
  it('has 896 anchors in Human/MediaPipe order', () => {
    const a = blazefaceAnchors();
    expect(a.length).toBe(ANCHOR_COUNT * 2);
    expect(Array.from(a.slice(0, 6))).toEqual([8, 8, 8, 8, 24, 8]);
    expect(Array.from(a.slice(512 * 2, 512 * 2 + 2))).toEqual([16, 16]);
    expect(Array.from(a.slice(-2))).toEqual([240, 240]);
  });

  it('thresholds and suppresses overlaps greedily by score', () => {
    const scores = new Float32Array(ANCHOR_COUNT);
    const boxes = new Float32Array(ANCHOR_COUNT * 4);
    const kps = new Float32Array(ANCHOR_COUNT * 12);
    const put = (i: number, s: number, b: number[]) => {
      scores[i] = s;
      boxes.set(b, i * 4);
      kps.fill(i / 1000, i * 12, i * 12 + 12);
    };
    put(3, 0.9, [0.1, 0.1, 0.3, 0.3]);
    put(7, 0.95, [0.12, 0.1, 0.32, 0.3]); // overlaps 3, higher score
    put(9, 0.8, [0.6, 0.6, 0.8, 0.8]);
    put(11, 0.4, [0.0, 0.6, 0.1, 0.7]); // below threshold
    const d = selectDetections(scores, boxes, kps, { minScore: 0.5, iouThreshold: 0.3, maxDetections: 10 });
    expect(d.map((x) => x.anchor)).toEqual([7, 9]);
    expect(d[0].keypoints[5][0]).toBeCloseTo(0.007, 7);
    expect(selectDetections(scores, boxes, kps, { minScore: 0.5, iouThreshold: 0.3, maxDetections: 1 }).length).toBe(1);
  });
});

describe('quantisation parameters', () => {
  it('widens ranges to an 8-bit grid that includes zero', () => {
    expect(roundRange({ min: 0.5, max: 3.01 })).toEqual({ min: 0, max: 3.015625 });
    expect(roundRange({ min: -1.001, max: 0.2 })).toEqual({ min: -1.0078125, max: 0.203125 });
  });

  it('represents zero exactly and keeps Relu outputs at zero point 0', () => {
    expect(activationParams({ min: 0, max: 6 }).zeroPoint).toBe(0);
    const p = activationParams({ min: -2, max: 6 });
    expect(p.zeroPoint).toBe(64);
    expect(Math.round(0 / p.scale) + p.zeroPoint).toBe(p.zeroPoint);
  });

  it('quantises weights per output channel to [-127, 127]', () => {
    const { q, scales } = quantizeWeightPerChannel(Float32Array.from([0.5, -1, 0.25, 0.01, 0.03, -0.04]), 2);
    expect(Array.from(q)).toEqual([64, -127, 32, 32, 95, -127]);
    expect(scales[0]).toBeCloseTo(1 / 127, 9);
    expect(scales[1]).toBeCloseTo(0.04 / 127, 9);
  });
});
