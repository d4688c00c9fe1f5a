// The recognition API under /v1/collections, HTTP only: API key authentication (http/auth.ts) and the
// key's quota (http/rate-limit.ts: its own, or the default of 120 a minute; shared with the key's
// requests to the model endpoints) in front of the management routes (here) and the queries
// (identify-routes.ts). The middleware is registered here once, so each request is counted once.
// Handlers read the request, call the services (service.ts, search-service.ts) and answer their JSON.
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../config';
import { requireApiKey } from '../../http/auth';
import { validationHook } from '../../http/errors';
import { faceChoiceParam } from '../../http/face-choice';
import { readImageRequest } from '../../http/image-upload';
import { inferenceGate } from '../../http/inference-gate';
import { IMAGE_PROBLEMS, imageRequestBody, problemResponses } from '../../http/openapi';
import { flagParam } from '../../http/params';
import { apiKeyRateLimit } from '../../http/rate-limit';
import { EMBEDDING_SIZE } from '../../pipeline/face';
import { queries } from './identify-routes';
import { AUTH_PROBLEMS, SECURITY, scopeOf, workOf } from './route-context';
import {
  CollectionListSchema,
  CollectionParams,
  CollectionSchema,
  ENROL_BOX_DESCRIPTION,
  EmbeddingEnrolmentSchema,
  ENROL_FACE_DESCRIPTION,
  EnrolmentSchema,
  EnrolQuery,
  FaceParams,
  NewCollectionSchema,
  NewEmbeddingSchema,
  NewSubjectSchema,
  PAGE_DEFAULT,
  PAGE_MAX,
  SubjectDetailSchema,
  SubjectPageQuery,
  SubjectPageSchema,
  SubjectParams,
  SubjectSchema,
} from './schema';
import {
  createCollection,
  createSubject,
  deleteCollection,
  deleteFace,
  deleteSubject,
  enrolEmbedding,
  enrolFace,
  listCollections,
  listSubjects,
  subjectDetail,
} from './service';

const createCollectionRoute = createRoute({
  method: 'post',
  path: '/collections',
  operationId: 'createCollection',
  tags: ['Recognition'],
  security: SECURITY,
  summary: 'Create a collection',
  description:
    "A collection holds the people (subjects) that identify searches among. Collections belong to the API key's tenant; other tenants cannot see them.",
  request: { body: { required: false, content: { 'application/json': { schema: NewCollectionSchema } } } },
  responses: {
    201: { description: 'The new collection.', content: { 'application/json': { schema: CollectionSchema } } },
    ...problemResponses(...AUTH_PROBLEMS, 'busy', 'validation-failed'),
  },
});

const listCollectionsRoute = createRoute({
  method: 'get',
  path: '/collections',
  operationId: 'listCollections',
  tags: ['Recognition'],
  security: SECURITY,
  summary: "List the tenant's collections",
  description: "All collections of the API key's tenant, oldest first, with their subject and face counts.",
  responses: {
    200: { description: 'The collections.', content: { 'application/json': { schema: CollectionListSchema } } },
    ...problemResponses(...AUTH_PROBLEMS),
  },
});

const deleteCollectionRoute = createRoute({
  method: 'delete',
  path: '/collections/{c}',
  operationId: 'deleteCollection',
  tags: ['Recognition'],
  security: SECURITY,
  summary: 'Delete a collection and everything in it',
  description: 'Deletes the collection, its subjects and all their enrolled faces (embeddings) at once. Irreversible.',
  request: { params: CollectionParams },
  responses: {
    204: { description: 'Deleted.' },
    ...problemResponses(...AUTH_PROBLEMS, 'collection-not-found'),
  },
});

const createSubjectRoute = createRoute({
  method: 'post',
  path: '/collections/{c}/subjects',
  operationId: 'createSubject',
  tags: ['Recognition'],
  security: SECURITY,
  summary: 'Add a person (subject) to a collection',
  description:
    'Then enrol one photo of the person with POST /v1/collections/{c}/subjects/{s}/faces (one photo is enough: one-shot recognition), or an embedding made on the device with POST /v1/collections/{c}/subjects/{s}/embeddings.',
  request: { params: CollectionParams, body: { required: true, content: { 'application/json': { schema: NewSubjectSchema } } } },
  responses: {
    201: { description: 'The new subject.', content: { 'application/json': { schema: SubjectSchema } } },
    ...problemResponses(...AUTH_PROBLEMS, 'busy', 'collection-not-found', 'validation-failed', 'conflict'),
  },
});

