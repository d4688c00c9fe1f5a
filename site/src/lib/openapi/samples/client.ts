// The example request through the typed client (@likeness/client, clients/js): one method per
// operation, named by its operationId, taking one object keyed by the API's own names (path
// parameters, image fields, the other body and query fields). Node reads the photos from files;
// browsers pass a File, React Native a Blob.

import type { CodeSample, Obj } from '../types';
import { placeholderNote, type RequestPlan } from './request';

/** Single-quoted JavaScript string. */
export const jsq = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** A JavaScript literal for a JSON value: bare keys where they are identifiers, one line when short. */
export function jsLiteral(value: unknown, indent = ''): string {
  if (typeof value === 'string') return jsq(value);
  if (value === null || typeof value !== 'object') return String(value);
  const inner = `${indent}  `;
  const parts = Array.isArray(value)
    ? value.map((v) => jsLiteral(v, inner))
    : Object.entries(value as Obj).map(([k, v]) => `${IDENTIFIER.test(k) ? k : jsq(k)}: ${jsLiteral(v, inner)}`);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{ ', ' }'];
  if (!parts.length) return Array.isArray(value) ? '[]' : '{}';
  const line = `${open}${parts.join(', ')}${close}`;
  if (line.length + indent.length <= 72 && !line.includes('\n')) return line;
  return `${open.trim()}\n${parts.map((p) => `${inner}${p},`).join('\n')}\n${indent}${close.trim()}`;
}

/** The method's argument: path parameters, query parameters, then body fields (files read with readFile). */
function argument(plan: RequestPlan): { text: string; readsFiles: boolean } {
  const entries: [string, string][] = [];
  for (const p of plan.pathParams) entries.push([p.name, jsq(p.value)]);
  for (const q of plan.query) entries.push([q.name, jsq(q.value)]);
  const { body } = plan;
  let readsFiles = false;
  if (body?.kind === 'multipart' || body?.kind === 'form')
    for (const f of body.fields) {
      readsFiles ||= f.binary;
      entries.push([f.name, f.binary ? `await readFile(${jsq(f.file)})` : jsLiteral(f.json)]);
    }
  else if (body?.kind === 'json' && body.json && typeof body.json === 'object' && !Array.isArray(body.json))
    for (const [k, v] of Object.entries(body.json as Obj)) entries.push([k, jsLiteral(v, '  ')]);
  else if (body?.kind === 'binary') {
    readsFiles = true;
    entries.push(['image', `await readFile(${jsq(body.file)})`]);
  }
  if (!entries.length) return { text: '', readsFiles };
  const pairs = entries.map(([k, v]) => `${IDENTIFIER.test(k) ? k : jsq(k)}: ${v}`);
  const line = `{ ${pairs.join(', ')} }`;
  const text = line.length <= 64 && !line.includes('\n') ? line : `{\n${pairs.map((p) => `  ${p},`).join('\n')}\n}`;
  return { text, readsFiles };
}

export function clientSample(plan: RequestPlan, operationId: string, baseUrl: string): CodeSample {
  const { text, readsFiles } = argument(plan);
  const { response } = plan;
  const fs = [readsFiles && 'readFile', response.kind === 'binary' && 'writeFile'].filter(Boolean);
  const lines = [`import { Likeness } from '@likeness/client';`];
  if (fs.length) lines.push(`import { ${fs.join(', ')} } from 'node:fs/promises';`);
  lines.push(`const likeness = new Likeness({ baseUrl: ${jsq(baseUrl)}, apiKey: process.env.LIKENESS_KEY });`);
  if (readsFiles)
    lines.push('// Images: a Blob, ArrayBuffer or Uint8Array (a File in browsers; in React Native, await (await fetch(uri)).blob()).');
  for (const p of plan.placeholders) lines.push(`// ${placeholderNote(p)}`);
  const call = `await likeness.${operationId}(${text})`;
  if (response.kind === 'empty') lines.push(`${call}; // ${response.status}: nothing to return`);
  else lines.push(`const answer = ${call};`);
  if (response.kind === 'binary')
    lines.push(`await writeFile(${jsq(response.file ?? 'answer.bin')}, answer.bytes); // answer.contentType says which format`);
  else if (response.kind !== 'empty') lines.push('console.log(answer);');
  if (plan.problems) lines.push('// On failure it throws LikenessError: status, kind (e.g. no-face), title, detail.');
  return { id: 'client', lang: 'js', label: 'JavaScript', source: lines.join('\n') };
}
