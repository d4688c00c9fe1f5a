// The WASM decoders and how they get their compiled modules. The Worker imports the .wasm files
// (wrangler's CompiledWasm rule) and passes them in; Node tools compile them from node_modules
// (node-codecs.ts). Nothing here reads files or compiles bytes, so it runs in both.
import mozjpegFactory from '@jsquash/jpeg/codec/dec/mozjpeg_dec.js';
import webpFactory from '@jsquash/webp/codec/dec/webp_dec.js';
import { WasmDecoder, type CodecImageData, type EmscriptenFactory } from './wasm-decoder';

interface SquooshDecoderModule {
  decode(data: Uint8Array, preserveOrientation?: boolean): CodecImageData | null;
}

export interface ImageCodecWasm {
  /** @jsquash/jpeg/codec/dec/mozjpeg_dec.wasm */
  mozjpegDecoder: WebAssembly.Module;
  /** @jsquash/webp/codec/dec/webp_dec.wasm */
  webpDecoder: WebAssembly.Module;
}

/** The wasm files initImageCodecs needs, by package path (copied by scripts/copy-wasm.mjs). */
export const IMAGE_CODEC_WASM_FILES: Record<keyof ImageCodecWasm, string> = {
  mozjpegDecoder: '@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm',
  webpDecoder: '@jsquash/webp/codec/dec/webp_dec.wasm',
};

export const mozjpeg = new WasmDecoder('mozjpeg', mozjpegFactory as unknown as EmscriptenFactory<SquooshDecoderModule>);
export const libwebp = new WasmDecoder('libwebp', webpFactory as unknown as EmscriptenFactory<SquooshDecoderModule>);

/** Call once per isolate (or process) before decoding; calling again replaces the modules. */
export function initImageCodecs(wasm: ImageCodecWasm): void {
  mozjpeg.setModule(wasm.mozjpegDecoder);
  libwebp.setModule(wasm.webpDecoder);
}

export function imageCodecsReady(): boolean {
  return mozjpeg.ready && libwebp.ready;
}
