// Loading the generated document (build time) and resolving its local $refs.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Json, Obj, OpenApiDoc } from './types';

/** Where the build step (scripts/build-openapi.ts) writes the document, relative to the repo root. */
export const OPENAPI_FILE = 'site/src/generated/openapi.json';

/**
 * The generated document, read at build time. Vite's glob returns nothing (instead of failing to
 * resolve) when the file is missing, which lets us fail with an explanation instead.
 * `OPENAPI_FILE=<path> astro build` renders another document instead (fixtures, previews).
 */
export function loadOpenApi(): OpenApiDoc {
  const override = typeof process !== 'undefined' ? process.env.OPENAPI_FILE : undefined;
  if (override) {
    const text = readFileSync(resolve(override), 'utf8');
    try {
      return validate(JSON.parse(text));
    } catch (e) {
      throw new Error(`API reference: OPENAPI_FILE=${override}: ${(e as Error).message}`);
    }
  }
  const found = import.meta.glob<Json>('../../generated/openapi.json', { eager: true, import: 'default' });
  const doc = Object.values(found)[0] as unknown;
  if (doc === undefined) {
    throw new Error(
      `API reference: ${OPENAPI_FILE} is missing. Generate it first (scripts/build-openapi.ts writes it from the ` +
        `Hono app's OpenAPI document), then rebuild the site.`,
    );
  }
  return validate(doc);
}

export function validate(doc: unknown): OpenApiDoc {
  const d = doc as Obj;
  const problems: string[] = [];
  if (!d || typeof d !== 'object' || Array.isArray(d)) problems.push('the document is not a JSON object');
  else {
    if (typeof d.openapi !== 'string' || !/^3\./.test(d.openapi)) problems.push('`openapi` must be a 3.x version string');
    if (!d.info || typeof d.info.title !== 'string' || typeof d.info.version !== 'string')
      problems.push('`info.title` and `info.version` are required');
    if (d.paths !== undefined && (typeof d.paths !== 'object' || Array.isArray(d.paths))) problems.push('`paths` must be an object');
  }
  if (problems.length) throw new Error(`API reference: ${OPENAPI_FILE} is not a usable OpenAPI document: ${problems.join('; ')}.`);
  return d as OpenApiDoc;
}

/* ---------------------------------------------------------------- $ref resolution */

/** Name of the component a local `$ref` points at (`#/components/schemas/Problem` -> `Problem`). */
export function refName(ref: string): string {
  return unescapeToken(ref.split('/').pop() ?? ref);
}

function unescapeToken(token: string): string {
  let t = token;
  try {
    t = decodeURIComponent(token);
  } catch {
    /* not percent-encoded */
  }
  return t.replace(/~1/g, '/').replace(/~0/g, '~');
}

function pointer(doc: Obj, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined; // external refs are out of scope for a generated document
  const parts = ref
    .slice(1)
    .split('/')
    .filter((p, i) => i > 0 || p !== '')
    .map(unescapeToken);
  let cur: unknown = doc;
  for (const p of parts) {
    if (cur && typeof cur === 'object' && p in (cur as Obj)) cur = (cur as Obj)[p];
    else return undefined;
  }
  return cur;
}

/** Follow `$ref` chains (up to 20 hops). Sibling keywords next to `$ref` (allowed in 3.1) override the target. */
export function deref<T extends Obj = Obj>(doc: Obj, value: unknown): { value: T; name?: string } {
  let cur = value as Obj;
  let name: string | undefined;
  const siblings: Obj[] = [];
  for (let hops = 0; cur && typeof cur === 'object' && typeof cur.$ref === 'string' && hops < 20; hops++) {
    const { $ref, ...rest } = cur;
    if (Object.keys(rest).length) siblings.unshift(rest);
    name = refName($ref);
    const target = pointer(doc, $ref);
    if (target === undefined) return { value: { description: `Unresolved reference ${$ref}` } as unknown as T, name };
    cur = target as Obj;
  }
  return { value: (siblings.length ? Object.assign({}, cur, ...siblings) : cur) as T, name };
}
