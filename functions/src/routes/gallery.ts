// Community style gallery under /v1/gallery: publish a stylized image, browse, like, report, delete.
// Thin: images are prepared by pipeline/gallery.ts, everything stored goes through
// storage/gallery.ts. (Not to be confused with /v1/galleries: face galleries for recognition.)
//
// CONTRACT (the OpenAPI document at /v1/openapi.json says the same)
//
// POST /v1/gallery            multipart (or JSON with base64): image, style, title, author?
//   201 {"id", "url", "delete_token", "item"}; Location: /v1/gallery/<id>. The delete token is shown
//   once (only its SHA-256 is stored). Limits: GALLERY_MAX_BYTES, 32..1024 px per side, title 1..80
//   and author 0..40 characters of plain text (control and bidi-override characters refused/removed).
// GET  /v1/gallery?style=&sort=new|top&cursor=&limit=
//   200 {"items": [...], "next_cursor": string | null}. Keyset pagination: the cursor holds the last
//   item's sort keys, so pages neither repeat nor skip items when new ones are published.
// GET  /v1/gallery/:id        200 the item (+ `liked` for this visitor); 404 when hidden or deleted
// GET  /v1/gallery/:id/image  the re-encoded JPEG; /thumb its thumbnail. ETag, Cache-Control,
//                             If-None-Match -> 304.
// POST /v1/gallery/:id/like   one like per visitor (anonymous cookie lk_visitor), idempotent; at
//                             most LIKES_PER_ADDRESS likes per client address and item (409).
// DELETE /v1/gallery/:id/like takes it back.
// POST /v1/gallery/:id/report {"reason": one of REPORT_REASONS}; one report per client address;
//                             after GALLERY_REPORT_THRESHOLD addresses the item is hidden pending
//                             review (`npm run gallery:reinstate -- ID` reinstates it).
// DELETE /v1/gallery/:id      with the delete token (Authorization: Bearer <token>, or JSON
//                             {"delete_token"}): 204; 403 invalid-delete-token otherwise.
// Rate limits per client (http/rate-limit.ts): publish, like and report; 429 with Retry-After.
// Every state-changing route refuses cross-site browser requests (403 cross-site-request), and
// like, report and delete read at most SMALL_BODY_BYTES of body (413).
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../config';
import { validationHook } from '../http/errors';
import { IMAGE_PROBLEMS, problemResponses } from '../http/openapi';
import { refuseCrossSite } from '../http/guards';
import { bodyLimitOf } from '../http/middleware';
import { Problem } from '../http/problem';
import { clientKey, rateLimit } from '../http/rate-limit';
import { readImageRequest } from '../http/image-upload';
import { GALLERY_MAX_BYTES, GALLERY_MAX_SIDE, GALLERY_MIN_SIDE, prepareGalleryImage, THUMB_SIDE } from '../pipeline/gallery';
import { sha256Hex } from '../util/sha256';
import { styleCatalogue } from '../pipeline/stylize';
import { galleryStore, LIKES_PER_ADDRESS, type GalleryCursor, type GalleryItemRecord, type GallerySort } from '../storage';

export const TITLE_MAX = 80;
export const AUTHOR_MAX = 40;
export const DEFAULT_PAGE = 24;
export const MAX_PAGE = 100;
export const DEFAULT_REPORT_THRESHOLD = 3;
export const REPORT_REASONS = ['spam', 'offensive', 'sexual', 'violence', 'hate', 'copyright', 'privacy', 'other'] as const;
export const VISITOR_COOKIE = 'lk_visitor';
/** Served images change only by deletion or hiding, which a revalidation (304 or 404) notices. */
export const IMAGE_CACHE_CONTROL = 'public, max-age=3600';

/** Like, report and delete bodies are a reason code or a token: a few hundred bytes at most. */
export const SMALL_BODY_BYTES = 4096;

const ID_PATTERN = /^[0-9a-f]{16}$/;
const VISITOR_PATTERN = /^[A-Za-z0-9_-]{22,64}$/;

// ---------------------------------------------------------------------------------------------
// Rate limits (per client address; CF-Connecting-IP is set by Cloudflare and by wrangler dev).
// Override without a code change: RATE_LIMIT_GALLERY_PUBLISH = "<limit>/<seconds>" etc.

