// Cross-cutting middleware for /v1: security headers, CORS, body size limit, per-request context
// (configuration, runtime). Each is constructed once, at module load; per request they only read
// the configuration parsed once per isolate (config.ts).
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import { configOf, type AppEnv } from '../config';
import type { InferenceRuntime } from '../runtime/types';
import { Problem } from './problem';

/**
 * Exposes the configuration (parsed once per isolate) and the inference runtime. The runtime is
 * injected (see index.ts) so the app can be built without loading wasm, e.g. to emit OpenAPI.
 */
export const context =
  (runtime: () => InferenceRuntime): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    const config = configOf(c.env);
    c.set('config', config);
    c.set('limits', config.limits);
    c.set('runtime', runtime());
    await next();
  };

/**
 * Security headers on every /v1 answer: JSON, images, 204/304, CORS preflights, and the problem+json
 * errors made by onError and notFound (this middleware runs first and sets the headers after the rest
 * of the chain, on whatever response it produced). The API serves data, never pages, so its CSP loads
 * nothing and may not be framed; nosniff stops a browser from reading a JSON or image answer as HTML
 * or script. The site's pages get theirs from site/public/_headers.
 * Cross-Origin-Resource-Policy is cross-origin: the hybrid apps (capacitor://, ionic://) show gallery
 * images with <img>, which same-origin would block; JSON stays protected by CORS.
 */
export const apiSecurityHeaders: MiddlewareHandler<AppEnv> = secureHeaders({
  contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  xContentTypeOptions: 'nosniff',
  xFrameOptions: 'DENY',
  referrerPolicy: 'no-referrer',
  crossOriginResourcePolicy: 'cross-origin',
});

/**
 * CORS for the public site and app clients. Native mobile apps send no Origin header and are not
 * subject to CORS; browsers and hybrid web views are allowed from ALLOWED_ORIGINS only.
 */
export const apiCors: MiddlewareHandler<AppEnv> = cors({
  origin: (origin, c) => (configOf(c.env).allowedOrigins.includes(origin) ? origin : null),
  allowMethods: ['GET', 'HEAD', 'POST', 'DELETE', 'OPTIONS'],
  allowHeaders: ['Content-Type', 'Authorization', 'Accept'],
  exposeHeaders: ['Retry-After', 'ETag', 'Content-Length', 'Allow', 'X-Style'],
  maxAge: 86400,
});

/**
 * Refuses bodies over `maxBytes` with 413 payload-too-large before they are read: Content-Length is
 * checked up front, and streamed bodies without it are counted as they arrive.
 */
export const bodyLimitOf = (maxBytes: number): MiddlewareHandler<AppEnv> =>
  bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new Problem('payload-too-large', `The request body is larger than the limit of ${maxBytes} bytes.`, { limit: maxBytes });
    },
  });

// One bodyLimit per distinct MAX_BODY_BYTES: in practice one per isolate.
const bodyLimits = new Map<number, MiddlewareHandler<AppEnv>>();

/** The global limit (MAX_BODY_BYTES from the configuration). */
export const limitBody: MiddlewareHandler<AppEnv> = (c, next) => {
  const max = c.get('limits').maxBodyBytes;
  let limit = bodyLimits.get(max);
  if (!limit) {
    limit = bodyLimitOf(max);
    bodyLimits.set(max, limit);
  }
  return limit(c, next);
};
