// Where the face-model tooling reads and writes.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** Unpacked pinned packages (git-ignored). */
export const PKG_CACHE = join(REPO_ROOT, '.cache', 'pkgs');
/** Committed face models and their accuracy record. */
export const FACES_DIR = join(REPO_ROOT, 'models', 'faces');
/** The fp32 encoder: rebuilt by npm run faces:build, not committed. */
export const FP32_ENCODER = join(REPO_ROOT, '.cache', 'models', 'faces', 'dlib-face-encoder-fp32.onnx');
