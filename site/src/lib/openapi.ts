// Build-time helpers for the API reference page: load the generated OpenAPI 3.1 document, walk its
// operations, resolve local $refs, describe schemas as readable rows, and derive examples and code samples.
// Works on any valid OpenAPI 3.x document; nothing here is specific to the Likeness API.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/* ---------------------------------------------------------------- types (deliberately loose) */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
// OpenAPI objects are JSON; we read them defensively, so a permissive record type is enough.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
// biome-ignore lint/suspicious/noExplicitAny: an arbitrary OpenAPI document, walked by key; its shape is checked where it is read
export type Obj = Record<string, any>;

export interface OpenApiDoc extends Obj {
  openapi: string;
  info: { title: string; version: string; description?: string; summary?: string } & Obj;
  servers?: { url: string; description?: string; variables?: Record<string, { default: string }> }[];
  paths?: Record<string, Obj>;
  components?: Obj;
  tags?: { name: string; description?: string }[];
  security?: Obj[];
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  description?: string;
  required?: boolean;
  deprecated?: boolean;
  schema?: Obj;
  example?: unknown;
  examples?: Record<string, Obj>;
}

export interface MediaEntry {
  mediaType: string;
  schema?: Obj;
  example?: unknown;
  hasExample: boolean;
}

export interface ResponseEntry {
  status: string;
  description?: string;
  headers: { name: string; description?: string; schema?: Obj; required?: boolean }[];
  content: MediaEntry[];
}

export interface CodeSample {
  lang: string;
  label: string;
  source: string;
}

