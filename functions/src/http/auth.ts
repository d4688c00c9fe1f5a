// API key authentication: `Authorization: Bearer <key>`. The key is hashed (SHA-256) and looked up
// among the live keys (storage/api-keys.ts: only hashes are stored); the caller (tenant, key and
// the key's quota) is set on the context for the routes and the per-key rate limit
// (http/rate-limit.ts). A malformed, unknown or revoked key is 401 problem+json with
// `WWW-Authenticate: Bearer`; the answer does not say which, so keys cannot be probed.
//  - requireApiKey: the recognition API (/v1/collections); no key is 401 too.
//  - optionalApiKey: the model endpoints, which anonymous visitors (the site) use without a key. A
//    request that sends a Bearer credential must send a valid key: it is not silently served as
//    anonymous (its sender expects its key's quota, and a typo should not degrade to the per-address
//    limit unnoticed). Other schemes (Basic, ...) are not API keys and are ignored. If D1 cannot be
//    read, the request is served as anonymous (these endpoints do not otherwise need D1).
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../config';
import { findApiKey, type Caller } from '../storage';
import { hashApiKey, isWellFormedKey } from './api-keys';
import { Problem, PROBLEM_CONTENT_TYPE } from './problem';

/** The caller of a request's Bearer key: 'none' without a Bearer credential, null when the key is not valid. */
async function bearerCaller(c: Context<AppEnv>): Promise<Caller | null | 'none'> {
  const header = (c.req.header('authorization') ?? '').trim();
  if (!/^bearer(\s|$)/i.test(header)) return 'none';
  const key = header.slice('bearer'.length).trim();
  return isWellFormedKey(key) ? await findApiKey(c.env.DB, await hashApiKey(key)) : null;
}

function unauthorized(c: Context<AppEnv>, detail: string): Response {
  const problem = new Problem('unauthorized', detail);
  return c.body(JSON.stringify(problem.toJSON()), 401, {
    'content-type': PROBLEM_CONTENT_TYPE,
    'www-authenticate': 'Bearer realm="likeness"',
  });
}

const INVALID_KEY = 'The API key is not valid (unknown, revoked or malformed).';

export const requireApiKey: MiddlewareHandler<AppEnv> = async (c, next) => {
  const caller = await bearerCaller(c);
  if (caller === 'none' || caller === null) {
    return unauthorized(
      c,
      c.req.header('authorization')
        ? INVALID_KEY
        : 'This endpoint needs an API key: send `Authorization: Bearer <key>` (make one with `npm run keys:create -- --tenant NAME`).',
    );
  }
  c.set('caller', caller);
  await next();
};

export const optionalApiKey: MiddlewareHandler<AppEnv> = async (c, next) => {
  let caller;
  try {
    caller = await bearerCaller(c);
  } catch (error) {
    // The model endpoints do not need D1: while keys cannot be looked up, serve the request as
    // anonymous (held to the per-address limit) rather than fail it.
    console.error('API key lookup failed; request served as anonymous', error);
    return next();
  }
  if (caller === null) return unauthorized(c, `${INVALID_KEY} Send a valid key, or no Authorization header to call without one.`);
  if (caller !== 'none') c.set('caller', caller);
  await next();
};

/** OpenAPI `security` of the endpoints that take an optional key: anonymous, or an API key. */
export const OPTIONAL_API_KEY: Record<string, string[]>[] = [{}, { apiKey: [] }];
