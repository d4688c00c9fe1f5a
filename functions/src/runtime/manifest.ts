// Typed view of models/manifest.json for the runtime, shared by the Worker and Node tools.
import manifest from '../../../models/manifest.json';

export interface ModelEntry {
  id: string;
  version: string;
  file: string;
  sha256: string;
  bytes: number;
  /** false for files used only by Node tools (e.g. fp32 references); they are never bundled. */
  bundle?: boolean;
  [field: string]: unknown;
}

export const MODELS: readonly ModelEntry[] = (manifest as { models: ModelEntry[] }).models;

export const findModel = (id: string): ModelEntry | undefined => MODELS.find((m) => m.id === id);

export const bundledModels = (): ModelEntry[] => MODELS.filter((m) => m.bundle !== false);