/** Like, report and delete never read megabytes they do not need (the global limit is 10 MiB). */
const smallBodyLimit = bodyLimitOf(SMALL_BODY_BYTES);
const publishLimit = rateLimit({ name: 'gallery-publish', limit: 10, periodSeconds: 600, key: clientKey });
const likeLimit = rateLimit({ name: 'gallery-like', limit: 60, periodSeconds: 60, key: clientKey });
const reportLimit = rateLimit({ name: 'gallery-report', limit: 10, periodSeconds: 600, key: clientKey });

// ---------------------------------------------------------------------------------------------
// Schemas

const ItemSchema = z
  .object({
    id: z.string().openapi({ example: '3f9c0a6d1b2e4c58' }),
    style: z.string().openapi({ description: 'The style id (GET /v1/styles).', example: 'starry_night' }),
    style_title: z.string().openapi({ example: 'The Starry Night' }),
    title: z.string().openapi({ description: `Plain text, at most ${TITLE_MAX} characters. Render it as text, never as HTML.`, example: 'Morning coffee' }),
    author: z.string().nullable().openapi({ description: `Plain text, at most ${AUTHOR_MAX} characters; null when not given.`, example: 'Ada' }),
    created_at: z.string().openapi({ description: 'ISO 8601, UTC.', example: '2026-11-29T21:05:00.000Z' }),
    likes: z.number().int().openapi({ example: 4 }),
    width: z.number().int().openapi({ example: 1024 }),
    height: z.number().int().openapi({ example: 683 }),
    image_url: z.string().openapi({ example: '/v1/gallery/3f9c0a6d1b2e4c58/image' }),
    thumb_url: z.string().openapi({ example: '/v1/gallery/3f9c0a6d1b2e4c58/thumb' }),
    thumb_width: z.number().int().openapi({ example: 400 }),
    thumb_height: z.number().int().openapi({ example: 267 }),
    page_url: z.string().openapi({ description: "The item on the site's gallery page.", example: '/gallery?item=3f9c0a6d1b2e4c58' }),
    example: z.boolean().openapi({
      description: 'True for the example pictures the operators seeded (`npm run seed:gallery`: our own style networks over public-domain photos); false for everything visitors published.',
      example: false,
    }),
  })
  .openapi('GalleryItem');

const ItemDetailSchema = ItemSchema.extend({
  liked: z.boolean().openapi({ description: 'Whether this visitor (cookie lk_visitor) likes the item.' }),
}).openapi('GalleryItemDetail');

const PageSchema = z
  .object({
    items: z.array(ItemSchema),
    next_cursor: z.string().nullable().openapi({ description: 'Pass as `cursor` for the next page; null on the last page.' }),
  })
  .openapi('GalleryPage');

const PublishedSchema = z
  .object({
    id: z.string(),
    url: z.string().openapi({ description: "The item's page on the site.", example: '/gallery?item=3f9c0a6d1b2e4c58' }),
    delete_token: z.string().openapi({ description: 'Shown once: keep it to delete the item later (DELETE /v1/gallery/{id}). Only its SHA-256 is stored.' }),
    item: ItemSchema,
  })
  .openapi('GalleryPublished');

/** What the gallery answers, for typed clients (the site's script, the tests): derived from the
 * schemas above, so a client's view cannot drift from the API. `liked` only in detail answers. */
export type GalleryItemJson = z.infer<typeof ItemSchema> & { liked?: boolean };
export type GalleryPageJson = z.infer<typeof PageSchema>;
export type GalleryPublishedJson = z.infer<typeof PublishedSchema>;

const LikesSchema = z.object({ id: z.string(), likes: z.number().int(), liked: z.boolean() }).openapi('GalleryLikes');
const ReportedSchema = z
  .object({ id: z.string(), hidden: z.boolean().openapi({ description: 'True when this report hid the item pending review.' }) })
  .openapi('GalleryReported');

const IdParams = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' }, example: '3f9c0a6d1b2e4c58' }) });

const ListQuery = z.object({
  style: z.string().optional().openapi({ description: 'Only this style (an id from GET /v1/styles).', example: 'starry_night' }),
  sort: z.enum(['new', 'top'], { error: "must be 'new' or 'top'" }).default('new').openapi({ description: 'new: newest first; top: most liked first, then newest.' }),
  cursor: z.string().optional().openapi({ description: '`next_cursor` of the previous page.' }),
  limit: z.coerce
    .number({ error: `must be an integer from 1 to ${MAX_PAGE}` })
    .int(`must be an integer from 1 to ${MAX_PAGE}`)
    .min(1, `must be an integer from 1 to ${MAX_PAGE}`)
    .max(MAX_PAGE, `must be an integer from 1 to ${MAX_PAGE}`)
    .default(DEFAULT_PAGE),
});

