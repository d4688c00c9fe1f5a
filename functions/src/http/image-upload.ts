// Request -> image bytes, before any decoding. Accepts
//   multipart/form-data  file fields (or text fields holding base64 / data URLs),
//   application/json     string fields holding base64 or a data: URL,
//   image/* or application/octet-stream  the raw image as the body (single-image endpoints only).
// The body is read against maxBodyBytes as it streams in (Content-Length is checked first but not
// trusted), so an oversized upload is refused without being buffered whole.
import { DomainError, invalidField } from '../errors';
import { assertBodySize, Base64Error, decodeBase64, parseDataUrl, resolveLimits, SUPPORTED_MEDIA_TYPES, type ImageLimits } from '../image';
import { Problem } from './problem';
import { concatBytes } from '../util/bytes';

export interface ImageUpload {
  /** The request field it came from ('body' for a raw image body). */
  field: string;
  bytes: Uint8Array;
  /** Media type the client declared (part header or data URL); informational only: the format is
   * always taken from the bytes. */
  declaredType?: string;
  filename?: string;
}

export interface ReadImageOptions {
  limits?: Partial<Pick<ImageLimits, 'maxBodyBytes'>>;
}

export const ACCEPTED_BODY_TYPES = ['multipart/form-data', 'application/json', ...SUPPORTED_MEDIA_TYPES, 'application/octet-stream'];

/** Reads one image from the request: field `field` of a form or JSON body, or a raw image body. */
export async function readImageUpload(request: Request, field = 'image', options: ReadImageOptions = {}): Promise<ImageUpload> {
  const uploads = await readImageUploads(request, [field], options);
  return uploads[field];
}

/** Reads several images from one request (e.g. the two faces to compare), keyed by field name.
 * Every field is required. */
export async function readImageUploads<F extends string>(
  request: Request,
  fields: readonly F[],
  options: ReadImageOptions = {},
): Promise<Record<F, ImageUpload>> {
  return (await readImageRequest(request, fields, options)).images;
}

export interface ImageRequest<F extends string> {
  images: Record<F, ImageUpload>;
  /** The requested non-image fields that were present: strings from a form, any JSON value from JSON. */
  params: Record<string, unknown>;
}

/**
 * Reads images plus named non-image fields (options such as which face to use) from the same body,
 * so the body is read once. Parameters are returned unvalidated; the route validates them.
 */
export async function readImageRequest<F extends string>(
  request: Request,
  fields: readonly F[],
  options: ReadImageOptions & { params?: readonly string[] } = {},
): Promise<ImageRequest<F>> {
  const limits = resolveLimits(options.limits);
  const contentType = request.headers.get('content-type') ?? '';
  const mediaType = contentType.split(';')[0].trim().toLowerCase();
  const kind = bodyKind(mediaType, fields.length);

  const declaredLength = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declaredLength)) assertBodySize(declaredLength, limits);
  const body = await readBodyWithin(request, limits);

  const images = {} as Record<F, ImageUpload>;
  const params: Record<string, unknown> = {};
  if (kind === 'raw') {
    const field = fields[0];
    if (body.length === 0) throw missing(field, 'the request body is empty');
    images[field] = { field, bytes: body, declaredType: mediaType };
  } else if (kind === 'multipart') {
    const form = await parseForm(body, contentType);
    for (const field of fields) images[field] = await formField(form, field);
    for (const name of options.params ?? []) {
      const value = form.get(name) as string | UploadedFile | null;
      if (value === null) continue;
      if (typeof value !== 'string') throw invalidField(name, 'must be a text field, not a file');
      params[name] = value;
    }
  } else {
    const json = parseJsonObject(body);
    for (const field of fields) images[field] = jsonField(json, field);
    for (const name of options.params ?? []) if (json[name] !== undefined && json[name] !== null) params[name] = json[name];
  }
  return { images, params };
}

