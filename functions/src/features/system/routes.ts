// GET /v1/health and POST /v1/images/stats: HTTP only; the answers are service.ts's.
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../config';
import { validationHook } from '../../http/errors';
import { readImageUpload } from '../../http/image-upload';
import { MODEL_ENDPOINT_PROBLEMS, modelEndpoint } from '../../http/model-endpoint';
import { IMAGE_PROBLEMS, imageRequestBody, problemResponses } from '../../http/openapi';
import { rateLimitNote } from '../../http/rate-limit';
import { HealthSchema, ImageStatsSchema } from './schema';
import { health as healthOf, imageStats } from './service';

const healthRoute = createRoute({
  method: 'get',
  path: '/health',
  operationId: 'getHealth',
  tags: ['System'],
  summary: 'Service status, version and served models',
  responses: { 200: { description: 'The service is up.', content: { 'application/json': { schema: HealthSchema } } } },
});

const statsRoute = createRoute({
  method: 'post',
  path: '/images/stats',
  operationId: 'measureImageStats',
  tags: ['Images'],
  summary: 'Measure brightness, contrast and sharpness of a photo',
  description: `The photo is decoded, analysed in memory and discarded; nothing is stored.${rateLimitNote('images-stats')}`,
  ...modelEndpoint('images-stats'),
  request: {
    body: imageRequestBody(['image'], 'The photo, as a multipart file field `image` or a JSON string field `image` (base64 or data URL).'),
  },
  responses: {
    200: { description: 'The measurements.', content: { 'application/json': { schema: ImageStatsSchema } } },
    ...problemResponses(...IMAGE_PROBLEMS, ...MODEL_ENDPOINT_PROBLEMS),
  },
});

export const health = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(healthRoute, async (c) =>
  c.json(await healthOf(c.get('runtime'), c.env, c.get('limits')), 200),
);

export const images = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(statsRoute, async (c) => {
  const limits = c.get('limits');
  const upload = await readImageUpload(c.req.raw, 'image', { limits });
  return c.json(await imageStats(c.get('runtime'), upload, limits), 200);
});
