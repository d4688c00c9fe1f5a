// Overlapping tiles with feathered blending, for running a fully convolutional image network on an
// image larger than one network pass should be (memory grows with the pass, and a WASM heap never
// shrinks). Runtime-agnostic and model-agnostic: used by the stylize stage.
//
// Layout: along each axis, equal tiles of at most `tile` px are spread evenly so that neighbours
// overlap by at least `overlap` px; the last tile ends exactly at the image edge.
// Blending: each tile contributes with a separable weight that is 0 for `margin` px next to each of
// its interior edges (where the network sees the tile's artificial border: reflection padding, and
// instance-norm statistics of the tile), then rises along a raised-cosine ramp over the rest of the
// overlap, and is 1 elsewhere. Edges on the image border keep weight 1. The output is the
// weighted sum divided by the sum of weights, a partition of unity, so a pixel covered by one tile
// is that tile's pixel exactly.

export interface TileSpan {
  /** First pixel of the tile along this axis. */
  start: number;
  /** Length of the tile along this axis. */
  size: number;
}

export interface Tile {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface TileOptions {
  /** Largest tile side in px. */
  tile: number;
  /** Minimum overlap between neighbouring tiles in px (< tile). */
  overlap: number;
  /** Pixels next to an interior tile edge that get weight 0 (must leave a ramp: 2*margin < overlap). */
  margin: number;
}

/**
 * Spans covering [0, length): as few tiles as `tile` px allow with neighbours overlapping by at
 * least `overlap` px, as small as that count permits (a 512 px side becomes two 288 px tiles, not
 * two 384 px ones). Tiles start on multiples of `multiple`, the network's total stride, so each
 * tile samples its stride-2 layers in the same phase as a whole-image pass would, and its interior
 * reproduces that pass exactly. Sizes are multiples of `multiple` too, except the last tile, which
 * ends at the image edge and may be up to multiple - 1 px longer than the others.
 */
export function planSpans(length: number, tile: number, overlap: number, multiple = 4): TileSpan[] {
  if (!(length > 0) || !Number.isInteger(length)) throw new RangeError(`length must be a positive integer, got ${length}`);
  if (!(tile > 0) || tile % multiple !== 0 || !(overlap >= 0) || overlap + multiple >= tile) {
    throw new RangeError(`need a tile (${tile}) that is a multiple of ${multiple} and 0 <= overlap (${overlap}) < tile - ${multiple}`);
  }
  if (length <= tile) return [{ start: 0, size: length }];
  // Fewest tiles first, smallest size first; aligning starts down to the grid can eat into the
  // overlap, so each candidate is checked and the next size (then count) tried if it falls short.
  for (let count = Math.ceil((length - overlap) / (tile - overlap)); ; count++) {
    const smallest = Math.ceil((length + (count - 1) * overlap) / count / multiple) * multiple;
    for (let size = smallest; size <= tile; size += multiple) {
      const spans = Array.from({ length: count }, (_, i) => {
        // Integer numerator and denominator: the last start is exact, never one grid step short.
        const start = Math.floor((i * (length - size)) / ((count - 1) * multiple)) * multiple;
        return { start, size: i === count - 1 ? length - start : size };
      });
      if (spans.every((s, i) => i === 0 || spans[i - 1].start + spans[i - 1].size - s.start >= overlap)) return spans;
    }
  }
}

/** Every tile of a width x height image, row by row. */
export function planTiles(width: number, height: number, tile: number, overlap: number, multiple = 4): Tile[] {
  const xs = planSpans(width, tile, overlap, multiple);
  const ys = planSpans(height, tile, overlap, multiple);
  return ys.flatMap((y) => xs.map((x) => ({ x: x.start, y: y.start, width: x.size, height: y.size })));
}

/**
 * Weight profile of one tile along one axis (length `size`), for a tile whose leading and/or
 * trailing edge is interior (next to another tile). Raised cosine from 0 at `margin` to 1 at
 * `overlap - margin`, measured from each interior edge.
 */
export function featherProfile(
  size: number,
  leadingInterior: boolean,
  trailingInterior: boolean,
  overlap: number,
  margin: number,
): Float32Array {
  if (2 * margin >= overlap) throw new RangeError(`margin (${margin}) must be under half the overlap (${overlap})`);
  const ramp = overlap - 2 * margin;
  const rise = (d: number) => {
    // d: distance of the pixel centre from the edge, in px
    const t = (d - margin) / ramp;
    if (t <= 0) return 0;
    if (t >= 1) return 1;
    return 0.5 - 0.5 * Math.cos(Math.PI * t);
  };
  const profile = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    let w = 1;
    if (leadingInterior) w = Math.min(w, rise(i + 0.5));
    if (trailingInterior) w = Math.min(w, rise(size - i - 0.5));
    profile[i] = w;
  }
  return profile;
}

/**
 * Accumulates tile outputs (interleaved 3-channel float, 0..1 or any scale) into one image with
 * feathered weights. Memory: 4 floats per output pixel.
 */
export class TileBlender {
  private readonly sum: Float32Array;
  private readonly weight: Float32Array;

  constructor(
    readonly width: number,
    readonly height: number,
    private readonly options: Pick<TileOptions, 'overlap' | 'margin'>,
  ) {
    this.sum = new Float32Array(width * height * 3);
    this.weight = new Float32Array(width * height);
  }

  /** Adds a tile's output, planar CHW float [3, tile.height, tile.width]. */
  addPlanar(tile: Tile, chw: Float32Array): void {
    const { width: W } = this;
    const { overlap, margin } = this.options;
    const wx = featherProfile(tile.width, tile.x > 0, tile.x + tile.width < this.width, overlap, margin);
    const wy = featherProfile(tile.height, tile.y > 0, tile.y + tile.height < this.height, overlap, margin);
    const plane = tile.width * tile.height;
    for (let y = 0; y < tile.height; y++) {
      const fy = wy[y];
      if (fy === 0) continue;
      const row = (tile.y + y) * W + tile.x;
      for (let x = 0; x < tile.width; x++) {
        const w = fy * wx[x];
        if (w === 0) continue;
        const o = row + x;
        const i = y * tile.width + x;
        this.weight[o] += w;
        this.sum[o * 3] += w * chw[i];
        this.sum[o * 3 + 1] += w * chw[plane + i];
        this.sum[o * 3 + 2] += w * chw[2 * plane + i];
      }
    }
  }

  /** The blended image as interleaved RGB floats (same scale as the tiles). */
  result(): Float32Array {
    const out = this.sum;
    for (let p = 0; p < this.weight.length; p++) {
      const w = this.weight[p];
      if (w <= 0) throw new Error(`pixel ${p % this.width},${Math.floor(p / this.width)} is covered by no tile`);
      if (w !== 1) {
        const k = 1 / w;
        out[p * 3] *= k;
        out[p * 3 + 1] *= k;
        out[p * 3 + 2] *= k;
      }
    }
    return out;
  }
}
