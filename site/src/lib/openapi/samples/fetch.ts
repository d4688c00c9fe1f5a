// The example request with the platform's fetch and FormData alone (no client library).

import type { CodeSample } from '../types';
import { jsLiteral, jsq } from './client';
import { KEY_ENV, OPTIONAL_KEY_NOTE, placeholderNote, type RequestPlan } from './request';

function camel(s: string): string {
  return s.replace(/[-_\s]+(.)/g, (_, c: string) => c.toUpperCase()).replace(/^[^a-zA-Z_$]/, '_$&');
}

export function fetchSample(plan: RequestPlan): CodeSample {
  const { method, body, auth } = plan;
  const pre: string[] = [];
  const init: string[] = [];
  const headers: string[] = [];
  if (auth) {
    const header = `${jsq(auth.header)}: \`${auth.scheme ? `${auth.scheme} ` : ''}\${${KEY_ENV}}\``;
    if (auth.required) headers.push(header);
    else pre.push(`// ${OPTIONAL_KEY_NOTE}: headers: { ${header} }`);
  }
  for (const h of plan.headers) headers.push(`${jsq(h.name)}: ${jsq(h.value)}`);
  for (const p of plan.placeholders) pre.push(`// ${placeholderNote(p)}`);

  if (body?.kind === 'multipart') {
    const files = body.fields.filter((f) => f.binary).map((f) => `${camel(f.name)}File`);
    if (files.length)
      pre.push(`// ${files.join(', ')}: ${files.length > 1 ? 'File or Blob objects' : 'a File or Blob'}, e.g. from <input type="file">`);
    pre.push('const form = new FormData();');
    for (const f of body.fields) pre.push(`form.append(${jsq(f.name)}, ${f.binary ? `${camel(f.name)}File` : jsq(f.value)});`);
    init.push('body: form,');
  } else if (body?.kind === 'form') {
    pre.push('const form = new URLSearchParams();');
    for (const f of body.fields) pre.push(`form.append(${jsq(f.name)}, ${jsq(f.value)});`);
    init.push('body: form,');
  } else if (body?.kind === 'json') {
    headers.push(`'content-type': ${jsq(body.mediaType)}`);
    init.push(`body: JSON.stringify(${jsLiteral(body.json, '  ')}),`);
  } else if (body?.kind === 'text') {
    headers.push(`'content-type': ${jsq(body.mediaType)}`);
    init.push(`body: ${jsq(body.text)},`);
  } else if (body?.kind === 'binary') {
    headers.push(`'content-type': ${jsq(body.mediaType)}`);
    pre.push('// file: a File or Blob, e.g. from <input type="file">');
    init.push('body: file,');
  }
  if (method !== 'GET') init.unshift(`method: '${method}',`);
  if (headers.length) init.push(`headers: { ${headers.join(', ')} },`);

  const call = init.length ? `await fetch(${jsq(plan.url)}, {\n  ${init.join('\n  ')}\n});` : `await fetch(${jsq(plan.url)});`;
  const lines = [...pre, ...(pre.length ? [''] : []), `const res = ${call}`];
  if (plan.problems)
    lines.push(
      'if (!res.ok) {',
      '  const problem = await res.json(); // application/problem+json',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: sample code, printed as written
      '  throw new Error(`${problem.title}: ${problem.detail}`);',
      '}',
    );
  // biome-ignore lint/suspicious/noTemplateCurlyInString: sample code, printed as written
  else lines.push('if (!res.ok) throw new Error(`HTTP ${res.status}`);');
  const { response } = plan;
  if (response.kind === 'json') lines.push('const answer = await res.json();');
  else if (response.kind === 'binary') lines.push('const image = await res.blob();');
  else if (response.kind === 'text') lines.push('const text = await res.text();');
  return { id: 'fetch', lang: 'js', label: 'fetch', source: lines.join('\n') };
}