export interface Operation {
  id: string;
  anchor: string;
  method: string;
  path: string;
  summary?: string;
  description?: string;
  deprecated: boolean;
  tags: string[];
  parameters: Parameter[];
  requestBody?: { description?: string; required: boolean; content: MediaEntry[] };
  responses: ResponseEntry[];
  security: Obj[];
  raw: Obj;
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export const PROBLEM_MEDIA = 'application/problem+json';

/* ---------------------------------------------------------------- loading */

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
  const found = import.meta.glob<Json>('../generated/openapi.json', { eager: true, import: 'default' });
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

/* ---------------------------------------------------------------- operations */

export function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[{}]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function media(doc: Obj, content: Obj | undefined): MediaEntry[] {
  if (!content || typeof content !== 'object') return [];
  return Object.entries(content).map(([mediaType, m]) => {
    const mo = (m ?? {}) as Obj;
    const ex = mediaExample(doc, mo);
    return { mediaType, schema: mo.schema, example: ex.value, hasExample: ex.found };
  });
}

/** The example a media object documents (example, first of examples, or the schema's own), if any. */
export function mediaExample(doc: Obj, mo: Obj): { value: unknown; found: boolean } {
  if (mo.example !== undefined) return { value: mo.example, found: true };
  if (mo.examples && typeof mo.examples === 'object') {
    const first = Object.values(mo.examples)[0];
    if (first !== undefined) {
      const ex = deref(doc, first).value;
      if (ex && ex.value !== undefined) return { value: ex.value, found: true };
    }
  }
  if (mo.schema) {
    const s = deref(doc, mo.schema).value;
    if (s.example !== undefined) return { value: s.example, found: true };
    if (Array.isArray(s.examples) && s.examples.length) return { value: s.examples[0], found: true };
  }
  return { value: undefined, found: false };
}

export function listOperations(doc: OpenApiDoc): Operation[] {
  const ops: Operation[] = [];
  const usedAnchors = new Set<string>();
  for (const [path, rawItem] of Object.entries(doc.paths ?? {})) {
    const item = deref(doc, rawItem).value;
    const shared = ((item.parameters ?? []) as unknown[]).map((p) => deref<Parameter & Obj>(doc, p).value);
    for (const method of HTTP_METHODS) {
      const op = item[method] as Obj | undefined;
      if (!op) continue;
      // Operation-level parameters override path-level ones with the same name and location.
      const own = ((op.parameters ?? []) as unknown[]).map((p) => deref<Parameter & Obj>(doc, p).value);
      const params = [...shared.filter((s) => !own.some((o) => o.name === s.name && o.in === s.in)), ...own];
      const order = { path: 0, query: 1, header: 2, cookie: 3 } as Record<string, number>;
      params.sort((a, b) => (order[a.in] ?? 9) - (order[b.in] ?? 9));

      const body = op.requestBody ? deref(doc, op.requestBody).value : undefined;
      const responses: ResponseEntry[] = Object.entries((op.responses ?? {}) as Obj)
        .map(([status, r]) => {
          const res = deref(doc, r).value;
          return {
            status,
            description: res.description,
            headers: Object.entries((res.headers ?? {}) as Obj).map(([name, h]) => {
              const hv = deref(doc, h).value;
              return { name, description: hv.description, schema: hv.schema, required: hv.required };
            }),
            content: media(doc, res.content),
          };
        })
        .sort((a, b) => statusRank(a.status) - statusRank(b.status));

      const id = (op.operationId as string | undefined) ?? `${method}-${path}`;
      let anchor = `op-${slug(id)}`;
      for (let n = 2; usedAnchors.has(anchor); n++) anchor = `op-${slug(id)}-${n}`;
      usedAnchors.add(anchor);

      ops.push({
        id,
        anchor,
        method,
        path,
        summary: op.summary ?? item.summary,
        description: op.description ?? item.description,
        deprecated: op.deprecated === true,
        tags: Array.isArray(op.tags) && op.tags.length ? op.tags : ['Endpoints'],
        parameters: params,
        requestBody: body
          ? { description: body.description, required: body.required === true, content: media(doc, body.content) }
          : undefined,
        responses,
        security: (op.security ?? doc.security ?? []) as Obj[],
        raw: op,
      });
    }
  }
  return ops;
}

function statusRank(s: string): number {
  if (s === 'default') return 1000;
  const n = Number(s.replace(/X/gi, '0'));
  return Number.isFinite(n) ? n : 999;
}

/** Operations grouped by their first tag, in the order of the document's `tags`, then first appearance. */
export function groupByTag(doc: OpenApiDoc, ops: Operation[]) {
  const declared = (doc.tags ?? []).map((t) => t.name);
  const names = [...new Set([...declared, ...ops.map((o) => o.tags[0])])];
  return names
    .map((name) => ({
      name,
      anchor: `tag-${slug(name)}`,
      description: doc.tags?.find((t) => t.name === name)?.description,
      operations: ops.filter((o) => o.tags[0] === name),
    }))
    .filter((g) => g.operations.length > 0);
}

/* ---------------------------------------------------------------- schemas */

function types(s: Obj): string[] {
  if (Array.isArray(s.type)) return s.type;
  if (typeof s.type === 'string') return s.nullable ? [s.type, 'null'] : [s.type];
  if (s.properties || s.additionalProperties) return ['object'];
  if (s.items) return ['array'];
  if (s.const !== undefined) return [s.const === null ? 'null' : typeof s.const];
  if (Array.isArray(s.enum) && s.enum.length) return [...new Set(s.enum.map((v: unknown) => (v === null ? 'null' : typeof v)))] as string[];
  return [];
}

export interface TypeInfo {
  label: string;
  /** Component name when the schema (or an array's items) is a named $ref, for linking. */
  ref?: string;
}

/** A short human label: `string (uuid)`, `number | null`, `array of Face`, `Problem`, `one of A, B`. */
export function typeLabel(doc: Obj, schema: unknown, depth = 0): TypeInfo {
  if (schema === true || schema === undefined) return { label: 'any' };
  if (schema === false) return { label: 'never' };
  const { value: s, name } = deref(doc, schema);
  if (name) return { label: name, ref: name };
  if (depth > 4) return { label: '…' };
  const variants = (s.oneOf ?? s.anyOf) as unknown[] | undefined;
  if (Array.isArray(variants)) {
    const labels = variants.map((v) => typeLabel(doc, v, depth + 1).label);
    return { label: labels.join(' | ') };
  }
  if (Array.isArray(s.allOf) && !types(s).length) {
    const names = s.allOf.map((v: unknown) => deref(doc, v).name);
    const named = names.filter(Boolean) as string[];
    if (named.length && named.length === names.length) return { label: named.join(' & ') };
    return { label: named.length ? `object (extends ${named.join(', ')})` : 'object' };
  }
  const ts = types(s);
  if (!ts.length) return { label: 'any' };
  let ref: string | undefined;
  const parts = ts.map((t) => {
    if (t === 'array') {
      const inner = typeLabel(doc, s.items, depth + 1);
      ref = inner.ref;
      return `array of ${inner.label}`;
    }
    if (t === 'string' && s.format) return `string (${s.format})`;
    if (t === 'string' && s.contentMediaType) return `string (${s.contentMediaType})`;
    if ((t === 'integer' || t === 'number') && s.format) return `${t} (${s.format})`;
    return t;
  });
  return { label: parts.join(' | '), ref };
}

/** Validation keywords as short phrases: `≥ 0`, `≤ 4 MiB`... shown next to a property. */
export function constraints(doc: Obj, schema: unknown): string[] {
  if (!schema || typeof schema !== 'object') return [];
  const s = deref(doc, schema).value;
  const out: string[] = [];
  const j = (v: unknown) => JSON.stringify(v);
  if (Array.isArray(s.enum)) out.push(`one of ${s.enum.map(j).join(', ')}`);
  if (s.const !== undefined) out.push(`always ${j(s.const)}`);
  if (s.minimum !== undefined) out.push(`≥ ${s.minimum}`);
  if (typeof s.exclusiveMinimum === 'number') out.push(`> ${s.exclusiveMinimum}`);
  if (s.maximum !== undefined) out.push(`≤ ${s.maximum}`);
  if (typeof s.exclusiveMaximum === 'number') out.push(`< ${s.exclusiveMaximum}`);
  if (s.multipleOf !== undefined) out.push(`multiple of ${s.multipleOf}`);
  if (s.minLength !== undefined && s.minLength === s.maxLength) out.push(`exactly ${s.minLength} characters`);
  else {
    if (s.minLength !== undefined) out.push(`min length ${s.minLength}`);
    if (s.maxLength !== undefined) out.push(`max length ${s.maxLength}`);
  }
  if (s.minItems !== undefined) out.push(`min ${s.minItems} items`);
  if (s.maxItems !== undefined) out.push(`max ${s.maxItems} items`);
  if (s.uniqueItems) out.push('unique items');
  if (s.minProperties !== undefined) out.push(`min ${s.minProperties} properties`);
  if (s.maxProperties !== undefined) out.push(`max ${s.maxProperties} properties`);
  if (s.pattern) out.push(`pattern ${s.pattern}`);
  if (s.contentEncoding) out.push(`encoding ${s.contentEncoding}`);
  if (s.default !== undefined) out.push(`default ${j(s.default)}`);
  if (s.readOnly) out.push('read-only');
  if (s.writeOnly) out.push('write-only');
  return out;
}

export interface SchemaRow {
  depth: number;
  name: string;
  kind: 'property' | 'items' | 'additional' | 'variant' | 'value' | 'note';
  type?: TypeInfo;
  required?: boolean;
  deprecated?: boolean;
  description?: string;
  constraints?: string[];
  example?: unknown;
}

const MAX_DEPTH = 6;

/**
 * Flatten a schema into indented rows, one per property, descending into nested objects, array
 * items, allOf (merged), oneOf/anyOf (one "variant" row each) and additionalProperties.
 * Named schemas already being expanded higher up are not expanded again (recursion guard).
 */
export function schemaRows(doc: Obj, schema: unknown): SchemaRow[] {
  const rows: SchemaRow[] = [];
  const { value: root, name } = deref(doc, schema ?? {});
  const seen = new Set<string>(name ? [name] : []);
  const top = describeChildren(doc, root, 0, seen, rows);
  if (!top) {
    // Not an object and nothing to descend into: one row for the value itself.
    rows.push({
      depth: 0,
      name: '(value)',
      kind: 'value',
      type: typeLabel(doc, schema),
      description: root.description,
      constraints: constraints(doc, root),
      example: exampleOf(root),
    });
  }
  return rows;
}

function exampleOf(s: Obj): unknown {
  if (s.example !== undefined) return s.example;
  if (Array.isArray(s.examples) && s.examples.length) return s.examples[0];
  return undefined;
}

/** Merge allOf members into one object-like schema (properties and required lists unioned). */
function mergeAllOf(doc: Obj, s: Obj, seen: Set<string>): Obj {
  if (!Array.isArray(s.allOf)) return s;
  const merged: Obj = { ...s, properties: { ...(s.properties ?? {}) }, required: [...(s.required ?? [])] };
  delete merged.allOf;
  for (const part of s.allOf) {
    const { value: p, name } = deref(doc, part);
    if (name && seen.has(name)) continue;
    const pm = mergeAllOf(doc, p, seen);
    Object.assign(merged.properties, pm.properties ?? {});
    merged.required.push(...(pm.required ?? []));
    for (const k of ['type', 'additionalProperties', 'oneOf', 'anyOf', 'items', 'description'])
      if (merged[k] === undefined && pm[k] !== undefined) merged[k] = pm[k];
  }
  return merged;
}

/** Push rows for what is inside `s`; returns false when `s` has no inner structure. */
function describeChildren(doc: Obj, s0: Obj, depth: number, seen: Set<string>, rows: SchemaRow[]): boolean {
  if (depth > MAX_DEPTH) {
    rows.push({ depth, name: '…', kind: 'note', description: 'Nested too deeply to show here.' });
    return true;
  }
  const s = mergeAllOf(doc, s0, seen);
  let any = false;

  if (s.properties && typeof s.properties === 'object') {
    const required = new Set<string>(Array.isArray(s.required) ? s.required : []);
    for (const [prop, raw] of Object.entries(s.properties as Obj)) {
      any = true;
      pushNode(doc, raw, prop, 'property', depth, seen, rows, required.has(prop));
    }
  }
  if (s.additionalProperties && typeof s.additionalProperties === 'object') {
    any = true;
    pushNode(doc, s.additionalProperties, '[other keys]', 'additional', depth, seen, rows, false);
    const last = rows.findLast((r) => r.kind === 'additional' && r.depth === depth);
    if (last && !last.description) last.description = s.properties ? 'Other properties may be present.' : 'Properties with any name.';
  }
  const variants = (s.oneOf ?? s.anyOf) as unknown[] | undefined;
  if (Array.isArray(variants)) {
    any = true;
    const word = s.oneOf ? 'One of' : 'Any of';
    variants.forEach((v, i) => {
      const { value: vs, name } = deref(doc, v);
      rows.push({
        depth,
        name: `${word} (${i + 1}/${variants.length})`,
        kind: 'variant',
        type: typeLabel(doc, v),
        description: vs.title && vs.title !== name ? `${vs.title}${vs.description ? ` — ${vs.description}` : ''}` : vs.description,
        constraints: constraints(doc, vs),
      });
      if (name && seen.has(name)) return;
      const next = new Set(seen);
      if (name) next.add(name);
      describeChildren(doc, vs, depth + 1, next, rows);
    });
  }
  if (!any && (types(s).includes('array') || s.items)) {
    const { value: items, name } = deref(doc, s.items ?? {});
    if (hasStructure(doc, items) && !(name && seen.has(name))) {
      const next = new Set(seen);
      if (name) next.add(name);
      rows.push({ depth, name: '[ ] items', kind: 'items', type: typeLabel(doc, s.items), description: items.description });
      describeChildren(doc, items, depth + 1, next, rows);
      any = true;
    }
  }
  return any;
}

/** Whether a schema has inner structure worth a property table (object, array, variants), not a bare value. */
export function isStructured(doc: Obj, schema: unknown): boolean {
  if (!schema || typeof schema !== 'object') return false;
  const s = deref(doc, schema).value;
  if (hasStructure(doc, s)) return true;
  return types(s).includes('object') || types(s).includes('array');
}

function hasStructure(doc: Obj, s: Obj): boolean {
  const m = Array.isArray(s.allOf) ? mergeAllOf(doc, s, new Set()) : s;
  return !!(m.properties || (m.additionalProperties && typeof m.additionalProperties === 'object') || m.oneOf || m.anyOf || m.items);
}

function pushNode(
  doc: Obj,
  raw: unknown,
  name: string,
  kind: SchemaRow['kind'],
  depth: number,
  seen: Set<string>,
  rows: SchemaRow[],
  required: boolean,
) {
  const { value: ps, name: ref } = deref(doc, raw);
  rows.push({
    depth,
    name,
    kind,
    type: typeLabel(doc, raw),
    required,
    deprecated: ps.deprecated === true,
    description: ps.description ?? ps.title,
    constraints: constraints(doc, raw),
    example: exampleOf(ps),
  });
  if (ref && seen.has(ref)) {
    rows.push({ depth: depth + 1, name: '↻', kind: 'note', description: `Same shape as ${ref} above (recursive).` });
    return;
  }
  const next = new Set(seen);
  if (ref) next.add(ref);
  // Arrays: describe the items' fields directly under the property.
  const isArray = types(ps).includes('array') || (!!ps.items && !ps.properties);
  if (isArray && ps.items) {
    const { value: items, name: itemRef } = deref(doc, ps.items);
    if (itemRef && next.has(itemRef)) return;
    if (itemRef) next.add(itemRef);
    describeChildren(doc, items, depth + 1, next, rows);
    return;
  }
  describeChildren(doc, ps, depth + 1, next, rows);
}

/* ---------------------------------------------------------------- examples */

/** A plausible example value for a schema: documented examples first, then one built from the types. */
export function exampleFromSchema(doc: Obj, schema: unknown, depth = 0, seen = new Set<string>()): unknown {
  if (schema === undefined || schema === true) return {};
  const { value: s, name } = deref(doc, schema);
  if (s.example !== undefined) return s.example;
  if (Array.isArray(s.examples) && s.examples.length) return s.examples[0];
  if (s.const !== undefined) return s.const;
  if (s.default !== undefined) return s.default;
  if (Array.isArray(s.enum) && s.enum.length) return s.enum[0];
  if (depth > MAX_DEPTH || (name && seen.has(name))) return {};
  const next = new Set(seen);
  if (name) next.add(name);

  if (Array.isArray(s.allOf)) {
    const merged = mergeAllOf(doc, s, next);
    if (merged.properties || merged.type) return exampleFromSchema(doc, merged, depth + 1, next);
  }
  const variants = (s.oneOf ?? s.anyOf) as unknown[] | undefined;
  if (Array.isArray(variants) && variants.length) return exampleFromSchema(doc, variants[0], depth + 1, next);

  const t = types(s).find((x) => x !== 'null') ?? (types(s).length ? 'null' : 'object');
  switch (t) {
    case 'object': {
      const out: Obj = {};
      for (const [k, v] of Object.entries((s.properties ?? {}) as Obj)) {
        const pv = deref(doc, v).value;
        if (pv.writeOnly === true && depth > 0) continue;
        out[k] = exampleFromSchema(doc, v, depth + 1, next);
      }
      if (!s.properties && s.additionalProperties && typeof s.additionalProperties === 'object')
        out.key = exampleFromSchema(doc, s.additionalProperties, depth + 1, next);
      return out;
    }
    case 'array':
      return [exampleFromSchema(doc, s.items ?? {}, depth + 1, next)];
    case 'integer':
      return typeof s.minimum === 'number'
        ? Math.ceil(s.minimum)
        : typeof s.exclusiveMinimum === 'number'
          ? Math.floor(s.exclusiveMinimum) + 1
          : 0;
    case 'number':
      if (typeof s.minimum === 'number' && typeof s.maximum === 'number') return Math.round(((s.minimum + s.maximum) / 2) * 100) / 100;
      return typeof s.minimum === 'number' ? s.minimum : 0;
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'string':
      return stringExample(s);
    default:
      return {};
  }
}

function stringExample(s: Obj): string {
  switch (s.format) {
    case 'date-time':
      return '2025-01-31T12:00:00Z';
    case 'date':
      return '2025-01-31';
    case 'time':
      return '12:00:00Z';
    case 'uuid':
      return '3fa85f64-5717-4562-b3fc-2c963f66afa6';
    case 'email':
      return 'ada@example.com';
    case 'uri':
    case 'url':
      return 'https://example.com/';
    case 'uri-reference':
      return '/path';
    case 'hostname':
      return 'example.com';
    case 'ipv4':
      return '192.0.2.1';
    case 'ipv6':
      return '2001:db8::1';
    case 'byte':
      return 'aGVsbG8=';
    case 'binary':
      return '<binary>';
    default:
      if (s.contentEncoding === 'base64') return 'aGVsbG8=';
      if (typeof s.minLength === 'number' && s.minLength > 6) return 'x'.repeat(s.minLength);
      return 'string';
  }
}

/** Best example for a media entry: the documented one, otherwise generated from the schema. */
export function exampleFor(doc: Obj, m: MediaEntry): { value: unknown; generated: boolean } {
  if (m.hasExample) return { value: m.example, generated: false };
  return { value: exampleFromSchema(doc, m.schema), generated: true };
}

export function isJsonMedia(mediaType: string): boolean {
  const base = mediaType.split(';')[0].trim().toLowerCase();
  return base === 'application/json' || base.endsWith('+json');
}

function isBinarySchema(doc: Obj, schema: unknown): boolean {
  if (!schema) return false;
  const s = deref(doc, schema).value;
  if (s.format === 'binary' || (s.contentMediaType && s.contentEncoding !== 'base64' && s.type === 'string' && !s.contentEncoding))
    return true;
  if (s.items) return isBinarySchema(doc, s.items);
  return false;
}

/* ---------------------------------------------------------------- code samples */

/** Origin used in generated samples when the document's server URL is relative. */
export const FALLBACK_ORIGIN = 'https://likeness.dev';

export function serverUrl(doc: OpenApiDoc): string {
  const server = doc.servers?.[0];
  let url = server?.url ?? '/';
  for (const [k, v] of Object.entries(server?.variables ?? {})) url = url.replaceAll(`{${k}}`, v.default);
  if (!/^https?:\/\//.test(url)) url = FALLBACK_ORIGIN + (url.startsWith('/') ? url : `/${url}`);
  return url.replace(/\/+$/, '');
}

function paramExample(doc: Obj, p: Parameter): string {
  if (p.example !== undefined) return String(p.example);
  const first = p.examples && Object.values(p.examples)[0];
  if (first) {
    const ex = deref(doc, first).value;
    if (ex.value !== undefined) return String(ex.value);
  }
  if (p.schema) {
    const v = exampleFromSchema(doc, p.schema);
    if (v !== undefined && typeof v !== 'object') return String(v);
  }
  return p.name.toUpperCase();
}

function sampleUrl(doc: OpenApiDoc, op: Operation): string {
  let path = op.path;
  for (const p of op.parameters.filter((x) => x.in === 'path'))
    path = path.replaceAll(`{${p.name}}`, encodeURIComponent(paramExample(doc, p)));
  const query = op.parameters
    .filter((p) => p.in === 'query' && (p.required || p.example !== undefined || p.examples))
    .map((p) => `${encodeURIComponent(p.name)}=${encodeURIComponent(paramExample(doc, p))}`);
  return serverUrl(doc) + path + (query.length ? `?${query.join('&')}` : '');
}

/** Headers for auth, from the operation's security requirement and the document's security schemes. */
function authHeaders(doc: OpenApiDoc, op: Operation): { name: string; value: string; env: string }[] {
  const out: { name: string; value: string; env: string }[] = [];
  const req = op.security.find((r) => Object.keys(r).length > 0);
  if (!req) return out;
  for (const schemeName of Object.keys(req)) {
    const scheme = deref(doc, doc.components?.securitySchemes?.[schemeName]).value;
    if (scheme.type === 'http' && /^bearer$/i.test(scheme.scheme))
      out.push({ name: 'authorization', value: 'Bearer $LIKENESS_TOKEN', env: 'LIKENESS_TOKEN' });
    else if (scheme.type === 'http' && /^basic$/i.test(scheme.scheme))
      out.push({ name: 'authorization', value: 'Basic $LIKENESS_BASIC', env: 'LIKENESS_BASIC' });
    else if (scheme.type === 'apiKey' && scheme.in === 'header')
      out.push({ name: scheme.name, value: '$LIKENESS_API_KEY', env: 'LIKENESS_API_KEY' });
    else if (scheme.type === 'oauth2' || scheme.type === 'openIdConnect')
      out.push({ name: 'authorization', value: 'Bearer $LIKENESS_TOKEN', env: 'LIKENESS_TOKEN' });
  }
  return out;
}

const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const jsq = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function fileNameFor(field: string, schema: Obj | undefined): string {
  const cmt = (schema?.contentMediaType as string | undefined) ?? '';
  const ext = cmt.includes('png') ? 'png' : cmt.includes('webp') ? 'webp' : 'jpg';
  return `${field}.${ext}`;
}

/** Samples from `x-codeSamples` / `x-code-samples` when the document has them, otherwise curl and fetch. */
export function codeSamples(doc: OpenApiDoc, op: Operation): { samples: CodeSample[]; generated: boolean } {
  const declared = (op.raw['x-codeSamples'] ?? op.raw['x-code-samples']) as Obj[] | undefined;
  if (Array.isArray(declared) && declared.length) {
    return {
      generated: false,
      samples: declared
        .filter((s) => typeof s.source === 'string')
        .map((s) => ({ lang: String(s.lang ?? 'plaintext'), label: String(s.label ?? s.lang ?? 'Example'), source: s.source })),
    };
  }
  return { generated: true, samples: [curlSample(doc, op), fetchSample(doc, op)] };
}

function bodyPlan(doc: OpenApiDoc, op: Operation) {
  const entry = op.requestBody?.content[0];
  if (!entry) return undefined;
  const base = entry.mediaType.split(';')[0].trim().toLowerCase();
  if (base === 'multipart/form-data' || base === 'application/x-www-form-urlencoded') {
    const s = mergeAllOf(doc, deref(doc, entry.schema ?? {}).value, new Set());
    const example = (exampleFor(doc, entry).value ?? {}) as Obj;
    const required = new Set<string>(s.required ?? []);
    const fields = Object.entries((s.properties ?? {}) as Obj)
      .filter(([k]) => required.size === 0 || required.has(k))
      .map(([k, v]) => {
        const ps = deref(doc, v).value;
        const binary = isBinarySchema(doc, v);
        const val = example[k];
        return { name: k, binary, file: fileNameFor(k, ps), value: typeof val === 'object' ? JSON.stringify(val) : String(val ?? '') };
      });
    return { kind: base === 'multipart/form-data' ? ('multipart' as const) : ('form' as const), mediaType: entry.mediaType, fields };
  }
  if (isJsonMedia(base)) return { kind: 'json' as const, mediaType: entry.mediaType, json: exampleFor(doc, entry).value };
  if (base.startsWith('text/')) {
    const ex = exampleFor(doc, entry).value;
    return { kind: 'text' as const, mediaType: entry.mediaType, text: typeof ex === 'string' ? ex : 'text' };
  }
  const ext = base.includes('png') ? 'png' : base.includes('webp') ? 'webp' : base.startsWith('image/') ? 'jpg' : 'bin';
  return { kind: 'binary' as const, mediaType: base === 'image/*' ? 'image/jpeg' : entry.mediaType, file: `photo.${ext}` };
}

function requiredHeaderParams(doc: OpenApiDoc, op: Operation) {
  return op.parameters
    .filter((p) => p.in === 'header' && p.required && p.name.toLowerCase() !== 'content-type')
    .map((p) => ({ name: p.name, value: paramExample(doc, p) }));
}

export function curlSample(doc: OpenApiDoc, op: Operation): CodeSample {
  const lines: string[] = [];
  const method = op.method.toUpperCase();
  const plan = bodyPlan(doc, op);
  const first = method === 'GET' && !plan ? `curl ${shq(sampleUrl(doc, op))}` : `curl -X ${method} ${shq(sampleUrl(doc, op))}`;
  for (const h of authHeaders(doc, op)) lines.push(`-H "${h.name}: ${h.value}"`);
  for (const h of requiredHeaderParams(doc, op)) lines.push(`-H ${shq(`${h.name}: ${h.value}`)}`);
  if (plan?.kind === 'multipart')
    for (const f of plan.fields) lines.push(f.binary ? `-F ${shq(`${f.name}=@${f.file}`)}` : `-F ${shq(`${f.name}=${f.value}`)}`);
  else if (plan?.kind === 'form') for (const f of plan.fields) lines.push(`--data-urlencode ${shq(`${f.name}=${f.value}`)}`);
  else if (plan?.kind === 'json') {
    lines.push(`-H ${shq(`content-type: ${plan.mediaType}`)}`);
    lines.push(`--data ${shq(JSON.stringify(plan.json, null, 2))}`);
  } else if (plan?.kind === 'text') {
    lines.push(`-H ${shq(`content-type: ${plan.mediaType}`)}`);
    lines.push(`--data ${shq(plan.text)}`);
  } else if (plan?.kind === 'binary') {
    lines.push(`-H ${shq(`content-type: ${plan.mediaType}`)}`);
    lines.push(`--data-binary ${shq(`@${plan.file}`)}`);
  }
  return { lang: 'bash', label: 'curl', source: [first, ...lines].join(' \\\n  ') };
}

export function fetchSample(doc: OpenApiDoc, op: Operation): CodeSample {
  const method = op.method.toUpperCase();
  const plan = bodyPlan(doc, op);
  const pre: string[] = [];
  const init: string[] = [];
  const headers: string[] = [];
  for (const h of authHeaders(doc, op)) {
    // A header holding $VAR becomes a template literal in the sample: `Bearer ${VAR}`.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: that '${$1}' is the sample's placeholder
    const value = h.value.includes('$') ? `\`${h.value.replace(/\$(\w+)/, '${$1}')}\`` : jsq(h.value);
    headers.push(`${jsq(h.name)}: ${value}`);
  }
  for (const h of requiredHeaderParams(doc, op)) headers.push(`${jsq(h.name)}: ${jsq(h.value)}`);

  if (plan?.kind === 'multipart') {
    const files = plan.fields.filter((f) => f.binary).map((f) => `${camel(f.name)}File`);
    if (files.length === 1) pre.push(`// ${files[0]}: a File or Blob, e.g. from <input type="file">`);
    if (files.length > 1) pre.push(`// ${files.join(', ')}: File or Blob objects, e.g. from <input type="file">`);
    pre.push('const form = new FormData();');
    for (const f of plan.fields) {
      if (f.binary) pre.push(`form.append(${jsq(f.name)}, ${camel(f.name)}File);`);
      else pre.push(`form.append(${jsq(f.name)}, ${jsq(f.value)});`);
    }
    init.push('body: form,');
  } else if (plan?.kind === 'form') {
    pre.push('const form = new URLSearchParams();');
    for (const f of plan.fields) pre.push(`form.append(${jsq(f.name)}, ${jsq(f.value)});`);
    init.push('body: form,');
  } else if (plan?.kind === 'json') {
    headers.push(`'content-type': ${jsq(plan.mediaType)}`);
    const body = JSON.stringify(plan.json, null, 2).replace(/\n/g, '\n  ');
    init.push(`body: JSON.stringify(${body}),`);
  } else if (plan?.kind === 'text') {
    headers.push(`'content-type': ${jsq(plan.mediaType)}`);
    init.push(`body: ${jsq(plan.text)},`);
  } else if (plan?.kind === 'binary') {
    headers.push(`'content-type': ${jsq(plan.mediaType)}`);
    pre.push('// file: a File or Blob, e.g. from <input type="file">');
    init.push('body: file,');
  }
  if (method !== 'GET') init.unshift(`method: '${method}',`);
  if (headers.length) init.push(`headers: {\n    ${headers.join(',\n    ')},\n  },`);

  const call = init.length
    ? `await fetch(${jsq(sampleUrl(doc, op))}, {\n  ${init.join('\n  ')}\n});`
    : `await fetch(${jsq(sampleUrl(doc, op))});`;
  const lines = [...pre, ...(pre.length ? [''] : []), `const res = ${call}`];

  const hasProblem = op.responses.some((r) => r.content.some((c) => c.mediaType.startsWith(PROBLEM_MEDIA)));
  if (hasProblem) {
    lines.push(
      'if (!res.ok) {',
      '  const problem = await res.json(); // problem+json',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: sample code, printed as written
      '  throw new Error(`${problem.title}: ${problem.detail}`);',
      '}',
    );
  } else lines.push(`if (!res.ok) throw new Error(\`HTTP \${res.status}\`);`);

  const ok = op.responses.find((r) => /^2/.test(r.status));
  const okMedia = ok?.content[0]?.mediaType ?? '';
  if (isJsonMedia(okMedia)) lines.push('const data = await res.json();');
  else if (/^(image|audio|video)\/|octet-stream/.test(okMedia)) lines.push('const blob = await res.blob();');
  else if (okMedia.startsWith('text/')) lines.push('const text = await res.text();');
  return { lang: 'js', label: 'fetch', source: lines.join('\n') };
}

function camel(s: string): string {
  return s.replace(/[-_\s]+(.)/g, (_, c: string) => c.toUpperCase()).replace(/^[^a-zA-Z_$]/, '_$&');
}

/* ---------------------------------------------------------------- problem details */

/** The schema describing `application/problem+json` errors, and the first named one if there is one. */
export function problemSchema(doc: OpenApiDoc, ops: Operation[]): { schema?: Obj; name?: string } {
  for (const op of ops)
    for (const r of op.responses)
      for (const c of r.content)
        if (c.mediaType.startsWith(PROBLEM_MEDIA) && c.schema) return { schema: c.schema, name: deref(doc, c.schema).name };
  const schemas = (doc.components?.schemas ?? {}) as Obj;
  const key = Object.keys(schemas).find((k) => /problem/i.test(k));
  return key ? { schema: { $ref: `#/components/schemas/${key}` }, name: key } : {};
}

/** Problem `type` URIs the document mentions in examples or enums, with their status and title when known. */
export function problemTypes(doc: OpenApiDoc, ops: Operation[]) {
  const found = new Map<string, { type: string; status?: number; title?: string }>();
  const add = (v: Obj | undefined) => {
    if (v && typeof v.type === 'string' && /^(https?:|urn:|about:|\/)/.test(v.type) && !found.has(v.type))
      found.set(v.type, { type: v.type, status: typeof v.status === 'number' ? v.status : undefined, title: v.title });
  };
  for (const op of ops)
    for (const r of op.responses)
      for (const c of r.content) {
        if (!c.mediaType.startsWith(PROBLEM_MEDIA)) continue;
        const mo = op.raw.responses?.[r.status] ? deref(doc, op.raw.responses[r.status]).value.content?.[c.mediaType] : undefined;
        if (mo?.examples) for (const ex of Object.values(mo.examples as Obj)) add(deref(doc, ex).value.value);
        if (c.hasExample) add(c.example as Obj);
      }
  const { schema } = problemSchema(doc, ops);
  if (schema) {
    const s = deref(doc, schema).value;
    const t = s.properties?.type ? deref(doc, s.properties.type).value : undefined;
    for (const v of (t?.enum ?? []) as unknown[]) if (typeof v === 'string' && !found.has(v)) found.set(v, { type: v });
  }
  return [...found.values()].sort((a, b) => (a.status ?? 999) - (b.status ?? 999) || a.type.localeCompare(b.type));
}

/** Generic RFC 9457 shape, used when the document does not describe its errors itself. */
export const RFC9457_SCHEMA: Obj = {
  type: 'object',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', format: 'uri', description: 'Stable URI identifying the problem type; switch on this.' },
    title: { type: 'string', description: 'Short, human-readable summary of the problem type.' },
    status: { type: 'integer', description: 'The HTTP status code.' },
    detail: { type: 'string', description: 'Explanation specific to this occurrence.' },
    instance: { type: 'string', format: 'uri-reference', description: 'URI identifying this occurrence.' },
  },
};

/* ---------------------------------------------------------------- markdown (tiny, safe subset) */

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function inline(text: string): string {
  const codes: string[] = [];
  let s = text.replace(/`([^`]+)`/g, (_, c: string) => {
    codes.push(`<code>${esc(c)}</code>`);
    return `\u0000${codes.length - 1}\u0000`;
  });
  s = esc(s)
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_, label: string, href: string) => {
      const safe = /^(https?:|mailto:|\/|#)/i.test(href.replace(/&amp;/g, '&')) ? href : '#';
      return `<a href="${safe}">${label}</a>`;
    })
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^\w*])\*([^*\s][^*]*)\*(?!\w)/g, '$1<em>$2</em>')
    .replace(/(^|[^\w])_([^_\s][^_]*)_(?!\w)/g, '$1<em>$2</em>');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL-delimited placeholders cannot occur in the escaped text
  return s.replace(/\u0000(\d+)\u0000/g, (_, i: string) => codes[Number(i)]);
}

/** Render the CommonMark subset OpenAPI descriptions usually use. Raw HTML is escaped, never passed through. */
export function markdown(src: string | undefined): string {
  if (!src) return '';
  const lines = src.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let para: string[] = [];
  let list: { ordered: boolean; items: string[] } | null = null;
  const flushPara = () => {
    if (para.length) out.push(`<p>${inline(para.join(' '))}</p>`);
    para = [];
  };
  const flushList = () => {
    if (list)
      out.push(`<${list.ordered ? 'ol' : 'ul'}>${list.items.map((i) => `<li>${inline(i)}</li>`).join('')}</${list.ordered ? 'ol' : 'ul'}>`);
    list = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = line.match(/^\s*```(\w*)/);
    if (fence) {
      flushPara();
      flushList();
      const code: string[] = [];
      for (i++; i < lines.length && !/^\s*```/.test(lines[i]); i++) code.push(lines[i]);
      out.push(`<pre><code>${esc(code.join('\n'))}</code></pre>`);
      continue;
    }
    const heading = line.match(/^(#{1,6})\s+(.*)$/);
    const bullet = line.match(/^\s*[-*+]\s+(.*)$/);
    const numbered = line.match(/^\s*\d+[.)]\s+(.*)$/);
    if (!line.trim()) {
      flushPara();
      flushList();
    } else if (heading) {
      flushPara();
      flushList();
      const level = Math.min(6, heading[1].length + 3); // descriptions live under h2/h3 already
      out.push(`<h${level}>${inline(heading[2])}</h${level}>`);
    } else if (bullet || numbered) {
      flushPara();
      const ordered = !!numbered;
      if (list && list.ordered !== ordered) flushList();
      list ??= { ordered, items: [] };
      list.items.push((bullet ?? numbered)![1]);
    } else if (list && /^\s{2,}\S/.test(line)) {
      list.items[list.items.length - 1] += ` ${line.trim()}`;
    } else {
      flushList();
      para.push(line.trim());
    }
  }
  flushPara();
  flushList();
  return out.join('\n');
}

export function pretty(value: unknown): string {
  return JSON.stringify(value, null, 2) ?? 'null';
}
