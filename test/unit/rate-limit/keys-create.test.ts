// `npm run keys:create -- --tenant NAME [--rate-limit PER_MINUTE]` end to end, in Node: the script
// against a fresh local D1 database (wrangler, --persist-to a temporary folder), then the stored
// rows read back with `wrangler d1 execute`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../../../functions/src/http/api-keys';
import { offlineEnv } from '../../../scripts/offline-env.mjs';

const persistTo = mkdtempSync(join(tmpdir(), 'likeness-keys-'));
afterAll(() => rmSync(persistTo, { recursive: true, force: true }));

const env = { ...offlineEnv, WRANGLER_LOG: 'warn', CI: '1' };
function keysCreate(...args: string[]) {
  return spawnSync('npx', ['tsx', 'scripts/keys-create.ts', '--persist-to', persistTo, ...args], { encoding: 'utf8', env });
}
function query<T>(sql: string): T[] {
  // WRANGLER_LOG=log: --json prints at the 'log' level.
  const run = spawnSync('npx', ['wrangler', 'd1', 'execute', 'DB', '--local', '--persist-to', persistTo, '--json', '--command', sql], {
    encoding: 'utf8',
    env: { ...env, WRANGLER_LOG: 'log' },
  });
  if (run.status !== 0) throw new Error(`wrangler d1 execute failed: ${run.stdout}${run.stderr}`);
  return (JSON.parse(run.stdout) as { results: T[] }[])[0].results;
}
describe('keys:create --rate-limit', () => {
  it("stores the key's own quota, requests per minute; without it NULL (the default quota)", { timeout: 240_000 }, async () => {
    // A bad quota is refused before anything is written.
    for (const bad of ['0', '1.5']) {
      const refused = keysCreate('--tenant', 'refused-tenant', '--rate-limit', bad);
      expect(refused.status, bad).toBe(2);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toContain('--rate-limit must be a whole number');
    }

    const own = keysCreate('--tenant', 'quota-tenant', '--rate-limit', '600');
    expect(own.status, own.stderr).toBe(0);
    const ownKey = own.stdout.trim();
    expect(ownKey).toMatch(/^lk_[A-Za-z0-9_-]{43}$/);
    expect(own.stderr).toContain('its own quota of 600 requests a minute');

    const plain = keysCreate('--tenant', 'quota-tenant');
    expect(plain.status, plain.stderr).toBe(0);
    const plainKey = plain.stdout.trim();
    expect(plain.stderr).toContain('default quota');

    const rows = query<{ key_hash: string; rate_limit_per_minute: number | null; refused: number }>(
      "SELECT key_hash, rate_limit_per_minute, (SELECT count(*) FROM tenants WHERE name = 'refused-tenant') AS refused FROM api_keys ORDER BY rowid",
    );
    expect(rows).toEqual([
      { key_hash: await hashApiKey(ownKey), rate_limit_per_minute: 600, refused: 0 },
      { key_hash: await hashApiKey(plainKey), rate_limit_per_minute: null, refused: 0 },
    ]);
    // The database refuses out-of-range quotas too (migration 0006).
    expect(() => query('UPDATE api_keys SET rate_limit_per_minute = 0')).toThrow(/CHECK constraint failed/);
  });
});
