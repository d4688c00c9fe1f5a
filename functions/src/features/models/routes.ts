// GET /v1/models: HTTP only (the listing is service.ts's). No key and no rate limit: a static answer
// from the bundle, no model runs. Cached for MODEL_LIST_MAX_AGE, with an ETag (If-None-Match: 304).
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../config';
import { matchesEtag } from '../../http/etag';
import { validationHook } from '../../http/errors';
import { MODEL_LIST_MAX_AGE, ModelListSchema } from './schema';
import { listModels, modelListEtag } from './service';

const CACHE_CONTROL = `public, max-age=${MODEL_LIST_MAX_AGE}`;

const headers = {
  ETag: { schema: { type: 'string' as const }, description: 'Strong validator of the listing; send it as If-None-Match.' },
  'Cache-Control': { schema: { type: 'string' as const, example: CACHE_CONTROL } },
};

const listModelsRoute = createRoute({
  method: 'get',
  path: '/models',
  operationId: 'listModels',
  tags: ['Models'],
  summary: 'The model files this deployment runs, for on-device mode',
  description:
    'On-device mode runs the same pipeline (decode, detect, align, embed, compare with the same head) on the caller\'s own device: the site\'s /verify page ("On this device") ' +
    "in the browser with onnxruntime-web, or an app with onnxruntime's mobile builds. There no photo leaves the device; only the models are downloaded. " +
    'This lists every model the Worker runs (one per task) with its manifest entry: version, input size and normalisation, outputs, licence, ' +
    'size in bytes and SHA-256, and `url`, where the file is. The bytes at `url` are exactly the bytes the Worker runs (the same SHA-256 as models/manifest.json and /v1/health): ' +
    'check the SHA-256 before use. The URLs are content-addressed and immutable, so a client may cache the files forever and a new model version is a new URL. ' +
    'The served face encoder carries its verification head (`head`: the threshold, whether embeddings average the mirrored chip, and the head file). ' +
    'An embedding made on the device with this encoder id and version can be searched in a collection (POST /v1/collections/{c}/search) or enrolled without a photo ' +
    "(POST /v1/collections/{c}/subjects/{s}/embeddings). Each model's licence applies to your use of its file. No key, no rate limit; the listing itself is cached for " +
    `${MODEL_LIST_MAX_AGE} s.`,
  responses: {
    200: { description: 'The models.', headers, content: { 'application/json': { schema: ModelListSchema } } },
    304: { description: 'Not modified: the If-None-Match ETag is current.', headers },
  },
});

export const models = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(listModelsRoute, async (c) => {
  const etag = await modelListEtag();
  c.header('ETag', etag);
  c.header('Cache-Control', CACHE_CONTROL);
  if (matchesEtag(c.req.header('if-none-match'), etag)) return c.body(null, 304);
  return c.json(listModels(), 200);
});
