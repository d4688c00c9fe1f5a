// The face model as one object, as transformers.js binds a task to a model: an encoder, the
// verification head fitted for it and the embed options the fit used, bound once. Routes,
// services, the evaluation and the benchmarks call these methods, never embedChips or
// compareEmbeddings with options of their own, so an embedding, a distance or a probability always
// means what the head's fit measured (a route that forgot `flip` would silently stop matching).
import type { RgbImage } from '../../image/types';
import type { InferenceRuntime } from '../../runtime/types';
import { compareEmbeddings, sameProbability, type Verification, type VerificationHead } from './compare';
import { EMBEDDING_SIZE, ENCODER_INFO, embedChips, type EmbedOptions } from './embed';
import { SERVED_EMBED_OPTIONS, VERIFICATION_HEAD } from './head';
import { analyseFaces, type AnalysedFace } from './index';
import { faceFromPhoto, type PhotoFace, type PhotoFaceOptions } from './photo';

/** Which model made an embedding: stored and reported with it, and checked before comparing. */
export interface ModelKey {
  id: string;
  version: string;
}

export interface FaceModel {
  /** The encoder's manifest id and version. */
  readonly model: ModelKey;
  readonly head: VerificationHead;
  readonly embedOptions: Readonly<Partial<EmbedOptions>>;
  readonly embeddingSize: number;
  /** decode -> detect -> choose or require one face -> align -> quality -> embed (photo.ts). */
  faceFromPhoto(
    runtime: InferenceRuntime,
    bytes: Uint8Array,
    options: Omit<PhotoFaceOptions, 'embed'> & { embed?: boolean },
  ): Promise<PhotoFace>;
  /** Every face of an image, most prominent first, with quality (and embeddings when asked). */
  analyse(runtime: InferenceRuntime, image: RgbImage, options?: { embed?: boolean }): Promise<AnalysedFace[]>;
  /** One embedding per aligned chip, in one encoder batch. */
  embed(runtime: InferenceRuntime, chips: readonly Float32Array[]): Promise<Float32Array[]>;
  /** Distance, the head's decision and P(same). */
  compare(a: Float32Array, b: Float32Array): Verification;
  /** The head's P(same) alone. */
  probability(a: Float32Array, b: Float32Array): number;
  /** Whether an embedding was made by this model (same id and version). */
  made(key: ModelKey): boolean;
}

export function faceModel(
  model: ModelKey,
  head: VerificationHead,
  embedOptions: Partial<EmbedOptions>,
  embeddingSize = EMBEDDING_SIZE,
): FaceModel {
  const bound = Object.freeze({ ...embedOptions });
  return Object.freeze({
    model: Object.freeze({ id: model.id, version: model.version }),
    head,
    embedOptions: bound,
    embeddingSize,
    faceFromPhoto: (runtime, bytes, { embed = true, ...options }) =>
      faceFromPhoto(runtime, bytes, { ...options, ...(embed ? { embed: bound } : {}) }),
    analyse: (runtime, image, { embed = false } = {}) => analyseFaces(runtime, image, embed ? { embed: bound } : {}),
    embed: (runtime, chips) => embedChips(runtime, chips, bound),
    compare: (a, b) => compareEmbeddings(head, a, b),
    probability: (a, b) => sameProbability(head, a, b),
    made: (key) => key.id === model.id && key.version === model.version,
  } satisfies FaceModel);
}

/** The model this deployment serves: models/manifest.json "serve", with its fitted head (head.ts). */
export const servedFaces: FaceModel = faceModel(ENCODER_INFO, VERIFICATION_HEAD, SERVED_EMBED_OPTIONS);
