// The limits that protect the Worker from what a request can make it allocate. All are checked
// before any decoding: body size on the raw request, pixel count and decode memory on the header.
// They hold because the decoders then never allocate by what the data asks for beyond what the
// header said: PNG data is inflated only up to the size its header implies (codecs/png.ts), JPEG
// scans and segments are capped (jpeg-header.ts), and a WebP canvas must match its bitstream.
import { imageError, type InputContext } from './errors';
import { CHANNELS } from './codecs/png-data';
import type { ImageHeader } from './types';

export interface ImageLimits {
  /** Largest request body (and largest image file) accepted, in bytes: 413 payload-too-large. */
  maxBodyBytes: number;
  /** Largest width*height accepted, as declared by the header: 413 image-too-large. */
  maxPixels: number;
  /**
   * Largest estimated working memory of one decode, in bytes (see estimateDecodeBytes): 413
   * image-too-large. The pixel count alone does not bound memory: a progressive or CMYK JPEG
   * needs 1.5-3x what a baseline one of the same size needs. Infinity for Node tools; the Worker
   * should set it from what is left of its 128 MB isolate next to ORT and the models.
   */
  maxDecodeBytes: number;
}

export const DEFAULT_IMAGE_LIMITS: ImageLimits = {
  maxBodyBytes: 10 * 1024 * 1024,
  maxPixels: 40_000_000,
  maxDecodeBytes: Number.POSITIVE_INFINITY,
};

export function resolveLimits(limits: Partial<ImageLimits> = {}): ImageLimits {
  return { ...DEFAULT_IMAGE_LIMITS, ...definedOnly(limits) };
}

function definedOnly(limits: Partial<ImageLimits>): Partial<ImageLimits> {
  return Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined));
}

export function assertBodySize(byteLength: number, limits: ImageLimits, context: InputContext = {}): void {
  if (byteLength > limits.maxBodyBytes) {
    throw imageError(
      'payload-too-large',
      `${describeBytes(byteLength)} is over the ${describeBytes(limits.maxBodyBytes)} limit.`,
      context,
      { limit: limits.maxBodyBytes, size: byteLength },
    );
  }
}

export function assertPixelCount(header: ImageHeader, limits: ImageLimits, context: InputContext = {}): void {
  const pixels = header.width * header.height;
  if (pixels > limits.maxPixels) {
    throw imageError(
      'image-too-large',
      `the image declares ${header.width}x${header.height} (${describePixels(pixels)}), over the ${describePixels(limits.maxPixels)} limit.`,
      context,
      { declared: { width: header.width, height: header.height }, pixels, limit: limits.maxPixels },
    );
  }
}

/**
 * Peak memory one decode needs, in bytes: the codec's working memory at the file's full size,
 * plus the RGB result (and its orientation copy) at the output size. The per-pixel figures are
 * peak-RSS increases measured for one 12 MP decode (docs/image-input.md), rounded up.
 */
export function estimateDecodeBytes(header: ImageHeader, outputPixels = header.width * header.height): number {
  return Math.ceil(header.width * header.height * codecBytesPerPixel(header) + outputPixels * 6);
}

function codecBytesPerPixel(header: ImageHeader): number {
  switch (header.format) {
    case 'jpeg':
      // mozjpeg: RGBA in its WASM heap + the RGBA copy handed to JS (measured 9.7 B/px);
      // progressive also keeps every DCT coefficient (12.8 B/px). CMYK goes through jpeg-js,
      // which holds coefficients, component planes and intermediate copies (53 B/px).
      if (header.components === 4) return 53;
      return header.progressive ? 13 : 10;
    case 'webp':
      return 9; // libwebp: RGBA in its heap + the RGBA copy (8.8 B/px)
    case 'png': {
      // Our reader (codecs/png.ts): the inflated data, unfiltered in place, at the file's own depth
      // and channel count; interlaced images need a second, de-interlaced copy. Plus the
      // inflater's chunks not yet collected (measured RGBA8 4.6-7.3, RGB8 4.6-5.3, grey8 1.9,
      // interlaced RGBA8 10.2-10.8 B/px, output excluded).
      const raw = (CHANNELS[header.colorType] * header.bitDepth) / 8;
      return raw * (header.interlaced ? 2 : 1) + 3.5;
    }
  }
}

export function assertDecodeMemory(header: ImageHeader, limits: ImageLimits, outputPixels: number, context: InputContext = {}): void {
  if (!Number.isFinite(limits.maxDecodeBytes)) return;
  const estimate = estimateDecodeBytes(header, outputPixels);
  if (estimate > limits.maxDecodeBytes) {
    throw imageError(
      'image-too-large',
      `decoding this ${header.width}x${header.height} ${header.format.toUpperCase()} needs about ${describeBytes(estimate)}, over the ${describeBytes(limits.maxDecodeBytes)} budget; send a smaller image.`,
      context,
      { declared: { width: header.width, height: header.height }, estimatedDecodeBytes: estimate, limit: limits.maxDecodeBytes },
    );
  }
}

function describeBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(1)} MiB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${n} bytes`;
}

function describePixels(n: number): string {
  return `${(n / 1e6).toFixed(1)} MP`;
}
