// One example request per operation, described once without a language: URL (path parameters filled
// with their examples), authentication, body (multipart with files, JSON, form...) and what comes
// back. Each language's generator (curl.ts, client.ts, swift.ts, kotlin.ts, fetch.ts) prints this plan,
// so every sample of an operation sends the same request.

import { deref } from '../document';
import { exampleFor, exampleFromSchema, isBinarySchema, isJsonMedia } from '../examples';
import { exampleOf, mergeAllOf, schemaTypes } from '../schema';
import { type MediaEntry, type Obj, type OpenApiDoc, type Operation, type Parameter, PROBLEM_MEDIA } from '../types';

/** Origin used in generated samples when the document's server URL is relative. */
export const FALLBACK_ORIGIN = 'https://likeness.dev';

/** The environment variable the samples read the API key from (as the client's README does). */
export const KEY_ENV = 'LIKENESS_KEY';

export interface NamedValue {
  name: string;
  value: string;
}

export interface BodyField {
  name: string;
  /** A file part (multipart) or a binary field: sent from a local file named `file`. */
  binary: boolean;
  file: string;
  contentType: string;
  /** The example value of a text field, as sent in a form. */
  value: string;
  /** The example value as JSON would carry it (numbers stay numbers): for the typed client. */
  json: unknown;
}

export type BodyPlan =
  | { kind: 'multipart'; mediaType: string; fields: BodyField[] }
  | { kind: 'form'; mediaType: string; fields: BodyField[] }
  | { kind: 'json'; mediaType: string; json: unknown }
  | { kind: 'text'; mediaType: string; text: string }
  | { kind: 'binary'; mediaType: string; file: string };

export interface AuthPlan {
  /** false when the operation also accepts anonymous calls (a key only raises the quota, say). */
  required: boolean;
  header: string;
  /** `Bearer` / `Basic` for HTTP schemes, '' when the header carries the key itself. */
  scheme: string;
}

export interface ResponsePlan {
  status: string;
  kind: 'json' | 'binary' | 'text' | 'empty';
  mediaType?: string;
  /** Where the binary samples save the answer. */
  file?: string;
}

export interface RequestPlan {
  method: string;
  /** Full URL of the example request: server, path with its parameters filled, required query. */
  url: string;
  pathParams: NamedValue[];
  query: NamedValue[];
  headers: NamedValue[];
  auth?: AuthPlan;
  body?: BodyPlan;
  response: ResponsePlan;
  /** Errors come as problem+json bodies. */
  problems: boolean;
  /** Body fields whose example is only a stand-in (no documented example): the samples say what goes there. */
  placeholders: { name: string; description: string }[];
}

