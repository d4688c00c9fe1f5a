// The client covers the API exactly: a method for every operationId of the OpenAPI document and
// none for anything else, and each operation sent as the document says (method, path, body, key).
import { describe, expect, it } from 'vitest';
import { Likeness, OPERATIONS, type OperationSpec } from '../../../clients/js/src/index';
import { apiDocument } from '../../../scripts/client-types';

interface DocOperation {
  operationId: string;
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> };
  security?: Record<string, string[]>[];
}

const documented = Object.entries(apiDocument().paths as unknown as Record<string, Record<string, DocOperation>>).flatMap(([path, item]) =>
  Object.entries(item).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
);
const ids = documented.map(({ op }) => op.operationId).sort();
const methods = Object.getOwnPropertyNames(Likeness.prototype)
  .filter((name) => name !== 'constructor')
  .sort();

describe('the client and the OpenAPI document', () => {
  it('has one method per operationId, and no other', () => {
    expect(methods).toEqual(ids);
    expect(Object.keys(OPERATIONS).sort()).toEqual(ids);
  });

  it('sends each operation as documented', () => {
    for (const { path, method, op } of documented) {
      const content = op.requestBody?.content ?? {};
      const expected: OperationSpec = { method: method as OperationSpec['method'], path };
      if (op.requestBody) expected.body = 'multipart/form-data' in content ? 'form' : 'json';
      if (op.security?.some((requirement) => 'apiKey' in requirement)) expected.auth = true;
      expect(OPERATIONS[op.operationId as keyof typeof OPERATIONS], op.operationId).toEqual(expected);
    }
  });

  it('sends every query parameter of an operation with a body in the body, where the API also takes it', () => {
    for (const { op } of documented) {
      if (!op.requestBody) continue;
      const bodyFields = new Set(Object.values(op.requestBody.content).flatMap((c) => Object.keys(c.schema.properties ?? {})));
      const queryOnly = (op.parameters ?? []).filter((p) => p.in === 'query' && !bodyFields.has(p.name)).map((p) => p.name);
      expect(queryOnly, `${op.operationId}: query parameters the body does not take`).toEqual([]);
    }
  });
});
