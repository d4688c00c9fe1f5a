// Worker only: the codec WASM as modules compiled by wrangler (CompiledWasm rule for **/*.wasm).
// The files are copied from node_modules into functions/generated/ by scripts/copy-wasm.mjs,
// because vitest-pool-workers cannot import wasm from node_modules.
import mozjpegDecoder from '../../generated/mozjpeg_dec.wasm';
import webpDecoder from '../../generated/webp_dec.wasm';
import mozjpegEncoder from '../../generated/mozjpeg_enc.wasm';
import webpEncoder from '../../generated/webp_enc_simd.wasm';
import { initImageCodecs } from './codecs/registry';

/** Call once at isolate start-up (module scope of the Worker entry is fine; it is cheap). */
export function initWorkerImageCodecs(): void {
  initImageCodecs({ mozjpegDecoder, webpDecoder, mozjpegEncoder, webpEncoder });
}
