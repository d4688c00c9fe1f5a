// GET /v1/models through the real Worker: the model files on-device mode downloads are exactly the
// Worker's bundled models (sha256 of the very bytes it runs = the manifest's = the listing's), each
// with its manifest entry and a content-addressed URL; the served encoder carries its head, as the
// server uses it. No key, cached, with an ETag.
import { describe, expect, it } from 'vitest';
import modelFiles from '../../functions/generated/model-files';
import type { ModelListJson } from '../../functions/src/features/models/schema';
import { servedFaces } from '../../functions/src/pipeline/face/served';
import { bundledModels, findModel } from '../../functions/src/runtime/manifest';
import { sha256Hex } from '../../functions/src/util/sha256';
import { call, json } from './collections-helpers';

const list = async () => {
  const response = await call(undefined, 'GET', '/models');
  return { response, body: await json<ModelListJson>(response, 200) };
};

describe('GET /v1/models', () => {
  it('lists the 4 bundled models, with the sha256 of the bytes the Worker runs, equal to the manifest', async () => {
    const { body } = await list();
    const ids = body.models.map((m) => m.id);
    expect(ids).toHaveLength(4);
    expect(ids.sort()).toEqual(
      bundledModels()
        .map((m) => m.id)
        .sort(),
    );
    expect(ids.sort()).toEqual(['blazeface-back', 'dlib-face-encoder', 'image-stats', 'style-cin10']);
    for (const model of body.models) {
      const entry = findModel(model.id)!;
      const bytes = new Uint8Array(modelFiles[model.id]);
      expect(model.sha256, model.id).toBe(entry.sha256);
      expect(await sha256Hex(bytes), model.id).toBe(model.sha256);
      expect(model.bytes, model.id).toBe(bytes.byteLength);
      expect(model.bytes, model.id).toBe(entry.bytes);
      expect(model).toMatchObject({ version: entry.version, task: entry.task, licence: entry.licence, format: 'onnx' });
      expect(model.inputs).toEqual(entry.inputs);
      expect(model.outputs).toEqual(entry.outputs);
      // Content-addressed: the name carries the sha256, so a cached copy is never stale.
      expect(model.url).toBe(`/models/${model.id}.${model.sha256}.onnx`);
    }
    // One model per task.
    expect(new Set(body.models.map((m) => m.task)).size).toBe(body.models.length);
  });

  it('gives the served face encoder its head, as the server compares with it, and no other model one', async () => {
    const { body } = await list();
    const withHead = body.models.filter((m) => m.head);
    expect(withHead.map((m) => ({ id: m.id, version: m.version }))).toEqual([servedFaces.model]);
    const encoder = withHead[0];
    expect(encoder.task).toBe('face-embedding');
    expect(encoder.alignment).toEqual(findModel(encoder.id)!.alignment);
    expect(encoder.head).toMatchObject({
      metric: 'euclidean',
      threshold: servedFaces.head.threshold,
      flip: servedFaces.embedOptions.flip === true,
      embedding_size: servedFaces.embeddingSize,
    });
    expect(encoder.head!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(encoder.head!.url).toBe(`/models/${encoder.id}.head.${encoder.head!.sha256}.json`);
    expect(body.models.find((m) => m.task === 'style-transfer')!.styles).toContain('starry_night');
  });

  it('agrees with /v1/health on what is served', async () => {
    const { body } = await list();
    const health = await json<{ models: { id: string; version: string; sha256: string; bytes: number }[] }>(
      await call(undefined, 'GET', '/health'),
      200,
    );
    const pick = (m: { id: string; version: string; sha256: string; bytes: number }) => ({
      id: m.id,
      version: m.version,
      sha256: m.sha256,
      bytes: m.bytes,
    });
    expect(body.models.map(pick)).toEqual(health.models.map(pick));
  });

  it('needs no key, is cached, and answers 304 to its own ETag', async () => {
    const { response } = await list();
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    const etag = response.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const again = await call(undefined, 'GET', '/models', undefined, { 'if-none-match': etag! });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.text()).toBe('');
    const stale = await call(undefined, 'GET', '/models', undefined, { 'if-none-match': '"0123"' });
    expect(stale.status).toBe(200);
    await stale.body?.cancel();
  });
});
