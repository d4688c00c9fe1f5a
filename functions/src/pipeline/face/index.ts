/**
 * The face pipeline: RgbImage -> faces -> embeddings -> same person or not. Each stage is its own
 * module with typed input and output, runs models only through InferenceRuntime, and uses no Worker
 * or Node API, so the Worker routes, the Node CLI, the evaluation (models/faces/eval) and the
 * benchmarks share one implementation.
 *
 * ```ts
 * const faces = await detectFaces(runtime, image);              // DetectedFace[], most prominent first
 * const aligned = alignFace(image, faces[0]);                   // { chip: 150x150x3 float32, transform }
 * const quality = await assessQuality(runtime, faces[0], aligned); // size, sharpness, brightness, pose, issues
 * const [embedding] = await embedChips(runtime, [aligned.chip], { flip: false }); // Float32Array(128)
 * const verdict = compareEmbeddings(head, embA, embB);          // { match, distance, threshold, probability }
 * // or all but the comparison at once:
 * const analysed = await analyseFaces(runtime, image, { embed: true }); // AnalysedFace[]
 * ```
 *
 * - detect.ts  letterbox to 256 -> blazeface-back -> threshold (0.5) + NMS (IoU 0.3) -> boxes and six
 *              landmarks in image pixels (pixel edges at integers). Also the model's output contract
 *              (anchors, selectDetections, letterbox) used by models/faces/build.
 * - align.ts   least-squares similarity of eyes/nose/mouth onto dlib's 150x150 chip template,
 *              bilinear warp. alignChip() is the low-level form over pixel-centre keypoints.
 * - embed.ts   dlib-face-encoder, 128-d, not normalised; option `flip` averages with the mirrored chip.
 * - compare.ts Euclidean distance, threshold decision, logistic P(same) from a VerificationHead.
 * - quality.ts size, sharpness, brightness, pose and issues, with documented thresholds.
 * - select.ts  which face a request means when there are several (index or box).
 * - head.ts    the fitted head bundled with the Worker (models/faces/verification-head.json).
 *
 * Give the pipeline upright RGB at up to about 1024 px on the longest side (ANALYSIS_MAX_SIDE): the
 * detector sees 256 px, and larger photos only cost decode time and memory.
 */
import type { RgbImage } from '../../image/types';
import type { InferenceRuntime } from '../../runtime/types';
import { alignFace, type AlignedFace } from './align';
import { DEFAULT_DETECT_OPTIONS, detectFaces, type DetectOptions } from './detect';
import { embedChips, type EmbedOptions } from './embed';
import { assessQuality, type FaceQuality } from './quality';
import type { DetectedFace } from './types';

export * from './types';
export { ANALYSIS_MAX_SIDE } from './limits';
export {
  DETECTOR_MODEL,
  DETECTOR_INPUT_SIZE,
  DEFAULT_DETECT_OPTIONS,
  detectFaces,
  detectorInput,
  decodeDetections,
  letterbox,
  fromLetterbox,
  toSourcePixels,
  selectDetections,
  type DetectOptions,
  type DetectorOutputs,
  type Letterbox,
  type Detection,
} from './detect';
export {
  CHIP_SIZE,
  CHIP_TEMPLATE,
  alignFace,
  alignChip,
  estimateSimilarity,
  invertAffine,
  applyAffine,
  warpAffine,
  flipChip,
  type AlignedFace,
  type Affine,
} from './align';
export { ENCODER_MODEL, ENCODER_INFO, EMBEDDING_SIZE, DEFAULT_EMBED_OPTIONS, embedChips, type EmbedOptions } from './embed';
export {
  compareEmbeddings,
  euclideanDistance,
  sameProbability,
  parseVerificationHead,
  type Verification,
  type VerificationHead,
} from './compare';
export {
  QUALITY_ISSUES,
  QUALITY_ISSUE_TEXT,
  QUALITY_THRESHOLDS,
  assessQuality,
  estimatePose,
  qualityIssues,
  type FaceQuality,
  type HeadPose,
  type QualityIssue,
} from './quality';
export { pickFace, MIN_CHOICE_IOU, type FaceChoice, type FacePick } from './select';

/** A detected face with its aligned chip, quality and (when asked) embedding. */
export interface AnalysedFace extends DetectedFace {
  aligned: AlignedFace;
  quality: FaceQuality;
  embedding?: Float32Array;
}

export interface AnalyseOptions {
  /** Compute embeddings: false (default), true, or embed options. */
  embed?: boolean | Partial<EmbedOptions>;
}

/** align -> quality (-> embed) for faces already detected in `image`; embeddings in one encoder batch. */
export async function analyseDetectedFaces(
  runtime: InferenceRuntime,
  image: RgbImage,
  faces: readonly DetectedFace[],
  options: AnalyseOptions = {},
): Promise<AnalysedFace[]> {
  const analysed: AnalysedFace[] = [];
  for (const face of faces) {
    const aligned = alignFace(image, face);
    analysed.push({ ...face, aligned, quality: await assessQuality(runtime, face, aligned) });
  }
  if (options.embed && analysed.length) {
    const embeddings = await embedChips(
      runtime,
      analysed.map((f) => f.aligned.chip),
      options.embed === true ? {} : options.embed,
    );
    analysed.forEach((f, i) => (f.embedding = embeddings[i]));
  }
  return analysed;
}

/** detect -> align -> quality (-> embed) for every face of an image, most prominent first. */
export async function analyseFaces(
  runtime: InferenceRuntime,
  image: RgbImage,
  options: AnalyseOptions & { detect?: DetectOptions } = {},
): Promise<AnalysedFace[]> {
  const faces = await detectFaces(runtime, image, options.detect ?? DEFAULT_DETECT_OPTIONS);
  return analyseDetectedFaces(runtime, image, faces, options);
}
