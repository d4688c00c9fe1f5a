// POST /v1/collections/{c}/identify, /search and /subjects/{s}/verify, HTTP only: read the photo and
// the options (query string or body, http/params.ts), call search-service.ts, answer its JSON. The
// API-key middleware is routes.ts's.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../config';
import { validationHook } from '../../http/errors';
import { readImageRequest, readImageUpload } from '../../http/image-upload';
import { IMAGE_PROBLEMS, imageRequestBody, problemResponses } from '../../http/openapi';
import { integerParam, numberParam } from '../../http/params';
import { MAX_FALSE_IDENTITY_RATE, MIN_FALSE_IDENTITY_RATE } from '../../pipeline/face/open-set';
import { AUTH_PROBLEMS, SECURITY, scopeOf, workOf } from './route-context';
import {
  CollectionParams,
  IdentificationSchema,
  RATE_DESCRIPTION,
  SearchRequestSchema,
  SearchResultSchema,
  SubjectParams,
  SubjectVerificationSchema,
  THRESHOLD_DESCRIPTION,
  TOP_K_DEFAULT,
  TOP_K_DESCRIPTION,
  TOP_K_MAX,
} from './schema';
import { identifyPhoto, isFalseIdentityRate, isThreshold, searchEmbedding, verifySubject, type SearchOptions } from './search-service';

/** The photo, with the options documented as body fields too. */
function identifyBody() {
  const body = imageRequestBody(
    ['image'],
    'The photo, as a multipart file field `image` or a JSON string field `image` (base64 or data URL), or the raw image as the body. `top_k` may be sent as a field too.',
  );
  for (const content of Object.values(body.content)) {
    const props = content.schema.properties as Record<string, unknown>;
    props.top_k = { type: 'integer', minimum: 1, maximum: TOP_K_MAX, description: TOP_K_DESCRIPTION };
    props.threshold = { type: 'number', exclusiveMinimum: 0, maximum: 2, description: 'See the `threshold` query parameter.' };
    props.max_false_identity_rate = {
      type: 'number',
      minimum: MIN_FALSE_IDENTITY_RATE,
      maximum: MAX_FALSE_IDENTITY_RATE,
      description: 'See the `max_false_identity_rate` query parameter.',
    };
  }
  return body;
}

const IdentifyQuery = z.object({
  top_k: z.string().optional().openapi({ description: TOP_K_DESCRIPTION, example: '3' }),
  threshold: z.string().optional().openapi({ description: THRESHOLD_DESCRIPTION, example: '0.45' }),
  max_false_identity_rate: z.string().optional().openapi({ description: RATE_DESCRIPTION, example: '0.01' }),
});

const identifyRoute = createRoute({
  method: 'post',
  path: '/collections/{c}/identify',
  operationId: 'identify',
  tags: ['Recognition'],
  security: SECURITY,
  summary: 'Who is in this photo? (one-shot identification)',
  description:
    "For every face in the photo: the collection's nearest subjects (`candidates`) and the `identity`: the nearest subject if its distance is within the threshold, " +
    "else null (unknown). A person who was never enrolled comes back unknown, not as the most similar stranger: the default threshold shrinks with the collection's size so that a stranger, who is compared with every enrolled face, " +
    'is given an identity about 5 % of the time (`max_false_identity_rate`); the answer gives the threshold applied and why (`threshold`, `threshold_rule`). Exact search over the enrolled embeddings of the served encoder version; ' +
    'subjects enrolled with another version are listed in `needs_reenrolment`. The photo is processed in memory and never stored.',
  request: { params: CollectionParams, query: IdentifyQuery, body: identifyBody() },
  responses: {
    200: { description: 'The faces and who they are.', content: { 'application/json': { schema: IdentificationSchema } } },
    ...problemResponses(...AUTH_PROBLEMS, 'busy', 'collection-not-found', ...IMAGE_PROBLEMS),
  },
});

