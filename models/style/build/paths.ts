// Where the style-model tooling reads and writes.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const STYLE_DIR = join(REPO_ROOT, 'models', 'style');
/** Training runs (checkpoints; not committed). */
export const RUNS_DIR = join(STYLE_DIR, 'runs');
/** Intermediate files (the raw torch export, the int8 candidate): git-ignored. */
export const CACHE_DIR = join(REPO_ROOT, '.cache', 'models', 'style');
/** Shared research data: style paintings and content photos (never committed, may be absent). */
export const SHARED_STYLE = join(REPO_ROOT, '..', 'shared', 'data', 'style');
/** Evidence figures and measurements (committed). */
export const DOCS_DIR = join(REPO_ROOT, 'docs', 'styles');
/** Painting thumbnails served by the site for GET /v1/styles (committed; public-domain works). */
export const THUMBNAILS_DIR = join(REPO_ROOT, 'site', 'public', 'styles');
