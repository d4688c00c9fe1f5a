// Colour helpers for the stylize stage: luminance-only transfer (keep the photo's colours) and the
// strength blend with the photo. Interleaved RGB, floats in 0..1 unless said otherwise.
//
// Luminance transfer (Gatys et al. 2016, "Preserving color in neural artistic style transfer"):
// take Y from the stylized image and Cb/Cr from the photo, in full-range BT.601 YCbCr (the JPEG
// space; linear in RGB, so the luma of the result is exactly the stylized luma before clamping).

const KR = 0.299;
const KG = 0.587;
const KB = 0.114;

/** BT.601 luma of an RGB triple (any scale). */
export const luma = (r: number, g: number, b: number): number => KR * r + KG * g + KB * b;

/** Full-range BT.601 RGB -> YCbCr, Cb/Cr centred on 0 (same scale as the input). */
export function rgbToYcbcr(r: number, g: number, b: number): [number, number, number] {
  const y = luma(r, g, b);
  return [y, (b - y) / (2 * (1 - KB)), (r - y) / (2 * (1 - KR))];
}

/** Inverse of rgbToYcbcr. */
export function ycbcrToRgb(y: number, cb: number, cr: number): [number, number, number] {
  const r = y + 2 * (1 - KR) * cr;
  const b = y + 2 * (1 - KB) * cb;
  const g = (y - KR * r - KB * b) / KG;
  return [r, g, b];
}

/**
 * In place: replaces the chroma of `stylized` (floats 0..1, interleaved RGB) with the chroma of
 * `photo` (bytes 0..255, same size), keeping the stylized luma.
 */
export function keepPhotoColours(stylized: Float32Array, photo: Uint8Array): void {
  if (stylized.length !== photo.length) throw new RangeError(`size mismatch: ${stylized.length} vs ${photo.length}`);
  const k = 1 / 255;
  for (let i = 0; i < stylized.length; i += 3) {
    const y = luma(stylized[i], stylized[i + 1], stylized[i + 2]);
    const pr = photo[i] * k;
    const pg = photo[i + 1] * k;
    const pb = photo[i + 2] * k;
    const py = luma(pr, pg, pb);
    // Adding the luma difference to every channel keeps the photo's Cb and Cr exactly (they depend
    // only on B-Y and R-Y): the closed form of ycbcrToRgb(y, cb(photo), cr(photo)).
    const d = y - py;
    stylized[i] = pr + d;
    stylized[i + 1] = pg + d;
    stylized[i + 2] = pb + d;
  }
}

/**
 * In place: out = photo + strength * (stylized - photo), i.e. strength 0 is the photo, 1 the
 * stylized image. `stylized` floats 0..1, `photo` bytes 0..255.
 */
export function blendWithPhoto(stylized: Float32Array, photo: Uint8Array, strength: number): void {
  if (stylized.length !== photo.length) throw new RangeError(`size mismatch: ${stylized.length} vs ${photo.length}`);
  if (strength >= 1) return;
  const k = 1 / 255;
  for (let i = 0; i < stylized.length; i++) {
    const p = photo[i] * k;
    stylized[i] = p + strength * (stylized[i] - p);
  }
}

/** Floats 0..1 -> bytes 0..255, rounded and clamped. */
export function toBytes(values: Float32Array): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] * 255 + 0.5;
    out[i] = v <= 0 ? 0 : v >= 255 ? 255 : v | 0;
  }
  return out;
}
