// Recognition management: galleries, subjects (people) and their enrolled faces. Every route needs
// an API key (routes/recognition.ts adds the auth and rate-limit middleware) and sees only the
// caller's tenant: another tenant's gallery is a 404, exactly like one that does not exist.
// Enrolment keeps the face's embedding, model version, box and quality; the photo itself is
// processed in memory and never stored.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../config';
import { validationHook } from '../http/errors';
import { IMAGE_PROBLEMS, imageRequestBody, problemResponses } from '../http/openapi';
import { Problem } from '../http/problem';
import { readImageRequest } from '../http/image-upload';
import { ENCODER_INFO, type QualityIssue } from '../pipeline/face';
import { SERVED_EMBED_OPTIONS } from '../pipeline/face/head';
import { faceFromPhoto } from '../pipeline/face/photo';
import {
  addFace,
  createGallery,
  createSubject,
  deleteFace,
  deleteGallery,
  deleteSubject,
  getGallery,
  getSubject,
  listGalleries,
  listSubjects,
  subjectFaces,
  type Gallery,
  type Subject,
} from '../storage';
import { BoxSchema, faceJson, ModelSchema, QualitySchema } from './faces';

// ---------------------------------------------------------------------------------------------
// Shared pieces (also used by routes/identify.ts)

export const SECURITY = [{ apiKey: [] as string[] }];
export const AUTH_PROBLEMS = ['unauthorized', 'rate-limited'] as const;

export const GalleryParams = z.object({ g: z.string().openapi({ param: { name: 'g', in: 'path' }, description: 'Gallery id.', example: 'g_019ad1c2e3f4a1b2c3d4e5f6a7b8' }) });
export const SubjectParams = GalleryParams.extend({ s: z.string().openapi({ param: { name: 's', in: 'path' }, description: 'Subject id.', example: 's_019ad1c2e3f5c3d4e5f6a7b8c9d0' }) });
const FaceParams = SubjectParams.extend({ f: z.string().openapi({ param: { name: 'f', in: 'path' }, description: 'Enrolled face id.', example: 'f_019ad1c2e3f6e5f6a7b8c9d0e1f2' }) });

/** The caller's gallery, or 404 gallery-not-found (also for another tenant's gallery). */
export async function callerGallery(c: Context<AppEnv>, galleryId: string): Promise<Gallery> {
  const gallery = await getGallery(c.env.DB, c.get('caller').tenantId, galleryId);
  if (!gallery) throw new Problem('collection-not-found', `No gallery '${galleryId}' for this API key.`, { gallery: galleryId });
  return gallery;
}

/** A subject of the caller's gallery, or 404. */
export async function callerSubject(c: Context<AppEnv>, galleryId: string, subjectId: string): Promise<{ gallery: Gallery; subject: Subject }> {
  const gallery = await callerGallery(c, galleryId);
  const subject = await getSubject(c.env.DB, gallery.id, subjectId);
  if (!subject) throw new Problem('subject-not-found', `No subject '${subjectId}' in gallery '${galleryId}'.`, { subject: subjectId });
  return { gallery, subject };
}

/** A yes/no option from the query string or a body field ("true"/"false"/"1"/"0", or a JSON boolean). */
export function flag(name: string, query: string | undefined, body: unknown): boolean {
  if (query !== undefined && body !== undefined) throw new Problem('validation-failed', `${name}: give it in the query string or in the body, not both`, { field: name, errors: [{ field: name, message: 'given twice' }] });
  const value = query ?? body;
  if (value === undefined || value === true || value === false) return value === true;
  if (typeof value === 'string' && /^(true|1|yes)$/i.test(value.trim())) return true;
  if (typeof value === 'string' && /^(false|0|no|)$/i.test(value.trim())) return false;
  throw new Problem('validation-failed', `${name}: must be true or false, got ${JSON.stringify(value)}`, { field: name, errors: [{ field: name, message: 'must be true or false' }] });
}

// ---------------------------------------------------------------------------------------------
// Schemas

const GallerySchema = z
  .object({
    id: z.string().openapi({ example: 'g_019ad1c2e3f4a1b2c3d4e5f6a7b8' }),
    name: z.string().nullable().openapi({ example: 'front desk' }),
    created_at: z.string().openapi({ example: '2026-11-29T20:15:03.120Z' }),
  })
  .openapi('Gallery');

const GallerySummarySchema = GallerySchema.extend({
  subjects: z.number().int().openapi({ description: 'Subjects in the gallery.', example: 12 }),
  faces: z.number().int().openapi({ description: 'Enrolled faces (embeddings), all model versions.', example: 14 }),
}).openapi('GallerySummary');