const jsonOrForm = (properties: Record<string, object>, required: string[]) => ({
  'application/json': { schema: { type: 'object' as const, properties, required } },
  'application/x-www-form-urlencoded': { schema: { type: 'object' as const, properties, required } },
});

const binary = { type: 'string' as const, format: 'binary' };
const imageHeaders = {
  ETag: { schema: { type: 'string' as const }, description: 'Strong validator of the bytes.' },
  'Cache-Control': { schema: { type: 'string' as const, example: IMAGE_CACHE_CONTROL } },
};

// ---------------------------------------------------------------------------------------------
// Routes

const tags = ['Community gallery'];

const publishRoute = createRoute({
  method: 'post',
  path: '/gallery',
  tags,
  summary: 'Publish a stylized image to the community gallery',
  description:
    `The image is decoded and re-encoded by the service (JPEG; no EXIF, GPS or other metadata survives) with a ${THUMB_SIDE} px thumbnail, stored in R2; ` +
    `its listing (style, title, author, time, counts, state, SHA-256 of the delete token) in D1. Accepted: JPEG, PNG or WebP, at most ` +
    `${GALLERY_MAX_BYTES / 1024 / 1024} MiB, ${GALLERY_MIN_SIDE}..${GALLERY_MAX_SIDE} px per side (what POST /v1/stylize returns). ` +
    `Title (1..${TITLE_MAX}) and author (0..${AUTHOR_MAX} characters) are plain text. The answer's \`delete_token\` is shown once. ` +
    'Rate-limited per client (429 with Retry-After).',
  middleware: [refuseCrossSite, publishLimit] as const,
  request: {
    body: {
      required: true,
      content: {
        'multipart/form-data': {
          schema: {
            type: 'object' as const,
            properties: {
              image: { ...binary, description: 'The stylized image: JPEG, PNG or WebP' },
              style: { type: 'string' as const, description: 'The style id it was made with', example: 'starry_night' },
              title: { type: 'string' as const, maxLength: TITLE_MAX, example: 'Morning coffee' },
              author: { type: 'string' as const, maxLength: AUTHOR_MAX, description: 'Optional name to show' },
            },
            required: ['image', 'style', 'title'],
          },
        },
        'application/json': {
          schema: {
            type: 'object' as const,
            properties: {
              image: { type: 'string' as const, description: 'The image as base64 or a data: URL' },
              style: { type: 'string' as const },
              title: { type: 'string' as const, maxLength: TITLE_MAX },
              author: { type: 'string' as const, maxLength: AUTHOR_MAX },
            },
            required: ['image', 'style', 'title'],
          },
        },
      },
    },
  },
  responses: {
    201: {
      description: 'Published.',
      headers: { Location: { schema: { type: 'string' as const }, description: 'The item: /v1/gallery/{id}' } },
      content: { 'application/json': { schema: PublishedSchema } },
    },
    ...problemResponses('style-not-found', 'cross-site-request', 'rate-limited', 'storage-unavailable', ...IMAGE_PROBLEMS),
  },
});

