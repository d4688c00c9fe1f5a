// The document's operations, flattened (path-level parameters merged, $refs resolved) and grouped by tag.

import { deref } from './document';
import { HTTP_METHODS, type MediaEntry, type Obj, type OpenApiDoc, type Operation, type Parameter, type ResponseEntry } from './types';

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

/** What the reference's search matches an operation by: method, path, summary, tags and operationId. */
export function searchText(op: Operation): string {
  return [op.method.toUpperCase(), op.path, op.summary ?? '', ...op.tags, op.id].join(' ').toLowerCase();
}
