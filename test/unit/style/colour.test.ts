// Colour helpers of the stylize stage (functions/src/pipeline/colour.ts).
import { describe, expect, it } from 'vitest';
import { blendWithPhoto, keepPhotoColours, luma, rgbToYcbcr, toBytes, ycbcrToRgb } from '../../../functions/src/pipeline/colour';

describe('YCbCr', () => {
  it('round-trips RGB', () => {
    const samples: [number, number, number][] = [
      [0.1, 0.5, 0.9],
      [1, 0, 0],
      [0.3, 0.3, 0.3],
    ];
    for (const rgb of samples) {
      const back = ycbcrToRgb(...rgbToYcbcr(...rgb));
      back.forEach((v, i) => expect(v).toBeCloseTo(rgb[i], 6));
    }
  });

  it('gives grey zero chroma', () => {
    const [, cb, cr] = rgbToYcbcr(0.4, 0.4, 0.4);
    expect(cb).toBeCloseTo(0, 9);
    expect(cr).toBeCloseTo(0, 9);
  });
});

describe('keepPhotoColours', () => {
  it("keeps the photo's chroma and the stylized luma", () => {
    const photo = Uint8Array.from([200, 40, 30, 20, 120, 220, 90, 90, 90]);
    const stylized = Float32Array.from([0.2, 0.6, 0.5, 0.9, 0.8, 0.1, 0.3, 0.7, 0.2]);
    const lumas = [0, 3, 6].map((i) => luma(stylized[i], stylized[i + 1], stylized[i + 2]));
    keepPhotoColours(stylized, photo);
    for (const [k, i] of [0, 3, 6].entries()) {
      const [y, cb, cr] = rgbToYcbcr(stylized[i], stylized[i + 1], stylized[i + 2]);
      const [, pcb, pcr] = rgbToYcbcr(photo[i] / 255, photo[i + 1] / 255, photo[i + 2] / 255);
      expect(y).toBeCloseTo(lumas[k], 6);
      expect(cb).toBeCloseTo(pcb, 6);
      expect(cr).toBeCloseTo(pcr, 6);
    }
  });
});

describe('blendWithPhoto', () => {
  const photo = Uint8Array.from([0, 128, 255]);
  it('returns the photo at 0 and the stylized image at 1', () => {
    const a = Float32Array.from([0.5, 0.5, 0.5]);
    blendWithPhoto(a, photo, 0);
    expect([...toBytes(a)]).toEqual([0, 128, 255]);
    const b = Float32Array.from([0.5, 0.5, 0.5]);
    blendWithPhoto(b, photo, 1);
    expect([...b]).toEqual([0.5, 0.5, 0.5]);
  });

  it('is linear in between', () => {
    const a = Float32Array.from([1, 1, 1]);
    blendWithPhoto(a, photo, 0.25);
    expect(a[0]).toBeCloseTo(0.25, 6);
    expect(a[2]).toBeCloseTo(1, 6);
  });
});

describe('toBytes', () => {
  it('rounds and clamps', () => {
    expect([...toBytes(Float32Array.from([-0.2, 0, 0.5, 1, 1.3, 0.999]))]).toEqual([0, 0, 128, 255, 255, 255]);
  });
});