const searchRoute = createRoute({
  method: 'post',
  path: '/collections/{c}/search',
  operationId: 'search',
  tags: ['Recognition'],
  security: SECURITY,
  summary: 'Identify an embedding (from /v1/faces/embed)',
  description:
    'As identify (same threshold rule: `threshold_rule`), for one face whose embedding the client already has (from /v1/faces/embed, or made on the device with the face-embedding model GET /v1/models lists, so the photo never leaves it). The embedding must come from the served encoder: `model` must be the one /v1/faces/embed reported (409 `model-mismatch` otherwise). Nothing is stored.',
  request: { params: CollectionParams, body: { required: true, content: { 'application/json': { schema: SearchRequestSchema } } } },
  responses: {
    200: { description: 'Who the embedding is.', content: { 'application/json': { schema: SearchResultSchema } } },
    ...problemResponses(...AUTH_PROBLEMS, 'busy', 'collection-not-found', 'validation-failed', 'model-mismatch'),
  },
});

const subjectVerifyRoute = createRoute({
  method: 'post',
  path: '/collections/{c}/subjects/{s}/verify',
  operationId: 'verifySubject',
  tags: ['Recognition'],
  security: SECURITY,
  summary: 'Is the face in this photo this enrolled person?',
  description:
    "The /v1/verify answer for the photo's most prominent face against the subject's enrolled faces (the nearest counts). 409 `no-enrolled-face` when the subject has no face " +
    'enrolled with the served encoder version (none yet, or only older ones: re-enrol). The photo is processed in memory and never stored.',
  request: {
    params: SubjectParams,
    body: imageRequestBody(
      ['image'],
      'The photo, as a multipart file field `image` or a JSON string field `image` (base64 or data URL), or the raw image as the body.',
    ),
  },
  responses: {
    200: { description: 'The verdict.', content: { 'application/json': { schema: SubjectVerificationSchema } } },
    ...problemResponses(
      ...AUTH_PROBLEMS,
      'busy',
      'collection-not-found',
      'subject-not-found',
      'no-enrolled-face',
      ...IMAGE_PROBLEMS,
      'no-face',
    ),
  },
});

/** identify's options, each from the query string or the body (not both). */
function identifyOptions(query: z.infer<typeof IdentifyQuery>, body: Record<string, unknown>): SearchOptions {
  return {
    topK: integerParam('top_k', query.top_k, body.top_k, { min: 1, max: TOP_K_MAX, fallback: TOP_K_DEFAULT }),
    threshold: numberParam('threshold', query.threshold, body.threshold, isThreshold, 'a distance in (0, 2]'),
    maxFalseIdentityRate: numberParam(
      'max_false_identity_rate',
      query.max_false_identity_rate,
      body.max_false_identity_rate,
      isFalseIdentityRate,
      `a rate from ${MIN_FALSE_IDENTITY_RATE} to ${MAX_FALSE_IDENTITY_RATE}`,
    ),
  };
}

export const queries = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(identifyRoute, async (c) => {
    const query = c.req.valid('query');
    const answer = await identifyPhoto(scopeOf(c), workOf(c), c.req.valid('param').c, async () => {
      const { images, params } = await readImageRequest(c.req.raw, ['image'], {
        limits: c.get('limits'),
        params: ['top_k', 'threshold', 'max_false_identity_rate'],
      });
      return { photo: images.image, options: identifyOptions(query, params) };
    });
    return c.json(answer, 200);
  })
  .openapi(searchRoute, async (c) => {
    const body = c.req.valid('json');
    const options = { topK: body.top_k ?? TOP_K_DEFAULT, threshold: body.threshold, maxFalseIdentityRate: body.max_false_identity_rate };
    return c.json(await searchEmbedding(scopeOf(c), c.req.valid('param').c, body, options), 200);
  })
  .openapi(subjectVerifyRoute, async (c) => {
    const { c: collection, s } = c.req.valid('param');
    const verdict = await verifySubject(scopeOf(c), workOf(c), collection, s, () =>
      readImageUpload(c.req.raw, 'image', { limits: c.get('limits') }),
    );
    return c.json(verdict, 200);
  });
