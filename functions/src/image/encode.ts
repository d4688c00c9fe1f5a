// RGB pixels -> PNG, JPEG or WebP bytes, for endpoints that answer with an image (stylize) and for
// Node tools (thumbnails, evidence figures). Runs in workerd and Node:
//   PNG   fast-png (pure JS; lossless, the default answer)
//   JPEG  mozjpeg (@jsquash/jpeg encoder, WASM)
//   WebP  libwebp (@jsquash/webp SIMD encoder, WASM)
// The WASM encoders get their compiled modules like the decoders (worker-codecs.ts / node-codecs.ts)
// and share their instance policy: an instance that encoded a large image is dropped afterwards,
// so its heap does not stay pinned next to onnxruntime's.
import { encode as encodePng } from 'fast-png';
import { libwebpEncoder, mozjpegEncoder } from './codecs/registry';
import { CodecError } from './codecs/wasm-decoder';
import type { RgbImage } from './types';

export type OutputFormat = 'png' | 'jpeg' | 'webp';

export const OUTPUT_MEDIA_TYPES: Record<OutputFormat, string> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' };

export interface EncodeOptions {
  /** JPEG/WebP quality 1..100 (default 85); PNG ignores it. */
  quality?: number;
}

export const DEFAULT_QUALITY = 85;

// Every field of the codecs' option structs must be present (embind value objects); these are
// @jsquash's defaults (meta.js), with quality set per call.
const MOZJPEG_OPTIONS = {
  quality: DEFAULT_QUALITY,
  baseline: false,
  arithmetic: false,
  progressive: true,
  optimize_coding: true,
  smoothing: 0,
  color_space: 3, // YCbCr
  quant_table: 3,
  trellis_multipass: false,
  trellis_opt_zero: false,
  trellis_opt_table: false,
  trellis_loops: 1,
  auto_subsample: true,
  chroma_subsample: 2,
  separate_chroma_quality: false,
  chroma_quality: DEFAULT_QUALITY,
};

const WEBP_OPTIONS = {
  quality: DEFAULT_QUALITY,
  target_size: 0,
  target_PSNR: 0,
  method: 4,
  sns_strength: 50,
  filter_strength: 60,
  filter_sharpness: 0,
  filter_type: 1,
  partitions: 0,
  segments: 4,
  pass: 1,
  show_compressed: 0,
  preprocessing: 0,
  autofilter: 0,
  partition_limit: 0,
  alpha_compression: 1,
  alpha_filtering: 1,
  alpha_quality: 100,
  lossless: 0,
  exact: 0,
  image_hint: 0,
  emulate_jpeg_size: 0,
  thread_level: 0,
  low_memory: 0,
  near_lossless: 100,
  use_delta_palette: 0,
  use_sharp_yuv: 0,
};

export async function encodeImage(image: RgbImage, format: OutputFormat, options: EncodeOptions = {}): Promise<Uint8Array> {
  const { width, height, data } = image;
  if (data.length !== width * height * 3)
    throw new RangeError(`encodeImage: expected ${width * height * 3} bytes of RGB, got ${data.length}`);
  const quality = options.quality ?? DEFAULT_QUALITY;
  if (!(quality >= 1 && quality <= 100)) throw new RangeError(`encodeImage: quality must be 1..100, got ${quality}`);
  if (format === 'png') return encodePng({ width, height, data, channels: 3, depth: 8 });

  const rgba = toRgba(image);
  const codec = format === 'jpeg' ? mozjpegEncoder : libwebpEncoder;
  const settings = format === 'jpeg' ? { ...MOZJPEG_OPTIONS, quality, chroma_quality: quality } : { ...WEBP_OPTIONS, quality };
  let encoded: Uint8Array | null;
  try {
    ({ result: encoded } = await codec.run(width * height, (c) => {
      const out = c.encode(rgba, width, height, settings);
      // The result may view the codec's heap: copy it before the instance can be dropped.
      return out ? out.slice() : null;
    }));
  } catch (error) {
    if (error instanceof CodecError) throw new Error(`${format} encoder failed: ${error.message}`);
    throw error;
  }
  if (!encoded) throw new Error(`${format} encoder returned no data for a ${width}x${height} image`);
  return encoded;
}

function toRgba(image: RgbImage): Uint8Array {
  const { width, height, data } = image;
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0, o = 0; i < data.length; i += 3, o += 4) {
    rgba[o] = data[i];
    rgba[o + 1] = data[i + 1];
    rgba[o + 2] = data[i + 2];
    rgba[o + 3] = 255;
  }
  return rgba;
}
