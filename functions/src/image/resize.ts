// Downscaling. Every consumer wants a bounded size (detector input, style-net input, thumbnails),
// so decodeImage shrinks while it converts: rows are pulled from the codec output one at a time
// and averaged into the small output, and no full-size RGB copy is ever made.
import type { RgbImage, RgbRowSource } from './types';

/** Size that fits in maxSide x maxSide keeping the aspect ratio; never enlarges. */
export function fitWithin(width: number, height: number, maxSide: number): { width: number; height: number } {
  const longest = Math.max(width, height);
  if (!(maxSide > 0) || longest <= maxSide) return { width, height };
  const scale = maxSide / longest;
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/**
 * Area-average downscale (box filter): each source pixel is added to the output pixel it falls
 * in, and each output pixel is the mean of its box. Box filtering, unlike bilinear sampling at
 * large ratios, does not alias fine detail (hair, fabric) into moire the networks would see.
 * Memory: the output, one source row and one row of accumulators.
 */
export function downscaleRows(source: RgbRowSource, outWidth: number, outHeight: number): RgbImage {
  const { width, height } = source;
  if (outWidth > width || outHeight > height)
    throw new RangeError(`downscaleRows cannot enlarge ${width}x${height} to ${outWidth}x${outHeight}`);
  const out = new Uint8Array(outWidth * outHeight * 3);
  if (outWidth === width && outHeight === height) {
    for (let y = 0; y < height; y++) source.readRow(y, out.subarray(y * width * 3, (y + 1) * width * 3));
    return { width, height, data: out };
  }
  // Source columns [firstColumn[t], firstColumn[t+1]) fall in output column t.
  const firstColumn = new Int32Array(outWidth + 1);
  for (let t = 0; t <= outWidth; t++) firstColumn[t] = Math.ceil((t * width) / outWidth);
  const pixelsPerBin = new Float64Array(outWidth);
  for (let t = 0; t < outWidth; t++) pixelsPerBin[t] = firstColumn[t + 1] - firstColumn[t];
  const row = new Uint8Array(width * 3);
  // Integer sums are faster; a box is at most ceil(w/outW)*ceil(h/outH) pixels, so fall back to
  // doubles only for extreme reductions that could overflow 32 bits.
  const boxPixels = Math.ceil(width / outWidth) * Math.ceil(height / outHeight);
  const sums = boxPixels * 255 < 2 ** 32 ? new Uint32Array(outWidth * 3) : new Float64Array(outWidth * 3);
  let rowsInBin = 0;
  let outY = 0;
  const flush = () => {
    const base = outY * outWidth * 3;
    for (let tx = 0; tx < outWidth; tx++) {
      const n = pixelsPerBin[tx] * rowsInBin;
      for (let c = 0; c < 3; c++) {
        out[base + tx * 3 + c] = Math.round(sums[tx * 3 + c] / n);
        sums[tx * 3 + c] = 0;
      }
    }
    rowsInBin = 0;
  };
  for (let y = 0; y < height; y++) {
    const binY = Math.floor((y * outHeight) / height);
    if (binY !== outY) {
      flush();
      outY = binY;
    }
    source.readRow(y, row);
    // Sum each output column's run of source pixels in locals, then add once per run.
    for (let t = 0, s = 0; t < outWidth; t++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (const end = firstColumn[t + 1] * 3; s < end; s += 3) {
        r += row[s];
        g += row[s + 1];
        b += row[s + 2];
      }
      sums[t * 3] += r;
      sums[t * 3 + 1] += g;
      sums[t * 3 + 2] += b;
    }
    rowsInBin++;
  }
  flush();
  return { width: outWidth, height: outHeight, data: out };
}

/** An RgbImage as a row source (for resizing images that are already decoded). */
export function rgbRows(image: RgbImage): RgbRowSource {
  const stride = image.width * 3;
  return {
    width: image.width,
    height: image.height,
    readRow: (y, out) => out.set(image.data.subarray(y * stride, (y + 1) * stride)),
  };
}

/** Resizes to exactly width x height: area average when neither axis grows, bilinear (pixel
 * centres aligned) otherwise. */
export function resizeRgb(image: RgbImage, width: number, height: number): RgbImage {
  if (width === image.width && height === image.height) return { ...image, data: image.data.slice() };
  if (width <= image.width && height <= image.height) return downscaleRows(rgbRows(image), width, height);
  return resizeBilinear(image, width, height);
}

function resizeBilinear(image: RgbImage, width: number, height: number): RgbImage {
  const { width: W, height: H, data } = image;
  const out = new Uint8Array(width * height * 3);
  const sx = W / width;
  const sy = H / height;
  let o = 0;
  for (let y = 0; y < height; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), H - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, H - 1);
    const wy = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), W - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, W - 1);
      const wx = fx - x0;
      for (let c = 0; c < 3; c++) {
        const top = data[(y0 * W + x0) * 3 + c] * (1 - wx) + data[(y0 * W + x1) * 3 + c] * wx;
        const bottom = data[(y1 * W + x0) * 3 + c] * (1 - wx) + data[(y1 * W + x1) * 3 + c] * wx;
        out[o++] = Math.round(top * (1 - wy) + bottom * wy);
      }
    }
  }
  return { width, height, data: out };
}
