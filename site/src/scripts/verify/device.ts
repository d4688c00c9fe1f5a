// On-device verify: the same verifyFaces and detectFaces the Worker runs
// (functions/src/features/faces/service.ts: decode with our codecs, detect, align, quality, embed,
// compare with the served head), here over onnxruntime-web in this page, so no photo byte leaves it.
// The verify page loads this module with import() only when the visitor chooses "On this device".
//
// Once per page: the model listing (GET /v1/models) is read and checked against the face model this
// page was built with (same encoder id and version, same head threshold and flip, same versions of
// the detector and the quality model: otherwise the page and the server disagree, and it refuses);
// then the runtime's wasm, the decoders' wasm and the three models are downloaded or read from Cache
// Storage, each model checked against the listing's SHA-256 before anything runs
// (functions/src/runtime/ort-browser.ts, functions/src/util/asset-cache.ts).
//
// Answers are the server's JSON (VerificationJson, DetectionJson) plus `ran`: where and on which
// engine. Errors are ApiProblems, like the server's: a domain error (no face, an unreadable photo)
// becomes the very problem the server would answer (http/problem.ts); a refused download,
// a page/server mismatch or a browser that cannot run the models get problems of their own.
import './zod-jitless'; // first: before any zod schema is made
import { DomainError } from '../../../../functions/src/errors';
import type { ModelListJson } from '../../../../functions/src/features/models/schema';
import { detectFaces, verifyFaces } from '../../../../functions/src/features/faces/service';
import type { DetectionJson, VerificationJson, VerifyImageField } from '../../../../functions/src/features/faces/schema';
import { Problem } from '../../../../functions/src/http/problem';
import { initBrowserImageCodecs } from '../../../../functions/src/image/browser-codecs';
import { DETECTOR_MODEL } from '../../../../functions/src/pipeline/face/detect';
import { servedFaces } from '../../../../functions/src/pipeline/face/served';
import { IMAGE_STATS_MODEL } from '../../../../functions/src/pipeline/image-stats';
import { findModel } from '../../../../functions/src/runtime/manifest';
import {
  chooseEngine,
  createBrowserRuntime,
  runtimeAssets,
  type BrowserRuntime,
  type EngineChoice,
  type ModelAsset,
} from '../../../../functions/src/runtime/ort-browser';
import { AssetStore, IntegrityError, type Asset } from '../../../../functions/src/util/asset-cache';
import { ApiProblem, fetchText, unexpectedAnswer } from '../shared/problem';
import { DEVICE_CACHE, DEVICE_FILES, type DeviceFileSizes } from './device-files';
import type { RanOn } from './ran-on';

export type DeviceVerification = VerificationJson & { ran: RanOn };
export type DeviceDetection = DetectionJson & { ran: RanOn };

/** The models the face pipeline runs: detector, quality statistics, the served encoder. */
export const FACE_PIPELINE_MODELS: readonly string[] = [DETECTOR_MODEL, IMAGE_STATS_MODEL, servedFaces.model.id];

/** Problem types of on-device mode (the last segment is what the page switches on). */
export const DEVICE_PROBLEMS = {
  integrity: 'https://likeness.dev/problems/model-integrity',
  skew: 'https://likeness.dev/problems/model-skew',
  unavailable: 'https://likeness.dev/problems/device-unavailable',
  stalled: 'https://likeness.dev/problems/device-stalled',
} as const;

/**
 * How long one check on the device may take (its first includes creating the sessions) before the
 * page gives up on it. onnxruntime waits for its thread workers without a timeout, so a worker whose
 * script failed to load (a dropped request, a content blocker) would leave the page busy for ever
 * (test/browser/on-device.test.ts reproduces it). A phone creates the sessions in seconds, so a
 * minute is only ever reached by such a stall; the runtime is then unusable until a reload.
 */
export const STALL_MS = 60_000;

export interface DeviceOptions {
  /** Default 'auto' (AUTO_ENGINE in ort-browser.ts: WASM, whose answers equal the server's); 'webgpu' on request. */
  engine?: EngineChoice;
  /** WASM threads; default min(4, cores) when the page is cross-origin isolated, else 1. */
  threads?: number;
  /** Sizes of the wasm files (verify.astro, build time). */
  sizes: DeviceFileSizes;
  /** Bytes downloaded so far of `total` still to download (cached files count for nothing). */
  onProgress?(loaded: number, total: number): void;
  /** Where the listing is; default /v1/models. */
  listing?: string;
}

export interface OnDevice {
  readonly ran: Extract<RanOn, { where: 'device' }>;
  /** POST /v1/verify's answer for these photos and face choices (index per photo). */
  verify(photos: Record<VerifyImageField, Uint8Array>, choices?: Partial<Record<VerifyImageField, number>>): Promise<DeviceVerification>;
  /** POST /v1/faces/detect's answer for this photo. */
  detect(photo: Uint8Array): Promise<DeviceDetection>;
}

const problem = (type: string, title: string, detail: string) => new ApiProblem({ type, title, status: 0, detail });

/** A thrown value as the problem the page shows: the server's own problem for domain errors. */
export function deviceProblem(e: unknown): unknown {
  if (e instanceof ApiProblem || (e instanceof DOMException && e.name === 'AbortError')) return e;
  if (e instanceof DomainError) return new ApiProblem(Problem.from(e).toJSON());
  if (e instanceof IntegrityError) return problem(DEVICE_PROBLEMS.integrity, 'A model failed its integrity check', e.message);
  const detail = e instanceof Error ? e.message : String(e);
  return problem(DEVICE_PROBLEMS.unavailable, 'This browser could not check on this device', detail);
}

