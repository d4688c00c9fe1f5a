// Conditional GETs: whether a request's If-None-Match already names what would be served.

/** True when `header` (If-None-Match) lists `etag` (quoted, as sent in ETag) or is `*`. Weak
 * validators (W/"...") match too: If-None-Match uses the weak comparison (RFC 9110 13.1.2). */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}
