// onnxruntime-web in a visitor's browser: the InferenceRuntime of the /verify page's on-device mode
// (site/src/scripts/verify/device.ts), so the page runs the very stages the Worker runs, on the very
// model bytes the Worker runs (the files GET /v1/models lists).
//
// - Models: every file is downloaded (or read from Cache Storage) and its SHA-256 checked against the
//   listing before ORT is even loaded (createBrowserRuntime); a mismatch refuses the runtime as a whole.
// - Engine: WASM SIMD, with min(4, cores) threads when the page is cross-origin isolated (threads need
//   SharedArrayBuffer), one otherwise. WebGPU on request (engine 'webgpu', when the browser offers an
//   adapter): ORT's WebGPU execution provider ships in its JSPI build (onnxruntime-web/jspi, 16.8 MB
//   of wasm; the JSEP and asyncify builds are over Cloudflare's 25 MiB asset limit). 'auto' stays on
//   WASM, because only WASM computes what the Worker computes: on WebGPU (SwiftShader here, the only
//   adapter headless Chromium offers) distances came out 0.002-0.007 off the server's on pairs where
//   WASM agrees to 1e-4, with identical detector boxes, so the drift is in the int8 encoder's
//   quantized operators (a verdict near the threshold could flip). See AUTO_ENGINE.
// - Files: the page's bundler serves ORT's Emscripten glue (.mjs) and .wasm as files of their own
//   (env.wasm.wasmPaths.mjs), so ORT's thread workers start from the glue's own URL, not from a page
//   chunk; the .wasm is fetched through the same cache as the models and handed over as wasmBinary.
import { AssetStore, type Asset, type OnBytes } from '../util/asset-cache';
import { createRuntime, type OrtLike } from './session-cache';
import type { InferenceRuntime } from './types';

/** A model as GET /v1/models lists it (the fields the browser needs). */
export interface ModelAsset {
  id: string;
  version: string;
  /** The file's URL (the listing's `url`, relative to the site). */
  url: string;
  sha256: string;
  bytes: number;
}

/** Where the page serves one ORT build: its Emscripten glue and its wasm. */
export interface OrtBuildFiles {
  mjs: string;
  wasm: string;
  /** Size of the wasm, for the download size. */
  wasmBytes: number;
}

export type EngineChoice = 'auto' | 'wasm' | 'webgpu';

/**
 * What 'auto' runs on. WASM, whose answers equal the Worker's (same ORT kernels, same wasm build
 * family); WebGPU is faster on a real GPU but its answers drift from the server's (header).
 * Should the WebGPU provider come to match, 'auto' could pick it on a hardware (non-fallback) adapter.
 */
export const AUTO_ENGINE: 'wasm' | 'webgpu' = 'wasm';

/** Which engine runs the models: said with every on-device answer. */
export interface BrowserEngine {
  engine: 'wasm' | 'webgpu';
  /** WASM threads (with WebGPU: for the operators it leaves to the CPU). */
  threads: number;
  /** ORT's browser builds are all WebAssembly SIMD builds. */
  simd: true;
  /** Whether the page is cross-origin isolated (what allows threads). */
  crossOriginIsolated: boolean;
  /** The WebGPU adapter, e.g. "nvidia ampere" or "google swiftshader (software)". */
  adapter?: string;
}

export interface BrowserRuntimeOptions {
  /** The models this runtime may run (from the listing). */
  models: readonly ModelAsset[];
  /** The plain build (WASM) and the JSPI build (WebGPU, optional). */
  builds: { wasm: OrtBuildFiles; webgpu?: OrtBuildFiles };
  /** Default 'auto' (AUTO_ENGINE). 'webgpu' needs an adapter and the JSPI build (builds.webgpu). */
  engine?: EngineChoice;
  /** WASM threads; default min(4, hardwareConcurrency) when cross-origin isolated, else 1. */
  threads?: number;
  store?: AssetStore;
}

export interface BrowserRuntime extends InferenceRuntime {
  readonly engine: BrowserEngine;
}

interface GpuAdapterLike {
  info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
}

interface BrowserGlobals {
  crossOriginIsolated?: boolean;
  navigator?: { hardwareConcurrency?: number; gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> } };
}

const browser = (): BrowserGlobals => globalThis as BrowserGlobals;

/** A URL the page gave (often root-relative) made absolute: ORT imports the glue from it. */
const absolute = (url: string): string => new URL(url, (globalThis as { location?: { href: string } }).location?.href).href;

/** The adapter WebGPU offers, described, or undefined when it offers none. */
async function webgpuAdapter(): Promise<{ name: string; software: boolean } | undefined> {
  const gpu = browser().navigator?.gpu;
  if (!gpu) return undefined;
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return undefined;
    const info = adapter.info ?? {};
    const software = info.isFallbackAdapter === true || adapter.isFallbackAdapter === true;
    const name = [info.vendor, info.architecture].filter(Boolean).join(' ') || info.description || 'unknown adapter';
    return { name: software ? `${name} (software)` : name, software };
  } catch {
    return undefined;
  }
}

