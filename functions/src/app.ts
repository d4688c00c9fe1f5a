// The Hono application: middleware, routes under /v1, the OpenAPI document and error handling.
// Each feature's routes are a small sub-app (features/<feature>/routes.ts); this file only wires
// them together. It imports nothing that
// needs wasm, so Node scripts can build it to emit the OpenAPI document (scripts/build-openapi.ts).
import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './config';
import { notFound, onError, validationHook } from './http/errors';
import { apiCors, apiSecurityHeaders, context, limitBody } from './http/middleware';
import { documentConfig, ProblemSchema } from './http/openapi';
import { health, images } from './features/system/routes';
import { faces } from './features/faces/routes';
import { galleryRoutes } from './features/gallery/routes';
import { collections } from './features/collections/routes';
import { models } from './features/models/routes';
import { styles } from './features/style/routes';
import type { InferenceRuntime } from './runtime/types';

export interface AppDependencies {
  /** The isolate's inference runtime (onnxruntime-web in the Worker). */
  runtime: () => InferenceRuntime;
}

export function createApp(deps: AppDependencies) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  // Security headers first, so they are set on every answer, errors and preflights included.
  app.use('/v1/*', apiSecurityHeaders, apiCors, context(deps.runtime), limitBody);
  app.route('/v1', health);
  app.route('/v1', models);
  app.route('/v1', images);
  app.route('/v1', styles);
  app.route('/v1', faces);
  app.route('/v1', galleryRoutes);
  app.route('/v1', collections);

  app.openAPIRegistry.register('Problem', ProblemSchema);
  app.doc31('/v1/openapi.json', documentConfig);
  app.notFound(notFound(() => app.routes));
  app.onError(onError);
  return app;
}

export type App = ReturnType<typeof createApp>;

/** The OpenAPI 3.1 document of an app, for build scripts (site API reference) and tests. */
export const openApiDocument = (app: App) => app.getOpenAPI31Document(documentConfig);
