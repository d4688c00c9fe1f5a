// `npm run gallery:seed`: fills the LOCAL gallery (wrangler's local D1 and R2 under .wrangler/state,
// the storage `npm run dev` serves) with example pictures, so a fresh local run is not empty.
// `npm run dev` runs it with --if-empty before it starts the server: it seeds only a gallery that
// never held an item, so examples a developer deleted do not come back. Production is never seeded:
// the Worker has no seeding code, and this script writes only local storage.
//
// The repository commits no per-style output images (the training contact sheets are 192 px strips
// that include a photo of a real person), so the seed images are made here: each style of the served
// model repaints one of the committed public-domain photos in test/fixtures/photos (coffee, a cat, a
// rocket launch; SOURCES.md there), in Node with onnxruntime-node, by the same pipeline stage the
// Worker runs (pipeline/stylize.ts). Each result then goes through the gallery's own preparation and
// storage code (pipeline/gallery-image.ts, storage/gallery.ts) against the local bindings from wrangler's
// getPlatformProxy, exactly as POST /v1/gallery would store it, marked `example`.
//
// Idempotent: seed items have fixed ids (derived from the style and photo), so running it again adds
// only what is missing. Options: --if-empty; SEED_MAX_SIDE (default 768). Stop `npm run dev` first,
// or restart it afterwards, so both do not hold the local database at once.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getPlatformProxy } from 'wrangler';
import type { Bindings } from '../functions/src/config';
import { decodeImage, encodeImage } from '../functions/src/image';
import { initNodeImageCodecs } from '../functions/src/image/node-codecs';
import { prepareGalleryImage } from '../functions/src/pipeline/gallery-image';
import { sha256Hex } from '../functions/src/util/sha256';
import { styleCatalogue, stylize } from '../functions/src/pipeline/stylize';
import { createNodeRuntime } from '../functions/src/runtime/ort-node';
import { galleryStore } from '../functions/src/storage';
import { offlineEnv } from './offline-env.mjs';

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..');
/** The committed public-domain photos the examples repaint, taken in turn, one per style. */
const PHOTOS = [
  { file: 'test/fixtures/photos/coffee.jpg', title: 'Coffee' },
  { file: 'test/fixtures/photos/chelsea.jpg', title: 'Chelsea the cat' },
  { file: 'test/fixtures/photos/rocket.jpg', title: 'Lift-off' },
];
const IF_EMPTY = process.argv.includes('--if-empty');
const MAX_SIDE = Number(process.env.SEED_MAX_SIDE ?? 768);
const AUTHOR = 'Likeness';

function step(label: string, command: string, args: string[]) {
  console.log(`\n> ${label}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: offlineEnv, cwd: ROOT });
  if (result.status !== 0) {
    console.error(`seed:gallery: '${label}' failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}

async function main() {
  if (!IF_EMPTY) step('apply D1 migrations (local)', 'npx', ['wrangler', 'd1', 'migrations', 'apply', 'DB', '--local']);

  const styles = styleCatalogue();
  if (!styles.length) throw new Error('the style model lists no styles (models/manifest.json)');

  const proxy = await getPlatformProxy<Bindings>({ configPath: join(ROOT, 'wrangler.toml'), persist: true, remoteBindings: false });
  try {
    const store = galleryStore(proxy.env);
    if (IF_EMPTY && !(await store.isEmpty())) {
      console.log('seed:gallery: the local gallery already has items; no examples added.');
      return;
    }
    initNodeImageCodecs();
    const runtime = createNodeRuntime({ threads: 1 });
    const photos = await Promise.all(
      PHOTOS.map(async (p) => ({
        ...p,
        image: (await decodeImage(new Uint8Array(readFileSync(join(ROOT, p.file))), { maxSide: MAX_SIDE })).image,
      })),
    );
    const now = Date.now();
    let added = 0;
    console.log(`\n> repaint ${photos.length} public-domain photos in ${styles.length} styles and publish them locally as examples`);
    for (const [i, style] of styles.entries()) {
      const photo = photos[i % photos.length];
      const id = (await sha256Hex(`likeness-seed:${style.id}:${photo.file}`)).slice(0, 16);
      const existing = await store.get(id);
      if (existing) {
        console.log(`  ${style.id.padEnd(18)} already seeded (${id}, ${existing.state})`);
        continue;
      }
      const started = performance.now();
      const result = await stylize(runtime, photo.image, { style: style.id, strength: 1, maxSide: MAX_SIDE });
      const prepared = await prepareGalleryImage(await encodeImage(result.image, 'png'));
      const token = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');
      await store.publish({
        id,
        style: style.id,
        title: `${photo.title}, after ${style.title}`,
        author: AUTHOR,
        example: true,
        // Spread over the last hours, in catalogue order, so "newest" has a stable order.
        createdAt: now - (styles.length - i) * 7 * 60_000,
        deleteTokenHash: await sha256Hex(token),
        ...prepared,
      });
      added++;
      console.log(
        `  ${style.id.padEnd(18)} ${id}  ${prepared.image.width}x${prepared.image.height}  ${Math.round(performance.now() - started)} ms  delete token ${token}`,
      );
    }
    console.log(
      `\nseed:gallery: ${added} item(s) added, ${styles.length - added} already there. Start the site with \`npm run dev\` and open /gallery.`,
    );
  } finally {
    await proxy.dispose();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
