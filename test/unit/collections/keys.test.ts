// API keys (http/api-keys.ts), ids (storage/ids.ts, storage/collections.ts), the stored form of an
// embedding (storage/embedding-bytes.ts) and rate-limit configuration (http/rate-limit.ts): the pure
// parts, in Node.
import { parseConfig } from '../../../functions/src/config';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateApiKey, hashApiKey, isWellFormedKey, SHOWN_PREFIX_LENGTH } from '../../../functions/src/http/api-keys';
import { effectiveLimit, rateLimitVar } from '../../../functions/src/http/rate-limit';
import { COLLECTION_ID_PREFIX, isCollectionId } from '../../../functions/src/storage/collections';
import { embeddingFromBytes, embeddingToBytes } from '../../../functions/src/storage/embedding-bytes';
import { isId, newId } from '../../../functions/src/storage/ids';

describe('API keys', () => {
  it('are lk_ + 43 base64url characters (256 random bits), different every time', async () => {
    const keys = await Promise.all(Array.from({ length: 50 }, generateApiKey));
    for (const k of keys) {
      expect(k.key).toMatch(/^lk_[A-Za-z0-9_-]{43}$/);
      expect(isWellFormedKey(k.key)).toBe(true);
      expect(k.prefix).toBe(k.key.slice(0, SHOWN_PREFIX_LENGTH));
    }
    expect(new Set(keys.map((k) => k.key)).size).toBe(50);
    expect(new Set(keys.map((k) => k.hash)).size).toBe(50);
  });

  it('are stored as their SHA-256 (hex), which does not contain the key', async () => {
    const { key, hash } = await generateApiKey();
    expect(hash).toBe(createHash('sha256').update(key).digest('hex'));
    expect(await hashApiKey(key)).toBe(hash);
    expect(hash).not.toContain(key.slice(3));
  });

  it('rejects malformed keys before any lookup', () => {
    for (const bad of [
      '',
      'lk_',
      'lk_short',
      `xx_${'a'.repeat(43)}`,
      `lk_${'a'.repeat(42)}!`,
      `lk_${'a'.repeat(44)}`,
      `lk_${'a'.repeat(43)} `,
    ])
      expect(isWellFormedKey(bad), bad).toBe(false);
  });
});

describe('ids', () => {
  it('sort by creation time and carry their type', () => {
    const a = newId('s', 1_700_000_000_000);
    const b = newId('s', 1_700_000_000_001);
    expect(a < b).toBe(true);
    expect(isId(a, 's')).toBe(true);
    expect(isId(a, 'g')).toBe(false);
    expect(isId("s_' OR 1=1 --", 's')).toBe(false);
  });

  it('of collections are c_, and g_ ids of collections made while they were called galleries still count', () => {
    const made = newId(COLLECTION_ID_PREFIX);
    expect(made).toMatch(/^c_[0-9a-f]{28}$/);
    expect(isCollectionId(made)).toBe(true);
    expect(isCollectionId(`g_${made.slice(2)}`)).toBe(true);
    expect(isCollectionId(`s_${made.slice(2)}`)).toBe(false);
    expect(isCollectionId("c_' OR 1=1 --")).toBe(false);
  });
});

describe('stored embeddings', () => {
  it('are 512 bytes of float32 little-endian, losslessly', () => {
    const e = Float32Array.from({ length: 128 }, (_, i) => Math.sin(i) * 0.3);
    const bytes = embeddingToBytes(e);
    expect(bytes.byteLength).toBe(512);
    expect(new DataView(bytes.buffer).getFloat32(4, true)).toBe(e[1]);
    expect(embeddingFromBytes(bytes, 128)).toEqual(e);
    expect(() => embeddingFromBytes(bytes.subarray(4), 128)).toThrow(/508 bytes/);
  });
});

describe('rate limit configuration', () => {
  const policy = { name: 'recognition', limit: 120, periodSeconds: 60 };
  it('uses the policy unless RATE_LIMIT_<NAME> overrides it', () => {
    expect(rateLimitVar('gallery-publish')).toBe('RATE_LIMIT_GALLERY_PUBLISH');
    expect(effectiveLimit(policy, parseConfig({}))).toEqual({ limit: 120, periodSeconds: 60 });
    expect(effectiveLimit(policy, parseConfig({ RATE_LIMIT_RECOGNITION: '5/10' }))).toEqual({ limit: 5, periodSeconds: 10 });
    expect(effectiveLimit(policy, parseConfig({ RATE_LIMIT_RECOGNITION: ' 1000 / 3600 ' }))).toEqual({ limit: 1000, periodSeconds: 3600 });
  });
  it('refuses a malformed override instead of silently not limiting', () => {
    for (const bad of ['5', '5/0', '0/60', 'x/60', '5/60s', '-1/60'])
      expect(() => effectiveLimit(policy, parseConfig({ RATE_LIMIT_RECOGNITION: bad })), bad).toThrow(/RATE_LIMIT_RECOGNITION/);
  });
});