const SubjectSchema = z
  .object({
    id: z.string().openapi({ example: 's_019ad1c2e3f5c3d4e5f6a7b8c9d0' }),
    name: z.string().openapi({ example: 'Ada Lovelace' }),
    external_id: z.string().nullable().openapi({ description: "The caller's own id for the person (unique within the gallery), or null.", example: 'emp-1815' }),
    created_at: z.string().openapi({ example: '2026-11-29T20:15:04.551Z' }),
  })
  .openapi('Subject');

const SubjectSummarySchema = SubjectSchema.extend({
  faces: z.number().int().openapi({ description: 'Enrolled faces, all model versions.', example: 1 }),
  needs_reenrolment: z.boolean().openapi({ description: 'True when the subject has faces but none made by the served encoder: identify cannot find them until a new photo is enrolled.', example: false }),
}).openapi('SubjectSummary');

const EnrolledFaceSchema = z
  .object({
    id: z.string().openapi({ example: 'f_019ad1c2e3f6e5f6a7b8c9d0e1f2' }),
    model: ModelSchema,
    box: BoxSchema.openapi({ description: 'Where the face was in the enrolment photo (its pixels). The photo itself is not stored.' }),
    quality: QualitySchema,
    created_at: z.string().openapi({ example: '2026-11-29T20:15:05.010Z' }),
  })
  .openapi('EnrolledFace');

const NameSchema = z.string().trim().min(1).max(200);

// ---------------------------------------------------------------------------------------------
// Routes

const createGalleryRoute = createRoute({
  method: 'post',
  path: '/galleries',
  tags: ['Recognition'],
  security: SECURITY,
  summary: 'Create a gallery',
  description: 'A gallery holds the people (subjects) that identify searches among. Galleries belong to the API key\'s tenant; other tenants cannot see them.',
  request: {
    body: { required: false, content: { 'application/json': { schema: z.object({ name: NameSchema.optional().openapi({ description: 'A label for your own use.', example: 'front desk' }) }) } } },
  },
  responses: {
    201: { description: 'The new gallery.', content: { 'application/json': { schema: GallerySchema } } },
    ...problemResponses(...AUTH_PROBLEMS, 'busy', 'validation-failed'),
  },
});

const listGalleriesRoute = createRoute({
  method: 'get',
  path: '/galleries',
  tags: ['Recognition'],
  security: SECURITY,
  summary: "List the tenant's galleries",
  description: 'All galleries of the API key\'s tenant, oldest first, with their subject and face counts.',
  responses: {
    200: { description: 'The galleries.', content: { 'application/json': { schema: z.object({ galleries: z.array(GallerySummarySchema) }).openapi('GalleryList') } } },
    ...problemResponses(...AUTH_PROBLEMS),
  },
});

const deleteGalleryRoute = createRoute({
  method: 'delete',
  path: '/galleries/{g}',
  tags: ['Recognition'],
  security: SECURITY,
  summary: 'Delete a gallery and everything in it',
  description: 'Deletes the gallery, its subjects and all their enrolled faces (embeddings) at once. Irreversible.',
  request: { params: GalleryParams },
  responses: {
    204: { description: 'Deleted.' },
    ...problemResponses(...AUTH_PROBLEMS, 'collection-not-found'),
  },
});

const createSubjectRoute = createRoute({
  method: 'post',
  path: '/galleries/{g}/subjects',
  tags: ['Recognition'],
  security: SECURITY,
  summary: 'Add a person (subject) to a gallery',
  description: 'Then enrol one photo of the person with POST /v1/galleries/{g}/subjects/{s}/faces: one photo is enough (one-shot recognition).',
  request: {
    params: GalleryParams,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({
            name: NameSchema.openapi({ description: 'Shown in identify results.', example: 'Ada Lovelace' }),
            external_id: z.string().trim().min(1).max(200).optional().openapi({ description: "Your own id for the person; unique within the gallery (409 conflict if taken).", example: 'emp-1815' }),
          }),
        },
      },
    },
  },
  responses: {
    201: { description: 'The new subject.', content: { 'application/json': { schema: SubjectSchema } } },
    ...problemResponses(...AUTH_PROBLEMS, 'busy', 'collection-not-found', 'validation-failed', 'conflict'),
  },
});

const PAGE_DEFAULT = 50;
const PAGE_MAX = 200;

