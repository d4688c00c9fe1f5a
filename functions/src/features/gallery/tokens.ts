// Random identifiers and secrets of the gallery (item ids, delete tokens, visitor ids) and the
// constant-time check of a delete token's digest.

export const randomBytes = (n: number) => crypto.getRandomValues(new Uint8Array(n));

/** Base64url without padding: safe in URLs, cookies and JSON as it is. */
export function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** An item id: 8 random bytes as 16 lowercase hex digits (ITEM_ID_PATTERN). */
export const newItemId = () => [...randomBytes(8)].map((b) => b.toString(16).padStart(2, '0')).join('');

export const ITEM_ID_PATTERN = /^[0-9a-f]{16}$/;

/** A delete token: 256 random bits, shown once to the publisher; only its SHA-256 is stored. */
export const newDeleteToken = () => base64url(randomBytes(32));

/** Constant-time comparison of two equal-length hex digests, so timing says nothing of a stored hash. */
export function sameDigest(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
