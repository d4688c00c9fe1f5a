// Embeddings of a set of image files through the PRODUCT face pipeline (functions/src/pipeline/face)
// on onnxruntime-node, with the product's Node codecs: the same decode -> detect -> align -> embed
// code the Worker runs. Shared by `npm run faces:eval`, `npm run faces:fit-head` and
// `npm run faces:bench`. Each image is processed once per run (in-memory cache).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { decodeImage } from '../../../functions/src/image';
import { initNodeImageCodecs } from '../../../functions/src/image/node-codecs';
import {
  ANALYSIS_MAX_SIDE,
  ENCODER_MODEL,
  alignFace,
  detectFaces,
  embedChips,
  pickFace,
  type DetectedFace,
} from '../../../functions/src/pipeline/face';
import { findModel } from '../../../functions/src/runtime/manifest';
import { modelPath } from '../../../functions/src/runtime/ort-node';
import { createRuntime, type OrtLike } from '../../../functions/src/runtime/session-cache';
import type { InferenceRuntime } from '../../../functions/src/runtime/types';
import { sha256 } from '../../lib/manifest.ts';
import { FP32_ENCODER } from '../build/paths.ts';

/** The pretrained encoder whose fp32 reference `--encoder fp32` means. */
export const REFERENCE_ENCODER_ID = 'dlib-face-encoder';

export interface EncoderChoice {
  /** 'int8' (the served encoder), 'fp32' (.cache reference of dlib-face-encoder), a manifest id, or a path. */
  label: string;
  path: string;
  sha256: string;
  /** The manifest entry behind the file, when there is one: a head fitted on it records this id and version. */
  model?: { id: string; version: string; head?: string };
}

/**
 * Resolves --encoder to a file: `int8` (or `served`) = the encoder this build serves (models/manifest.json
 * "serve"); a manifest id of any face-embedding entry (e.g. dlib-face-encoder-lfw-ft); `fp32` = the
 * .cache fp32 reference of dlib-face-encoder; anything else is a path to an ONNX file. Checks the
 * manifest's sha256 where it has one.
 */
export function resolveEncoder(choice: string): EncoderChoice {
  const id = choice === 'int8' || choice === 'served' ? ENCODER_MODEL : choice;
  const entry = findModel(id);
  if (entry && choice !== 'fp32') {
    if (entry.task !== 'face-embedding') throw new Error(`--encoder ${choice}: ${id} is a ${String(entry.task)} model, not a face encoder`);
    const path = modelPath(entry);
    if (!existsSync(path)) throw new Error(`--encoder ${choice}: models/${entry.file} is missing`);
    const hash = sha256(readFileSync(path));
    if (hash !== entry.sha256)
      throw new Error(`models/${entry.file} has sha256 ${hash}, the manifest says ${entry.sha256}: rebuild it or update the manifest`);
    return {
      label: id === ENCODER_MODEL ? 'int8' : id,
      path,
      sha256: hash,
      model: { id: entry.id, version: entry.version, head: entry.head },
    };
  }
  const reference = findModel(REFERENCE_ENCODER_ID);
  const ref = reference?.reference as { fp32?: string; fp32Sha256?: string } | undefined;
  const path = choice === 'fp32' ? FP32_ENCODER : choice;
  if (!existsSync(path))
    throw new Error(
      choice === 'fp32'
        ? `${path} is missing: run npm run faces:build (it writes the fp32 encoder)`
        : `encoder not found: ${path} (not a manifest id either)`,
    );
  const hash = sha256(readFileSync(path));
  if (choice === 'fp32' && ref?.fp32Sha256 && ref.fp32Sha256 !== hash)
    throw new Error(`${path} has sha256 ${hash}, the manifest expects ${ref.fp32Sha256}: rebuild with npm run faces:build`);
  return { label: choice === 'fp32' ? 'fp32' : path, path, sha256: hash };
}

/**
 * onnxruntime-node (one thread by default, as the Worker) behind the product's InferenceRuntime;
 * the served encoder's id runs the chosen file, every other model comes from the manifest.
 */
export function evaluationRuntime(encoder: EncoderChoice, threads = 1): InferenceRuntime {
  return createRuntime(
    'onnxruntime-node',
    ort as unknown as OrtLike,
    async (id) => {
      if (id === ENCODER_MODEL) return new Uint8Array(readFileSync(encoder.path));
      const entry = findModel(id);
      return entry ? new Uint8Array(readFileSync(modelPath(entry))) : undefined;
    },
    { intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential' },
  );
}

export interface ImageResult {
  /** null when the detector found no face at the product's defaults. */
  embedding: Float32Array | null;
  faces: number;
  face?: DetectedFace;
  error?: string;
}

export interface EmbedSetOptions {
  flip: boolean;
  /** Called after each image (for progress output). */
  onProgress?: (done: number, total: number, file: string) => void;
}

/**
 * The product's choice for a verify request without a face choice: detectFaces (score 0.5, NMS
 * 0.3, largest first) -> pickFace (the largest) -> alignFace -> embedChips.
 */
export async function embedImageFile(runtime: InferenceRuntime, path: string, flip: boolean): Promise<ImageResult> {
  const { image } = await decodeImage(new Uint8Array(readFileSync(path)), { maxSide: ANALYSIS_MAX_SIDE });
  const faces = await detectFaces(runtime, image);
  const pick = pickFace(faces);
  if ('error' in pick) return { embedding: null, faces: 0 };
  const face = faces[pick.index];
  const [embedding] = await embedChips(runtime, [alignFace(image, face).chip], { flip });
  return { embedding, faces: faces.length, face };
}

/** Embeds every file once (relative paths under `root`), in order; errors are kept per image. */
export async function embedSet(
  runtime: InferenceRuntime,
  root: string,
  files: readonly string[],
  options: EmbedSetOptions,
  cache = new Map<string, ImageResult>(),
): Promise<Map<string, ImageResult>> {
  initNodeImageCodecs();
  let done = 0;
  for (const f of files) {
    if (!cache.has(f)) {
      try {
        cache.set(f, await embedImageFile(runtime, join(root, f), options.flip));
      } catch (error) {
        cache.set(f, { embedding: null, faces: 0, error: (error as Error).message });
      }
    }
    options.onProgress?.(++done, files.length, f);
  }
  return cache;
}

/** Progress printer: at most one line every `everyMs`, with rate and ETA, on stderr. */
export function progressPrinter(label: string, everyMs = 5000): (done: number, total: number) => void {
  const start = performance.now();
  let last = 0;
  return (done, total) => {
    const now = performance.now();
    if (done !== total && now - last < everyMs) return;
    last = now;
    const perItem = (now - start) / done;
    process.stderr.write(
      `[${label}] ${done}/${total} images, ${perItem.toFixed(0)} ms/image, ${done === total ? 'done' : `ETA ${((perItem * (total - done)) / 1000).toFixed(0)} s`}\n`,
    );
  };
}

/** Images folder of a dataset: the folder itself, or its images/ subfolder. */
export const imagesRoot = (dir: string): string => (existsSync(join(dir, 'images')) ? join(dir, 'images') : dir);

/** File extension used by a dataset (jpg for LFW, png for ORL), from the first image that exists. */
export function detectExtension(root: string, firstImageWithoutExt: string): string {
  for (const ext of ['jpg', 'png', 'jpeg', 'webp']) if (existsSync(join(root, `${firstImageWithoutExt}.${ext}`))) return ext;
  throw new Error(`no image ${firstImageWithoutExt}.{jpg,png,jpeg,webp} under ${root}`);
}
