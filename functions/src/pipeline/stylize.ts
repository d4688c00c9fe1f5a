// Stage: neural style transfer. RgbImage -> stylized RgbImage with the multi-style network
// (conditional instance norm: one model, every style; see models/style/README.md and the manifest
// entry `style-cin10`). Runtime-agnostic: the Worker runs it on onnxruntime-web, Node tools on
// onnxruntime-node, through InferenceRuntime.
//
// Options and why they work the way they do:
//  - style: one id, or a blend {id: weight}. Weights are normalised to sum to 1 and become the
//    network's `style` input: CIN scale/shift are linear in it, so a convex mix blends styles.
//  - strength 0..1 (default 1): a blend of the stylized output with the photo in pixel space
//    (photo + strength * (stylized - photo)). Not a scaled style vector: the network never saw
//    vectors off the simplex (scaling them shrinks every CIN scale/shift towards 0, which gives
//    grey mush, not the photo), and it has no "identity" style to interpolate towards. Pixel
//    blending is exact at 0 (the photo), monotone, and costs nothing.
//  - preserve_colors: keep the photo's chroma and take only the luma from the stylized image
//    (full-range BT.601 YCbCr, colour.ts), applied before the strength blend.
//  - max_side (default 1024): larger images are downscaled first (the route decodes at this size).
//
// Memory: the network's peak activation memory grows with the pass area, and onnxruntime-web's
// WASM heap never shrinks (measured: 34 MB after a 256 px pass, 60 MB at 384 px, ~90 MB at 512).
// TILE and STATS_SIDE are 256: at 384 the heap (60-71 MB) plus the JS heap and the models held
// ~129 MB after one 1024 px stylize, over the isolate's 128 MB (`npm run bench -- memory`).
// Images larger than TILE on either side are therefore processed in overlapping tiles blended with
// feathered weights (tiles.ts). Instance norm would normalise each tile by its own statistics
// (tiles of flat sky come out darker and noisier: visible tone jumps), so a first pass over the
// whole image downscaled to STATS_SIDE measures every layer's statistics (the model's
// norm_stats_out) and each tile is normalised with those (norm_mix = 1). With statistics from a
// full-size pass the tiles reproduce the one-pass image to 1/255. Measurements and figures:
// docs/styles/README.md.
import type { RgbImage } from '../image/types';
import { fitWithin, resizeRgb } from '../image/resize';
import { findModel } from '../runtime/manifest';
import type { InferenceRuntime, TensorValue } from '../runtime/types';
import { blendWithPhoto, keepPhotoColours, toBytes } from './colour';
import { planTiles, TileBlender, type Tile } from './tiles';

export const STYLE_MODEL = 'style-cin10';

/** Default and largest longest side of a stylized image. */
export const DEFAULT_MAX_SIDE = 1024;
export const MAX_MAX_SIDE = 1024;
/** Tile geometry (px). The network needs sides that are multiples of 4 (two stride-2 stages). */
export const TILE = 256;
export const TILE_OVERLAP = 64;
export const TILE_MARGIN = 16;
/** Longest side of the whole-image pass that measures instance-norm statistics for the tiles. */
export const STATS_SIDE = 256;

export interface StyleInfo {
  id: string;
  title: string;
  artist: string;
  year: string;
  licence: string;
  /** The painting the style was trained on, in ../shared/data/style/styles/. */
  file: string;
}

/** One style id, or a blend of styles by weight. */
export type StyleChoice = string | Readonly<Record<string, number>>;

export interface StylizeOptions {
  style: StyleChoice;
  /** 0 = the photo, 1 = fully stylized (default 1). */
  strength?: number;
  /** Keep the photo's colours, transfer only luminance (default false). */
  preserveColors?: boolean;
  /** Longest side of the result; larger inputs are downscaled (default 1024, at most 1024). */
  maxSide?: number;
  /** Tile geometry, for tests and benchmarks; the defaults are what the Worker uses. */
  tile?: number;
  overlap?: number;
  margin?: number;
  statsSide?: number;
  /** Instance-norm statistics of tiles: 'image' (default: one whole-image pass measures them for
   * every tile) or 'tile' (each tile its own; only for comparisons, it shows tone seams). */
  tileStats?: 'image' | 'tile';
  /** Another build of the network (build scripts comparing candidates); default: the manifest's. */
  model?: StyleModel;
}