const listSubjectsRoute = createRoute({
  method: 'get',
  path: '/collections/{c}/subjects',
  operationId: 'listSubjects',
  tags: ['Recognition'],
  security: SECURITY,
  summary: "List a collection's subjects (cursor pagination)",
  description: `Subjects in creation order, at most \`limit\` (default ${PAGE_DEFAULT}, at most ${PAGE_MAX}) a page. Pass \`next_cursor\` as \`cursor\` to get the next page; it is null on the last page.`,
  request: { params: CollectionParams, query: SubjectPageQuery },
  responses: {
    200: { description: 'A page of subjects.', content: { 'application/json': { schema: SubjectPageSchema } } },
    ...problemResponses(...AUTH_PROBLEMS, 'collection-not-found', 'validation-failed'),
  },
});

const getSubjectRoute = createRoute({
  method: 'get',
  path: '/collections/{c}/subjects/{s}',
  operationId: 'getSubject',
  tags: ['Recognition'],
  security: SECURITY,
  summary: 'A subject and its enrolled faces',
  description:
    'The enrolled faces are listed with the model that made each embedding, how it was enrolled (`source`), the box and the quality at enrolment (null for a face enrolled by embedding). Embeddings and photos are not returned (photos are never stored).',
  request: { params: SubjectParams },
  responses: {
    200: { description: 'The subject.', content: { 'application/json': { schema: SubjectDetailSchema } } },
    ...problemResponses(...AUTH_PROBLEMS, 'collection-not-found', 'subject-not-found'),
  },
});

const deleteSubjectRoute = createRoute({
  method: 'delete',
  path: '/collections/{c}/subjects/{s}',
  operationId: 'deleteSubject',
  tags: ['Recognition'],
  security: SECURITY,
  summary: 'Delete a subject and its enrolled faces',
  description: 'Deletes the person and every embedding enrolled for them; identify stops finding them at once.',
  request: { params: SubjectParams },
  responses: {
    204: { description: 'Deleted.' },
    ...problemResponses(...AUTH_PROBLEMS, 'collection-not-found', 'subject-not-found'),
  },
});

/** The photo, with `force`, `face` and `box` documented as body fields too. */
function enrolBody() {
  const body = imageRequestBody(
    ['image'],
    'The photo, as a multipart file field `image` or a JSON string field `image` (base64 or data URL). It must show exactly one face unless `face` or `box` chooses one. `force`, `face` and `box` may be sent as fields too.',
  );
  for (const content of Object.values(body.content)) {
    const props = content.schema.properties as Record<string, unknown>;
    props.force = { type: 'boolean', description: 'Enrol even if the face has quality issues.' };
    props.face = { type: 'integer', minimum: 0, description: ENROL_FACE_DESCRIPTION, example: 1 };
    props.box = {
      type: 'string',
      description: `${ENROL_BOX_DESCRIPTION} JSON also accepts {x, y, width, height} or [x, y, width, height].`,
      example: '412,230,208,208',
    };
  }
  return body;
}

/** The enrolment fields that may come in the query string or the body. */
const ENROL_PARAMS = ['force', 'face', 'box'];

const enrolRoute = createRoute({
  method: 'post',
  path: '/collections/{c}/subjects/{s}/faces',
  operationId: 'enrolFace',
  tags: ['Recognition'],
  security: SECURITY,
  summary: 'Enrol a face of the subject from one photo',
  description:
    "The photo must show exactly one face (422 `no-face` or `multiple-faces` otherwise, with the boxes found), unless `face` (an index, as /v1/faces/detect numbers faces) or `box` (a box in the photo's pixels) " +
    'chooses one of several, in the query string or as a body field (422 `face-not-found` when the choice names no detected face). The answer says which face was enrolled (`index`, `faces_found`). ' +
    'A face with quality issues (too small, blurred, extreme pose, too dark or bright) ' +
    `is refused with 422 \`poor-quality\` listing them, unless \`force=true\`. What is stored: the ${EMBEDDING_SIZE}-d embedding, the model that made it, the box and the quality; ` +
    'the photo is processed in memory and never stored.',
  request: { params: SubjectParams, query: EnrolQuery, body: enrolBody() },
  responses: {
    201: { description: 'The enrolled face.', content: { 'application/json': { schema: EnrolmentSchema } } },
    ...problemResponses(
      ...AUTH_PROBLEMS,
      'busy',
      'collection-not-found',
      'subject-not-found',
      ...IMAGE_PROBLEMS,
      'no-face',
      'multiple-faces',
      'face-not-found',
      'poor-quality',
    ),
  },
});

