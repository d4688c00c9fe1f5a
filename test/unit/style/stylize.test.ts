// The stylize stage (functions/src/pipeline/stylize.ts) in Node: its tiling protocol with a fake
// network, and the real bundled model on onnxruntime-node (tiled = one pass when the tiles get
// whole-image statistics; the graph's external-norm inputs behave as the manifest says).
import { describe, expect, it } from 'vitest';
import type { RgbImage } from '../../../functions/src/image/types';
import {
  StyleOptionError,
  stylize,
  styleCatalogue,
  styleModel,
  styleWeights,
  UnknownStyleError,
  type StyleModel,
} from '../../../functions/src/pipeline/stylize';
import { createNodeRuntime } from '../../../functions/src/runtime/ort-node';
import type { InferenceRuntime, TensorMap } from '../../../functions/src/runtime/types';

const STATS = 6;
const fakeModel: StyleModel = { id: 'fake', normStatsLength: STATS, styles: ['a', 'b', 'c'] };

/** A "network" that returns its input, reports stats [H, W, ...] and records every call. */
function echoRuntime(calls: TensorMap[] = []): InferenceRuntime {
  return {
    backend: 'onnxruntime-node',
    loaded: () => ['fake'],
    async run(_model, inputs) {
      calls.push(inputs);
      const [, , h, w] = inputs.input.dims;
      return {
        output: { type: 'float32', data: inputs.input.data, dims: inputs.input.dims },
        norm_stats_out: { type: 'float32', data: Float32Array.of(h, w, 0, 0, 0, 0), dims: [1, STATS] },
      };
    },
  };
}

function testImage(width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      data[i] = (x * 7 + y * 3) % 256;
      data[i + 1] = (x * x + y) % 256;
      data[i + 2] = (128 + 100 * Math.sin(x / 9) * Math.cos(y / 13)) | 0;
    }
  return { width, height, data };
}