export function serverUrl(doc: OpenApiDoc): string {
  const server = doc.servers?.[0];
  let url = server?.url ?? '/';
  for (const [k, v] of Object.entries(server?.variables ?? {})) url = url.replaceAll(`{${k}}`, v.default);
  if (!/^https?:\/\//.test(url)) url = FALLBACK_ORIGIN + (url.startsWith('/') ? url : `/${url}`);
  return url.replace(/\/+$/, '');
}

function paramExample(doc: Obj, p: Parameter): string {
  if (p.example !== undefined) return String(p.example);
  const first = p.examples && Object.values(p.examples)[0];
  if (first) {
    const ex = deref(doc, first).value;
    if (ex.value !== undefined) return String(ex.value);
  }
  if (p.schema) {
    const v = exampleFromSchema(doc, p.schema);
    if (v !== undefined && typeof v !== 'object') return String(v);
  }
  return p.name.toUpperCase();
}

/** The operation's bearer/API-key header, if its security asks for one; `required` unless `{}` (anonymous) is allowed too. */
function authPlan(doc: OpenApiDoc, op: Operation): AuthPlan | undefined {
  const req = op.security.find((r) => Object.keys(r).length > 0);
  if (!req) return undefined;
  const required = !op.security.some((r) => Object.keys(r).length === 0);
  for (const schemeName of Object.keys(req)) {
    const scheme = deref(doc, doc.components?.securitySchemes?.[schemeName]).value;
    if (scheme.type === 'http' && /^basic$/i.test(scheme.scheme)) return { required, header: 'Authorization', scheme: 'Basic' };
    if (scheme.type === 'apiKey' && scheme.in === 'header') return { required, header: scheme.name, scheme: '' };
    if (scheme.type === 'http' || scheme.type === 'oauth2' || scheme.type === 'openIdConnect')
      return { required, header: 'Authorization', scheme: 'Bearer' };
  }
  return undefined;
}

function extensionFor(mediaType: string): string {
  return mediaType.includes('png') ? 'png' : mediaType.includes('webp') ? 'webp' : /^image\//.test(mediaType) ? 'jpg' : 'bin';
}

function fileField(name: string, schema: Obj): BodyField {
  const cmt = (schema.contentMediaType as string | undefined) ?? 'image/jpeg';
  const contentType = cmt === 'image/*' || !cmt.includes('/') ? 'image/jpeg' : cmt;
  return { name, binary: true, file: `${name}.${extensionFor(contentType)}`, contentType, value: '', json: undefined };
}

/**
 * The fields an example body carries: the required ones only, since optional ones may exclude each
 * other (a face index or a box, a threshold or a rate). A body with no required field shows the
 * fields the document gives examples for, or else all of them, so it is not empty.
 */
function exampleFields(doc: OpenApiDoc, entry: MediaEntry): [string, Obj][] {
  const s = mergeAllOf(doc, deref(doc, entry.schema ?? {}).value, new Set());
  const props = Object.entries((s.properties ?? {}) as Obj).map(([k, v]) => [k, v] as [string, Obj]);
  const required = new Set<string>(Array.isArray(s.required) ? s.required : []);
  const requiredOnes = props.filter(([k]) => required.has(k));
  if (requiredOnes.length) return requiredOnes;
  const exemplified = props.filter(([, v]) => exampleOf(deref(doc, v).value) !== undefined);
  return exemplified.length ? exemplified : props;
}

function textValue(v: unknown): string {
  return typeof v === 'object' ? JSON.stringify(v) : String(v ?? '');
}

/**
 * A value made up from the type alone (no example, enum, default or format: `"string"`, `[0]`)
 * would not be accepted as it is; the samples say what belongs there.
 */
function placeholderOf(doc: OpenApiDoc, name: string, raw: unknown) {
  const s = deref(doc, raw).value;
  const t = schemaTypes(s);
  if (exampleOf(s) !== undefined || s.enum || s.const !== undefined || s.default !== undefined) return undefined;
  if (!(t.includes('array') || t.includes('object') || (t.includes('string') && !s.format))) return undefined;
  return { name, description: String(s.description ?? s.title ?? 'see the description') };
}

/**
 * A form field's value as the typed client takes it: typed as the body's JSON alternative types the
 * field (a form sends "0.8", the client's `strength` is the number 0.8).
 */
function typedValue(doc: OpenApiDoc, op: Operation, name: string, value: unknown): unknown {
  const json = op.requestBody?.content.find((c) => isJsonMedia(c.mediaType));
  if (typeof value !== 'string' || !json?.schema) return value;
  const prop = mergeAllOf(doc, deref(doc, json.schema).value, new Set()).properties?.[name];
  const t = prop ? schemaTypes(deref(doc, prop).value) : [];
  if ((t.includes('number') || t.includes('integer')) && !t.includes('string') && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  if (t.includes('boolean') && !t.includes('string') && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

function bodyPlan(doc: OpenApiDoc, op: Operation, placeholders: RequestPlan['placeholders']): BodyPlan | undefined {
  const entry = op.requestBody?.content[0];
  if (!entry) return undefined;
  const base = entry.mediaType.split(';')[0].trim().toLowerCase();
  const documented = entry.hasExample ? (entry.example as Obj) : undefined;
  if (base === 'multipart/form-data' || base === 'application/x-www-form-urlencoded') {
    const fields = exampleFields(doc, entry).map(([name, raw]): BodyField => {
      const ps = deref(doc, raw).value;
      if (base === 'multipart/form-data' && isBinarySchema(doc, raw)) return fileField(name, ps);
      const example = documented?.[name] ?? exampleFromSchema(doc, raw);
      const p = documented?.[name] === undefined ? placeholderOf(doc, name, raw) : undefined;
      if (p) placeholders.push(p);
      return { name, binary: false, file: '', contentType: '', value: textValue(example), json: typedValue(doc, op, name, example) };
    });
    return { kind: base === 'multipart/form-data' ? 'multipart' : 'form', mediaType: entry.mediaType, fields };
  }
  if (isJsonMedia(base)) {
    if (documented !== undefined) return { kind: 'json', mediaType: entry.mediaType, json: documented };
    const s = deref(doc, entry.schema ?? {}).value;
    if (!s.properties && !s.allOf) return { kind: 'json', mediaType: entry.mediaType, json: exampleFor(doc, entry).value };
    const json: Obj = {};
    for (const [name, raw] of exampleFields(doc, entry)) {
      json[name] = exampleFromSchema(doc, raw);
      const p = placeholderOf(doc, name, raw);
      if (p) placeholders.push(p);
    }
    return { kind: 'json', mediaType: entry.mediaType, json };
  }
  if (base.startsWith('text/')) {
    const ex = exampleFor(doc, entry).value;
    return { kind: 'text', mediaType: entry.mediaType, text: typeof ex === 'string' ? ex : 'text' };
  }
  const mediaType = base === 'image/*' ? 'image/jpeg' : entry.mediaType;
  return { kind: 'binary', mediaType, file: `photo.${extensionFor(mediaType)}` };
}

function responsePlan(op: Operation): ResponsePlan {
  const ok = op.responses.find((r) => /^2/.test(r.status)) ?? op.responses[0];
  const mediaType = ok?.content[0]?.mediaType;
  const status = ok?.status ?? '200';
  if (!mediaType) return { status, kind: 'empty' };
  if (isJsonMedia(mediaType)) return { status, kind: 'json', mediaType };
  if (mediaType.startsWith('text/')) return { status, kind: 'text', mediaType };
  const stem = op.id.replace(/^get(?=[A-Z])/, '').replace(/^./, (c) => c.toLowerCase()) || 'answer';
  return { status, kind: 'binary', mediaType, file: `${stem}.${extensionFor(mediaType)}` };
}

export function requestPlan(doc: OpenApiDoc, op: Operation): RequestPlan {
  const pathParams = op.parameters.filter((p) => p.in === 'path').map((p) => ({ name: p.name, value: paramExample(doc, p) }));
  // Optional query parameters only when the parameter itself (not just its schema) carries an example.
  const query = op.parameters
    .filter((p) => p.in === 'query' && (p.required || p.example !== undefined || p.examples))
    .map((p) => ({ name: p.name, value: paramExample(doc, p) }));
  const headers = op.parameters
    .filter((p) => p.in === 'header' && p.required && !/^(content-type|authorization)$/i.test(p.name))
    .map((p) => ({ name: p.name, value: paramExample(doc, p) }));
  let path = op.path;
  for (const p of pathParams) path = path.replaceAll(`{${p.name}}`, encodeURIComponent(p.value));
  const search = query.map((q) => `${encodeURIComponent(q.name)}=${encodeURIComponent(q.value)}`).join('&');
  const placeholders: RequestPlan['placeholders'] = [];
  return {
    method: op.method.toUpperCase(),
    url: serverUrl(doc) + path + (search ? `?${search}` : ''),
    pathParams,
    query,
    headers,
    auth: authPlan(doc, op),
    body: bodyPlan(doc, op, placeholders),
    response: responsePlan(op),
    problems: op.responses.some((r) => r.content.some((c) => c.mediaType.startsWith(PROBLEM_MEDIA))),
    placeholders,
  };
}

/** What the samples say, in a comment, about a key the operation accepts but does not need. */
export const OPTIONAL_KEY_NOTE = "Optional, for your API key's own rate limit";

/** The comment next to a stand-in value: which field, and what really goes there. */
export function placeholderNote(p: { name: string; description: string }): string {
  return `${p.name} (a stand-in here): ${p.description}`;
}