const enrolEmbeddingRoute = createRoute({
  method: 'post',
  path: '/collections/{c}/subjects/{s}/embeddings',
  operationId: 'enrolEmbedding',
  tags: ['Recognition'],
  security: SECURITY,
  summary: 'Enrol a face of the subject from an embedding (no photo)',
  description:
    'For apps and pages that embed faces on the device (on-device mode, GET /v1/models): the photo never leaves the device, only the embedding is sent. ' +
    `The embedding must be made by the served face encoder, the same id and version (GET /v1/models lists it with its alignment and \`head.flip\`; /v1/faces/embed makes the same), ` +
    'and `model` must say so: 409 `model-mismatch` otherwise, and nothing is stored. The server cannot see the face, so it cannot check its quality: enrol a clear, frontal, well-lit face. ' +
    `What is stored: the ${EMBEDDING_SIZE}-d embedding and the model that made it, nothing else (the enrolled face's \`box\` and \`quality\` are null, \`source\` is \`embedding\`). ` +
    'Identify, search and subject verify then find the subject like one enrolled from a photo.',
  request: { params: SubjectParams, body: { required: true, content: { 'application/json': { schema: NewEmbeddingSchema } } } },
  responses: {
    201: { description: 'The enrolled face.', content: { 'application/json': { schema: EmbeddingEnrolmentSchema } } },
    ...problemResponses(...AUTH_PROBLEMS, 'busy', 'collection-not-found', 'subject-not-found', 'validation-failed', 'model-mismatch'),
  },
});

const deleteFaceRoute = createRoute({
  method: 'delete',
  path: '/collections/{c}/subjects/{s}/faces/{f}',
  operationId: 'deleteFace',
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

const management = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(createCollectionRoute, async (c) => {
    const body = c.req.valid('json') ?? {};
    return c.json(await createCollection(scopeOf(c), body.name ?? null), 201);
  })
  .openapi(listCollectionsRoute, async (c) => c.json(await listCollections(scopeOf(c)), 200))
  .openapi(deleteCollectionRoute, async (c) => {
    await deleteCollection(scopeOf(c), c.req.valid('param').c);
    return c.body(null, 204);
  })
  .openapi(createSubjectRoute, async (c) => c.json(await createSubject(scopeOf(c), c.req.valid('param').c, c.req.valid('json')), 201))
  .openapi(listSubjectsRoute, async (c) => {
    const { cursor, limit } = c.req.valid('query');
    return c.json(await listSubjects(scopeOf(c), c.req.valid('param').c, { cursor, limit: limit ?? PAGE_DEFAULT }), 200);
  })
  .openapi(getSubjectRoute, async (c) => {
    const { c: collection, s } = c.req.valid('param');
    return c.json(await subjectDetail(scopeOf(c), collection, s), 200);
  })
  .openapi(deleteSubjectRoute, async (c) => {
    const { c: collection, s } = c.req.valid('param');
    await deleteSubject(scopeOf(c), collection, s);
    return c.body(null, 204);
  })
  .openapi(enrolRoute, async (c) => {
    const { c: collection, s } = c.req.valid('param');
    const query = c.req.valid('query');
    const enrolment = await enrolFace(scopeOf(c), workOf(c), collection, s, async () => {
      const { images, params } = await readImageRequest(c.req.raw, ['image'], { limits: c.get('limits'), params: ENROL_PARAMS });
      return {
        photo: images.image,
        force: flagParam('force', query.force, params.force),
        choice: faceChoiceParam({ face: 'face', box: 'box' }, query, params),
      };
    });
    return c.json(enrolment, 201);
  })
  .openapi(enrolEmbeddingRoute, async (c) => {
    const { c: collection, s } = c.req.valid('param');
    return c.json(await enrolEmbedding(scopeOf(c), collection, s, c.req.valid('json')), 201);
  })
  .openapi(deleteFaceRoute, async (c) => {
    const { c: collection, s, f } = c.req.valid('param');
    await deleteFace(scopeOf(c), collection, s, f);
    return c.body(null, 204);
  });

export const collections = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
// '/collections/*' also matches '/collections' itself.
collections.use('/collections/*', requireApiKey, apiKeyRateLimit);
// Enrolment, identify, search and subject verify run models: one at a time per isolate (the POSTs
// that create a collection or subject wait too; they are rare and quick).
collections.on('POST', '/collections/*', inferenceGate);
collections.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', {
  type: 'http',
  scheme: 'bearer',
  description: 'An API key (`lk_...`), made with `npm run keys:create -- --tenant NAME`. Only its SHA-256 is stored; it is shown once.',
});
collections.route('/', management);
collections.route('/', queries);