const maxDiff = (a: Uint8Array, b: Uint8Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

describe('styleWeights', () => {
  it('one-hot for an id, normalised for a blend, errors for unknown ids and bad weights', () => {
    expect([...styleWeights('b', fakeModel.styles).vector]).toEqual([0, 1, 0]);
    const blend = styleWeights({ a: 3, c: 1 }, fakeModel.styles);
    expect([...blend.vector]).toEqual([0.75, 0, 0.25]);
    expect(blend.weights).toEqual({ a: 0.75, c: 0.25 });
    expect(() => styleWeights('zzz', fakeModel.styles)).toThrow(UnknownStyleError);
    expect(() => styleWeights({ a: -1 }, fakeModel.styles)).toThrow(StyleOptionError);
    expect(() => styleWeights({ a: 0 }, fakeModel.styles)).toThrow(StyleOptionError);
    expect(() => styleWeights({}, fakeModel.styles)).toThrow(StyleOptionError);
  });
});

describe('stylize (fake network)', () => {
  it('runs one plain pass when the image fits a tile', async () => {
    const calls: TensorMap[] = [];
    const image = testImage(61, 47);
    const result = await stylize(echoRuntime(calls), image, { style: 'a', model: fakeModel });
    expect(calls.length).toBe(1);
    expect(calls[0].input.dims).toEqual([1, 3, 48, 64]); // padded to multiples of 4
    expect(calls[0].norm_mix.data[0]).toBe(0);
    expect(result).toMatchObject({ tiles: 1, passes: 1 });
    expect(maxDiff(result.image.data, image.data)).toBeLessThanOrEqual(1); // identity network
  });

  it('tiles a large image: one statistics pass, then every tile with those statistics', async () => {
    const calls: TensorMap[] = [];
    const image = testImage(300, 200);
    const result = await stylize(echoRuntime(calls), image, {
      style: 'b',
      model: fakeModel,
      tile: 128,
      overlap: 32,
      margin: 8,
      statsSide: 100,
    });
    expect(result.tiles).toBeGreaterThan(1);
    expect(result.passes).toBe(result.tiles + 1);
    expect(calls[0].norm_mix.data[0]).toBe(0);
    expect(calls[0].input.dims).toEqual([1, 3, 68, 100]); // 100x67 downscaled photo, padded
    for (const call of calls.slice(1)) {
      expect(call.norm_mix.data[0]).toBe(1);
      expect([...call.norm_stats.data.slice(0, 2)]).toEqual([68, 100]); // from the statistics pass
      expect(Math.max(...call.input.dims.slice(2))).toBeLessThanOrEqual(132);
    }
    expect(maxDiff(result.image.data, image.data)).toBeLessThanOrEqual(1); // tiles blend back exactly
  });

  it('strength 0 returns the photo without running the network', async () => {
    const calls: TensorMap[] = [];
    const image = testImage(40, 30);
    const result = await stylize(echoRuntime(calls), image, { style: 'a', model: fakeModel, strength: 0 });
    expect(calls.length).toBe(0);
    expect(result.image.data).toEqual(image.data);
  });

  it('downscales to max_side and refuses bad options', async () => {
    const result = await stylize(echoRuntime(), testImage(200, 100), { style: 'a', model: fakeModel, maxSide: 64 });
    expect([result.image.width, result.image.height]).toEqual([64, 32]);
    await expect(stylize(echoRuntime(), testImage(8, 8), { style: 'a', model: fakeModel, strength: 1.5 })).rejects.toMatchObject({
      field: 'strength',
    });
    await expect(stylize(echoRuntime(), testImage(8, 8), { style: 'a', model: fakeModel, maxSide: 5000 })).rejects.toMatchObject({
      field: 'max_side',
    });
    await expect(stylize(echoRuntime(), testImage(8, 8), { style: 'nope', model: fakeModel })).rejects.toBeInstanceOf(UnknownStyleError);
  });
});

describe('stylize (the bundled model, onnxruntime-node)', () => {
  const runtime = createNodeRuntime({ threads: 1 });
  const model = styleModel();

  it('lists the styles of the manifest in model order, public-domain paintings only', () => {
    const styles = styleCatalogue();
    expect(styles.map((s) => s.id)).toEqual(model.styles);
    expect(styles.length).toBe(10);
    for (const s of styles) {
      expect(s.licence).toMatch(/^Public domain/);
      expect(s.file).not.toMatch(/CAUTION/);
    }
  });

  it('tiled equals one pass when the tiles get the whole image statistics (no seams)', async () => {
    const image = testImage(200, 152);
    const whole = await stylize(runtime, image, { style: 'starry_night', tile: 256 });
    const tiled = await stylize(runtime, image, { style: 'starry_night', tile: 128, overlap: 64, margin: 16, statsSide: 200 });
    expect(whole.tiles).toBe(1);
    expect(tiled.tiles).toBeGreaterThanOrEqual(6);
    expect(maxDiff(whole.image.data, tiled.image.data)).toBeLessThanOrEqual(2);
  }, 120_000);

  it('stylizes (the output differs from the photo), keeps chroma with preserve_colors, and blends styles', async () => {
    const image = testImage(96, 64);
    const full = await stylize(runtime, image, { style: 'the_scream' });
    expect(maxDiff(full.image.data, image.data)).toBeGreaterThan(40);
    const kept = await stylize(runtime, image, { style: 'the_scream', preserveColors: true });
    let chromaErr = 0;
    for (let i = 0; i < image.data.length; i += 3) {
      const cb = (d: Uint8Array) => (d[i + 2] - (0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2])) / 1.772;
      // compare only where the result is not clamped
      if (Math.max(...kept.image.data.subarray(i, i + 3)) < 255 && Math.min(...kept.image.data.subarray(i, i + 3)) > 0)
        chromaErr = Math.max(chromaErr, Math.abs(cb(kept.image.data) - cb(image.data)));
    }
    expect(chromaErr).toBeLessThanOrEqual(1.5);
    const blend = await stylize(runtime, image, { style: { the_scream: 1, udnie: 1 } });
    expect(blend.weights).toEqual({ the_scream: 0.5, udnie: 0.5 });
    expect(maxDiff(blend.image.data, full.image.data)).toBeGreaterThan(10);
  }, 120_000);
});
