// Tenants and their API keys (D1, migrations 0001 and 0006): only a key's SHA-256 and its first
// characters are stored, each key with its optional quota. http/auth.ts looks callers up here;
// scripts/keys-create.ts writes the same rows for a local or remote database.
import type { D1Database } from '@cloudflare/workers-types/latest/index';
import { newId } from './ids';

/** Who is calling: the tenant and the key it used. */
export interface Caller {
  tenantId: string;
  tenantName: string;
  keyId: string;
  keyPrefix: string;
  /** The key's own quota in requests per minute (migration 0006); null: the deployment default. */
  rateLimitPerMinute: number | null;
}

/** The live (not revoked) key with this hash, and its tenant. */
export async function findApiKey(db: D1Database, keyHash: string): Promise<Caller | null> {
  const row = await db
    .prepare(
      'SELECT k.id AS keyId, k.prefix AS keyPrefix, k.rate_limit_per_minute AS rateLimitPerMinute, t.id AS tenantId, t.name AS tenantName ' +
        'FROM api_keys k JOIN tenants t ON t.id = k.tenant_id WHERE k.key_hash = ?1 AND k.revoked_at IS NULL',
    )
    .bind(keyHash)
    .first<Caller>();
  return row ?? null;
}

/**
 * Adds a key (given as its hash and prefix, and optionally its quota in requests per minute) to the
 * tenant named `tenantName`, creating the tenant if new. scripts/keys-create.ts writes the same rows.
 */
export async function createTenantKey(
  db: D1Database,
  tenantName: string,
  key: { hash: string; prefix: string; rateLimitPerMinute?: number | null },
): Promise<{ tenantId: string; keyId: string }> {
  const keyId = newId('k');
  const [, tenant] = await db.batch<{ id: string }>([
    db.prepare('INSERT INTO tenants (id, name) VALUES (?1, ?2) ON CONFLICT (name) DO NOTHING').bind(newId('t'), tenantName),
    db.prepare('SELECT id FROM tenants WHERE name = ?1').bind(tenantName),
    db
      .prepare(
        'INSERT INTO api_keys (id, tenant_id, key_hash, prefix, rate_limit_per_minute) SELECT ?1, id, ?2, ?3, ?5 FROM tenants WHERE name = ?4',
      )
      .bind(keyId, key.hash, key.prefix, tenantName, key.rateLimitPerMinute ?? null),
  ]);
  return { tenantId: tenant.results[0].id, keyId };
}
