// Node only (CLI, evaluation, benchmarks, unit tests): compiles the codec WASM straight from
// node_modules. Never imported by the Worker, which gets the modules from wrangler instead
// (worker-codecs.ts); workerd could not compile them at run time anyway.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { IMAGE_CODEC_WASM_FILES, initImageCodecs, type ImageCodecWasm } from './codecs/registry';

export function compileImageCodecWasm(): ImageCodecWasm {
  const require = createRequire(import.meta.url);
  const compile = (path: string) => new WebAssembly.Module(readFileSync(require.resolve(path)));
  return {
    mozjpegDecoder: compile(IMAGE_CODEC_WASM_FILES.mozjpegDecoder),
    webpDecoder: compile(IMAGE_CODEC_WASM_FILES.webpDecoder),
    mozjpegEncoder: compile(IMAGE_CODEC_WASM_FILES.mozjpegEncoder),
    webpEncoder: compile(IMAGE_CODEC_WASM_FILES.webpEncoder),
  };
}

let initialised = false;

/** Idempotent: compiles and registers the codecs once per process. */
export function initNodeImageCodecs(): void {
  if (initialised) return;
  initImageCodecs(compileImageCodecWasm());
  initialised = true;
}
