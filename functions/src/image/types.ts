// Shared shapes of the image input module. Everything downstream (face pipeline, style transfer,
// Node tools) consumes RgbImage; nothing else leaves this module.

/** 8-bit RGB, interleaved (r,g,b,r,g,b,...), row-major, no padding: data.length === width*height*3. */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** The formats this module decodes. Everything else is refused with 415 before decoding. */
export type ImageFormat = 'jpeg' | 'png' | 'webp';
export const SUPPORTED_FORMATS: readonly ImageFormat[] = ['jpeg', 'png', 'webp'];

/** EXIF orientation tag values (1 = stored upright). */
export type Orientation = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

interface HeaderBase {
  width: number;
  height: number;
  /** The TIFF block of the EXIF metadata (after any "Exif\0\0" prefix), when the file has one. */
  exif?: Uint8Array;
}

export interface JpegHeader extends HeaderBase {
  format: 'jpeg';
  /** 1 = grey, 3 = YCbCr/RGB, 4 = CMYK/YCCK. */
  components: 1 | 3 | 4;
  progressive: boolean;
}

export interface PngHeader extends HeaderBase {
  format: 'png';
  bitDepth: 1 | 2 | 4 | 8 | 16;
  /** PNG colour type: 0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA. */
  colorType: 0 | 2 | 3 | 4 | 6;
  interlaced: boolean;
}

export interface WebpHeader extends HeaderBase {
  format: 'webp';
  lossless: boolean;
  hasAlpha: boolean;
}

/** What the header says, read without decoding any pixel data. */
export type ImageHeader = JpegHeader | PngHeader | WebpHeader;

/** Result of decodeImage: the pixels plus what the source was. */
export interface DecodedImage {
  image: RgbImage;
  format: ImageFormat;
  /** Dimensions as stored in the file (before orientation and downscaling). */
  sourceWidth: number;
  sourceHeight: number;
  /** The EXIF orientation that was applied (1 when none). */
  orientation: Orientation;
}

/** A decoded image that hands out one 8-bit RGB row at a time, so the full-size image never has
 * to exist as RGB: the resizer pulls rows and keeps only its (small) output. */
export interface RgbRowSource {
  width: number;
  height: number;
  /** Writes row y as width*3 bytes of opaque 8-bit RGB into out (alpha already composited). */
  readRow(y: number, out: Uint8Array): void;
}
