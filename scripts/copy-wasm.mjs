// Copies the image codecs' WASM from node_modules into functions/generated/ (git-ignored), where
// the Worker imports them as modules (wrangler's CompiledWasm rule). vitest-pool-workers cannot
// import wasm from node_modules, and workerd cannot compile wasm bytes at run time, hence the copy.
// Run: npm run worker:copy-wasm   (keep the list in step with IMAGE_CODEC_WASM_FILES in
// functions/src/image/codecs/registry.ts; a unit test checks that it is).
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const IMAGE_WASM_FILES = [
  '@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm',
  '@jsquash/webp/codec/dec/webp_dec.wasm',
  '@jsquash/jpeg/codec/enc/mozjpeg_enc.wasm',
  '@jsquash/webp/codec/enc/webp_enc_simd.wasm',
];

export function copyWasm(outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'functions', 'generated')) {
  const require = createRequire(import.meta.url);
  mkdirSync(outDir, { recursive: true });
  for (const file of IMAGE_WASM_FILES) copyFileSync(require.resolve(file), join(outDir, basename(file)));
  return IMAGE_WASM_FILES.map((f) => join(outDir, basename(f)));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const copied = copyWasm();
  console.log(`copy-wasm: ${copied.map((f) => basename(f)).join(', ')} -> functions/generated/`);
}
