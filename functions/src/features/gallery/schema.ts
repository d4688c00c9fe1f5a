// The community gallery's answers and parameters (/v1/gallery): zod schemas for the OpenAPI
// document and request validation, the JSON types derived from them (the site's client and the
// tests use these, so their view cannot drift from the API), and the shaping of a stored item
// into its JSON. No logic beyond shaping.
import { z } from '@hono/zod-openapi';
import type { GalleryItemRecord } from '../../storage/gallery';

export const TITLE_MAX = 80;
export const AUTHOR_MAX = 40;
export const DEFAULT_PAGE = 24;
export const MAX_PAGE = 100;
export const REPORT_REASONS = ['spam', 'offensive', 'sexual', 'violence', 'hate', 'copyright', 'privacy', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];
/** Served images change only by deletion or hiding, which a revalidation (304 or 404) notices. */
export const IMAGE_CACHE_CONTROL = 'public, max-age=3600';

export const GalleryItemSchema = z
  .object({
    id: z.string().openapi({ example: '3f9c0a6d1b2e4c58' }),
    style: z.string().openapi({ description: 'The style id (GET /v1/styles).', example: 'starry_night' }),
    style_title: z.string().openapi({ example: 'The Starry Night' }),
    title: z.string().openapi({
      description: `Plain text, at most ${TITLE_MAX} characters. Render it as text, never as HTML.`,
      example: 'Morning coffee',
    }),
    author: z
      .string()
      .nullable()
      .openapi({ description: `Plain text, at most ${AUTHOR_MAX} characters; null when not given.`, example: 'Ada' }),
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
      description:
        'True for the example pictures the operators seeded (`npm run gallery:seed`: our own style networks over public-domain photos); false for everything visitors published.',
      example: false,
    }),
  })
  .openapi('GalleryItem');

export const GalleryItemDetailSchema = GalleryItemSchema.extend({
  liked: z.boolean().openapi({ description: 'Whether this visitor (cookie lk_visitor) likes the item.' }),
}).openapi('GalleryItemDetail');

export const GalleryPageSchema = z
  .object({
    items: z.array(GalleryItemSchema),
    next_cursor: z.string().nullable().openapi({ description: 'Pass as `cursor` for the next page; null on the last page.' }),
  })
  .openapi('GalleryPage');

export const GalleryPublishedSchema = z
  .object({
    id: z.string(),
    url: z.string().openapi({ description: "The item's page on the site.", example: '/gallery?item=3f9c0a6d1b2e4c58' }),
    delete_token: z
      .string()
      .openapi({ description: 'Shown once: keep it to delete the item later (DELETE /v1/gallery/{id}). Only its SHA-256 is stored.' }),
    item: GalleryItemSchema,
  })
  .openapi('GalleryPublished');

export const GalleryLikesSchema = z.object({ id: z.string(), likes: z.number().int(), liked: z.boolean() }).openapi('GalleryLikes');

export const GalleryReportedSchema = z
  .object({ id: z.string(), hidden: z.boolean().openapi({ description: 'True when this report hid the item pending review.' }) })
  .openapi('GalleryReported');

export const GalleryIdParams = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' }, example: '3f9c0a6d1b2e4c58' }) });

const pageSizeMessage = `must be an integer from 1 to ${MAX_PAGE}`;

export const GalleryListQuery = z.object({
  style: z.string().optional().openapi({ description: 'Only this style (an id from GET /v1/styles).', example: 'starry_night' }),
  sort: z
    .enum(['new', 'top'], { error: "must be 'new' or 'top'" })
    .default('new')
    .openapi({ description: 'new: newest first; top: most liked first, then newest.' }),
  cursor: z.string().optional().openapi({ description: '`next_cursor` of the previous page.' }),
  limit: z.coerce
    .number({ error: pageSizeMessage })
    .int(pageSizeMessage)
    .min(1, pageSizeMessage)
    .max(MAX_PAGE, pageSizeMessage)
    .default(DEFAULT_PAGE),
});

/** What the gallery answers, for typed clients. `liked` only in detail answers, hence optional. */
export type GalleryItemJson = z.infer<typeof GalleryItemSchema> & { liked?: boolean };
export type GalleryItemDetailJson = z.infer<typeof GalleryItemDetailSchema>;
export type GalleryPageJson = z.infer<typeof GalleryPageSchema>;
export type GalleryPublishedJson = z.infer<typeof GalleryPublishedSchema>;
export type GalleryLikesJson = z.infer<typeof GalleryLikesSchema>;
export type GalleryReportedJson = z.infer<typeof GalleryReportedSchema>;
export type GalleryListQueryJson = z.infer<typeof GalleryListQuery>;

/** A stored item as the API shows it; `styles` maps style ids to titles (an unknown id shows as itself). */
export function galleryItemJson(item: GalleryItemRecord, styles: ReadonlyMap<string, string>): z.infer<typeof GalleryItemSchema> {
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
