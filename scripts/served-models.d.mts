// Types for scripts/served-models.mjs (plain JS so that prepare-worker runs without a TS loader).
export const FACE_ENCODER_TASK: 'face-embedding';
export const FACE_ENCODER_ENV: 'LIKENESS_FACE_ENCODER';
export class ServeError extends Error {}

export interface ServeManifestEntry {
  id: string;
  version: string;
  file: string;
  sha256?: string;
  task?: string;
  bundle?: boolean;
  head?: string;
  [field: string]: unknown;
}

export interface ServePlan {
  faceEncoder: { id: string; version: string; sha256: string; head: string; source: string };
  /** Manifest ids of the models in the Worker bundle. */
  bundled: string[];
}

export function planServedModels(
  manifest: { models: ServeManifestEntry[]; serve?: Record<string, string> },
  options: { modelsDir: string; faceEncoder?: string },
): ServePlan;
