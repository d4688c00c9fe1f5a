// Every operation has a stable, unique operationId: the typed client (clients/js) names its methods
// after them and the API reference links and samples use them, so a route without one, or a
// duplicate, would leave a hole in both.
import { describe, expect, it } from 'vitest';
import { createApp, openApiDocument } from '../../../functions/src/app';

const doc = openApiDocument(
  createApp({
    runtime: () => {
      throw new Error('the OpenAPI document needs no runtime');
    },
  }),
);

describe('OpenAPI operation ids', () => {
  it('are present, unique and camelCase on every operation', () => {
    const ids: string[] = [];
    const missing: string[] = [];
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      for (const [method, op] of Object.entries(item as Record<string, { operationId?: string }>)) {
        if (op.operationId) ids.push(op.operationId);
        else missing.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(missing).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][A-Za-z]+$/);
  });
});
