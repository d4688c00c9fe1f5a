// EXIF orientation: phones store pixels as the sensor saw them and record how to turn them for
// display. Reading it is a few bytes of TIFF (no EXIF library needed); applying it is a pixel
// transform, done after downscaling so it costs a copy of the small image, not the full one.
import { u16be, u16le, u32be, u32le } from './bytes';
import type { Orientation, RgbImage } from './types';

const ORIENTATION_TAG = 0x0112;

/** Orientation from a TIFF block (EXIF without its "Exif\0\0" prefix); 1 when absent or unreadable.
 * Malformed EXIF never fails the upload: the pixels are still fine. */
export function readExifOrientation(tiff: Uint8Array | undefined): Orientation {
  if (!tiff || tiff.length < 8) return 1;
  const little = tiff[0] === 0x49 && tiff[1] === 0x49;
  const big = tiff[0] === 0x4d && tiff[1] === 0x4d;
  if (!little && !big) return 1;
  const u16 = little ? u16le : u16be;
  const u32 = little ? u32le : u32be;
  if (u16(tiff, 2) !== 42) return 1;
  const ifd0 = u32(tiff, 4);
  const entries = u16(tiff, ifd0);
  if (ifd0 < 8 || entries < 0) return 1;
  for (let i = 0; i < entries; i++) {
    const entry = ifd0 + 2 + i * 12;
    if (entry + 12 > tiff.length) return 1;
    if (u16(tiff, entry) === ORIENTATION_TAG) {
      const value = u16(tiff, entry + 8); // SHORT, stored left-justified in the value field
      return value >= 1 && value <= 8 ? (value as Orientation) : 1;
    }
  }
  return 1;
}

/** Whether the orientation swaps width and height (the 90-degree ones). */
export function swapsAxes(orientation: Orientation): boolean {
  return orientation >= 5;
}

/**
 * Returns the image as it should be displayed. For each output pixel (x, y) the source pixel is
 * (sx, sy) per the EXIF definition of where row 0 / column 0 of the stored image go.
 */
export function applyOrientation(image: RgbImage, orientation: Orientation): RgbImage {
  if (orientation === 1) return image;
  const { width: w, height: h, data: src } = image;
  const outW = swapsAxes(orientation) ? h : w;
  const outH = swapsAxes(orientation) ? w : h;
  const out = new Uint8Array(outW * outH * 3);
  // Source index of output (x, y) = base + x*dx + y*dy, in pixels; a linear map for every orientation.
  const [base, dx, dy] = sourceStepping(orientation, w, h);
  let o = 0;
  for (let y = 0; y < outH; y++) {
    let s = base + y * dy;
    for (let x = 0; x < outW; x++, s += dx) {
      const i = s * 3;
      out[o++] = src[i];
      out[o++] = src[i + 1];
      out[o++] = src[i + 2];
    }
  }
  return { width: outW, height: outH, data: out };
}

/** [source index of output (0,0), step per output x, step per output y], in pixels. */
function sourceStepping(orientation: Orientation, w: number, h: number): [number, number, number] {
  switch (orientation) {
    case 1:
      return [0, 1, w];
    case 2:
      return [w - 1, -1, w]; // mirror horizontally
    case 3:
      return [w * h - 1, -1, -w]; // rotate 180
    case 4:
      return [(h - 1) * w, 1, -w]; // mirror vertically
    case 5:
      return [0, w, 1]; // transpose: out(x,y) = in(y,x)
    case 6:
      return [(h - 1) * w, -w, 1]; // rotate 90 clockwise: out(x,y) = in(y, h-1-x)
    case 7:
      return [w * h - 1, -w, -1]; // transverse: out(x,y) = in(w-1-y, h-1-x)
    case 8:
      return [w - 1, w, -1]; // rotate 90 anticlockwise: out(x,y) = in(w-1-y, x)
  }
}
