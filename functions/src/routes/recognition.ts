// The recognition API under /v1/galleries: API key authentication (http/auth.ts) and the key's quota
// (http/rate-limit.ts: its own, or the default of 120 a minute; shared with the key's requests to the
// model endpoints) in front of the management routes (galleries.ts) and the queries (identify.ts). The
// middleware is registered here once, so each request is counted once.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../config';
import { requireApiKey } from '../http/auth';
import { validationHook } from '../http/errors';
import { inferenceGate } from '../http/inference-gate';
import { apiKeyRateLimit } from '../http/rate-limit';
import { galleries } from './galleries';
import { identify } from './identify';

export const recognition = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
// '/galleries/*' also matches '/galleries' itself.
recognition.use('/galleries/*', requireApiKey, apiKeyRateLimit);
// Enrolment, identify, search and subject verify run models: one at a time per isolate (the POSTs
// that create a collection or subject wait too; they are rare and quick).
recognition.on('POST', '/galleries/*', inferenceGate);
recognition.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', {
  type: 'http',
  scheme: 'bearer',
  description: 'An API key (`lk_...`), made with `npm run keys:create -- --tenant NAME`. Only its SHA-256 is stored; it is shown once.',
});
recognition.route('/', galleries);
recognition.route('/', identify);
