// Community style gallery under /v1/gallery: publish a stylized image, browse, like, report, delete.
// Only the HTTP side: the rules are service.ts's, images are prepared by pipeline/gallery-image.ts,
// everything stored goes through storage/gallery.ts.
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
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../config';
import { matchesEtag } from '../../http/etag';
import { validationHook } from '../../http/errors';
import { refuseCrossSite } from '../../http/guards';
import { readImageRequest } from '../../http/image-upload';
import { bodyLimitOf } from '../../http/middleware';
import { IMAGE_PROBLEMS, problemResponses } from '../../http/openapi';
import { clientKey, rateLimit } from '../../http/rate-limit';
import { readSmallBody } from '../../http/small-body';
import { GALLERY_MAX_BYTES, GALLERY_MAX_SIDE, GALLERY_MIN_SIDE, THUMB_SIDE } from '../../pipeline/gallery-image';
import { galleryStore, LIKES_PER_ADDRESS } from '../../storage';
import {
  AUTHOR_MAX,
  GalleryIdParams,
  GalleryItemDetailSchema,
  GalleryLikesSchema,
  GalleryListQuery,
  GalleryPageSchema,
  GalleryPublishedSchema,
  GalleryReportedSchema,
  IMAGE_CACHE_CONTROL,
  REPORT_REASONS,
  TITLE_MAX,
} from './schema';
import { GalleryService } from './service';
import { addressHash, visitorHash } from './visitor';

/** Like, report and delete bodies are a reason code or a token: a few hundred bytes at most. */
export const SMALL_BODY_BYTES = 4096;

// ---------------------------------------------------------------------------------------------
// Rate limits (per client address; CF-Connecting-IP is set by Cloudflare and by wrangler dev).
// Override without a code change: RATE_LIMIT_GALLERY_PUBLISH = "<limit>/<seconds>" etc.

/** Like, report and delete never read megabytes they do not need (the global limit is 10 MiB). */
const smallBodyLimit = bodyLimitOf(SMALL_BODY_BYTES);
const publishLimit = rateLimit({ name: 'gallery-publish', limit: 10, periodSeconds: 600, key: clientKey });
const likeLimit = rateLimit({ name: 'gallery-like', limit: 60, periodSeconds: 60, key: clientKey });
const reportLimit = rateLimit({ name: 'gallery-report', limit: 10, periodSeconds: 600, key: clientKey });

// ---------------------------------------------------------------------------------------------
// Request bodies that zod does not parse (images are streamed under the body limit; like, report
// and delete bodies are read by readSmallBody), documented as plain JSON Schema.

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
  operationId: 'publishToGallery',
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
      content: { 'application/json': { schema: GalleryPublishedSchema } },
    },
    ...problemResponses('style-not-found', 'cross-site-request', 'rate-limited', 'storage-unavailable', ...IMAGE_PROBLEMS),
  },
});

