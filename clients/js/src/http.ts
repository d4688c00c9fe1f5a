// Request building and sending: path parameters into the path, the rest into the body (multipart
// when it carries images, else JSON) or, for operations without a body, the query string; the
// answer read as JSON, bytes or nothing; failures as LikenessError; retries per retry.ts.
import { CLIENT_KINDS, clientProblem, isProblem, LikenessError, type Problem } from './errors.js';
import type { OperationSpec } from './operations.js';
import { type RetryPolicy, retryAfterMs, retryWait, sleep } from './retry.js';
import type { BinaryAnswer, BinaryInput, CallOptions, FetchLike } from './types.js';

export interface BuiltRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: FormData | string;
}

const isArrayBuffer = (value: unknown): value is ArrayBuffer =>
  value instanceof ArrayBuffer || Object.prototype.toString.call(value) === '[object ArrayBuffer]';
const isBlob = (value: unknown): value is Blob => typeof Blob !== 'undefined' && value instanceof Blob;

/** Whether a parameter value is an image to upload rather than a text field. */
export const isBinary = (value: unknown): value is BinaryInput => isBlob(value) || isArrayBuffer(value) || ArrayBuffer.isView(value);

function bytesView(value: ArrayBuffer | ArrayBufferView): Uint8Array {
  return isArrayBuffer(value) ? new Uint8Array(value) : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
}

/** The Blob for an upload, or undefined where the runtime cannot make one from bytes (React Native). */
function toBlob(value: BinaryInput): Blob | undefined {
  if (isBlob(value)) return value;
  const bytes = bytesView(value);
  // A Blob needs bytes in an ArrayBuffer (not a SharedArrayBuffer): copy only in that case.
  const part = bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : bytes.slice();
  try {
    return new Blob([part]);
  } catch {
    return undefined;
  }
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 without btoa or Buffer, which not every runtime has. */
export function base64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += BASE64[n >> 18] + BASE64[(n >> 12) & 63];
    out += i + 1 < bytes.length ? BASE64[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? BASE64[n & 63] : '=';
  }
  return out;
}

/** A text field of a multipart body: objects (a style blend) as JSON text. */
const formText = (value: unknown): string => (typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value));

/** The body of an operation that takes images: multipart, or JSON with base64 where Blobs cannot be made. */
async function imageBody(fields: [string, unknown][]): Promise<{ body: FormData | string; contentType?: string }> {
  const blobs = new Map<string, Blob | undefined>();
  for (const [name, value] of fields) if (isBinary(value)) blobs.set(name, toBlob(value));
  if (blobs.size > 0 && [...blobs.values()].every((blob) => blob !== undefined)) {
    const form = new FormData();
    for (const [name, value] of fields) {
      const blob = blobs.get(name);
      if (blob) form.append(name, blob, name);
      else form.append(name, formText(value));
    }
    return { body: form }; // fetch sets the multipart content type with its boundary
  }
  const json: Record<string, unknown> = {};
  for (const [name, value] of fields) {
    if (!isBinary(value)) json[name] = value;
    else json[name] = base64(isBlob(value) ? new Uint8Array(await value.arrayBuffer()) : bytesView(value));
  }
  return { body: JSON.stringify(json), contentType: 'application/json' };
}

/** The HTTP request for one call of an operation (without credentials). */
export async function buildRequest(baseUrl: string, spec: OperationSpec, params: Record<string, unknown> = {}): Promise<BuiltRequest> {
  const used = new Set<string>();
  const path = spec.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined || value === null || value === '') throw new TypeError(`${spec.method} ${spec.path}: '${name}' is required`);
    used.add(name);
    return encodeURIComponent(String(value));
  });
  const fields = Object.entries(params).filter(([name, value]) => !used.has(name) && value !== undefined);
  const request: BuiltRequest = { method: spec.method, url: baseUrl.replace(/\/+$/, '') + path, headers: {} };
  if (spec.body === undefined) {
    const query = new URLSearchParams(fields.map(([name, value]) => [name, formText(value)])).toString();
    if (query) request.url += `?${query}`;
  } else if (spec.body === 'json') {
    if (fields.length > 0) {
      request.body = JSON.stringify(Object.fromEntries(fields));
      request.headers['content-type'] = 'application/json';
    }
  } else {
    const { body, contentType } = await imageBody(fields);
    request.body = body;
    if (contentType) request.headers['content-type'] = contentType;
  }
  return request;
}

