// Who is liking or reporting, as far as an anonymous gallery can tell: the visitor (a random id in
// the lk_visitor cookie) and the client address. Only SHA-256 digests of either reach storage.
// HTTP-side: it reads and sets the cookie, so only routes.ts uses it.
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../../config';
import { clientKey } from '../../http/rate-limit';
import { sha256Hex } from '../../util/sha256';
import { base64url, randomBytes } from './tokens';

export const VISITOR_COOKIE = 'lk_visitor';
const VISITOR_PATTERN = /^[A-Za-z0-9_-]{22,64}$/;
const VISITOR_MAX_AGE_SECONDS = 365 * 24 * 3600;

/**
 * The client address (an IPv6 address as its /64) hashed for storage: what likes are capped by and
 * reports are counted by, since a cookie is whatever the client says. Requests without
 * CF-Connecting-IP (only possible off Cloudflare) share one bucket rather than each being new.
 */
export const addressHash = (c: Context<AppEnv>) => sha256Hex(`address:${clientKey(c) ?? 'unknown'}`);

/** The anonymous visitor id from the cookie, hashed for storage; with `create`, a new cookie when
 * there is none (or it is malformed). */
export async function visitorHash(c: Context<AppEnv>, create: true): Promise<string>;
export async function visitorHash(c: Context<AppEnv>, create: false): Promise<string | undefined>;
export async function visitorHash(c: Context<AppEnv>, create: boolean): Promise<string | undefined> {
  let id = getCookie(c, VISITOR_COOKIE);
  if (!id || !VISITOR_PATTERN.test(id)) {
    if (!create) return undefined;
    id = base64url(randomBytes(18));
    setCookie(c, VISITOR_COOKIE, id, {
      path: '/v1/gallery',
      httpOnly: true,
      sameSite: 'Lax',
      secure: new URL(c.req.url).protocol === 'https:',
      maxAge: VISITOR_MAX_AGE_SECONDS,
    });
  }
  return sha256Hex(`visitor:${id}`);
}
