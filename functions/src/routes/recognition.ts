// The recognition API under /v1/galleries: API key authentication (http/auth.ts) and the per-key
// rate limit (http/rate-limit.ts) in front of the management routes (galleries.ts) and the queries
// (identify.ts). The middleware is registered here once, so each request is counted once.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../env';
import { requireApiKey } from '../http/auth';
import { validationHook } from '../http/errors';
import { rateLimit } from '../http/rate-limit';
import { galleries } from './galleries';
import { identify } from './identify';

/**
 * Per API key, every recognition request. 120 a minute by default (identify costs about 0.3-0.5 s
 * of CPU per photo); override with the var RATE_LIMIT_RECOGNITION = "<limit>/<periodSeconds>".
 */
export const recognitionRateLimit = rateLimit({ name: 'recognition', limit: 120, periodSeconds: 60, key: (c) => c.get('caller')?.keyId });

export const recognition = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
// '/galleries/*' also matches '/galleries' itself.
recognition.use('/galleries/*', requireApiKey, recognitionRateLimit);
recognition.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', {
  type: 'http',
  scheme: 'bearer',
  description: 'An API key (`lk_...`), made with `npm run keys:create -- --tenant NAME`. Only its SHA-256 is stored; it is shown once.',
});
recognition.route('/', galleries);
recognition.route('/', identify);