const listRoute = createRoute({
  method: 'get',
  path: '/gallery',
  operationId: 'listGallery',
  tags,
  summary: 'Browse the gallery',
  description:
    'Visible items, newest or most liked first, optionally of one style. Keyset pagination: pages do not repeat or skip items when new ones are published.',
  request: { query: GalleryListQuery },
  responses: {
    200: { description: 'A page of items.', content: { 'application/json': { schema: GalleryPageSchema } } },
    ...problemResponses('validation-failed', 'style-not-found', 'storage-unavailable'),
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/gallery/{id}',
  operationId: 'getGalleryItem',
  tags,
  summary: 'One gallery item',
  description: 'Hidden (reported) and deleted items are 404.',
  request: { params: GalleryIdParams },
  responses: {
    200: { description: 'The item.', content: { 'application/json': { schema: GalleryItemDetailSchema } } },
    ...problemResponses('gallery-item-not-found', 'storage-unavailable'),
  },
});

const objectRoute = (kind: 'image' | 'thumb') =>
  createRoute({
    method: 'get',
    path: `/gallery/{id}/${kind}`,
    operationId: kind === 'image' ? 'getGalleryImage' : 'getGalleryThumbnail',
    tags,
    summary: kind === 'image' ? 'The published image' : 'The thumbnail',
    description: `JPEG served from R2 with a strong ETag and \`Cache-Control: ${IMAGE_CACHE_CONTROL}\`; If-None-Match answers 304.`,
    request: { params: GalleryIdParams },
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
    operationId: method === 'post' ? 'likeGalleryItem' : 'unlikeGalleryItem',
    tags,
    summary: method === 'post' ? 'Like an item (once per visitor)' : 'Take back a like',
    description:
      'Visitors are told apart by an anonymous random cookie (`lk_visitor`, set on first use; only its SHA-256 is stored). ' +
      `Idempotent: liking twice counts once. One client address adds at most ${LIKES_PER_ADDRESS} likes to an item (409 like-limit-reached after that), ` +
      'so clearing cookies does not add likes. Cross-site browser requests are refused (403). Rate-limited per client.',
    middleware: [refuseCrossSite, smallBodyLimit, likeLimit] as const,
    request: { params: GalleryIdParams },
    responses: {
      200: { description: 'The like count now.', content: { 'application/json': { schema: GalleryLikesSchema } } },
      ...problemResponses(
        'gallery-item-not-found',
        'like-limit-reached',
        'cross-site-request',
        'payload-too-large',
        'rate-limited',
        'storage-unavailable',
      ),
    },
  });

const reportRoute = createRoute({
  method: 'post',
  path: '/gallery/{id}/report',
  operationId: 'reportGalleryItem',
  tags,
  summary: 'Report an item',
  description:
    'One report per client address (only a SHA-256 of the address is stored; an IPv6 address counts as its /64), whatever cookie it carries. ' +
    'When GALLERY_REPORT_THRESHOLD addresses have reported an item it is hidden pending review, so one address can never hide an item alone. ' +
    'Cross-site browser requests are refused (403). ' +
    `\`reason\` is one of ${REPORT_REASONS.join(', ')}. Rate-limited per client.`,
  middleware: [refuseCrossSite, smallBodyLimit, reportLimit] as const,
  request: {
    params: GalleryIdParams,
    body: { required: true, content: jsonOrForm({ reason: { type: 'string', enum: [...REPORT_REASONS] } }, ['reason']) },
  },
  responses: {
    202: { description: 'Recorded.', content: { 'application/json': { schema: GalleryReportedSchema } } },
    ...problemResponses(
      'gallery-item-not-found',
      'validation-failed',
      'bad-request',
      'cross-site-request',
      'payload-too-large',
      'rate-limited',
      'storage-unavailable',
    ),
  },
});

const deleteRoute = createRoute({
  method: 'delete',
  path: '/gallery/{id}',
  operationId: 'deleteGalleryItem',
  tags,
  summary: 'Delete an item with its delete token',
  description:
    'Send the token from the publish answer as `Authorization: Bearer <token>` or as JSON `{"delete_token": "..."}`. The item is unlisted at once ' +
    'and its images removed; deleting again with the right token is 204 too. Cross-site browser requests are refused.',
  middleware: [refuseCrossSite, smallBodyLimit] as const,
  request: {
    params: GalleryIdParams,
    body: {
      required: false,
      content: { 'application/json': { schema: { type: 'object' as const, properties: { delete_token: { type: 'string' as const } } } } },
    },
  },
  responses: {
    204: { description: 'Deleted.' },
    ...problemResponses('gallery-item-not-found', 'invalid-delete-token', 'cross-site-request', 'payload-too-large', 'storage-unavailable'),
  },
});

// ---------------------------------------------------------------------------------------------
// Handlers

const serviceOf = (c: Context<AppEnv>) => new GalleryService(galleryStore(c.env));

const serveObject = (kind: 'image' | 'thumb') => async (c: Context<AppEnv>) => {
  const service = serviceOf(c);
  const object = await service.objectInfo(c.req.param('id') ?? '', kind);
  const headers: Record<string, string> = { ETag: object.etag, 'Cache-Control': IMAGE_CACHE_CONTROL, 'X-Content-Type-Options': 'nosniff' };
  if (matchesEtag(c.req.header('if-none-match'), object.etag)) return c.body(null, 304, headers);
  const stored = await service.readObject(object);
  return c.body(stored.body as unknown as ReadableStream, 200, {
    ...headers,
    'Content-Type': 'image/jpeg',
    'Content-Length': String(stored.size),
    'Content-Disposition': `inline; filename="${object.id}${kind === 'thumb' ? '-thumb' : ''}.jpg"`,
  });
};

/** The delete token: the Authorization bearer token, else the body's `delete_token`. */
async function deleteToken(c: Context<AppEnv>): Promise<unknown> {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')?.[1];
  return bearer ?? (await readSmallBody(c)).delete_token;
}

export const galleryRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(publishRoute, async (c) => {
    const limits = c.get('limits');
    const { images, params } = await readImageRequest(c.req.raw, ['image'], {
      limits: { maxBodyBytes: Math.min(limits.maxBodyBytes, GALLERY_MAX_BYTES) },
      params: ['style', 'title', 'author'],
    });
    const published = await serviceOf(c).publish({
      upload: images.image,
      style: params.style,
      title: params.title,
      author: params.author,
      limits,
    });
    return c.json(published, 201, { Location: `/v1/gallery/${published.id}`, 'Cache-Control': 'no-store' });
  })
  .openapi(listRoute, async (c) => {
    const page = await serviceOf(c).list(c.req.valid('query'));
    c.header('Cache-Control', 'no-store');
    return c.json(page, 200);
  })
  .openapi(getRoute, async (c) => {
    const { id } = c.req.valid('param');
    const item = await serviceOf(c).get(id, await visitorHash(c, false));
    c.header('Cache-Control', 'no-store');
    return c.json(item, 200);
  })
  .openapi(objectRoute('image'), serveObject('image') as never)
  .openapi(objectRoute('thumb'), serveObject('thumb') as never)
  .openapi(likeRoute('post'), async (c) => {
    const { id } = c.req.valid('param');
    const likes = await serviceOf(c).like(id, async () => ({ visitor: await visitorHash(c, true), address: await addressHash(c) }));
    c.header('Cache-Control', 'no-store');
    return c.json(likes, 200);
  })
  .openapi(likeRoute('delete'), async (c) => {
    const { id } = c.req.valid('param');
    const likes = await serviceOf(c).unlike(id, () => visitorHash(c, true));
    c.header('Cache-Control', 'no-store');
    return c.json(likes, 200);
  })
  .openapi(reportRoute, async (c) => {
    const { id } = c.req.valid('param');
    const body = await readSmallBody(c);
    const reported = await serviceOf(c).report(id, body.reason, await addressHash(c), c.get('config').galleryReportThreshold);
    c.header('Cache-Control', 'no-store');
    return c.json(reported, 202);
  })
  .openapi(deleteRoute, async (c) => {
    const { id } = c.req.valid('param');
    await serviceOf(c).delete(id, await deleteToken(c));
    return c.body(null, 204);
  });
