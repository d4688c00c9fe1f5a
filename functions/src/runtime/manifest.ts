// Typed view of models/manifest.json for the runtime, shared by the Worker and Node tools.
import { BUNDLED_MODEL_IDS } from '../../generated/served-models';
import manifest from '../../../models/manifest.json';

export interface ModelEntry {
  id: string;
  version: string;
  file: string;
  sha256: string;
  bytes: number;
  /** false for files used only by Node tools (e.g. fp32 references); they are never bundled. */
  bundle?: boolean;
  /** Face encoders: their verification head, a path under models/. */
  head?: string;
  [field: string]: unknown;
}

export const MODELS: readonly ModelEntry[] = (manifest as { models: ModelEntry[] }).models;

export const findModel = (id: string): ModelEntry | undefined => MODELS.find((m) => m.id === id);

/** The models in this build's Worker bundle: decided by scripts/prepare-worker.mjs (one face encoder,
 * the one the manifest's "serve" names or LIKENESS_FACE_ENCODER overrides; every other model unless
 * "bundle": false). */
export const bundledModels = (): ModelEntry[] => MODELS.filter((m) => BUNDLED_MODEL_IDS.includes(m.id));