/** The models this page needs from the listing, refusing one that is not the model the page was built with. */
export function pipelineModels(listing: ModelListJson): ModelAsset[] {
  const skew = (detail: string) =>
    problem(DEVICE_PROBLEMS.skew, 'This page and the server use different models', `${detail} Reload the page to get the current version.`);
  const served = servedFaces.model;
  const encoder = listing.models.find((m) => m.task === 'face-embedding');
  if (!encoder || encoder.id !== served.id || encoder.version !== served.version)
    throw skew(
      `The server runs ${encoder ? `${encoder.id} ${encoder.version}` : 'no face encoder'}, this page ${served.id} ${served.version}.`,
    );
  const head = encoder.head;
  if (!head || head.threshold !== servedFaces.head.threshold || head.flip !== (servedFaces.embedOptions.flip === true))
    throw skew(`The server's verification head for ${served.id} ${served.version} is not the one this page was built with.`);
  return FACE_PIPELINE_MODELS.map((id) => {
    const m = listing.models.find((x) => x.id === id);
    const version = id === served.id ? served.version : findModel(id)?.version;
    if (!m || m.version !== version)
      throw skew(`The server lists ${m ? `${id} ${m.version}` : `no ${id}`}, this page runs ${id} ${version}.`);
    return { id: m.id, version: m.version, url: m.url, sha256: m.sha256, bytes: m.bytes };
  });
}

async function readListing(url: string): Promise<ModelListJson> {
  const { status, body } = await fetchText(url, { headers: { accept: 'application/json' } }).catch((e: unknown) => {
    if (e instanceof ApiProblem && (e.status === 404 || e.status === 405))
      throw problem(
        DEVICE_PROBLEMS.unavailable,
        'On-device checking is not offered here',
        'This server does not list its models (GET /v1/models).',
      );
    throw e;
  });
  try {
    const json = JSON.parse(body) as ModelListJson;
    if (Array.isArray(json?.models)) return json;
  } catch {
    /* below */
  }
  throw unexpectedAnswer(status, 'The model listing (GET /v1/models) answered in an unexpected format.');
}

let started: Promise<OnDevice> | undefined;

/**
 * Prepares on-device mode once per page (later calls share it; a failure may be retried): reads the
 * listing, decides the engine, downloads and checks every file, registers the decoders.
 */
export function startDevice(options: DeviceOptions): Promise<OnDevice> {
  started ??= prepare(options).catch((e: unknown) => {
    started = undefined;
    throw deviceProblem(e);
  });
  return started;
}

async function prepare(options: DeviceOptions): Promise<OnDevice> {
  if (typeof WebAssembly !== 'object') throw new Error('This browser cannot run WebAssembly.');
  const models = pipelineModels(await readListing(options.listing ?? '/v1/models'));
  const builds = {
    wasm: { ...DEVICE_FILES.ort, wasmBytes: options.sizes.ort },
    webgpu: { ...DEVICE_FILES.ortWebgpu, wasmBytes: options.sizes.ortWebgpu },
  };
  const engine = await chooseEngine({ engine: options.engine, threads: options.threads, builds });
  const store = new AssetStore(DEVICE_CACHE);
  const decoders: Asset[] = [
    { url: DEVICE_FILES.decoders.mozjpegDecoder, bytes: options.sizes.mozjpegDecoder, name: 'the JPEG decoder' },
    { url: DEVICE_FILES.decoders.webpDecoder, bytes: options.sizes.webpDecoder, name: 'the WebP decoder' },
  ];

  // Progress over what is not on the device yet.
  const all = [...runtimeAssets(engine, { models, builds }), ...decoders];
  const cached = await Promise.all(all.map((a) => store.has(a.url)));
  const total = all.reduce((sum, a, i) => sum + (cached[i] ? 0 : (a.bytes ?? 0)), 0);
  let loaded = 0;
  const onBytes = (n: number) => {
    loaded += n;
    options.onProgress?.(Math.min(loaded, total), total);
  };
  options.onProgress?.(0, total);

  const byUrl = new Map(decoders.map((d) => [d.url, d]));
  const [runtime] = await Promise.all([
    createBrowserRuntime(engine, { models, builds, store }, onBytes),
    initBrowserImageCodecs(DEVICE_FILES.decoders, (url) => store.get(byUrl.get(url) ?? { url }, onBytes)),
  ]);
  return onDevice(runtime);
}

function onDevice(runtime: BrowserRuntime): OnDevice {
  const ran = { where: 'device' as const, ...runtime.engine };
  let stalled = false;
  const stall = () =>
    problem(
      DEVICE_PROBLEMS.stalled,
      'The check on this device did not finish',
      `The on-device runtime did not answer within ${STALL_MS / 1000} s (one of its files may have failed to load). Reload the page to try again.`,
    );
  const guard = async <T>(work: () => Promise<T>): Promise<T> => {
    if (stalled) throw stall();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const watchdog = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        stalled = true;
        reject(stall());
      }, STALL_MS);
    });
    try {
      return await Promise.race([work(), watchdog]);
    } catch (e) {
      throw deviceProblem(e);
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    ran,
    verify: (photos, choices = {}) =>
      guard(async () => {
        const picked: Partial<Record<VerifyImageField, { index: number }>> = {};
        for (const [f, index] of Object.entries(choices)) if (index !== undefined) picked[f as VerifyImageField] = { index };
        const uploads = { a: { field: 'a', bytes: photos.a }, b: { field: 'b', bytes: photos.b } };
        return { ...(await verifyFaces(runtime, uploads, picked, {})), ran };
      }),
    detect: (photo) => guard(async () => ({ ...(await detectFaces(runtime, { field: 'image', bytes: photo }, {})), ran })),
  };
}
