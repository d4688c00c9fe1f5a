// Tiling and feathered blending (functions/src/pipeline/tiles.ts): coverage, overlap, stride
// alignment and partition of unity.
import { describe, expect, it } from 'vitest';
import { featherProfile, planSpans, planTiles, TileBlender } from '../../../functions/src/pipeline/tiles';

describe('planSpans', () => {
  it('uses one span when the length fits a tile', () => {
    expect(planSpans(384, 384, 64)).toEqual([{ start: 0, size: 384 }]);
    expect(planSpans(5, 384, 64)).toEqual([{ start: 0, size: 5 }]);
  });

  it('covers the length with aligned starts, the promised overlap and tiles no larger than asked', () => {
    for (let length = 385; length <= 2100; length += 7) {
      for (const [tile, overlap] of [
        [384, 64],
        [256, 48],
        [128, 32],
      ]) {
        const spans = planSpans(length, tile, overlap);
        expect(spans[0].start).toBe(0);
        expect(spans.at(-1)!.start + spans.at(-1)!.size).toBe(length);
        for (const [i, s] of spans.entries()) {
          expect(s.start % 4, `start ${s.start}`).toBe(0);
          expect(s.size).toBeLessThanOrEqual(tile + 3);
          if (i < spans.length - 1) expect(s.size % 4).toBe(0);
          if (i > 0) expect(spans[i - 1].start + spans[i - 1].size - s.start).toBeGreaterThanOrEqual(overlap);
        }
      }
    }
  });

  it('uses as few tiles as the size allows, and shrinks them to fit', () => {
    expect(planSpans(1024, 384, 64)).toEqual([
      { start: 0, size: 384 },
      { start: 320, size: 384 },
      { start: 640, size: 384 },
    ]);
    expect(planSpans(512, 384, 64)).toEqual([
      { start: 0, size: 288 },
      { start: 224, size: 288 },
    ]);
  });

  it('rejects impossible geometry', () => {
    expect(() => planSpans(100, 64, 64)).toThrow(RangeError);
    expect(() => planSpans(100, 66, 8)).toThrow(RangeError);
    expect(() => planSpans(0, 64, 8)).toThrow(RangeError);
  });
});

describe('featherProfile', () => {
  it('is 1 without interior edges', () => {
    expect([...featherProfile(10, false, false, 8, 2)]).toEqual(new Array(10).fill(1));
  });

  it('is 0 in the margin, rises monotonically over the ramp, and is 1 past the overlap', () => {
    const p = featherProfile(100, true, true, 32, 8);
    for (let i = 0; i < 8; i++) expect(p[i]).toBe(0);
    for (let i = 8; i < 24; i++) expect(p[i + 1]).toBeGreaterThanOrEqual(p[i]);
    for (let i = 24; i < 76; i++) expect(p[i]).toBe(1);
    for (let i = 0; i < 100; i++) expect(p[i]).toBeCloseTo(p[99 - i], 6);
  });
});

describe('TileBlender', () => {
  const geometry = { tile: 64, overlap: 24, margin: 6 };

  /** A smooth test image, planar per tile as the network would return it. */
  const value = (x: number, y: number, c: number) => Math.sin(x * 0.11 + c) * 0.4 + Math.cos(y * 0.07 - c) * 0.3 + 0.5;

  it('reproduces the image exactly when every tile returns its own pixels (partition of unity)', () => {
    const [W, H] = [150, 97];
    const blender = new TileBlender(W, H, geometry);
    const tiles = planTiles(W, H, geometry.tile, geometry.overlap);
    expect(tiles.length).toBeGreaterThan(4);
    for (const t of tiles) {
      const chw = new Float32Array(3 * t.width * t.height);
      for (let c = 0; c < 3; c++)
        for (let y = 0; y < t.height; y++)
          for (let x = 0; x < t.width; x++) chw[(c * t.height + y) * t.width + x] = value(t.x + x, t.y + y, c);
      blender.addPlanar(t, chw);
    }
    const out = blender.result();
    let worst = 0;
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) for (let c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(out[(y * W + x) * 3 + c] - value(x, y, c)));
    expect(worst).toBeLessThan(1e-5);
  });

  it('blends tiles that disagree smoothly, and keeps each tile alone away from the overlap', () => {
    const [W, H] = [100, 40];
    const blender = new TileBlender(W, H, geometry);
    const tiles = planTiles(W, H, geometry.tile, geometry.overlap);
    expect(tiles.length).toBe(2);
    tiles.forEach((t, i) => blender.addPlanar(t, new Float32Array(3 * t.width * t.height).fill(i)));
    const out = blender.result();
    const row = Array.from({ length: W }, (_, x) => out[(20 * W + x) * 3]);
    expect(row[0]).toBe(0);
    expect(row[W - 1]).toBe(1);
    for (let x = 1; x < W; x++) {
      expect(row[x]).toBeGreaterThanOrEqual(row[x - 1]);
      expect(row[x] - row[x - 1]).toBeLessThan(0.15); // no step: the change is spread over the ramp
    }
  });
});
