// Stage: aligned 150x150 chips -> 128-d face embeddings with the served encoder (by default dlib's ResNet,
// dlib-face-encoder).
// Embeddings are not normalised: the encoder was trained for Euclidean distance (about 0.6 between
// different people), and compare.ts works on them as they come out.
import { SERVED_FACE_ENCODER } from '../../../generated/served-models';
import type { InferenceRuntime } from '../../runtime/types';
import { CHIP_SIZE, flipChip } from './align';

/**
 * Manifest id of the encoder this build serves: models/manifest.json "serve" (or the
 * LIKENESS_FACE_ENCODER override), resolved by scripts/prepare-worker.mjs into functions/generated.
 * Any encoder with 150x150 RGB 0..255 NHWC chips in and [N,128] embeddings out fits (models/siamese
 * exports them); its verification head comes with it (head.ts).
 */
export const ENCODER_MODEL: string = SERVED_FACE_ENCODER.id;
export const EMBEDDING_SIZE = 128;

/** The model behind embeddings, reported with them so stored or compared vectors can be matched to it. */
export const ENCODER_INFO: { id: string; version: string } = { id: SERVED_FACE_ENCODER.id, version: SERVED_FACE_ENCODER.version };

export interface EmbedOptions {
  /**
   * Average each embedding with the embedding of the mirrored chip (test-time augmentation, as
   * dlib's jitter does in a small way). Doubles encoder time. Off until the evaluation shows it helps
   * (models/faces/eval measures both); the verification head must be fitted with the same setting.
   */
  flip: boolean;
  /** Chips per encoder run: bounds the activation memory of one run inside the 128 MB isolate. */
  batchSize: number;
}

export const DEFAULT_EMBED_OPTIONS: EmbedOptions = { flip: false, batchSize: 8 };

const CHIP_VALUES = CHIP_SIZE * CHIP_SIZE * 3;

/** One embedding (Float32Array of EMBEDDING_SIZE) per chip, in order. */
export async function embedChips(
  runtime: InferenceRuntime,
  chips: readonly Float32Array[],
  options: Partial<EmbedOptions> = {},
): Promise<Float32Array[]> {
  const { flip, batchSize } = { ...DEFAULT_EMBED_OPTIONS, ...options };
  const inputs = flip ? chips.flatMap((c) => [c, flipChip(c)]) : [...chips];
  const raw: Float32Array[] = [];
  const step = Math.max(1, flip ? batchSize - (batchSize % 2) || 2 : batchSize);
  for (let start = 0; start < inputs.length; start += step) {
    const batch = inputs.slice(start, start + step);
    // A single chip goes in as is: no copy of the tensor for the common one-face request.
    const data = batch.length === 1 ? batch[0] : new Float32Array(batch.length * CHIP_VALUES);
    if (batch.length > 1) batch.forEach((c, i) => data.set(c, i * CHIP_VALUES));
    const out = await runtime.run(ENCODER_MODEL, { image: { type: 'float32', data, dims: [batch.length, CHIP_SIZE, CHIP_SIZE, 3] } });
    const e = out.embedding.data as Float32Array;
    for (let i = 0; i < batch.length; i++) raw.push(e.slice(i * EMBEDDING_SIZE, (i + 1) * EMBEDDING_SIZE));
  }
  if (!flip) return raw;
  return chips.map((_, i) => {
    const [a, b] = [raw[2 * i], raw[2 * i + 1]];
    return a.map((v, k) => (v + b[k]) / 2);
  });
}
