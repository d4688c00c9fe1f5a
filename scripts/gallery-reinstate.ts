// `npm run gallery:reinstate -- ID [ID ...] [--remote]`: after review, makes hidden gallery items
// visible again and clears their reports (GalleryStore.reinstate), so one more report does not hide
// an item again at once. Only hidden items change; visible, deleted or unknown ids are reported.
//
// Local (default): the storage `npm run dev` serves (wrangler's local D1 under .wrangler/state),
// through the gallery's own store code. --remote: the production D1 database, by running the same
// statements (REINSTATE_SQL) with `wrangler d1 execute DB --remote` (needs `wrangler login`).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getPlatformProxy } from 'wrangler';
import type { Bindings } from '../functions/src/config';
import { galleryStore, REINSTATE_SQL } from '../functions/src/storage';
import { offlineEnv } from './offline-env.mjs';

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const ID = /^[0-9a-f]{16}$/;

function usage(message: string): never {
  console.error(`gallery:reinstate: ${message}\nusage: npm run gallery:reinstate -- ID [ID ...] [--remote]`);
  process.exit(2);
}

async function main() {
  const args = process.argv.slice(2);
  const remote = args.includes('--remote');
  const ids = args.filter((a) => a !== '--remote');
  if (!ids.length) usage('name at least one item id');
  // Ids go into SQL text for --remote, so nothing but the id format is accepted.
  const bad = ids.filter((id) => !ID.test(id));
  if (bad.length) usage(`not a gallery item id (16 hex characters): ${bad.join(', ')}`);

  if (remote) {
    for (const id of ids) {
      const command = REINSTATE_SQL.map((sql) => sql.replaceAll('?1', `'${id}'`)).join('; ');
      const result = spawnSync('npx', ['wrangler', 'd1', 'execute', 'DB', '--remote', '--command', command], {
        stdio: 'inherit',
        env: offlineEnv,
        cwd: ROOT,
      });
      if (result.status !== 0) process.exit(result.status ?? 1);
      console.log(`${id}: reinstated if it was hidden (remote)`);
    }
    return;
  }

  const proxy = await getPlatformProxy<Bindings>({ configPath: join(ROOT, 'wrangler.toml'), persist: true, remoteBindings: false });
  let failed = false;
  try {
    const store = galleryStore(proxy.env);
    for (const id of ids) {
      const before = await store.reinstate(id);
      if (before === 'hidden') console.log(`${id}: reinstated (visible again, reports cleared)`);
      else {
        failed = true;
        console.error(`${id}: ${before === undefined ? 'no such item' : `not hidden (${before}); nothing changed`}`);
      }
    }
  } finally {
    await proxy.dispose();
  }
  if (failed) process.exit(1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
