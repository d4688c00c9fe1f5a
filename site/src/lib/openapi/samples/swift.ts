// The example request in Swift with Foundation's URLSession (iOS 15+, macOS 12+): multipart bodies
// built by hand (no dependency), JSON as a raw string literal, the API key from LIKENESS_KEY.

import type { CodeSample } from '../types';
import { KEY_ENV, OPTIONAL_KEY_NOTE, placeholderNote, type RequestPlan } from './request';

/** A Swift string literal. */
const sq = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

/** A Swift raw string literal (#"..."#), with as many #s as the text needs. */
function rawString(s: string): string {
  let hashes = '#';
  while (s.includes(`"${hashes}`)) hashes += '#';
  return `${hashes}"${s}"${hashes}`;
}

function bodyLines(plan: RequestPlan): { lines: string[]; send: string } {
  const { body } = plan;
  if (!body) return { lines: [], send: 'data(for: request)' };
  if (body.kind === 'multipart') {
    const files = body.fields.filter((f) => f.binary);
    const texts = body.fields.filter((f) => !f.binary);
    const lines = [
      'let boundary = UUID().uuidString',
      'request.setValue("multipart/form-data; boundary=\\(boundary)", forHTTPHeaderField: "Content-Type")',
      'var body = Data()',
    ];
    if (files.length)
      lines.push(
        `for (name, path, type) in [${files.map((f) => `(${sq(f.name)}, ${sq(f.file)}, ${sq(f.contentType)})`).join(', ')}] {`,
        '  body.append(Data("--\\(boundary)\\r\\nContent-Disposition: form-data; name=\\"\\(name)\\"; filename=\\"\\(path)\\"\\r\\nContent-Type: \\(type)\\r\\n\\r\\n".utf8))',
        '  body.append(try Data(contentsOf: URL(fileURLWithPath: path)))  // in an app: image.jpegData(compressionQuality: 0.9)!',
        '  body.append(Data("\\r\\n".utf8))',
        '}',
      );
    if (texts.length)
      lines.push(
        `for (name, value) in [${texts.map((f) => `(${sq(f.name)}, ${sq(f.value)})`).join(', ')}] {`,
        '  body.append(Data("--\\(boundary)\\r\\nContent-Disposition: form-data; name=\\"\\(name)\\"\\r\\n\\r\\n\\(value)\\r\\n".utf8))',
        '}',
      );
    lines.push('body.append(Data("--\\(boundary)--\\r\\n".utf8))');
    return { lines, send: 'upload(for: request, from: body)' };
  }
  if (body.kind === 'form') {
    const pairs = body.fields.map((f) => `URLQueryItem(name: ${sq(f.name)}, value: ${sq(f.value)})`).join(', ');
    return {
      lines: [
        `request.setValue(${sq(body.mediaType)}, forHTTPHeaderField: "Content-Type")`,
        'var form = URLComponents()',
        `form.queryItems = [${pairs}]`,
        'request.httpBody = Data(form.percentEncodedQuery!.utf8)',
      ],
      send: 'data(for: request)',
    };
  }
  if (body.kind === 'json' || body.kind === 'text') {
    const text = body.kind === 'json' ? JSON.stringify(body.json) : body.text;
    return {
      lines: [
        `request.setValue(${sq(body.mediaType)}, forHTTPHeaderField: "Content-Type")`,
        `request.httpBody = Data(${rawString(text)}.utf8)`,
      ],
      send: 'data(for: request)',
    };
  }
  return {
    lines: [`request.setValue(${sq(body.mediaType)}, forHTTPHeaderField: "Content-Type")`],
    send: `upload(for: request, fromFile: URL(fileURLWithPath: ${sq(body.file)}))`,
  };
}

export function swiftSample(plan: RequestPlan): CodeSample {
  const lines = ['import Foundation', '', `var request = URLRequest(url: URL(string: ${sq(plan.url)})!)`];
  const created = lines.length;
  if (plan.method !== 'GET') lines.push(`request.httpMethod = ${sq(plan.method)}`);
  const { auth } = plan;
  if (auth) {
    const value = `${auth.scheme ? `${auth.scheme} ` : ''}\\(apiKey)`;
    const key = `let apiKey = ProcessInfo.processInfo.environment[${sq(KEY_ENV)}] ?? ""`;
    const set = `request.setValue("${value}", forHTTPHeaderField: ${sq(auth.header)})`;
    if (auth.required) lines.push(key, set);
    else lines.push(`// ${OPTIONAL_KEY_NOTE}:`, `// ${key}`, `// ${set}`);
  }
  for (const h of plan.headers) lines.push(`request.setValue(${sq(h.value)}, forHTTPHeaderField: ${sq(h.name)})`);
  for (const p of plan.placeholders) lines.push(`// ${placeholderNote(p)}`);
  const { lines: bodyCode, send } = bodyLines(plan);
  // A request nothing sets (a plain GET) is a constant: Swift warns about a var never mutated.
  if (!lines.slice(created).some((l) => l.startsWith('request.')) && !bodyCode.some((l) => l.startsWith('request.')))
    lines[created - 1] = lines[created - 1].replace('var request', 'let request');
  const answer = plan.response.kind === 'empty' ? '_' : 'data';
  lines.push(...bodyCode, '', `let (${answer}, response) = try await URLSession.shared.${send}`);
  lines.push('let status = (response as! HTTPURLResponse).statusCode');
  const { response } = plan;
  if (response.kind === 'binary')
    lines.push(
      `if status == ${response.status} {`,
      `  try data.write(to: URL(fileURLWithPath: ${sq(response.file ?? 'answer.bin')}))`,
      '} else {',
      '  print(status, String(decoding: data, as: UTF8.self))  // application/problem+json: type, title, detail',
      '}',
    );
  else if (response.kind === 'empty') lines.push(`print(status)  // ${response.status} when done; otherwise a problem+json body`);
  else {
    lines.push(`// ${response.status}: the answer (decode with JSONDecoder); otherwise application/problem+json: type, title, detail`);
    lines.push('print(status, String(decoding: data, as: UTF8.self))');
  }
  return { id: 'swift', lang: 'swift', label: 'Swift', source: lines.join('\n') };
}