const listRoute = createRoute({
  method: 'get',
  path: '/gallery',
  tags,
  summary: 'Browse the gallery',
  description: 'Visible items, newest or most liked first, optionally of one style. Keyset pagination: pages do not repeat or skip items when new ones are published.',
  request: { query: ListQuery },
  responses: {
    200: { description: 'A page of items.', content: { 'application/json': { schema: PageSchema } } },
    ...problemResponses('validation-failed', 'style-not-found', 'storage-unavailable'),
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/gallery/{id}',
  tags,
  summary: 'One gallery item',
  description: 'Hidden (reported) and deleted items are 404.',
  request: { params: IdParams },
  responses: {
    200: { description: 'The item.', content: { 'application/json': { schema: ItemDetailSchema } } },
    ...problemResponses('gallery-item-not-found', 'storage-unavailable'),
  },
});

const objectRoute = (kind: 'image' | 'thumb') =>
  createRoute({
    method: 'get',
    path: `/gallery/{id}/${kind}`,
    tags,
    summary: kind === 'image' ? 'The published image' : 'The thumbnail',
    description: `JPEG served from R2 with a strong ETag and \`Cache-Control: ${IMAGE_CACHE_CONTROL}\`; If-None-Match answers 304.`,
    request: { params: IdParams },
    responses: {
      200: { description: 'The JPEG.', headers: imageHeaders, content: { 'image/jpeg': { schema: binary } } },
      304: { description: 'Not modified (If-None-Match matched).', headers: imageHeaders },
      ...problemResponses('gallery-item-not-found', 'storage-unavailable'),
    },
  });

const likeRoute = (method: 'post' | 'delete') =>
  createRoute({
    method,
    path: '/gallery/{id}/like',
    tags,
    summary: method === 'post' ? 'Like an item (once per visitor)' : 'Take back a like',
    description:
      'Visitors are told apart by an anonymous random cookie (`lk_visitor`, set on first use; only its SHA-256 is stored). ' +
      `Idempotent: liking twice counts once. One client address adds at most ${LIKES_PER_ADDRESS} likes to an item (409 like-limit-reached after that), ` +
      'so clearing cookies does not add likes. Cross-site browser requests are refused (403). Rate-limited per client.',
    middleware: [refuseCrossSite, smallBodyLimit, likeLimit] as const,
    request: { params: IdParams },
    responses: {
      200: { description: 'The like count now.', content: { 'application/json': { schema: LikesSchema } } },
      ...problemResponses('gallery-item-not-found', 'like-limit-reached', 'cross-site-request', 'payload-too-large', 'rate-limited', 'storage-unavailable'),
    },
  });

const reportRoute = createRoute({
  method: 'post',
  path: '/gallery/{id}/report',
  tags,
  summary: 'Report an item',
  description:
    'One report per client address (only a SHA-256 of the address is stored; an IPv6 address counts as its /64), whatever cookie it carries. ' +
    'When GALLERY_REPORT_THRESHOLD addresses have reported an item it is hidden pending review, so one address can never hide an item alone. ' +
    'Cross-site browser requests are refused (403). ' +
    `\`reason\` is one of ${REPORT_REASONS.join(', ')}. Rate-limited per client.`,
  middleware: [refuseCrossSite, smallBodyLimit, reportLimit] as const,
  request: {
    params: IdParams,
    body: { required: true, content: jsonOrForm({ reason: { type: 'string', enum: [...REPORT_REASONS] } }, ['reason']) },
  },
  responses: {
    202: { description: 'Recorded.', content: { 'application/json': { schema: ReportedSchema } } },
    ...problemResponses('gallery-item-not-found', 'validation-failed', 'bad-request', 'cross-site-request', 'payload-too-large', 'rate-limited', 'storage-unavailable'),
  },
});

const deleteRoute = createRoute({
  method: 'delete',
  path: '/gallery/{id}',
  tags,
  summary: 'Delete an item with its delete token',
  description:
    'Send the token from the publish answer as `Authorization: Bearer <token>` or as JSON `{"delete_token": "..."}`. The item is unlisted at once ' +
    'and its images removed; deleting again with the right token is 204 too. Cross-site browser requests are refused.',
  middleware: [refuseCrossSite, smallBodyLimit] as const,
  request: {
    params: IdParams,
    body: { required: false, content: { 'application/json': { schema: { type: 'object' as const, properties: { delete_token: { type: 'string' as const } } } } } },
  },
  responses: {
    204: { description: 'Deleted.' },
    ...problemResponses('gallery-item-not-found', 'invalid-delete-token', 'cross-site-request', 'payload-too-large', 'storage-unavailable'),
  },
});

// ---------------------------------------------------------------------------------------------
// Helpers

function fail(field: string, message: string): never {
  throw new Problem('validation-failed', `${field}: ${message}`, { field, errors: [{ field, message }] });
}

/** Bidi overrides/isolates, zero-width and other invisible formatting characters. */
const INVISIBLE = /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]/g;

/** A title or name as plain text: NFC, invisible formatting removed, whitespace collapsed, no
 * control characters, at most `max` characters. It is stored and returned as text, never as HTML. */