function bodyKind(mediaType: string, fieldCount: number): 'multipart' | 'json' | 'raw' {
  if (mediaType === 'multipart/form-data') return 'multipart';
  if (mediaType === 'application/json' || mediaType.endsWith('+json')) return 'json';
  if (fieldCount === 1 && (mediaType.startsWith('image/') || mediaType === 'application/octet-stream')) return 'raw';
  const accepted = fieldCount === 1 ? ACCEPTED_BODY_TYPES : ['multipart/form-data', 'application/json'];
  throw new Problem(
    'unsupported-media-type',
    mediaType
      ? `Content-Type '${mediaType}' is not accepted here; send ${accepted.slice(0, 2).join(' or ')}.`
      : `The request has no Content-Type; send ${accepted.slice(0, 2).join(' or ')}.`,
    { accepted },
  );
}

async function readBodyWithin(request: Request, limits: ImageLimits): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limits.maxBodyBytes) {
      await reader.cancel().catch(() => {});
      assertBodySize(total, limits); // throws 413 (size: bytes read so far)
    }
    chunks.push(value);
  }
  return concatBytes(chunks);
}

async function parseForm(body: Uint8Array, contentType: string): Promise<FormData> {
  try {
    // The body was read from a stream, so its buffer is a plain ArrayBuffer.
    return await new Response(body as Uint8Array<ArrayBuffer>, { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw new Problem('bad-request', 'The multipart/form-data body could not be parsed (check the boundary and part headers).');
  }
}

async function formField(form: FormData, field: string): Promise<ImageUpload> {
  // workers-types' default FormData.get() says string, but since compatibility date 2021-11-03
  // workerd (like Node) returns File objects for file parts.
  const value = form.get(field) as string | UploadedFile | null;
  if (value === null) throw missing(field, `the form has no field '${field}'`, [...new Set(form.keys())]);
  if (typeof value === 'string') return encodedField(field, value);
  const bytes = new Uint8Array(await value.arrayBuffer());
  if (bytes.length === 0) throw missing(field, `the file in field '${field}' is empty (0 bytes)`);
  return { field, bytes, ...(value.type ? { declaredType: value.type } : {}), ...(value.name ? { filename: value.name } : {}) };
}

interface UploadedFile {
  arrayBuffer(): Promise<ArrayBuffer>;
  type: string;
  name: string;
}

function parseJsonObject(body: Uint8Array): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(body));
  } catch (error) {
    throw new Problem('bad-request', `The JSON body could not be parsed: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new Problem('bad-request', 'The JSON body must be an object with the image fields.');
  }
  return json as Record<string, unknown>;
}

function jsonField(json: Record<string, unknown>, field: string): ImageUpload {
  const value = json[field];
  if (value === undefined || value === null) throw missing(field, `the JSON body has no field '${field}'`, Object.keys(json));
  if (typeof value !== 'string')
    throw invalidField(field, `must be a base64 string or a data: URL, got ${Array.isArray(value) ? 'array' : typeof value}`);
  return encodedField(field, value);
}

/** A base64 string or data URL from a JSON or form text field. */
function encodedField(field: string, text: string): ImageUpload {
  if (text.trim() === '') throw missing(field, `field '${field}' is empty`);
  try {
    const dataUrl = parseDataUrl(text);
    const upload: ImageUpload = dataUrl
      ? { field, bytes: dataUrl.bytes, ...(dataUrl.mediaType ? { declaredType: dataUrl.mediaType } : {}) }
      : { field, bytes: decodeBase64(text) };
    if (upload.bytes.length === 0) throw missing(field, `field '${field}' decodes to 0 bytes`);
    return upload;
  } catch (error) {
    if (error instanceof Base64Error) throw invalidField(field, error.message);
    throw error;
  }
}

function missing(field: string, detail: string, received?: string[]): DomainError {
  const sentence = detail[0].toUpperCase() + detail.slice(1);
  return new DomainError('missing-image', `${sentence}; send the image in field '${field}'.`, { field, ...(received ? { received } : {}) });
}