const listSubjectsRoute = createRoute({
  method: 'get',
  path: '/galleries/{g}/subjects',
  tags: ['Recognition'],
  security: SECURITY,
  summary: "List a gallery's subjects (cursor pagination)",
  description: `Subjects in creation order, at most \`limit\` (default ${PAGE_DEFAULT}, at most ${PAGE_MAX}) a page. Pass \`next_cursor\` as \`cursor\` to get the next page; it is null on the last page.`,
  request: {
    params: GalleryParams,
    query: z.object({
      cursor: z.string().optional().openapi({ description: 'The `next_cursor` of the previous page.' }),
      limit: z.coerce.number().int().min(1).max(PAGE_MAX).optional().openapi({ description: `Page size, 1..${PAGE_MAX} (default ${PAGE_DEFAULT}).`, example: 50 }),
    }),
  },
  responses: {
    200: {
      description: 'A page of subjects.',
      content: { 'application/json': { schema: z.object({ subjects: z.array(SubjectSummarySchema), next_cursor: z.string().nullable() }).openapi('SubjectPage') } },
    },
    ...problemResponses(...AUTH_PROBLEMS, 'collection-not-found', 'validation-failed'),
  },
});

const getSubjectRoute = createRoute({
  method: 'get',
  path: '/galleries/{g}/subjects/{s}',
  tags: ['Recognition'],
  security: SECURITY,
  summary: 'A subject and its enrolled faces',
  description: 'The enrolled faces are listed with the model that made each embedding, the box and the quality at enrolment. Embeddings and photos are not returned (photos are never stored).',
  request: { params: SubjectParams },
  responses: {
    200: { description: 'The subject.', content: { 'application/json': { schema: SubjectSchema.extend({ faces: z.array(EnrolledFaceSchema), needs_reenrolment: z.boolean() }).openapi('SubjectDetail') } } },
    ...problemResponses(...AUTH_PROBLEMS, 'collection-not-found', 'subject-not-found'),
  },
});

const deleteSubjectRoute = createRoute({
  method: 'delete',
  path: '/galleries/{g}/subjects/{s}',
  tags: ['Recognition'],
  security: SECURITY,
  summary: 'Delete a subject and its enrolled faces',
  description: "Deletes the person and every embedding enrolled for them; identify stops finding them at once.",
  request: { params: SubjectParams },
  responses: {
    204: { description: 'Deleted.' },
    ...problemResponses(...AUTH_PROBLEMS, 'collection-not-found', 'subject-not-found'),
  },
});

const enrolBody = imageRequestBody(['image'], 'The photo, as a multipart file field `image` or a JSON string field `image` (base64 or data URL). It must show exactly one face. `force` may be sent as a field too.');
for (const content of Object.values(enrolBody.content)) (content.schema.properties as Record<string, unknown>).force = { type: 'boolean', description: 'Enrol even if the face has quality issues.' };

const enrolRoute = createRoute({
  method: 'post',
  path: '/galleries/{g}/subjects/{s}/faces',
  tags: ['Recognition'],
  security: SECURITY,
  summary: 'Enrol a face of the subject from one photo',
  description:
    'The photo must show exactly one face (422 `no-face` or `multiple-faces` otherwise, with the boxes found). A face with quality issues (too small, blurred, extreme pose, too dark or bright) ' +
    'is refused with 422 `poor-quality` listing them, unless `force=true`. What is stored: the 128-d embedding, the model that made it, the box and the quality; ' +
    'the photo is processed in memory and never stored.',
  request: { params: SubjectParams, query: z.object({ force: z.string().optional().openapi({ description: 'true: enrol despite quality issues.', example: 'false' }) }), body: enrolBody },
  responses: {
    201: {
      description: 'The enrolled face.',
      content: {
        'application/json': {
          schema: EnrolledFaceSchema.extend({
            subject: z.string(),
            forced_issues: z.array(z.string()).optional().openapi({ description: 'The quality issues enrolled anyway (force=true).' }),
          }).openapi('Enrolment'),
        },
      },
    },
    ...problemResponses(...AUTH_PROBLEMS, 'busy', 'collection-not-found', 'subject-not-found', ...IMAGE_PROBLEMS, 'no-face', 'multiple-faces', 'poor-quality'),
  },
});

const deleteFaceRoute = createRoute({
  method: 'delete',
  path: '/galleries/{g}/subjects/{s}/faces/{f}',
  tags: ['Recognition'],
  security: SECURITY,
  summary: 'Delete one enrolled face',
  description: 'Deletes the embedding; the subject stays (with its other faces, if any).',
  request: { params: FaceParams },
  responses: {
    204: { description: 'Deleted.' },
    ...problemResponses(...AUTH_PROBLEMS, 'collection-not-found', 'subject-not-found', 'enrolled-face-not-found'),
  },
});

const ISSUE_TEXT: Record<QualityIssue, string> = {
  face_too_small: 'the face is too small (under 32 px; move closer or send a larger photo)',
  blurry: 'the face is blurred',
  extreme_pose: 'the face is turned too far from the camera',
  too_dark: 'the face is too dark',
  too_bright: 'the face is too bright',
};

const modelKey = () => ({ id: ENCODER_INFO.id, version: ENCODER_INFO.version });

