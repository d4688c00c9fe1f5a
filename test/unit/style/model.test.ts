// The committed style model and its manifest entry (written by npm run style:build) agree with
// each other, with the graph, and with the committed thumbnails.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../../models/lib/manifest';
import { findModel } from '../../../functions/src/runtime/manifest';
import { modelInputs } from '../../support/model-inputs';

const entry = findModel('style-cin10')!;
const file = fileURLToPath(new URL(`../../../models/${entry.file}`, import.meta.url));
const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('style-cin10', () => {
  it('is bundled, with the sha256 and size of the committed file, and a trained-step version', () => {
    const bytes = readFileSync(file);
    expect(entry.bundle).toBe(true);
    expect(sha256(bytes)).toBe(entry.sha256);
    expect(bytes.byteLength).toBe(entry.bytes);
    const source = entry.source as { kind: string; run: string; step: number };
    expect(source.kind).toBe('trained');
    expect(entry.version).toBe(`${source.run}-step${source.step}`);
  });

  it('declares the inputs and outputs the graph has', async () => {
    const session = await ort.InferenceSession.create(file);
    expect([...session.inputNames].sort()).toEqual(Object.keys(entry.inputs as object).sort());
    expect([...session.outputNames].sort()).toEqual(Object.keys(entry.outputs as object).sort());
    await session.release();
  });

  it('norm_mix 1 with the statistics the pass itself measured gives the plain pass', async () => {
    const session = await ort.InferenceSession.create(file, { intraOpNumThreads: 1 });
    const inputs = modelInputs(entry, 3);
    const feed = (overrides: Record<string, Float32Array>) =>
      Object.fromEntries(
        Object.entries(inputs).map(([k, v]) => [k, new ort.Tensor('float32', overrides[k] ?? (v.data as Float32Array), v.dims)]),
      );
    const plain = await session.run(feed({ norm_mix: Float32Array.of(0) }));
    const again = await session.run(feed({ norm_mix: Float32Array.of(1), norm_stats: plain.norm_stats_out.data as Float32Array }));
    const a = plain.output.data as Float32Array;
    const b = again.output.data as Float32Array;
    expect(a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0)).toBeLessThan(1e-5);
    await session.release();
  });

  it('has a committed thumbnail for every style, and no CAUTION_ painting', () => {
    for (const s of entry.styles as { id: string; file: string; thumbnail: string }[]) {
      expect(s.file).not.toMatch(/^CAUTION_/);
      expect(s.thumbnail).toBe(`/styles/${s.id}.jpg`);
      expect(existsSync(`${root}site/public${s.thumbnail}`), s.thumbnail).toBe(true);
    }
  });
});
