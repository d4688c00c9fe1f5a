// Code samples for one operation: the document's own (x-codeSamples) when it has them, otherwise the
// same example request in curl, the typed client, Swift (URLSession), Kotlin (OkHttp) and plain fetch.

import type { CodeSample, Obj, OpenApiDoc, Operation } from '../types';
import { clientSample } from './client';
import { curlSample } from './curl';
import { fetchSample } from './fetch';
import { kotlinSample } from './kotlin';
import { requestPlan, serverUrl } from './request';
import { swiftSample } from './swift';

export { FALLBACK_ORIGIN, KEY_ENV, requestPlan, serverUrl } from './request';

const isMethodName = (id: unknown): id is string => typeof id === 'string' && /^[A-Za-z_$][\w$]*$/.test(id);

export function codeSamples(doc: OpenApiDoc, op: Operation): { samples: CodeSample[]; generated: boolean } {
  const declared = (op.raw['x-codeSamples'] ?? op.raw['x-code-samples']) as Obj[] | undefined;
  if (Array.isArray(declared) && declared.length) {
    return {
      generated: false,
      samples: declared
        .filter((s) => typeof s.source === 'string')
        .map((s) => {
          const lang = String(s.lang ?? 'plaintext');
          return { id: lang.toLowerCase(), lang, label: String(s.label ?? s.lang ?? 'Example'), source: s.source };
        }),
    };
  }
  const plan = requestPlan(doc, op);
  const base = serverUrl(doc).replace(/\/v\d+$/, '');
  return {
    generated: true,
    samples: [
      curlSample(plan),
      // The client's methods are the operationIds: without one, there is no method to show.
      ...(isMethodName(op.raw.operationId) ? [clientSample(plan, op.raw.operationId, base)] : []),
      swiftSample(plan),
      kotlinSample(plan),
      fetchSample(plan),
    ],
  };
}