export function plainText(field: string, value: unknown, max: number, required: boolean): string | null {
  if (value === undefined || value === null) {
    if (required) fail(field, `required: ${max} characters at most`);
    return null;
  }
  if (typeof value !== 'string') fail(field, 'must be text');
  const text = value.normalize('NFC').replace(INVISIBLE, '').replace(/[\t\n\r]/g, ' ').replace(/\s+/g, ' ').trim();
  if (/\p{Cc}/u.test(text)) fail(field, 'must not contain control characters');
  if ([...text].length > max) fail(field, `must be at most ${max} characters, got ${[...text].length}`);
  if (!text) {
    if (required) fail(field, 'must not be empty');
    return null;
  }
  return text;
}

function knownStyles(): Map<string, string> {
  return new Map(styleCatalogue().map((s) => [s.id, s.title]));
}

function checkStyle(style: unknown, styles: Map<string, string>, where: 'body' | 'query'): string {
  if (typeof style !== 'string' || !style.trim()) fail('style', `required: one of ${[...styles.keys()].join(', ')}`);
  const id = style.trim();
  if (!styles.has(id)) {
    throw new Problem('style-not-found', `There is no style '${id}'; GET /v1/styles lists them (${[...styles.keys()].join(', ')}).`, {
      field: 'style',
      in: where,
      style: id,
      known: [...styles.keys()],
    });
  }
  return id;
}

function itemJson(item: GalleryItemRecord, styles: Map<string, string>) {
  const base = `/v1/gallery/${item.id}`;
  return {
    id: item.id,
    style: item.style,
    style_title: styles.get(item.style) ?? item.style,
    title: item.title,
    author: item.author,
    created_at: new Date(item.createdAt).toISOString(),
    likes: item.likes,
    width: item.width,
    height: item.height,
    image_url: `${base}/image`,
    thumb_url: `${base}/thumb`,
    thumb_width: item.thumbWidth,
    thumb_height: item.thumbHeight,
    page_url: `/gallery?item=${item.id}`,
    example: item.example,
  };
}

const notFound = (id: string) => new Problem('gallery-item-not-found', `There is no gallery item '${id}' (it may have been deleted or hidden after reports).`, { id });

/** The item if it is listed (visible); 404 otherwise, without a storage read for malformed ids. */
async function visibleItem(c: Context<AppEnv>, id: string): Promise<GalleryItemRecord> {
  if (!ID_PATTERN.test(id)) throw notFound(id);
  const item = await galleryStore(c.env).get(id);
  if (!item || item.state !== 'visible') throw notFound(id);
  return item;
}

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const randomBytes = (n: number) => crypto.getRandomValues(new Uint8Array(n));

/**
 * The client address (an IPv6 address as its /64) hashed for storage: what likes are capped by and
 * reports are counted by, since a cookie is whatever the client says. Requests without
 * CF-Connecting-IP (only possible off Cloudflare) share one bucket rather than each being new.
 */
const addressHash = (c: Context<AppEnv>) => sha256Hex(`address:${clientKey(c) ?? 'unknown'}`);

/** The anonymous visitor id from the cookie, hashed for storage; a new cookie when asked to. */
async function visitor(c: Context<AppEnv>, create: true): Promise<string>;
async function visitor(c: Context<AppEnv>, create: false): Promise<string | undefined>;
async function visitor(c: Context<AppEnv>, create: boolean): Promise<string | undefined> {
  let id = getCookie(c, VISITOR_COOKIE);
  if (!id || !VISITOR_PATTERN.test(id)) {
    if (!create) return undefined;
    id = base64url(randomBytes(18));
    setCookie(c, VISITOR_COOKIE, id, {
      path: '/v1/gallery',
      httpOnly: true,
      sameSite: 'Lax',
      secure: new URL(c.req.url).protocol === 'https:',
      maxAge: 365 * 24 * 3600,
    });
  }
  return sha256Hex(`visitor:${id}`);
}

interface CursorPayload extends GalleryCursor {
  sort: GallerySort;
}

export function encodeCursor(sort: GallerySort, item: GalleryItemRecord): string {
  const payload = sort === 'top' ? [sort, item.likes, item.createdAt, item.id] : [sort, item.createdAt, item.id];
  return base64url(new TextEncoder().encode(JSON.stringify(payload)));
}

