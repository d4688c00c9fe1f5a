// The models as static files of the site, so browsers and apps can run on their own device exactly
// what the Worker runs (README, "On-device mode"). One plan, written by scripts/prepare-worker.mjs
// into functions/generated/model-assets.json: the Worker's GET /v1/models lists it, and the site
// build (astro.config.mjs) copies each file to dist/ under its name.
//
// Names are content-addressed (`/models/<id>.<sha256>.onnx`): a new model file is a new URL, so every
// file can be cached forever (site/public/_headers: immutable) and a cached copy is never stale.
// The sha256 is computed here from the bytes, and a file whose bytes do not match its manifest entry
// stops the build, so the listing can never promise bytes the Worker does not run.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** URL path prefix of the model files on the site. */
export const MODEL_ASSET_PREFIX = '/models/';

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

function asset(modelsDir, file, name) {
  const bytes = readFileSync(join(modelsDir, file));
  const hash = sha256(bytes);
  const ext = file.slice(file.lastIndexOf('.'));
  return { file, path: `${MODEL_ASSET_PREFIX}${name}.${hash}${ext}`, sha256: hash, bytes: bytes.length };
}

/**
 * @param {{ models: Array<{ id: string, version: string, file: string, sha256?: string, task?: string }> }} manifest
 * @param {{ bundled: string[], faceEncoder: { id: string, version: string, head: string } }} plan from planServedModels
 * @param {string} modelsDir
 * @returns {{ models: Array<{ id: string, version: string, task: string, file: string, path: string, sha256: string, bytes: number }>, head: { model: string, version: string, file: string, path: string, sha256: string, bytes: number } }}
 */
export function planModelAssets(manifest, plan, modelsDir) {
  const models = manifest.models
    .filter((m) => plan.bundled.includes(m.id))
    .map((m) => {
      const a = asset(modelsDir, m.file, m.id);
      if (m.sha256 !== a.sha256)
        throw new Error(
          `models/${m.file}: sha256 ${a.sha256} does not match its manifest entry "${m.id}" (${m.sha256}); rebuild the model or correct the manifest`,
        );
      return { id: m.id, version: m.version, task: m.task ?? '', ...a };
    });
  const { id, version, head } = plan.faceEncoder;
  return { models, head: { model: id, version, ...asset(modelsDir, head, `${id}.head`) } };
}

/** Copies every planned file to `outDir` + its path, checking the bytes once more on the way. */
export function copyModelAssets(assets, modelsDir, outDir) {
  for (const a of [...assets.models, assets.head]) {
    const target = join(outDir, a.path);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(join(modelsDir, a.file), target);
    if (sha256(readFileSync(target)) !== a.sha256) throw new Error(`${target}: copied bytes differ from models/${a.file}`);
  }
}
