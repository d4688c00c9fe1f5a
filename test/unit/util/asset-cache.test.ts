// @vitest-environment node
// functions/src/util/asset-cache.ts (on-device mode's downloads) with a fake Cache Storage and
// fetch: a file is checked against its SHA-256 before it is returned or stored, a stored file is
// read (and checked) without downloading, a damaged stored file is downloaded again, and a file
// whose bytes are not the published ones is refused and never stored.
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, test } from 'vitest';
import { AssetStore, IntegrityError } from '../../../functions/src/util/asset-cache';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

class FakeCache {
  readonly entries = new Map<string, Uint8Array>();
  async match(url: string) {
    const bytes = this.entries.get(url);
    return bytes ? new Response(bytes as Uint8Array<ArrayBuffer>) : undefined;
  }
  async put(url: string, response: Response) {
    this.entries.set(url, new Uint8Array(await response.arrayBuffer()));
  }
  async delete(url: string) {
    return this.entries.delete(url);
  }
}

function setup(files: Record<string, Uint8Array>) {
  const cache = new FakeCache();
  (globalThis as { caches?: unknown }).caches = { open: async () => cache };
  const fetched: string[] = [];
  const fetcher = (async (url: string) => {
    fetched.push(url);
    const bytes = files[url];
    return bytes ? new Response(bytes as Uint8Array<ArrayBuffer>) : new Response('no', { status: 404 });
  }) as typeof fetch;
  return { cache, fetched, store: new AssetStore('test', fetcher) };
}

afterEach(() => {
  delete (globalThis as { caches?: unknown }).caches;
});

const MODEL = new Uint8Array(100_000).map((_, i) => (i * 31) % 251);

describe('AssetStore', () => {
  test('downloads, checks and stores a file; the next use reads it from the device', async () => {
    const { cache, fetched, store } = setup({ '/models/m.onnx': MODEL });
    const asset = { url: '/models/m.onnx', sha256: sha(MODEL), bytes: MODEL.length, name: 'the model m 1' };
    let counted = 0;
    await expect(store.has(asset.url)).resolves.toBe(false);
    expect(await store.get(asset, (n) => (counted += n))).toEqual(MODEL);
    expect(counted).toBe(MODEL.length);
    expect(cache.entries.has(asset.url)).toBe(true);
    await expect(store.has(asset.url)).resolves.toBe(true);
    expect(await store.get(asset)).toEqual(MODEL);
    expect(fetched).toEqual(['/models/m.onnx']);
  });

  test('refuses bytes that are not the published ones, and keeps nothing', async () => {
    const tampered = MODEL.slice();
    tampered[500] ^= 0xff;
    const { cache, store } = setup({ '/models/m.onnx': tampered });
    const asset = { url: '/models/m.onnx', sha256: sha(MODEL), name: 'the model m 1' };
    const error = await store.get(asset).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntegrityError);
    expect((error as Error).message).toBe(
      `The model m 1 failed its integrity check: its SHA-256 is ${sha(tampered)}, but ${sha(MODEL)} was published. The file was refused and nothing was run with it.`,
    );
    expect(cache.entries.size).toBe(0);
  });

  test('a file damaged on the device is downloaded again', async () => {
    const { cache, fetched, store } = setup({ '/models/m.onnx': MODEL });
    cache.entries.set('/models/m.onnx', MODEL.slice(0, 10));
    expect(await store.get({ url: '/models/m.onnx', sha256: sha(MODEL) })).toEqual(MODEL);
    expect(fetched).toEqual(['/models/m.onnx']);
    expect(cache.entries.get('/models/m.onnx')).toEqual(MODEL);
  });

  test('works without Cache Storage, and says which file could not be downloaded', async () => {
    const { store } = setup({ '/a.wasm': MODEL });
    delete (globalThis as { caches?: unknown }).caches;
    expect(await store.get({ url: '/a.wasm' })).toEqual(MODEL);
    await expect(store.has('/a.wasm')).resolves.toBe(false);
    await expect(store.get({ url: '/b.wasm', name: 'the runtime' })).rejects.toThrow('the runtime could not be downloaded (HTTP 404).');
  });
});

describe('a stalled download', () => {
  /** Headers, one chunk, then nothing: the body never ends unless the fetch is aborted. */
  const stalled = (init?: RequestInit) =>
    new Response(
      new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new Uint8Array([1, 2, 3]));
          init?.signal?.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')));
        },
      }),
    );

  test('is started once more, and the second try is used when it goes through', async () => {
    (globalThis as { caches?: unknown }).caches = { open: async () => new FakeCache() };
    const file = new Uint8Array([9, 8, 7, 6]);
    let tries = 0;
    const fetcher = (async (_url: string, init?: RequestInit) =>
      ++tries === 1 ? stalled(init) : new Response(file as Uint8Array<ArrayBuffer>)) as typeof fetch;
    const store = new AssetStore('test', fetcher, 50);
    await expect(store.get({ url: '/models/m.onnx', sha256: sha(file) })).resolves.toEqual(file);
    expect(tries).toBe(2);
  });

  test('is reported when it stalls again, naming the file', async () => {
    (globalThis as { caches?: unknown }).caches = { open: async () => new FakeCache() };
    let tries = 0;
    const fetcher = (async (_url: string, init?: RequestInit) => {
      tries++;
      return stalled(init);
    }) as typeof fetch;
    const store = new AssetStore('test', fetcher, 50);
    const started = Date.now();
    await expect(store.get({ url: '/models/m.onnx', name: 'the model m 1' })).rejects.toThrow(
      'The download of the model m 1 stalled: nothing arrived for 0.05 s. Try again.',
    );
    expect(tries).toBe(2);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