export function decodeCursor(cursor: string, sort: GallerySort): CursorPayload {
  let payload: unknown;
  try {
    const text = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
    payload = JSON.parse(new TextDecoder().decode(Uint8Array.from(text, (ch) => ch.charCodeAt(0))));
  } catch {
    fail('cursor', 'is not a cursor from this API (pass next_cursor unchanged)');
  }
  if (!Array.isArray(payload) || (payload[0] !== 'new' && payload[0] !== 'top')) fail('cursor', 'is not a cursor from this API (pass next_cursor unchanged)');
  if (payload[0] !== sort) fail('cursor', `was made for sort=${payload[0]}; keep the same sort while paging`);
  const [likes, createdAt, id] = sort === 'top' ? payload.slice(1) : [undefined, ...payload.slice(1)];
  const int = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
  if (!int(createdAt) || typeof id !== 'string' || !ID_PATTERN.test(id) || (sort === 'top' && !int(likes))) {
    fail('cursor', 'is not a cursor from this API (pass next_cursor unchanged)');
  }
  return { sort, createdAt: createdAt as number, id, ...(sort === 'top' ? { likes: likes as number } : {}) };
}

function reportThreshold(c: Context<AppEnv>): number {
  const raw = c.env.GALLERY_REPORT_THRESHOLD;
  if (raw === undefined || raw === '') return DEFAULT_REPORT_THRESHOLD;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`GALLERY_REPORT_THRESHOLD must be a positive integer, got '${raw}'`);
  return n;
}

