// The files on-device verify downloads besides the models (site/src/scripts/verify/device.ts), as
// URLs the site build serves them at: onnxruntime-web's Emscripten glue and wasm (the plain build
// for WASM, the JSPI build, which has the WebGPU execution provider) and the image decoders' wasm.
// Vite's `?url` imports copy each file into /_astro/ under a content-hashed name (cached forever,
// _headers) and give its URL: the glue stays a file of its own, so ORT's thread workers start from
// it. Only strings here: the verify page imports this module up front (to say what is cached)
// without loading any of it. Their sizes come from the page (verify.astro reads them at build time).
/// <reference types="vite/client" />
import ortJspiMjs from 'onnxruntime-web/ort-wasm-simd-threaded.jspi.mjs?url';
import ortJspiWasm from 'onnxruntime-web/ort-wasm-simd-threaded.jspi.wasm?url';
import ortMjs from 'onnxruntime-web/ort-wasm-simd-threaded.mjs?url';
import ortWasm from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import mozjpegDecoder from '@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm?url';
import webpDecoder from '@jsquash/webp/codec/dec/webp_dec.wasm?url';

export const DEVICE_FILES = {
  ort: { mjs: ortMjs, wasm: ortWasm },
  ortWebgpu: { mjs: ortJspiMjs, wasm: ortJspiWasm },
  decoders: { mozjpegDecoder, webpDecoder },
} as const;

/** Sizes of the wasm files, in bytes, by the names verify.astro gives them (data-device-sizes). */
export interface DeviceFileSizes {
  ort: number;
  ortWebgpu: number;
  mozjpegDecoder: number;
  webpDecoder: number;
}

/** A model on-device verify runs, as the page was built with it (functions/generated/model-assets.json). */
export interface DeviceModelFile {
  id: string;
  url: string;
  bytes: number;
}

/** What the page knows of on-device mode before loading it (verify.astro's data-device, build time). */
export interface DevicePlan {
  sizes: DeviceFileSizes;
  models: DeviceModelFile[];
}

/** The Cache Storage cache of the models and wasm files. */
export const DEVICE_CACHE = 'likeness-on-device-v1';

/** The files a first on-device check downloads with the WASM engine (the WebGPU build is a little larger). */
export function deviceDownloads(plan: DevicePlan): { url: string; bytes: number }[] {
  return [
    { url: DEVICE_FILES.ort.wasm, bytes: plan.sizes.ort },
    { url: DEVICE_FILES.decoders.mozjpegDecoder, bytes: plan.sizes.mozjpegDecoder },
    { url: DEVICE_FILES.decoders.webpDecoder, bytes: plan.sizes.webpDecoder },
    ...plan.models.map((m) => ({ url: m.url, bytes: m.bytes })),
  ];
}