/** Which model the stage runs, and the length of its norm_stats input. */
export interface StyleModel {
  id: string;
  normStatsLength: number;
  /** Style ids in the order of the model's `style` input. */
  styles: readonly string[];
}

/** The bundled style model, as models/manifest.json describes it. */
export function styleModel(): StyleModel {
  const entry = findModel(STYLE_MODEL);
  const shape = (entry?.inputs as { norm_stats?: { shape?: unknown[] } } | undefined)?.norm_stats?.shape;
  const n = shape?.[1];
  if (!entry || typeof n !== 'number')
    throw new Error(`${STYLE_MODEL}: not in models/manifest.json, or its norm_stats input is not declared (npm run style:build)`);
  return { id: STYLE_MODEL, normStatsLength: n, styles: styleCatalogue().map((s) => s.id) };
}

export interface StylizeResult {
  image: RgbImage;
  /** Tiles the image was cut into (1 when it fits one pass; 0 when strength is 0). */
  tiles: number;
  /** Network passes run: the tiles, plus one whole-image statistics pass when tiled. */
  passes: number;
  /** The normalised style weights used, by id. */
  weights: Record<string, number>;
}

/** Thrown for a style id this model does not have; routes turn it into a 404. */
export class UnknownStyleError extends Error {
  constructor(
    readonly styleId: string,
    readonly known: readonly string[],
  ) {
    super(`Unknown style '${styleId}'; known styles: ${known.join(', ')}.`);
    this.name = 'UnknownStyleError';
  }
}

/** Thrown for a malformed blend or option; routes turn it into a 422 naming `field`. */
export class StyleOptionError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'StyleOptionError';
  }
}

/** The styles the bundled model knows, in its input order (from models/manifest.json). */
export function styleCatalogue(): StyleInfo[] {
  const entry = findModel(STYLE_MODEL);
  const styles = entry?.styles;
  if (!Array.isArray(styles)) return [];
  return styles as StyleInfo[];
}

/** The network's `style` input: normalised non-negative weights in the model's style order. */
export function styleWeights(
  choice: StyleChoice,
  ids: readonly string[] = styleCatalogue().map((s) => s.id),
): { vector: Float32Array; weights: Record<string, number> } {
  const raw: Record<string, number> = typeof choice === 'string' ? { [choice]: 1 } : { ...choice };
  const entries = Object.entries(raw);
  if (entries.length === 0) throw new StyleOptionError('style', 'the blend names no style');
  let total = 0;
  for (const [id, w] of entries) {
    if (!ids.includes(id)) throw new UnknownStyleError(id, ids);
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0)
      throw new StyleOptionError(`style.${id}`, `weight must be a finite number >= 0, got ${String(w)}`);
    total += w;
  }
  if (!(total > 0)) throw new StyleOptionError('style', 'the blend weights must not all be 0');
  const vector = new Float32Array(ids.length);
  const weights: Record<string, number> = {};
  for (const [id, w] of entries) {
    if (w === 0) continue;
    vector[ids.indexOf(id)] = w / total;
    weights[id] = w / total;
  }
  return { vector, weights };
}

export async function stylize(runtime: InferenceRuntime, photo: RgbImage, options: StylizeOptions): Promise<StylizeResult> {
  const strength = options.strength ?? 1;
  if (typeof strength !== 'number' || !(strength >= 0 && strength <= 1))
    throw new StyleOptionError('strength', `must be a number from 0 to 1, got ${strength}`);
  const maxSide = options.maxSide ?? DEFAULT_MAX_SIDE;
  if (!Number.isInteger(maxSide) || maxSide < 1 || maxSide > MAX_MAX_SIDE)
    throw new StyleOptionError('max_side', `must be an integer from 1 to ${MAX_MAX_SIDE}, got ${maxSide}`);
  const model = options.model ?? styleModel();
  const { vector, weights } = styleWeights(options.style, model.styles);

  const size = fitWithin(photo.width, photo.height, maxSide);
  const image = size.width === photo.width && size.height === photo.height ? photo : resizeRgb(photo, size.width, size.height);
  if (strength === 0) return { image: { ...image, data: image.data.slice() }, passes: 0, tiles: 0, weights };

  const tile = options.tile ?? TILE;
  const overlap = options.overlap ?? TILE_OVERLAP;
  const margin = options.margin ?? TILE_MARGIN;
  const tiles = planTiles(image.width, image.height, tile, overlap);
  const blender = new TileBlender(image.width, image.height, { overlap, margin });
  let passes = 0;
  if (tiles.length === 1 || options.tileStats === 'tile') {
    for (const t of tiles) {
      blender.addPlanar(t, (await runPass(runtime, model, image, t, vector)).output);
      passes++;
    }
  } else {
    // Instance-norm statistics of the whole image (downscaled to one pass), shared by every tile.
    const statsSize = fitWithin(image.width, image.height, options.statsSide ?? STATS_SIDE);
    const small = resizeRgb(image, statsSize.width, statsSize.height);
    const { stats } = await runPass(runtime, model, small, { x: 0, y: 0, width: small.width, height: small.height }, vector);
    passes = 1;
    for (const t of tiles) {
      blender.addPlanar(t, (await runPass(runtime, model, image, t, vector, stats)).output);
      passes++;
    }
  }
  const result = blender.result();
  if (options.preserveColors) keepPhotoColours(result, image.data);
  blendWithPhoto(result, image.data, strength);
  return { image: { width: image.width, height: image.height, data: toBytes(result) }, passes, tiles: tiles.length, weights };
}