/** Constant-time comparison of two equal-length hex digests. */
function sameDigest(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

async function readSmallBody(c: Context<AppEnv>): Promise<Record<string, unknown>> {
  const type = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
  const text = await c.req.text();
  if (!text.trim()) return {};
  if (type === 'application/x-www-form-urlencoded') return Object.fromEntries(new URLSearchParams(text));
  if (type === 'application/json' || type.endsWith('+json') || type === '') {
    try {
      const json: unknown = JSON.parse(text);
      if (json && typeof json === 'object' && !Array.isArray(json)) return json as Record<string, unknown>;
    } catch {
      /* reported below */
    }
    throw new Problem('bad-request', 'The body must be a JSON object.');
  }
  throw new Problem('unsupported-media-type', `Content-Type '${type}' is not accepted here; send application/json.`, { accepted: ['application/json', 'application/x-www-form-urlencoded'] });
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

// ---------------------------------------------------------------------------------------------

const serveObject = (kind: 'image' | 'thumb') => async (c: Context<AppEnv>) => {
  const id = c.req.param('id') ?? '';
  const item = await visibleItem(c, id);
  const etag = `"${kind === 'image' ? item.imageEtag : item.thumbEtag}"`;
  const headers: Record<string, string> = { ETag: etag, 'Cache-Control': IMAGE_CACHE_CONTROL, 'X-Content-Type-Options': 'nosniff' };
  if (matchesEtag(c.req.header('if-none-match'), etag)) return c.body(null, 304, headers);
  const object = await galleryStore(c.env).getObject(id, kind);
  if (!object) {
    // Not expected: rows are written after their objects, and objects are removed only after the row.
    console.error(`gallery: item ${id} is listed but its ${kind} object is missing`);
    throw notFound(id);
  }
  return c.body(object.body as unknown as ReadableStream, 200, {
    ...headers,
    'Content-Type': 'image/jpeg',
    'Content-Length': String(object.size),
    'Content-Disposition': `inline; filename="${id}${kind === 'thumb' ? '-thumb' : ''}.jpg"`,
  });
};

export const gallery = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(publishRoute, async (c) => {
    const limits = c.get('limits');
    const { images, params } = await readImageRequest(c.req.raw, ['image'], {
      limits: { maxBodyBytes: Math.min(limits.maxBodyBytes, GALLERY_MAX_BYTES) },
      params: ['style', 'title', 'author'],
    });
    const styles = knownStyles();
    const style = checkStyle(params.style, styles, 'body');
    const title = plainText('title', params.title, TITLE_MAX, true) as string;
    const author = plainText('author', params.author, AUTHOR_MAX, false);
    const prepared = await prepareGalleryImage(images.image.bytes, { limits, field: 'image' });
    images.image.bytes = new Uint8Array(0);

    const id = [...randomBytes(8)].map((b) => b.toString(16).padStart(2, '0')).join('');
    const deleteToken = base64url(randomBytes(32));
    const createdAt = Date.now();
    await galleryStore(c.env).publish({ id, style, title, author, createdAt, deleteTokenHash: await sha256Hex(deleteToken), ...prepared });
    const item: GalleryItemRecord = {
      id,
      style,
      title,
      author,
      createdAt,
      likes: 0,
      reports: 0,
      state: 'visible',
      width: prepared.image.width,
      height: prepared.image.height,
      imageEtag: prepared.image.etag,
      thumbEtag: prepared.thumb.etag,
      thumbWidth: prepared.thumb.width,
      thumbHeight: prepared.thumb.height,
      example: false,
    };
    const json = itemJson(item, styles);
    return c.json({ id, url: json.page_url, delete_token: deleteToken, item: json }, 201, { Location: `/v1/gallery/${id}`, 'Cache-Control': 'no-store' });
  })
  .openapi(listRoute, async (c) => {
    const query = c.req.valid('query');
    const styles = knownStyles();
    const style = query.style === undefined || query.style === '' ? undefined : checkStyle(query.style, styles, 'query');
    const after = query.cursor ? decodeCursor(query.cursor, query.sort) : undefined;
    const rows = await galleryStore(c.env).list({ sort: query.sort, style, after, limit: query.limit + 1 });
    const page = rows.slice(0, query.limit);
    const next = rows.length > query.limit ? encodeCursor(query.sort, page[page.length - 1]) : null;
    c.header('Cache-Control', 'no-store');
    return c.json({ items: page.map((item) => itemJson(item, styles)), next_cursor: next }, 200);
  })
  .openapi(getRoute, async (c) => {
    const { id } = c.req.valid('param');
    const item = await visibleItem(c, id);
    const who = await visitor(c, false);
    const liked = who ? await galleryStore(c.env).hasLiked(id, who) : false;
    c.header('Cache-Control', 'no-store');
    return c.json({ ...itemJson(item, knownStyles()), liked }, 200);
  })
  .openapi(objectRoute('image'), serveObject('image') as never)
  .openapi(objectRoute('thumb'), serveObject('thumb') as never)
  .openapi(likeRoute('post'), async (c) => {
    const { id } = c.req.valid('param');
    await visibleItem(c, id);
    const result = await galleryStore(c.env).like(id, await visitor(c, true), await addressHash(c));
    if (!result) throw notFound(id);
    if (!result.liked) {
      throw new Problem('like-limit-reached', `This item already counts ${LIKES_PER_ADDRESS} likes from your network, the most one address can add.`, { id, likes: result.likes });
    }
    c.header('Cache-Control', 'no-store');
    return c.json({ id, likes: result.likes, liked: true }, 200);
  })
  .openapi(likeRoute('delete'), async (c) => {
    const { id } = c.req.valid('param');
    await visibleItem(c, id);
    const result = await galleryStore(c.env).unlike(id, await visitor(c, true));
    if (!result) throw notFound(id);
    c.header('Cache-Control', 'no-store');
    return c.json({ id, likes: result.likes, liked: false }, 200);
  })
  .openapi(reportRoute, async (c) => {
    const { id } = c.req.valid('param');
    const body = await readSmallBody(c);
    const reason = typeof body.reason === 'string' ? body.reason.trim().toLowerCase() : body.reason;
    if (reason === undefined || reason === null || reason === '') fail('reason', `required: one of ${REPORT_REASONS.join(', ')}`);
    if (typeof reason !== 'string' || !(REPORT_REASONS as readonly string[]).includes(reason)) fail('reason', `must be one of ${REPORT_REASONS.join(', ')}`);
    await visibleItem(c, id);
    const result = await galleryStore(c.env).report(id, await addressHash(c), reason, reportThreshold(c));
    if (!result) throw notFound(id);
    c.header('Cache-Control', 'no-store');
    return c.json({ id, hidden: result.state === 'hidden' }, 202);
  })
  .openapi(deleteRoute, async (c) => {
    const { id } = c.req.valid('param');
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const token = bearer ?? (await readSmallBody(c)).delete_token;
    if (!ID_PATTERN.test(id)) throw notFound(id);
    const store = galleryStore(c.env);
    const item = await store.get(id);
    if (!item) throw notFound(id);
    if (typeof token !== 'string' || !token) {
      throw new Problem('invalid-delete-token', 'Send the delete token you were given when publishing, as Authorization: Bearer <token> or JSON {"delete_token": "..."}.');
    }
    const hash = await sha256Hex(token);
    const stored = (await store.deleteTokenHash(id)) ?? '';
    if (!sameDigest(hash, stored)) throw new Problem('invalid-delete-token', 'This delete token does not belong to this item.');
    if (item.state !== 'deleted') await store.delete(id);
    return c.body(null, 204);
  });
