// Which models a Worker build serves (scripts/served-models.mjs): one face encoder, by manifest id,
// with the head fitted for exactly that model; wrong selections are refused with a message that says
// what to do. On the real manifest, and on small manifests in a temporary folder.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ServeError, planServedModels } from '../../../scripts/served-models.mjs';

const repoModels = new URL('../../../models/', import.meta.url).pathname;
const realManifest = JSON.parse(readFileSync(join(repoModels, 'manifest.json'), 'utf8'));

describe('the committed manifest', () => {
  it('serves dlib-face-encoder by default, with its head, and bundles no other encoder', () => {
    const plan = planServedModels(realManifest, { modelsDir: repoModels });
    expect(plan.faceEncoder).toMatchObject({ id: 'dlib-face-encoder', head: 'faces/verification-head.json' });
    expect(plan.bundled).toContain('dlib-face-encoder');
    expect(plan.bundled).toContain('style-cin10');
    expect(plan.bundled).not.toContain('dlib-face-encoder-lfw-ft');
  });

  it('can serve the fine-tuned encoder instead (its head was fitted for it)', () => {
    const plan = planServedModels(realManifest, { modelsDir: repoModels, faceEncoder: 'dlib-face-encoder-lfw-ft' });
    expect(plan.faceEncoder).toMatchObject({ id: 'dlib-face-encoder-lfw-ft', head: 'siamese/verification-head-lfw-ft.json' });
    expect(plan.faceEncoder.source).toBe('LIKENESS_FACE_ENCODER=dlib-face-encoder-lfw-ft');
    expect(plan.bundled).toContain('dlib-face-encoder-lfw-ft');
    expect(plan.bundled).not.toContain('dlib-face-encoder');
    expect(plan.bundled).toContain('blazeface-back');
  });
});

describe('selection rules', () => {
  const dir = mkdtempSync(join(tmpdir(), 'served-models-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'enc'));
  for (const f of ['enc/a.onnx', 'enc/b.onnx', 'det.onnx', 'ref.onnx']) writeFileSync(join(dir, f), 'bytes');
  const head = (model: string, version = '1', sha = `sha-${model}`) => JSON.stringify({ model, model_version: version, model_sha256: sha });
  writeFileSync(join(dir, 'enc/a-head.json'), head('a'));
  writeFileSync(join(dir, 'enc/b-head.json'), head('b', '7'));
  writeFileSync(join(dir, 'enc/stale-head.json'), head('a', '0'));
  writeFileSync(join(dir, 'enc/broken-head.json'), '{ not json');
  const encoder = (id: string, extra: Record<string, unknown> = {}) => ({
    id,
    version: '1',
    file: `enc/${id}.onnx`,
    sha256: `sha-${id}`,
    task: 'face-embedding',
    head: `enc/${id}-head.json`,
    ...extra,
  });
  const manifest = (models: Record<string, unknown>[], serve: Record<string, string> | null = { 'face-embedding': 'a' }) =>
    ({ ...(serve ? { serve } : {}), models }) as Parameters<typeof planServedModels>[0];
  const base = [
    encoder('a'),
    encoder('b', { version: '7', bundle: false }),
    { id: 'det', version: '1', file: 'det.onnx', task: 'face-detection' },
    { id: 'ref', version: '1', file: 'ref.onnx', task: 'face-detection', bundle: false },
  ];
  const refused = (m: ReturnType<typeof manifest>, faceEncoder?: string) => {
    try {
      planServedModels(m, { modelsDir: dir, faceEncoder });
    } catch (error) {
      expect(error).toBeInstanceOf(ServeError);
      return (error as Error).message;
    }
    throw new Error('expected a ServeError');
  };

  it('bundles the served encoder whatever its bundle flag, no other encoder, and other models unless bundle: false', () => {
    expect(planServedModels(manifest(base), { modelsDir: dir }).bundled).toEqual(['a', 'det']);
    expect(planServedModels(manifest(base), { modelsDir: dir, faceEncoder: 'b' })).toMatchObject({
      bundled: ['b', 'det'],
      faceEncoder: { id: 'b', version: '7' },
    });
  });

  it('refuses an unknown id, a model of another task, or no selection at all, listing the encoders', () => {
    expect(refused(manifest(base), 'c')).toMatch(/no model with id "c".*face encoders: a, b/);
    expect(refused(manifest(base), 'det')).toMatch(/"det" is a face-detection, not a face-embedding model/);
    expect(refused(manifest(base, null))).toMatch(/no serve\["face-embedding"\]: set it to one of a, b/);
  });

  it('refuses an encoder without its file or without a usable head', () => {
    expect(refused(manifest([encoder('a', { file: 'enc/missing.onnx' })]))).toMatch(/models\/enc\/missing.onnx is missing/);
    expect(refused(manifest([encoder('a', { head: undefined })]))).toMatch(/names no verification head.*faces:fit-head -- --encoder a/);
    expect(refused(manifest([encoder('a', { head: 'enc/none.json' })]))).toMatch(/head models\/enc\/none.json is missing/);
    expect(refused(manifest([encoder('a', { head: 'enc/broken-head.json' })]))).toMatch(/not valid JSON/);
  });

  it('refuses a head fitted for another model, version or file', () => {
    expect(refused(manifest([encoder('a', { head: 'enc/b-head.json' })]))).toMatch(/fitted for b v7 .* not for a v1/);
    expect(refused(manifest([encoder('a', { head: 'enc/stale-head.json' })]))).toMatch(/fitted for a v0/);
    expect(refused(manifest([encoder('a', { sha256: 'other' })]))).toMatch(/refit it with npm run faces:fit-head -- --encoder a/);
  });
});
