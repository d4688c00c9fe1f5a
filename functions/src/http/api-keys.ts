// API keys: made here, shown to their owner once, stored only as a SHA-256 hash (api_keys.key_hash)
// with a short prefix to tell keys apart, and optionally the key's own quota
// (api_keys.rate_limit_per_minute). A key is "lk_" + 32 random bytes in base64url (256 bits), so a
// hash without salt is enough: there is nothing to guess a preimage from. Web Crypto only, so the
// same code runs in the Worker and in `npm run keys:create` (Node).

import { sha256Hex } from '../util/sha256';

export const KEY_PREFIX = 'lk_';
const KEY_PATTERN = /^lk_[A-Za-z0-9_-]{43}$/;
/** Characters of the key kept in clear (api_keys.prefix): "lk_" and 8 more. */
export const SHOWN_PREFIX_LENGTH = 11;

const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

export interface NewApiKey {
  /** The key itself: give it to the client once; it is never stored. */
  key: string;
  /** SHA-256 of the key, hex: what is stored and looked up. */
  hash: string;
  /** The key's first characters, stored in clear to tell keys apart. */
  prefix: string;
}

export async function generateApiKey(): Promise<NewApiKey> {
  const key = KEY_PREFIX + base64url(crypto.getRandomValues(new Uint8Array(32)));
  return { key, hash: await hashApiKey(key), prefix: key.slice(0, SHOWN_PREFIX_LENGTH) };
}

/** Whether a string has the shape of a key (checked before hashing and looking it up). */
export const isWellFormedKey = (key: string): boolean => KEY_PATTERN.test(key);

export async function hashApiKey(key: string): Promise<string> {
  return sha256Hex(key);
}

/** Largest per-key quota, in requests per minute (migration 0006 checks the same range). */
export const MAX_KEY_QUOTA_PER_MINUTE = 1_000_000;

/**
 * A key's quota as given to `keys:create --rate-limit`: a whole number of requests per minute,
 * 1..MAX_KEY_QUOTA_PER_MINUTE. Throws with a message for anything else.
 */
export function parseKeyQuota(text: string): number {
  const value = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
  if (!(Number.isSafeInteger(value) && value >= 1 && value <= MAX_KEY_QUOTA_PER_MINUTE)) {
    throw new Error(`--rate-limit must be a whole number of requests per minute from 1 to ${MAX_KEY_QUOTA_PER_MINUTE}, got '${text}'`);
  }
  return value;
}
