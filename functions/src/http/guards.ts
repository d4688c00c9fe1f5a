// A guard for anonymous routes that change shared state (the community gallery's publish, like,
// report and delete): refuse what a hostile page could make a visitor's browser send.
import type { MiddlewareHandler } from 'hono';
import { configOf, type AppEnv } from '../config';
import { Problem } from './problem';

const SAFE_METHOD = /^(GET|HEAD|OPTIONS)$/;

/**
 * Refuses state-changing requests that a browser marks as sent from another site (403
 * cross-site-request), whatever their content type: a bodyless POST needs no CORS preflight, so
 * CORS alone would not stop another site from liking or reporting through a visitor's browser.
 *
 * Allowed: `Sec-Fetch-Site: same-origin` (or `none`: the user's own action); an `Origin` that is
 * this site's or listed in ALLOWED_ORIGINS (the hybrid apps); and requests with neither header,
 * which browsers always send on cross-site POSTs: native apps, curl and server-to-server calls.
 */
export const refuseCrossSite: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (SAFE_METHOD.test(c.req.method)) return next();
  const site = c.req.header('sec-fetch-site');
  const origin = c.req.header('origin');
  if (site === 'same-origin' || site === 'none') return next();
  if (origin === undefined && site === undefined) return next();
  if (origin !== undefined && (origin === new URL(c.req.url).origin || configOf(c.env).allowedOrigins.includes(origin))) return next();
  throw new Problem(
    'cross-site-request',
    'This request came from another site, so it was refused: like, report, publish and delete only from this site or an app.',
    {
      ...(origin !== undefined && { origin }),
      ...(site !== undefined && { sec_fetch_site: site }),
    },
  );
};
