// Example values: documented ones first, otherwise plausible ones built from the schema.

import { deref } from './document';
import { MAX_DEPTH, mergeAllOf, schemaTypes } from './schema';
import type { MediaEntry, Obj } from './types';

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

  const t = schemaTypes(s).find((x) => x !== 'null') ?? (schemaTypes(s).length ? 'null' : 'object');
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

export function isBinarySchema(doc: Obj, schema: unknown): boolean {
  if (!schema) return false;
  const s = deref(doc, schema).value;
  if (s.format === 'binary' || (s.contentMediaType && s.contentEncoding !== 'base64' && s.type === 'string' && !s.contentEncoding))
    return true;
  if (s.items) return isBinarySchema(doc, s.items);
  return false;
}
