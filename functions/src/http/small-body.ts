// Small bodies of a few named fields (a reason code, a token) that a client may send as a JSON
// object or as an HTML form, read whole: the route bounds the size first (bodyLimitOf).
import type { Context } from 'hono';
import { Problem } from './problem';

/** The body as a JSON object or form fields; {} when empty. 400 bad-request for JSON that is not an
 * object, 415 unsupported-media-type for any other content type. No Content-Type reads as JSON. */
export async function readSmallBody(c: Context): Promise<Record<string, unknown>> {
  const type = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
  const text = await c.req.text();
  if (!text.trim()) return {};
  if (type === 'application/x-www-form-urlencoded') return Object.fromEntries(new URLSearchParams(text));
  if (type === 'application/json' || type.endsWith('+json') || type === '') {
    try {
      const json: unknown = JSON.parse(text);
      if (json && typeof json === 'object' && !Array.isArray(json)) return json as Record<string, unknown>;
    } catch {
      /* reported below */
    }
    throw new Problem('bad-request', 'The body must be a JSON object.');
  }
  throw new Problem('unsupported-media-type', `Content-Type '${type}' is not accepted here; send application/json.`, {
    accepted: ['application/json', 'application/x-www-form-urlencoded'],
  });
}