/** Smallest side the network accepts: reflection padding of 4 px at full and 1 px at 1/4 scale. */
const MIN_SIDE = 8;

const paddedSide = (n: number) => Math.max(MIN_SIDE, Math.ceil(n / 4) * 4);

interface PassResult {
  /** The pass's output cropped to the tile, planar [3, h, w], 0..1. */
  output: Float32Array;
  /** Instance-norm statistics every layer saw in this pass (norm_stats_out). */
  stats: Float32Array;
}

/**
 * Runs the network on one tile of the image. With `stats`, every instance norm uses them instead
 * of the tile's own statistics (norm_mix = 1); without, it is the plain network (norm_mix = 0).
 */
async function runPass(
  runtime: InferenceRuntime,
  model: StyleModel,
  image: RgbImage,
  tile: Tile,
  style: Float32Array,
  stats?: Float32Array,
): Promise<PassResult> {
  const w = paddedSide(tile.width);
  const h = paddedSide(tile.height);
  const statsLength = model.normStatsLength;
  if (stats && stats.length !== statsLength) throw new Error(`${model.id}: expected ${statsLength} norm statistics, got ${stats.length}`);
  const outputs = await runtime.run(model.id, {
    input: tileTensor(image, tile, w, h),
    style: { type: 'float32', data: style, dims: [1, style.length] },
    norm_stats: { type: 'float32', data: stats ?? new Float32Array(statsLength), dims: [1, statsLength] },
    norm_mix: { type: 'float32', data: Float32Array.of(stats ? 1 : 0), dims: [1, 1] },
  });
  const output = outputs.output;
  if (output?.type !== 'float32' || output.dims[2] !== h || output.dims[3] !== w) {
    throw new Error(`${model.id}: unexpected output ${output ? `${output.type} [${output.dims.join(',')}]` : 'missing'}`);
  }
  const statsOut = outputs.norm_stats_out?.data as Float32Array;
  const data = output.data as Float32Array;
  if (w === tile.width && h === tile.height) return { output: data, stats: statsOut };
  const cropped = new Float32Array(3 * tile.width * tile.height);
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < tile.height; y++) {
      const from = c * w * h + y * w;
      cropped.set(data.subarray(from, from + tile.width), (c * tile.height + y) * tile.width);
    }
  }
  return { output: cropped, stats: statsOut };
}

/** A tile as planar float32 [1, 3, h, w] in 0..1; beyond the tile (right/bottom padding up to a
 * multiple of 4) the edge pixels are repeated. */
function tileTensor(image: RgbImage, tile: Tile, w: number, h: number): TensorValue {
  const plane = w * h;
  const data = new Float32Array(3 * plane);
  const k = 1 / 255;
  for (let y = 0; y < h; y++) {
    const sy = tile.y + Math.min(y, tile.height - 1);
    for (let x = 0; x < w; x++) {
      const sx = tile.x + Math.min(x, tile.width - 1);
      const s = (sy * image.width + sx) * 3;
      const o = y * w + x;
      data[o] = image.data[s] * k;
      data[plane + o] = image.data[s + 1] * k;
      data[2 * plane + o] = image.data[s + 2] * k;
    }
  }
  return { type: 'float32', data, dims: [1, 3, h, w] };
}
