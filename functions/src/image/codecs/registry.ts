// The WASM codecs (decoders, and the JPEG/WebP encoders for image responses) and how they get
// their compiled modules. The Worker imports the .wasm files
// (wrangler's CompiledWasm rule) and passes them in; Node tools compile them from node_modules
// (node-codecs.ts). Nothing here reads files or compiles bytes, so it runs in both.
import mozjpegFactory from '@jsquash/jpeg/codec/dec/mozjpeg_dec.js';
import webpFactory from '@jsquash/webp/codec/dec/webp_dec.js';
import mozjpegEncoderFactory from '@jsquash/jpeg/codec/enc/mozjpeg_enc.js';
import webpEncoderFactory from '@jsquash/webp/codec/enc/webp_enc_simd.js';
import { WasmDecoder, type CodecImageData, type EmscriptenFactory } from './wasm-decoder';

interface SquooshDecoderModule {
  decode(data: Uint8Array, preserveOrientation?: boolean): CodecImageData | null;
}

/** The Squoosh encoders take RGBA and return the file (or null on failure). Options are the
 * codec's own struct: every field must be present (see @jsquash/{jpeg,webp}/meta.js). */
interface SquooshEncoderModule {
  encode(data: Uint8Array | Uint8ClampedArray, width: number, height: number, options: Record<string, number | boolean>): Uint8Array | null;
}

export interface ImageCodecWasm {
  /** @jsquash/jpeg/codec/dec/mozjpeg_dec.wasm */
  mozjpegDecoder: WebAssembly.Module;
  /** @jsquash/webp/codec/dec/webp_dec.wasm */
  webpDecoder: WebAssembly.Module;
  /** @jsquash/jpeg/codec/enc/mozjpeg_enc.wasm; only for image responses (a browser that only
   * analyses photos leaves it out, and encoding then says the codec is not initialised). */
  mozjpegEncoder?: WebAssembly.Module;
  /** @jsquash/webp/codec/enc/webp_enc_simd.wasm (workerd and Node 20 both have WASM SIMD); as mozjpegEncoder. */
  webpEncoder?: WebAssembly.Module;
}

/** The wasm files initImageCodecs needs, by package path (copied by scripts/copy-wasm.mjs). */
export const IMAGE_CODEC_WASM_FILES: Record<keyof ImageCodecWasm, string> = {
  mozjpegDecoder: '@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm',
  webpDecoder: '@jsquash/webp/codec/dec/webp_dec.wasm',
  mozjpegEncoder: '@jsquash/jpeg/codec/enc/mozjpeg_enc.wasm',
  webpEncoder: '@jsquash/webp/codec/enc/webp_enc_simd.wasm',
};

export const mozjpeg = new WasmDecoder('mozjpeg', mozjpegFactory as unknown as EmscriptenFactory<SquooshDecoderModule>);
export const libwebp = new WasmDecoder('libwebp', webpFactory as unknown as EmscriptenFactory<SquooshDecoderModule>);
// WasmDecoder runs any Squoosh codec with the same instance policy (dropped after large images).
export const mozjpegEncoder = new WasmDecoder(
  'mozjpeg encoder',
  mozjpegEncoderFactory as unknown as EmscriptenFactory<SquooshEncoderModule>,
);
export const libwebpEncoder = new WasmDecoder('libwebp encoder', webpEncoderFactory as unknown as EmscriptenFactory<SquooshEncoderModule>);

/** Call once per isolate (or process, or page) before decoding; calling again replaces the modules
 * given (encoders left out keep what they had). */
export function initImageCodecs(wasm: ImageCodecWasm): void {
  mozjpeg.setModule(wasm.mozjpegDecoder);
  libwebp.setModule(wasm.webpDecoder);
  if (wasm.mozjpegEncoder) mozjpegEncoder.setModule(wasm.mozjpegEncoder);
  if (wasm.webpEncoder) libwebpEncoder.setModule(wasm.webpEncoder);
}

/** Whether every codec, the encoders included, is registered. */
export function imageCodecsReady(): boolean {
  return mozjpeg.ready && libwebp.ready && mozjpegEncoder.ready && libwebpEncoder.ready;
}
