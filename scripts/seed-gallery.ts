// `npm run seed:gallery`: fills the LOCAL gallery (wrangler's local D1 and R2 under .wrangler/state,
// the storage `npm run dev` serves) so a fresh local run is not empty.
//
// The repository commits no per-style output images (the training contact sheets are 192 px strips
// that include a photo of a real person), so the seed images are made here: the committed CC0 photo
// test/fixtures/photos/coffee.jpg is stylized in every style of the served model, in Node with
// onnxruntime-node, by the same pipeline stage the Worker runs (pipeline/stylize.ts). Each result
// then goes through the gallery's own preparation and storage code (pipeline/gallery.ts,
// storage/gallery.ts) against the local bindings from wrangler's getPlatformProxy, exactly as
// POST /v1/gallery would store it.
//
// Idempotent: seed items have fixed ids (derived from the style id), so running it again adds only
// what is missing. Options: SEED_MAX_SIDE (default 768). Stop `npm run dev` first, or restart it
// afterwards, so both do not hold the local database at once.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getPlatformProxy } from 'wrangler';
import type { Bindings } from '../functions/src/env';
import { decodeImage, encodeImage } from '../functions/src/image';
import { initNodeImageCodecs } from '../functions/src/image/node-codecs';
import { prepareGalleryImage } from '../functions/src/pipeline/gallery';
import { sha256Hex } from '../functions/src/util/sha256';
import { styleCatalogue, stylize } from '../functions/src/pipeline/stylize';
import { createNodeRuntime } from '../functions/src/runtime/ort-node';
import { galleryStore } from '../functions/src/storage';
import { offlineEnv } from './offline-env.mjs';

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const PHOTO = join(ROOT, 'test/fixtures/photos/coffee.jpg');
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
  step('apply D1 migrations (local)', 'npx', ['wrangler', 'd1', 'migrations', 'apply', 'DB', '--local']);

  initNodeImageCodecs();
  const runtime = createNodeRuntime({ threads: 1 });
  const photo = (await decodeImage(new Uint8Array(readFileSync(PHOTO)), { maxSide: MAX_SIDE })).image;
  const styles = styleCatalogue();
  if (!styles.length) throw new Error('the style model lists no styles (models/manifest.json)');

  const proxy = await getPlatformProxy<Bindings>({ configPath: join(ROOT, 'wrangler.toml'), persist: true, remoteBindings: false });
  try {
    const store = galleryStore(proxy.env);
    const now = Date.now();
    let added = 0;
    console.log(`\n> stylize ${PHOTO.slice(ROOT.length + 1)} (${photo.width}x${photo.height}) in ${styles.length} styles and publish locally`);
    for (const [i, style] of styles.entries()) {
      const id = (await sha256Hex(`likeness-seed:${style.id}`)).slice(0, 16);
      const existing = await store.get(id);
      if (existing) {
        console.log(`  ${style.id.padEnd(18)} already seeded (${id}, ${existing.state})`);
        continue;
      }
      const started = performance.now();
      const result = await stylize(runtime, photo, { style: style.id, strength: 1, maxSide: MAX_SIDE });
      const prepared = await prepareGalleryImage(await encodeImage(result.image, 'png'));
      const token = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');
      await store.publish({
        id,
        style: style.id,
        title: `Coffee, after ${style.title}`,
        author: AUTHOR,
        // Spread over the last hours, in catalogue order, so "newest" has a stable order.
        createdAt: now - (styles.length - i) * 7 * 60_000,
        deleteTokenHash: await sha256Hex(token),
        ...prepared,
      });
      added++;
      console.log(`  ${style.id.padEnd(18)} ${id}  ${prepared.image.width}x${prepared.image.height}  ${Math.round(performance.now() - started)} ms  delete token ${token}`);
    }
    console.log(`\nseed:gallery: ${added} item(s) added, ${styles.length - added} already there. Start the site with \`npm run dev\` and open /gallery.`);
  } finally {
    await proxy.dispose();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
