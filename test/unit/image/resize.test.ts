import { describe, expect, it } from 'vitest';
import { downscaleRows, fitWithin, resizeRgb, rgbRows } from '../../../functions/src/image/resize';
import type { RgbImage } from '../../../functions/src/image/types';

function grey(width: number, height: number, value: (x: number, y: number) => number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.fill(value(x, y), (y * width + x) * 3, (y * width + x) * 3 + 3);
  return { width, height, data };
}

describe('fitWithin', () => {
  it('scales the longest side to maxSide and never enlarges', () => {
    expect(fitWithin(4000, 3000, 1024)).toEqual({ width: 1024, height: 768 });
    expect(fitWithin(3000, 4000, 1024)).toEqual({ width: 768, height: 1024 });
    expect(fitWithin(640, 480, 1024)).toEqual({ width: 640, height: 480 });
    expect(fitWithin(10000, 1, 100)).toEqual({ width: 100, height: 1 });
  });
});

describe('downscaleRows', () => {
  it('averages each box exactly', () => {
    const image = grey(4, 2, (x, y) => [10, 20, 30, 40, 50, 60, 70, 80][y * 4 + x]);
    const out = downscaleRows(rgbRows(image), 2, 1);
    expect(Array.from(out.data)).toEqual([35, 35, 35, 55, 55, 55]); // (10+20+50+60)/4, (30+40+70+80)/4
  });

  it('keeps a flat image flat at a non-integer ratio', () => {
    const out = downscaleRows(rgbRows(grey(1000, 700, () => 77)), 333, 233);
    expect([out.width, out.height]).toEqual([333, 233]);
    expect(out.data.every((v) => v === 77)).toBe(true);
  });

  it('copies rows when the size is unchanged', () => {
    const image = grey(5, 3, (x, y) => x * 10 + y);
    expect(downscaleRows(rgbRows(image), 5, 3).data).toEqual(image.data);
  });

  it('refuses to enlarge', () => {
    expect(() => downscaleRows(rgbRows(grey(2, 2, () => 0)), 3, 2)).toThrow(RangeError);
  });
});

describe('resizeRgb', () => {
  it('enlarges bilinearly, keeping a gradient monotonic and its ends', () => {
    const out = resizeRgb(
      grey(2, 1, (x) => x * 200),
      8,
      1,
    );
    const values = Array.from({ length: 8 }, (_, x) => out.data[x * 3]);
    expect(values[0]).toBe(0);
    expect(values[7]).toBe(200);
    for (let i = 1; i < 8; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]);
  });

  it('returns a copy when the size is unchanged', () => {
    const image = grey(2, 2, () => 9);
    const out = resizeRgb(image, 2, 2);
    expect(out.data).toEqual(image.data);
    expect(out.data).not.toBe(image.data);
  });
});
