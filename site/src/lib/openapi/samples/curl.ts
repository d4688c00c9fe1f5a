// The example request as a curl command (bash quoting): multipart parts with -F name=@file, JSON
// with --data, the API key from $LIKENESS_KEY.

import type { CodeSample } from '../types';
import { KEY_ENV, OPTIONAL_KEY_NOTE, placeholderNote, type RequestPlan } from './request';

/** Single-quoted for the shell: a ' inside becomes '\''. */
export const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function curlSample(plan: RequestPlan): CodeSample {
  const { method, body, auth, response } = plan;
  const pre: string[] = [];
  const args: string[] = [method === 'GET' && !body ? `curl ${shq(plan.url)}` : `curl -X ${method} ${shq(plan.url)}`];
  if (auth) {
    // Double quotes, so the shell expands the key.
    const header = `-H "${auth.header}: ${auth.scheme ? `${auth.scheme} ` : ''}$${KEY_ENV}"`;
    if (auth.required) args.push(header);
    else pre.push(`# ${OPTIONAL_KEY_NOTE}: ${header}`);
  }
  for (const h of plan.headers) args.push(`-H ${shq(`${h.name}: ${h.value}`)}`);
  for (const p of plan.placeholders) pre.push(`# ${placeholderNote(p)}`);
  if (body?.kind === 'multipart')
    for (const f of body.fields) args.push(f.binary ? `-F ${shq(`${f.name}=@${f.file}`)}` : `-F ${shq(`${f.name}=${f.value}`)}`);
  else if (body?.kind === 'form') for (const f of body.fields) args.push(`--data-urlencode ${shq(`${f.name}=${f.value}`)}`);
  else if (body?.kind === 'json') args.push(`-H ${shq(`content-type: ${body.mediaType}`)}`, `--data ${shq(JSON.stringify(body.json))}`);
  else if (body?.kind === 'text') args.push(`-H ${shq(`content-type: ${body.mediaType}`)}`, `--data ${shq(body.text)}`);
  else if (body?.kind === 'binary') args.push(`-H ${shq(`content-type: ${body.mediaType}`)}`, `--data-binary ${shq(`@${body.file}`)}`);
  if (response.kind === 'binary' && response.file) args.push(`--output ${response.file}`);
  return { id: 'curl', lang: 'bash', label: 'curl', source: [...pre, args.join(' \\\n  ')].join('\n') };
}
