// The Worker imports the codec wasm from functions/generated/, filled by scripts/copy-wasm.mjs.
// Check the script copies exactly what the registry needs, and that the copies compile.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IMAGE_CODEC_WASM_FILES } from '../../../functions/src/image/codecs/registry';
// @ts-expect-error plain .mjs script without types
import { IMAGE_WASM_FILES, copyWasm } from '../../../scripts/copy-wasm.mjs';

describe('scripts/copy-wasm.mjs', () => {
  it('lists the same files as the codec registry', () => {
    expect([...IMAGE_WASM_FILES].sort()).toEqual(Object.values(IMAGE_CODEC_WASM_FILES).sort());
  });

  it('copies files that compile as WebAssembly modules', () => {
    const dir = mkdtempSync(join(tmpdir(), 'copy-wasm-'));
    try {
      const copied: string[] = copyWasm(dir);
      expect(copied.map((f) => basename(f)).sort()).toEqual([
        'mozjpeg_dec.wasm',
        'mozjpeg_enc.wasm',
        'webp_dec.wasm',
        'webp_enc_simd.wasm',
      ]);
      for (const file of copied) expect(new WebAssembly.Module(readFileSync(file))).toBeInstanceOf(WebAssembly.Module);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
