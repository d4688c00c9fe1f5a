// A Worker built to serve another face encoder by manifest id (LIKENESS_FACE_ENCODER=<id>, see
// scripts/served-models.mjs), tested inside workerd like the default build. `npm test` runs this
// project after the main one with the fine-tuned dlib-face-encoder-lfw-ft (models/siamese), then
// restores the default build. The answers must come from that encoder and its own head: its id and
// version, its threshold, only it in the bundle, enrolments recorded under it.
import { describe, expect, inject, it } from 'vitest';
import manifest from '../../models/manifest.json';
import { faceFixture } from '../worker/fixtures';
import { call, json, newTenantKey, photo, photoForm } from '../worker/collections-helpers';

const expected = inject('servedFaceEncoder');
const entry = manifest.models.find((m) => m.id === expected.id)!;

describe(`a Worker serving ${expected.id}`, () => {
  it('is not the default encoder, and only it is bundled', async () => {
    expect(expected.id).not.toBe(manifest.serve['face-embedding']);
    const health = await json<{ models: { id: string; task?: string }[] }>(await call(undefined, 'GET', '/health'), 200);
    expect(health.models.filter((m) => m.task === 'face-embedding').map((m) => m.id)).toEqual([expected.id]);
  });

  it('verifies with that encoder and its own verification head', async () => {
    const same = await json<{ match: boolean; distance: number; threshold: number; model: { id: string; version: string } }>(
      await call(undefined, 'POST', '/verify', photoForm({ a: faceFixture('same-person-1.jpg'), b: faceFixture('same-person-2.jpg') })),
      200,
    );
    expect(same.model).toEqual({ id: expected.id, version: entry.version });
    expect(same.threshold).toBe(expected.threshold);
    expect(same.match).toBe(true);
    const different = await json<{ match: boolean; distance: number; threshold: number }>(
      await call(undefined, 'POST', '/verify', photoForm({ a: faceFixture('same-person-1.jpg'), b: faceFixture('different-person.jpg') })),
      200,
    );
    expect(different.match).toBe(false);
    expect(different.distance).toBeGreaterThan(same.distance);
  });

  it('enrols and identifies under that encoder', async () => {
    const { key } = await newTenantKey();
    const c = (await json<{ id: string }>(await call(key, 'POST', '/collections', { name: 'encoder' }), 201)).id;
    const s = (await json<{ id: string }>(await call(key, 'POST', `/collections/${c}/subjects`, { name: 'Eileen Collins' }), 201)).id;
    const face = await json<{ model: { id: string; version: string } }>(
      await call(key, 'POST', `/collections/${c}/subjects/${s}/faces`, photo('same-person-1.jpg')),
      201,
    );
    expect(face.model).toEqual({ id: expected.id, version: entry.version });
    const found = await json<{ faces: { identity: { subject: string } | null }[]; model: { id: string } }>(
      await call(key, 'POST', `/collections/${c}/identify`, photo('same-person-2.jpg')),
      200,
    );
    expect(found.model.id).toBe(expected.id);
    expect(found.faces[0].identity?.subject).toBe(s);
    const stranger = await json<{ faces: { identity: unknown }[] }>(
      await call(key, 'POST', `/collections/${c}/identify`, photo('different-person.jpg')),
      200,
    );
    expect(stranger.faces[0].identity).toBeNull();
  });
});
