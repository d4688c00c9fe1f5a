// The Hono application: middleware, routes under /v1, the OpenAPI document and error handling.
// Routes are small sub-apps in routes/; this file only wires them together.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './env';
import { notFound, onError, validationHook } from './http/errors';
import { apiCors, context, limitBody } from './http/middleware';
import { documentConfig, ProblemSchema } from './http/openapi';
import { health } from './routes/health';

export function createApp() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use('/v1/*', apiCors, context, limitBody);
  app.route('/v1', health);

  app.openAPIRegistry.register('Problem', ProblemSchema);
  app.doc31('/v1/openapi.json', documentConfig);
  app.notFound(notFound(() => app.routes));
  app.onError(onError);
  return app;
}

export const app = createApp();

/** The OpenAPI 3.1 document, for build scripts (site API reference) and tests. */
export const openApiDocument = () => app.getOpenAPI31Document(documentConfig);