/** WASM threads by default: min(4, cores) where cross-origin isolation allows them, else 1. */
export function defaultThreads(): number {
  const g = browser();
  if (!g.crossOriginIsolated) return 1;
  return Math.max(1, Math.min(4, g.navigator?.hardwareConcurrency ?? 1));
}

/** Decides the engine without downloading anything (for WebGPU: asks the browser for an adapter). */
export async function chooseEngine(options: Pick<BrowserRuntimeOptions, 'engine' | 'threads' | 'builds'>): Promise<BrowserEngine> {
  const isolated = browser().crossOriginIsolated === true;
  const threads = isolated ? Math.max(1, Math.floor(options.threads ?? defaultThreads())) : 1;
  const base = { threads, simd: true as const, crossOriginIsolated: isolated };
  const choice = options.engine === 'auto' || !options.engine ? AUTO_ENGINE : options.engine;
  if (choice === 'wasm') return { ...base, engine: 'wasm' };
  if (!options.builds.webgpu) throw new Error('WebGPU was asked for, but this page has no WebGPU build of the runtime.');
  const adapter = await webgpuAdapter();
  // 'auto' (were it WebGPU) takes hardware adapters only: a software one is slower than WASM.
  if (adapter && (options.engine === 'webgpu' || !adapter.software)) return { ...base, engine: 'webgpu', adapter: adapter.name };
  if (options.engine === 'webgpu') throw new Error('WebGPU was asked for, but this browser offers no WebGPU adapter.');
  return { ...base, engine: 'wasm' };
}

/** The files a runtime on `engine` needs: the ORT wasm of its build, then every model (checked). */
export function runtimeAssets(engine: BrowserEngine, options: Pick<BrowserRuntimeOptions, 'models' | 'builds'>): Asset[] {
  const build = buildFor(engine, options.builds);
  return [
    { url: build.wasm, bytes: build.wasmBytes, name: `the ${engine.engine === 'webgpu' ? 'WebGPU' : 'WebAssembly'} runtime` },
    ...options.models.map((m) => ({ url: m.url, sha256: m.sha256, bytes: m.bytes, name: `the model ${m.id} ${m.version}` })),
  ];
}

function buildFor(engine: BrowserEngine, builds: BrowserRuntimeOptions['builds']): OrtBuildFiles {
  const build = engine.engine === 'webgpu' ? builds.webgpu : builds.wasm;
  if (!build) throw new Error('no WebGPU build of the runtime');
  return build;
}

let started: string | undefined;

/**
 * Downloads (or reads from the device) and checks the runtime and every model, and only then loads
 * ORT; sessions are created on first use, from the checked bytes. ORT's settings are global to the
 * page, so one page makes one runtime: a second call with another engine is refused.
 */
export async function createBrowserRuntime(
  engine: BrowserEngine,
  options: BrowserRuntimeOptions,
  onBytes?: OnBytes,
): Promise<BrowserRuntime> {
  const key = `${engine.engine}:${engine.threads}`;
  if (started && started !== key) throw new Error(`this page already runs onnxruntime-web as ${started}; reload it to change the engine`);
  const store = options.store ?? new AssetStore();
  const assets = runtimeAssets(engine, options);
  // Every file is checked before ORT loads or any session is made: a tampered model runs nothing.
  const [wasmBinary, ...modelBytes] = await Promise.all(assets.map((a) => store.get(a, onBytes)));
  const checked = new Map(options.models.map((m, i) => [m.id, modelBytes[i]]));

  const build = buildFor(engine, options.builds);
  const ort = engine.engine === 'webgpu' ? await import('onnxruntime-web/jspi') : await import('onnxruntime-web/wasm');
  started = key;
  ort.env.wasm.numThreads = engine.threads;
  ort.env.wasm.proxy = false;
  ort.env.wasm.wasmPaths = { mjs: absolute(build.mjs), wasm: absolute(build.wasm) };
  ort.env.wasm.wasmBinary = wasmBinary;
  ort.env.logLevel = 'error';

  const runtime = createRuntime(
    'onnxruntime-web',
    ort as unknown as OrtLike,
    async (id) => {
      const bytes = checked.get(id);
      checked.delete(id); // the session keeps what it needs; a failed load downloads again
      return bytes ?? (await reload(store, options.models, id));
    },
    // The Worker's session options but for the execution provider, so both compute alike.
    { executionProviders: [engine.engine === 'webgpu' ? 'webgpu' : 'wasm'] },
  );
  return { ...runtime, engine };
}

/** A model asked for again after its bytes were handed over (its session failed to load): checked again. */
async function reload(store: AssetStore, models: readonly ModelAsset[], id: string): Promise<Uint8Array | undefined> {
  const m = models.find((x) => x.id === id);
  return m ? store.get({ url: m.url, sha256: m.sha256, bytes: m.bytes, name: `the model ${m.id} ${m.version}` }) : undefined;
}
