// @vitest-environment node
// On-device mode's decisions without a browser (the page itself: test/browser/on-device.test.ts):
// the models it takes from GET /v1/models, refusing a listing that is not what the page was built
// with (deploy skew); the engine it picks; how the page says where an answer ran; the messages of
// its own problems; the query parameters a benchmark uses.
import { describe, expect, test } from 'vitest';
import { servedFaces } from '../../../functions/src/pipeline/face/served';
import { AUTO_ENGINE, chooseEngine } from '../../../functions/src/runtime/ort-browser';
import { listModels } from '../../../functions/src/features/models/service';
import { ApiProblem } from '../../../site/src/scripts/shared/problem';
import { DEVICE_PROBLEMS, FACE_PIPELINE_MODELS, deviceProblem, pipelineModels } from '../../../site/src/scripts/verify/device';
import { ranOnText } from '../../../site/src/scripts/verify/ran-on';
import { problemMessage } from '../../../site/src/scripts/verify/render';
import { engineParams } from '../../../site/src/scripts/verify/where';
import { DomainError } from '../../../functions/src/errors';
import { IntegrityError } from '../../../functions/src/util/asset-cache';

const listing = () => structuredClone(listModels());

describe('the models on-device verify runs', () => {
  test('are the detector, the quality model and the served encoder, as the listing has them', () => {
    const models = pipelineModels(listing());
    expect(models.map((m) => m.id)).toEqual(FACE_PIPELINE_MODELS);
    expect(models.map((m) => m.id)).toContain(servedFaces.model.id);
    for (const m of models) {
      const listed = listing().models.find((x) => x.id === m.id)!;
      expect(m).toEqual({ id: listed.id, version: listed.version, url: listed.url, sha256: listed.sha256, bytes: listed.bytes });
      expect(m.url).toMatch(new RegExp(`^/models/${m.id}\\.${m.sha256}\\.onnx$`));
    }
  });

  const skew = (change: (l: ReturnType<typeof listing>) => void) => {
    const l = listing();
    change(l);
    try {
      pipelineModels(l);
    } catch (e) {
      return e as ApiProblem;
    }
    throw new Error('accepted');
  };

  test('refuses a server that runs another encoder, head or model version (deploy skew)', () => {
    const encoder = (l: ReturnType<typeof listing>) => l.models.find((m) => m.task === 'face-embedding')!;
    const other = skew((l) => {
      encoder(l).version = '99';
    });
    expect(other).toBeInstanceOf(ApiProblem);
    expect(other.kind).toBe('model-skew');
    expect(other.message).toBe(
      `The server runs ${servedFaces.model.id} 99, this page ${servedFaces.model.id} ${servedFaces.model.version}. Reload the page to get the current version.`,
    );
    expect(
      skew((l) => {
        encoder(l).head!.threshold += 0.01;
      }).kind,
    ).toBe('model-skew');
    expect(
      skew((l) => {
        l.models = l.models.filter((m) => m.id !== FACE_PIPELINE_MODELS[0]);
      }).message,
    ).toMatch(/^The server lists no blazeface-back/);
  });
});

describe('the engine', () => {
  test(`'auto' runs ${AUTO_ENGINE}; without cross-origin isolation, one thread`, async () => {
    const builds = { wasm: { mjs: '/o.mjs', wasm: '/o.wasm', wasmBytes: 1 } };
    await expect(chooseEngine({ builds })).resolves.toEqual({ engine: 'wasm', threads: 1, simd: true, crossOriginIsolated: false });
    await expect(chooseEngine({ builds, engine: 'wasm', threads: 4 })).resolves.toMatchObject({ engine: 'wasm', threads: 1 });
    await expect(chooseEngine({ builds, engine: 'webgpu' })).rejects.toThrow('this page has no WebGPU build');
    await expect(
      chooseEngine({ builds: { ...builds, webgpu: { mjs: '/j.mjs', wasm: '/j.wasm', wasmBytes: 1 } }, engine: 'webgpu' }),
    ).rejects.toThrow('this browser offers no WebGPU adapter');
  });

  test('query parameters pick an engine and threads; others are ignored', () => {
    expect(engineParams('?where=device&engine=wasm&threads=1')).toEqual({ engine: 'wasm', threads: 1 });
    expect(engineParams('?engine=webgpu')).toEqual({ engine: 'webgpu' });
    expect(engineParams('?engine=cuda&threads=0')).toEqual({});
    expect(engineParams('?threads=2.5')).toEqual({});
  });

  test('the answer says where it ran', () => {
    const device = { where: 'device', engine: 'wasm', simd: true, crossOriginIsolated: true } as const;
    expect(ranOnText({ ...device, threads: 4 })).toBe('Checked on this device · WASM SIMD, 4 threads');
    expect(ranOnText({ ...device, threads: 1 })).toBe('Checked on this device · WASM SIMD, 1 thread');
    expect(ranOnText({ ...device, engine: 'webgpu', threads: 4, adapter: 'nvidia ampere' })).toBe(
      'Checked on this device · WebGPU (nvidia ampere)',
    );
    expect(ranOnText({ where: 'server' })).toBe('Checked on our server');
  });
});

describe('problems on the device', () => {
  test('a domain error is the problem the server would answer', () => {
    const p = deviceProblem(new DomainError('no-face', 'No face found in photo b.', { field: 'b' })) as ApiProblem;
    expect(p.problem).toMatchObject({ type: 'https://likeness.dev/problems/no-face', status: 422, field: 'b' });
    expect(problemMessage(p)).toMatchObject({ photo: 'b', title: 'No face found in Photo B' });
  });

  test('a refused model, a stale page and a browser that cannot run it each say so, never blaming a photo', () => {
    const integrity = deviceProblem(new IntegrityError({ url: '/m', sha256: 'a'.repeat(64), name: 'the model m 1' }, 'b'.repeat(64)));
    expect((integrity as ApiProblem).problem.type).toBe(DEVICE_PROBLEMS.integrity);
    const message = problemMessage(integrity as ApiProblem);
    expect(message.title).toBe('A downloaded model failed its integrity check');
    expect(message.advice).toMatch(/^The model m 1 failed its integrity check: .* Try again later, or check on our server instead\.$/);
    expect(message.photo).toBeUndefined();

    const unavailable = problemMessage(deviceProblem(new Error('WebAssembly SIMD is not supported')) as ApiProblem);
    expect(unavailable).toEqual({
      title: 'This browser could not check on this device',
      advice: 'WebAssembly SIMD is not supported. Check on our server instead, or try another browser.',
    });
  });
});
