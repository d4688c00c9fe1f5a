// Which models one Worker build serves, decided once from models/manifest.json (and, for a one-off
// build, the LIKENESS_FACE_ENCODER environment variable). Used by scripts/prepare-worker.mjs, which
// writes the decision into functions/generated/ for the Worker and the Node tools alike.
//
// Rules:
//  - Every task named in the manifest's "serve" object (today only "face-embedding") has exactly one
//    served model: the id given there, or the environment override. Other models of that task are
//    never bundled, whatever their "bundle" flag says: one encoder per deployment keeps the Worker
//    under Cloudflare's size limit, and embeddings from two encoders must never be compared.
//  - Every other model is bundled unless its entry says "bundle": false.
//  - A served face encoder must name its verification head ("head", a path under models/), and that
//    head must have been fitted for exactly this model: same id, version and sha256. Otherwise the
//    distances and probabilities the API returns would mean nothing.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const FACE_ENCODER_TASK = 'face-embedding';
export const FACE_ENCODER_ENV = 'LIKENESS_FACE_ENCODER';

/** Thrown for a selection that cannot be served; the message says what to do. */
export class ServeError extends Error {}

/**
 * @param {{ models: Array<Record<string, unknown> & { id: string, version: string, file: string, sha256?: string, task?: string, bundle?: boolean, head?: string }>, serve?: Record<string, string> }} manifest
 * @param {{ modelsDir: string, faceEncoder?: string }} options faceEncoder: the override (LIKENESS_FACE_ENCODER), if any
 * @returns {{ faceEncoder: { id: string, version: string, sha256: string, head: string, source: string }, bundled: string[] }}
 */
export function planServedModels(manifest, { modelsDir, faceEncoder }) {
  const configured = manifest.serve?.[FACE_ENCODER_TASK];
  const id = faceEncoder || configured;
  const source = faceEncoder ? `${FACE_ENCODER_ENV}=${faceEncoder}` : `models/manifest.json serve["${FACE_ENCODER_TASK}"]`;
  const encoders = manifest.models.filter((m) => m.task === FACE_ENCODER_TASK).map((m) => m.id);
  if (!id) throw new ServeError(`models/manifest.json has no serve["${FACE_ENCODER_TASK}"]: set it to one of ${encoders.join(', ')}`);
  const entry = manifest.models.find((m) => m.id === id);
  if (!entry) throw new ServeError(`${source}: no model with id "${id}" in models/manifest.json (face encoders: ${encoders.join(', ')})`);
  if (entry.task !== FACE_ENCODER_TASK)
    throw new ServeError(
      `${source}: "${id}" is a ${entry.task ?? 'model without a task'}, not a ${FACE_ENCODER_TASK} model (face encoders: ${encoders.join(', ')})`,
    );
  if (!existsSync(join(modelsDir, entry.file))) throw new ServeError(`${source}: the model file models/${entry.file} is missing`);
  if (typeof entry.head !== 'string')
    throw new ServeError(
      `${source}: the manifest entry "${id}" names no verification head ("head"): fit one with npm run faces:fit-head -- --encoder ${id}`,
    );
  const headPath = join(modelsDir, entry.head);
  if (!existsSync(headPath))
    throw new ServeError(`${source}: the verification head models/${entry.head} is missing: npm run faces:fit-head -- --encoder ${id}`);
  let head;
  try {
    head = JSON.parse(readFileSync(headPath, 'utf8'));
  } catch (error) {
    throw new ServeError(`models/${entry.head} is not valid JSON: ${error.message}`);
  }
  const fittedFor = `${head.model} v${head.model_version} (sha256 ${String(head.model_sha256).slice(0, 12)}…)`;
  if (head.model !== entry.id || head.model_version !== entry.version || (entry.sha256 && head.model_sha256 !== entry.sha256))
    throw new ServeError(
      `${source}: models/${entry.head} was fitted for ${fittedFor}, not for ${entry.id} v${entry.version} ` +
        `(sha256 ${String(entry.sha256).slice(0, 12)}…): refit it with npm run faces:fit-head -- --encoder ${id}`,
    );
  const bundled = manifest.models.filter((m) => (m.task === FACE_ENCODER_TASK ? m.id === id : m.bundle !== false)).map((m) => m.id);
  return { faceEncoder: { id, version: entry.version, sha256: entry.sha256 ?? '', head: entry.head, source }, bundled };
}
