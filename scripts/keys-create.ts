// `npm run keys:create -- --tenant NAME [--rate-limit PER_MINUTE] [--persist-to DIR] [--remote]`:
// makes an API key for the tenant NAME (creating the tenant if new) in the local D1 database that
// `npm run dev` uses (.wrangler/state, or --persist-to), or with --remote in the deployed one, and
// prints the key once. Only its SHA-256 and first characters are stored
// (functions/src/http/api-keys.ts); a lost key cannot be recovered, only replaced. --rate-limit
// stores the key's own quota (requests per minute, every endpoint together; 1..1,000,000); without
// it the key gets the deployment default (RATE_LIMIT_API_KEY, 120 a minute). Migrations are applied
// first, so this works on a fresh checkout.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateApiKey, parseKeyQuota } from '../functions/src/http/api-keys';
import { newId } from '../functions/src/storage/ids';
import { offlineEnv } from './offline-env.mjs';

const USAGE =
  'usage: npm run keys:create -- --tenant NAME [--rate-limit PER_MINUTE] [--persist-to DIR] [--remote]   (NAME: 1-100 printable characters)';
const { values } = parseArgs({
  options: {
    tenant: { type: 'string' },
    'rate-limit': { type: 'string' },
    'persist-to': { type: 'string' },
    remote: { type: 'boolean', default: false },
  },
});
const tenant = values.tenant?.trim();
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what a tenant name must not contain
if (!tenant || tenant.length > 100 || /[\u0000-\u001f]/.test(tenant)) {
  console.error(USAGE);
  process.exit(2);
}
let rateLimit: number | null = null;
if (values['rate-limit'] !== undefined) {
  try {
    rateLimit = parseKeyQuota(values['rate-limit']);
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

const where = values.remote ? ['--remote'] : ['--local', ...(values['persist-to'] ? ['--persist-to', values['persist-to']] : [])];
function wrangler(args: string[]): void {
  const result = spawnSync('npx', ['wrangler', ...args, ...where], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...offlineEnv, WRANGLER_LOG: 'warn', CI: '1' },
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    console.error(`keys:create: wrangler ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
    process.exit(1);
  }
}

const sql = (s: string) => `'${s.replace(/'/g, "''")}'`;
const made = await generateApiKey();
const keyId = newId('k');

wrangler(['d1', 'migrations', 'apply', 'DB']);
const dir = mkdtempSync(join(tmpdir(), 'likeness-key-'));
try {
  // A file, not --command: the statements run as one batch, and the hash never shows in a process list.
  const file = join(dir, 'key.sql');
  writeFileSync(
    file,
    `INSERT INTO tenants (id, name) VALUES (${sql(newId('t'))}, ${sql(tenant)}) ON CONFLICT (name) DO NOTHING;\n` +
      `INSERT INTO api_keys (id, tenant_id, key_hash, prefix, rate_limit_per_minute) SELECT ${sql(keyId)}, id, ${sql(made.hash)}, ${sql(made.prefix)}, ${rateLimit ?? 'NULL'} FROM tenants WHERE name = ${sql(tenant)};\n`,
  );
  wrangler(['d1', 'execute', 'DB', '--file', file, '--yes']);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const quota =
  rateLimit === null
    ? 'the default quota (RATE_LIMIT_API_KEY, 120 a minute unless set)'
    : `its own quota of ${rateLimit} requests a minute`;
console.error(
  `API key for tenant '${tenant}' (${values.remote ? 'remote' : 'local'} database; key id ${keyId}; ${quota}). It is shown only this once:`,
);
console.log(made.key);
console.error(`\nUse it as:  curl -H 'Authorization: Bearer ${made.prefix}...' http://localhost:8787/v1/collections`);
