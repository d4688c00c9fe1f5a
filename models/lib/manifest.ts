// Reads and updates models/manifest.json, the single description of every ONNX file we ship.
// Build scripts call updateManifestEntry() after writing a model so its sha256 and size can never
// drift from the bytes on disk; the Worker and Node tools read the same file.
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const MODELS_DIR = fileURLToPath(new URL('..', import.meta.url));
const MANIFEST = fileURLToPath(new URL('../manifest.json', import.meta.url));

export interface ManifestEntry {
  id: string;
  version: string;
  /** Path relative to models/. */
  file: string;
  sha256?: string;
  bytes?: number;
  [field: string]: unknown;
}

export interface Manifest {
  models: ManifestEntry[];
}

export function readManifest(): Manifest {
  try {
    return JSON.parse(readFileSync(MANIFEST, 'utf8')) as Manifest;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { models: [] };
    throw error;
  }
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Insert or replace the entry with this id; fills sha256 and bytes from the file on disk. */
export function updateManifestEntry(entry: ManifestEntry): void {
  const bytes = readFileSync(new URL(entry.file, `file://${MODELS_DIR}/`));
  const complete = { ...entry, sha256: sha256(bytes), bytes: bytes.byteLength };
  const manifest = readManifest();
  const at = manifest.models.findIndex((m) => m.id === entry.id);
  if (at >= 0) manifest.models[at] = complete;
  else manifest.models.push(complete);
  manifest.models.sort((a, b) => a.id.localeCompare(b.id));
  // Write-then-rename so a crash never leaves a half-written manifest.
  const tmp = `${MANIFEST}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(manifest, null, 2)}\n`);
  renameSync(tmp, MANIFEST);
}
