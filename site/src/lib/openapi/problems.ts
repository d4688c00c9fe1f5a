// The shared error format: which schema describes problem+json bodies, and which problem types appear.

import { deref } from './document';
import { type Obj, type OpenApiDoc, type Operation, PROBLEM_MEDIA } from './types';

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
