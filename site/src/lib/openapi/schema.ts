// Schemas as people read them: short type labels, constraints as phrases, and property tables
// (nested objects, array items, variants) flattened into indented rows.

import { deref } from './document';
import type { Obj } from './types';

export function schemaTypes(s: Obj): string[] {
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
  if (Array.isArray(s.allOf) && !schemaTypes(s).length) {
    const names = s.allOf.map((v: unknown) => deref(doc, v).name);
    const named = names.filter(Boolean) as string[];
    if (named.length && named.length === names.length) return { label: named.join(' & ') };
    return { label: named.length ? `object (extends ${named.join(', ')})` : 'object' };
  }
  const ts = schemaTypes(s);
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

export const MAX_DEPTH = 6;

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

export function exampleOf(s: Obj): unknown {
  if (s.example !== undefined) return s.example;
  if (Array.isArray(s.examples) && s.examples.length) return s.examples[0];
  return undefined;
}

/** Merge allOf members into one object-like schema (properties and required lists unioned). */
export function mergeAllOf(doc: Obj, s: Obj, seen: Set<string>): Obj {
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
  if (!any && (schemaTypes(s).includes('array') || s.items)) {
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
  return schemaTypes(s).includes('object') || schemaTypes(s).includes('array');
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
  const isArray = schemaTypes(ps).includes('array') || (!!ps.items && !ps.properties);
  if (isArray && ps.items) {
    const { value: items, name: itemRef } = deref(doc, ps.items);
    if (itemRef && next.has(itemRef)) return;
    if (itemRef) next.add(itemRef);
    describeChildren(doc, items, depth + 1, next, rows);
    return;
  }
  describeChildren(doc, ps, depth + 1, next, rows);
}
