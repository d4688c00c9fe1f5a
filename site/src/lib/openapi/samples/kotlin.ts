// The example request in Kotlin with OkHttp 4/5 (Android or the JVM): MultipartBody for uploads,
// JSON as a raw string, the API key from LIKENESS_KEY.

import type { CodeSample } from '../types';
import { KEY_ENV, OPTIONAL_KEY_NOTE, placeholderNote, type RequestPlan } from './request';

/** A Kotlin string literal ($ escaped: it starts a template). */
const kq = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\$/g, '\\$').replace(/\n/g, '\\n')}"`;

// Kotlin string templates, printed as written (they are Kotlin's, not this file's).
// biome-ignore lint/suspicious/noTemplateCurlyInString: Kotlin's escape for a $ in a raw string
const RAW_DOLLAR = "${'$'}";
// biome-ignore lint/suspicious/noTemplateCurlyInString: a Kotlin string template
const PRINT_ANSWER = 'println("${response.code} ${response.body!!.string()}")';

/** A Kotlin raw string ("""...""", $ escaped); a plain literal if the text holds """. */
const raw = (s: string) => (s.includes('"""') ? kq(s) : `"""${s.replaceAll('$', RAW_DOLLAR)}"""`);

const IMPORT = {
  mediaType: 'import okhttp3.MediaType.Companion.toMediaType',
  multipart: 'import okhttp3.MultipartBody',
  form: 'import okhttp3.FormBody',
  client: 'import okhttp3.OkHttpClient',
  request: 'import okhttp3.Request',
  asBody: 'import okhttp3.RequestBody.Companion.asRequestBody',
  toBody: 'import okhttp3.RequestBody.Companion.toRequestBody',
  file: 'import java.io.File',
};

function bodyLines(plan: RequestPlan, imports: Set<string>): string[] {
  const { body } = plan;
  if (!body) {
    // OkHttp wants a body for POST, PUT and PATCH, even an empty one.
    if (!/^(POST|PUT|PATCH)$/.test(plan.method)) return [];
    imports.add(IMPORT.toBody);
    return ['val body = ByteArray(0).toRequestBody()'];
  }
  if (body.kind === 'multipart') {
    imports.add(IMPORT.multipart);
    const lines = ['val body = MultipartBody.Builder()', '  .setType(MultipartBody.FORM)'];
    for (const f of body.fields) {
      if (!f.binary) {
        lines.push(`  .addFormDataPart(${kq(f.name)}, ${kq(f.value)})`);
        continue;
      }
      imports.add(IMPORT.asBody).add(IMPORT.mediaType).add(IMPORT.file);
      lines.push(`  .addFormDataPart(${kq(f.name)}, ${kq(f.file)}, File(${kq(f.file)}).asRequestBody(${kq(f.contentType)}.toMediaType()))`);
    }
    return [...lines, '  .build()'];
  }
  if (body.kind === 'form') {
    imports.add(IMPORT.form);
    return ['val body = FormBody.Builder()', ...body.fields.map((f) => `  .add(${kq(f.name)}, ${kq(f.value)})`), '  .build()'];
  }
  imports.add(IMPORT.mediaType);
  if (body.kind === 'binary') {
    imports.add(IMPORT.asBody).add(IMPORT.file);
    return [`val body = File(${kq(body.file)}).asRequestBody(${kq(body.mediaType)}.toMediaType())`];
  }
  imports.add(IMPORT.toBody);
  const text = body.kind === 'json' ? JSON.stringify(body.json) : body.text;
  return [`val body = ${raw(text)}.toRequestBody(${kq(body.mediaType)}.toMediaType())`];
}

/** The builder call that sets the method (GET is the default). */
function callOf(method: string, hasBody: boolean): string {
  if (method === 'GET') return '';
  if (method === 'HEAD') return '  .head()';
  if (method === 'DELETE') return hasBody ? '  .delete(body)' : '  .delete()';
  if (method === 'POST' || method === 'PUT' || method === 'PATCH') return `  .${method.toLowerCase()}(body)`;
  return `  .method(${kq(method)}, ${hasBody ? 'body' : 'null'})`;
}

export function kotlinSample(plan: RequestPlan): CodeSample {
  const imports = new Set<string>([IMPORT.client, IMPORT.request]);
  const bodyCode = bodyLines(plan, imports);
  const hasBody = bodyCode.length > 0;
  const request = ['val request = Request.Builder()', `  .url(${kq(plan.url)})`];
  const { auth } = plan;
  if (auth) {
    const header = `.header(${kq(auth.header)}, "${auth.scheme ? `${auth.scheme} ` : ''}\${System.getenv(${kq(KEY_ENV)})}")`;
    if (auth.required) request.push(`  ${header}`);
    else request.push(`  // ${OPTIONAL_KEY_NOTE}: ${header}`);
  }
  for (const h of plan.headers) request.push(`  .header(${kq(h.name)}, ${kq(h.value)})`);
  const call = callOf(plan.method, hasBody);
  if (call) request.push(call);
  request.push('  .build()');

  const { response } = plan;
  const use =
    response.kind === 'binary'
      ? [
          `  if (response.isSuccessful) File(${kq(response.file ?? 'answer.bin')}).writeBytes(response.body!!.bytes())`,
          `  else ${PRINT_ANSWER}  // application/problem+json: type, title, detail`,
        ]
      : response.kind === 'empty'
        ? [`  println(response.code)  // ${response.status} when done; otherwise a problem+json body`]
        : [`  // ${response.status}: the answer; otherwise application/problem+json: type, title, detail`, `  ${PRINT_ANSWER}`];
  if (response.kind === 'binary') imports.add(IMPORT.file);
  const lines = [
    ...[...imports].sort(),
    '',
    ...plan.placeholders.map((p) => `// ${placeholderNote(p)}`),
    ...bodyCode,
    ...request,
    '',
    '// On Android, run this off the main thread (or use enqueue).',
    'OkHttpClient().newCall(request).execute().use { response ->',
    ...use,
    '}',
  ];
  return { id: 'kotlin', lang: 'kotlin', label: 'Kotlin', source: lines.join('\n') };
}
