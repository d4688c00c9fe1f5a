// Files that code in a visitor's browser downloads once and keeps (the /verify page's on-device
// mode: the models, onnxruntime-web's and the image codecs' WebAssembly). A file is fetched, checked
// against its published SHA-256 with Web Crypto before anything uses it, and only then stored in
// Cache Storage; a later use reads it from there, checks it again, and downloads nothing. The URLs
// are content-addressed (the models' names carry their SHA-256, the bundler's assets a content
// hash), so a stored entry never goes stale: a new build is a new URL. Without Cache Storage
// (an insecure origin, storage blocked) every use downloads, and is still checked.
import { concatBytes } from './bytes';
import { sha256Hex } from './sha256';

export interface Asset {
  /** Where the file is served (same origin, or any origin that allows CORS). */
  url: string;
  /** Its lowercase hex SHA-256; when given, bytes that do not match are refused. */
  sha256?: string;
  /** Its size, for progress before the response says it. */
  bytes?: number;
  /** What it is, for messages: "model dlib-face-encoder 2". */
  name?: string;
}

/** The bytes of a file are not the ones published: nothing may use them. */
export class IntegrityError extends Error {
  constructor(
    readonly asset: Asset,
    readonly actual: string,
  ) {
    const what = asset.name ? asset.name[0].toUpperCase() + asset.name.slice(1) : asset.url;
    super(
      `${what} failed its integrity check: its SHA-256 is ${actual}, but ${asset.sha256} was published. ` +
        'The file was refused and nothing was run with it.',
    );
    this.name = 'IntegrityError';
  }
}

interface CacheLike {
  match(url: string): Promise<Response | undefined>;
  put(url: string, response: Response): Promise<void>;
  delete(url: string): Promise<boolean>;
}

interface CacheStorageLike {
  open(name: string): Promise<CacheLike>;
}

/** Called with the number of bytes that just arrived from the network (not for cached files). */
export type OnBytes = (bytes: number) => void;

/**
 * How long a download may go without receiving a byte before it is given up and started once more
 * (then reported). A fetch has no timeout of its own, and a stalled connection (a phone between
 * cells, a proxy holding the response; `wrangler dev` now and then freezes a large response under
 * load) would otherwise leave the page waiting for ever.
 */
export const DOWNLOAD_STALL_MS = 30_000;

/** A download that received nothing for the stall time. */
export class StalledDownload extends Error {
  constructor(what: string, stallMs: number) {
    super(`The download of ${what} stalled: nothing arrived for ${stallMs / 1000} s. Try again.`);
    this.name = 'StalledDownload';
  }
}

export class AssetStore {
  private cache: Promise<CacheLike | undefined> | undefined;

  constructor(
    /** The Cache Storage cache the files live in. */
    readonly cacheName = 'likeness-assets-v1',
    private readonly fetcher: typeof fetch = (input, init) => fetch(input, init),
    private readonly stallMs = DOWNLOAD_STALL_MS,
  ) {}

  private open(): Promise<CacheLike | undefined> {
    this.cache ??= (async () => {
      const storage = (globalThis as { caches?: CacheStorageLike }).caches;
      try {
        return storage ? await storage.open(this.cacheName) : undefined;
      } catch {
        return undefined; // storage blocked or unavailable: download every time
      }
    })();
    return this.cache;
  }

  /** Whether the file is stored on this device (nothing is downloaded or checked). */
  async has(url: string): Promise<boolean> {
    const cache = await this.open();
    return !!(await cache?.match(url).catch(() => undefined));
  }

  /** The file's bytes, checked: from Cache Storage when stored there, else downloaded and stored. */
  async get(asset: Asset, onBytes?: OnBytes): Promise<Uint8Array> {
    const cache = await this.open();
    const stored = await cache?.match(asset.url).catch(() => undefined);
    if (stored) {
      const bytes = new Uint8Array(await stored.arrayBuffer());
      if (!asset.sha256 || (await sha256Hex(bytes)) === asset.sha256) return bytes;
      await cache?.delete(asset.url); // damaged on the device: fetch it again
    }
    // A stalled download is started once more before it is reported: a fresh connection usually goes through.
    const bytes = await this.download(asset, onBytes).catch((error: unknown) => {
      if (error instanceof StalledDownload) return this.download(asset, onBytes);
      throw error;
    });
    if (asset.sha256) {
      const actual = await sha256Hex(bytes);
      if (actual !== asset.sha256) throw new IntegrityError(asset, actual);
    }
    // A full quota or a private window: the file still works this time.
    await cache
      ?.put(asset.url, new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { 'content-type': 'application/octet-stream' } }))
      .catch(() => {});
    return bytes;
  }

  private async download(asset: Asset, onBytes?: OnBytes): Promise<Uint8Array> {
    const what = asset.name ?? asset.url;
    // Aborted when no byte arrives for stallMs: the timer restarts with every chunk.
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const disarm = () => {
      if (timer !== undefined) clearTimeout(timer);
    };
    const arm = () => {
      disarm();
      timer = setTimeout(() => controller.abort(), this.stallMs);
    };
    const chunks: Uint8Array[] = [];
    try {
      arm();
      const response = await this.fetcher(asset.url, { signal: controller.signal });
      if (!response.ok) throw new Error(`${what} could not be downloaded (HTTP ${response.status}).`);
      if (!response.body) {
        const bytes = new Uint8Array(await response.arrayBuffer());
        onBytes?.(bytes.byteLength);
        return bytes;
      }
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        arm();
        chunks.push(value);
        onBytes?.(value.byteLength);
      }
    } catch (error) {
      if (controller.signal.aborted) throw new StalledDownload(what, this.stallMs);
      throw error;
    } finally {
      disarm();
    }
    return concatBytes(chunks);
  }
}
