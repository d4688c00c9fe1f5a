// Cross-cutting middleware for /v1: CORS, body size limit, per-request context (limits, runtime).
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { allowedOrigins, limitsFrom, type AppEnv } from '../env';
import type { InferenceRuntime } from '../runtime/types';
import { Problem } from './problem';

/**
 * Reads limits from the environment once per request and exposes the inference runtime. The runtime
 * is injected (see index.ts) so the app can be built without loading wasm, e.g. to emit OpenAPI.
 */
export const context =
  (runtime: () => InferenceRuntime): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    c.set('limits', limitsFrom(c.env));
    c.set('runtime', runtime());
    await next();
  };

/**
 * CORS for the public site and app clients. Native mobile apps send no Origin header and are not
 * subject to CORS; browsers and hybrid web views are allowed from ALLOWED_ORIGINS only.
 */
export const apiCors: MiddlewareHandler<AppEnv> = (c, next) =>
  cors({
    origin: (origin) => (allowedOrigins(c.env).includes(origin) ? origin : null),
    allowMethods: ['GET', 'HEAD', 'POST', 'DELETE', 'OPTIONS'],
    allowHeaders: ['Content-Type', 'Authorization', 'Accept'],
    exposeHeaders: ['Retry-After', 'ETag', 'Content-Length', 'Allow'],
    maxAge: 86400,
  })(c, next);

/**
 * Refuses bodies over the limit with 413 before they are read: Content-Length is checked up front,
 * and streamed bodies without it are counted as they arrive.
 */
export const limitBody: MiddlewareHandler<AppEnv> = (c, next) => {
  const { maxBodyBytes } = c.get('limits');
  return bodyLimit({
    maxSize: maxBodyBytes,
    onError: () => {
      throw new Problem('payload-too-large', `The request body is larger than the limit of ${maxBodyBytes} bytes.`, { limit: maxBodyBytes });
    },
  })(c, next);
};
