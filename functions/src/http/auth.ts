// API key authentication for the recognition API: `Authorization: Bearer <key>`. The key is hashed
// (SHA-256) and looked up among the live keys (storage/recognition.ts: only hashes are stored); the
// caller (tenant and key) is set on the context for the routes and the per-key rate limit. A missing,
// malformed, unknown or revoked key is 401 problem+json with `WWW-Authenticate: Bearer`; the answer
// does not say which, so keys cannot be probed.
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env';
import { findApiKey } from '../storage';
import { hashApiKey, isWellFormedKey } from './api-keys';
import { Problem, PROBLEM_CONTENT_TYPE } from './problem';

export const requireApiKey: MiddlewareHandler<AppEnv> = async (c, next) => {
  const header = c.req.header('authorization') ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  const key = match?.[1];
  const caller = key && isWellFormedKey(key) ? await findApiKey(c.env.DB, await hashApiKey(key)) : null;
  if (!caller) {
    const detail = header
      ? 'The API key is not valid (unknown, revoked or malformed).'
      : 'This endpoint needs an API key: send `Authorization: Bearer <key>` (make one with `npm run keys:create -- --tenant NAME`).';
    const problem = new Problem('unauthorized', detail);
    return c.body(JSON.stringify(problem.toJSON()), 401, { 'content-type': PROBLEM_CONTENT_TYPE, 'www-authenticate': 'Bearer realm="likeness"' });
  }
  c.set('caller', caller);
  await next();
};
