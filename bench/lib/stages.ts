// The face and style pipeline cut into its stages, for the per-stage bench (bench/stages.ts). One
// definition runs in workerd (bench/workerd/stages-worker.ts, onnxruntime-web) and in Node
// (onnxruntime-node, and onnxruntime-web's WASM in Node), so the tables compare the same code on
// the same inputs. Each stage is prepared once (its inputs computed by the stages before it) and then
// run as often as asked; only the run is timed.
import { alignFace } from '../../functions/src/pipeline/face/align';
import { DETECTOR_MODEL, detectFaces, detectorInput } from '../../functions/src/pipeline/face/detect';
import { ENCODER_MODEL } from '../../functions/src/pipeline/face/embed';
import { decodeForFaces } from '../../functions/src/pipeline/face/photo';
import { assessQuality } from '../../functions/src/pipeline/face/quality';
import { servedFaces } from '../../functions/src/pipeline/face/served';
import { CHIP_SIZE } from '../../functions/src/pipeline/face/align';
import type { InferenceRuntime } from '../../functions/src/runtime/types';

export interface StageInput {
  /** A JPEG with one clear face. */
  photo: Uint8Array;
  /** A second JPEG with one face (verify compares the two). */
  other: Uint8Array;
}

/** A prepared stage: run() does the work once; `items` says how many faces or chips one run handles. */
export interface PreparedStage {
  run: () => Promise<unknown>;
  items: number;
}

export const STAGE_NAMES = [
  'decode',
  'detect',
  'detector-model',
  'align',
  'quality',
  'embed-served',
  'encoder-model-1',
  'encoder-model-4',
  'face',
  'verify',
] as const;
export type StageName = (typeof STAGE_NAMES)[number];

export const STAGE_NOTES: Record<StageName, string> = {
  decode: 'JPEG -> RGB at <= 1024 px (decodeForFaces)',
  detect: 'detectFaces: letterbox, detector, NMS (+ close-up pass when needed)',
  'detector-model': 'the detector session.run alone, 256x256',
  align: 'alignFace: similarity fit + 150x150 warp',
  quality: 'assessQuality: image-stats model on the chip + pose',
  'embed-served': 'servedFaces.embed of one chip (the served options: flip doubles the passes)',
  'encoder-model-1': 'the encoder session.run alone, batch 1',
  'encoder-model-4': 'the encoder session.run alone, batch 4, per chip',
  face: 'one photo, whole: decode, detect, align, quality, embed (served options)',
  verify: 'decode, detect, align, quality for two photos, one encoder batch, compare',
};

const LIMITS = {};

export async function prepareStage(runtime: InferenceRuntime, name: StageName, input: StageInput): Promise<PreparedStage> {
  const photo = await decodeForFaces(input.photo, 'image', LIMITS);
  const image = photo.decoded.image;
  if (name === 'decode') return { run: () => decodeForFaces(input.photo, 'image', LIMITS), items: 1 };
  if (name === 'detect') return { run: () => detectFaces(runtime, image), items: 1 };
  if (name === 'detector-model') {
    const { input: tensor } = detectorInput(image, 1);
    return { run: () => runtime.run(DETECTOR_MODEL, { image: tensor }), items: 1 };
  }
  const [face] = await detectFaces(runtime, image);
  if (!face) throw new Error('the stage bench photo has no face');
  if (name === 'align') return { run: async () => alignFace(image, face), items: 1 };
  const aligned = alignFace(image, face);
  if (name === 'quality') return { run: () => assessQuality(runtime, face, aligned), items: 1 };
  if (name === 'embed-served') return { run: () => servedFaces.embed(runtime, [aligned.chip]), items: 1 };
  if (name === 'encoder-model-1' || name === 'encoder-model-4') {
    const n = name === 'encoder-model-1' ? 1 : 4;
    const values = CHIP_SIZE * CHIP_SIZE * 3;
    const data = new Float32Array(n * values);
    for (let i = 0; i < n; i++) data.set(aligned.chip, i * values);
    return { run: () => runtime.run(ENCODER_MODEL, { image: { type: 'float32', data, dims: [n, CHIP_SIZE, CHIP_SIZE, 3] } }), items: n };
  }
  if (name === 'face') return { run: () => servedFaces.faceFromPhoto(runtime, input.photo, { field: 'image', limits: LIMITS }), items: 1 };
  // verify: what POST /v1/verify runs after reading the upload (features/faces/service.ts).
  return {
    run: async () => {
      const a = await servedFaces.faceFromPhoto(runtime, input.photo, { field: 'a', limits: LIMITS, embed: false });
      const b = await servedFaces.faceFromPhoto(runtime, input.other, { field: 'b', limits: LIMITS, embed: false });
      const [ea, eb] = await servedFaces.embed(runtime, [a.face.aligned.chip, b.face.aligned.chip]);
      return servedFaces.compare(ea, eb);
    },
    items: 1,
  };
}