export const galleries = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(createGalleryRoute, async (c) => {
    const body = (c.req.valid('json') ?? {}) as { name?: string };
    const gallery = await createGallery(c.env.DB, c.get('caller').tenantId, body.name ?? null);
    return c.json({ id: gallery.id, name: gallery.name, created_at: gallery.created_at }, 201);
  })
  .openapi(listGalleriesRoute, async (c) => c.json({ galleries: await listGalleries(c.env.DB, c.get('caller').tenantId) }, 200))
  .openapi(deleteGalleryRoute, async (c) => {
    const { g } = c.req.valid('param');
    if (!(await deleteGallery(c.env.DB, c.get('caller').tenantId, g))) throw new Problem('collection-not-found', `No gallery '${g}' for this API key.`, { gallery: g });
    return c.body(null, 204);
  })
  .openapi(createSubjectRoute, async (c) => {
    const { g } = c.req.valid('param');
    const gallery = await callerGallery(c, g);
    const body = c.req.valid('json');
    const subject = await createSubject(c.env.DB, gallery.id, { name: body.name, external_id: body.external_id });
    if (subject === 'conflict') throw new Problem('conflict', `Gallery '${g}' already has a subject with external_id '${body.external_id}'.`, { field: 'external_id' });
    return c.json(subject, 201);
  })
  .openapi(listSubjectsRoute, async (c) => {
    const { g } = c.req.valid('param');
    const { cursor, limit } = c.req.valid('query');
    const gallery = await callerGallery(c, g);
    const page = await listSubjects(c.env.DB, gallery.id, modelKey(), { after: cursor, limit: limit ?? PAGE_DEFAULT });
    const subjects = page.subjects.map(({ current_faces, ...s }) => ({ ...s, needs_reenrolment: s.faces > 0 && current_faces === 0 }));
    return c.json({ subjects, next_cursor: page.more ? subjects[subjects.length - 1].id : null }, 200);
  })
  .openapi(getSubjectRoute, async (c) => {
    const { g, s } = c.req.valid('param');
    const { subject } = await callerSubject(c, g, s);
    const faces = await subjectFaces(c.env.DB, subject.id);
    const current = faces.filter((f) => f.model === ENCODER_INFO.id && f.model_version === ENCODER_INFO.version).length;
    return c.json(
      {
        ...subject,
        faces: faces.map((f) => ({ id: f.id, model: { id: f.model, version: f.model_version }, box: f.box as z.infer<typeof BoxSchema>, quality: f.quality as z.infer<typeof QualitySchema>, created_at: f.created_at })),
        needs_reenrolment: faces.length > 0 && current === 0,
      },
      200,
    );
  })
  .openapi(deleteSubjectRoute, async (c) => {
    const { g, s } = c.req.valid('param');
    const gallery = await callerGallery(c, g);
    if (!(await deleteSubject(c.env.DB, gallery.id, s))) throw new Problem('subject-not-found', `No subject '${s}' in gallery '${g}'.`, { subject: s });
    return c.body(null, 204);
  })
  .openapi(enrolRoute, async (c) => {
    const { g, s } = c.req.valid('param');
    const query = c.req.valid('query');
    // 404s before the upload is read or decoded.
    const { gallery, subject } = await callerSubject(c, g, s);
    const limits = c.get('limits');
    const { images, params } = await readImageRequest(c.req.raw, ['image'], { limits, params: ['force'] });
    const force = flag('force', query.force, params.force);
    const { photo, face } = await faceFromPhoto(c.get('runtime'), images.image.bytes, { field: images.image.field, limits, require: 'only', embed: SERVED_EMBED_OPTIONS });
    const json = faceJson(photo, face);
    const issues = face.quality.issues;
    if (issues.length && !force) {
      throw new Problem('poor-quality', `The face is a poor enrolment photo: ${issues.map((i) => ISSUE_TEXT[i]).join('; ')}. Send a better photo, or enrol it anyway with force=true (identification will be less reliable).`, {
        issues,
        quality: json.quality,
        box: json.box,
      });
    }
    const model = modelKey();
    const stored = await addFace(c.env.DB, { galleryId: gallery.id, subjectId: subject.id, model, embedding: face.embedding!, box: json.box, quality: json.quality });
    return c.json({ id: stored.id, subject: subject.id, model, box: json.box, quality: json.quality, created_at: stored.created_at, ...(issues.length ? { forced_issues: issues } : {}) }, 201);
  })
  .openapi(deleteFaceRoute, async (c) => {
    const { g, s, f } = c.req.valid('param');
    const { gallery, subject } = await callerSubject(c, g, s);
    if (!(await deleteFace(c.env.DB, gallery.id, subject.id, f))) throw new Problem('enrolled-face-not-found', `No enrolled face '${f}' for subject '${s}'.`, { face: f });
    return c.body(null, 204);
  });