/** The success answer: undefined for 204, JSON, or the bytes with their type. */
async function readAnswer(response: Response): Promise<unknown> {
  if (response.status === 204 || response.status === 205) return undefined;
  const contentType = response.headers.get('content-type') ?? '';
  if (/[/+]json\b/i.test(contentType)) {
    try {
      return await response.json();
    } catch (error) {
      const problem = clientProblem(CLIENT_KINDS.invalidResponse, response.status, 'Invalid response', 'The answer is not valid JSON.');
      throw new LikenessError(problem, { cause: error });
    }
  }
  const answer: BinaryAnswer = { bytes: new Uint8Array(await response.arrayBuffer()), contentType };
  return answer;
}

/** The LikenessError for an error answer: its problem+json, or a problem made from the status. */
async function errorOf(response: Response): Promise<LikenessError> {
  const text = await response.text().catch(() => '');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const problem: Problem = isProblem(body)
    ? { ...body, detail: typeof body.detail === 'string' ? body.detail : '' }
    : clientProblem(CLIENT_KINDS.http, response.status, response.statusText || `HTTP ${response.status}`, text.slice(0, 500));
  const wait = retryAfterMs(response.headers.get('retry-after'));
  return new LikenessError(problem, wait === undefined ? {} : { retryAfter: Math.ceil(wait / 1000) });
}

/** Why fetch failed, with its cause where it has one (Node: "fetch failed (connect ECONNREFUSED ...)"). */
function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message} (${error.cause.message})` : error.message;
}

const VISITOR = /(?:^|[;,]\s*)lk_visitor=([^;,\s]+)/;

export interface TransportOptions extends RetryPolicy {
  baseUrl: string;
  apiKey?: string;
  fetch: FetchLike;
}

/** Sends calls; remembers the gallery's anonymous visitor cookie where the runtime shows it. */
export class Transport {
  /** The gallery's lk_visitor cookie, so likes from one client count as one visitor. Browsers keep
   * cookies themselves (and hide Set-Cookie), so there it stays unset. */
  private visitor?: string;
  private readonly options: TransportOptions;

  constructor(options: TransportOptions) {
    this.options = options;
  }

  async send(spec: OperationSpec, params: Record<string, unknown> = {}, call: CallOptions = {}): Promise<unknown> {
    const request = await buildRequest(this.options.baseUrl, spec, params);
    const gallery = spec.path.startsWith('/v1/gallery');
    const headers = new Headers(request.headers);
    if (spec.auth && this.options.apiKey) headers.set('authorization', `Bearer ${this.options.apiKey}`);
    if (gallery && this.visitor) headers.set('cookie', `lk_visitor=${this.visitor}`);
    for (const [name, value] of Object.entries(call.headers ?? {})) headers.set(name, value);
    const init: RequestInit = { method: request.method, headers, ...(request.body !== undefined && { body: request.body }) };
    if (call.signal) init.signal = call.signal;
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await this.options.fetch(request.url, init);
      } catch (error) {
        if (call.signal?.aborted) throw error;
        const problem = clientProblem(
          CLIENT_KINDS.network,
          0,
          'Network error',
          `${request.method} ${request.url} got no answer: ${reasonOf(error)}`,
        );
        throw new LikenessError(problem, { cause: error });
      }
      if (gallery) this.rememberVisitor(response);
      if (response.ok) return readAnswer(response);
      const wait = retryWait(response.status, response.headers.get('retry-after'), attempt, this.options);
      if (wait === undefined) throw await errorOf(response);
      await response.body?.cancel().catch(() => undefined);
      await sleep(wait, call.signal);
    }
  }

  private rememberVisitor(response: Response): void {
    const id = VISITOR.exec(response.headers.get('set-cookie') ?? '')?.[1];
    if (id) this.visitor = id;
  }
}
