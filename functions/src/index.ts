// Worker entry: wires the Worker-only pieces (onnxruntime-web over bundled models) into the app.
// Requests under /v1 reach the Hono app first (run_worker_first in wrangler.toml); everything else
// is served from the static site assets.
import { createApp } from './app';
import type { Bindings } from './config';
import { initWorkerImageCodecs } from './image/worker-codecs';
import { workerRuntime } from './runtime/worker-runtime';
import { MAX_PERIOD_SECONDS } from './config';
import { cleanupGallery, purgeRateLimits } from './storage';

initWorkerImageCodecs();

const app = createApp({ runtime: workerRuntime });

export default {
  fetch: app.fetch,
  // Cron ([triggers] in wrangler.toml): removes gallery objects left by failed or cut publishes and
  // by deletes whose object removal failed (storage/gallery-cleanup.ts), and rate-limit counters of windows
  // long over (http/rate-limit.ts). Each job runs even if the other fails.
  scheduled(controller, env, ctx) {
    ctx.waitUntil(
      cleanupGallery(env, { now: controller.scheduledTime }).then((report) => {
        console.log(
          `gallery cleanup: scanned ${report.scanned} objects, removed ${report.removed.length}${report.complete ? '' : ' (continues next run)'}`,
        );
      }),
    );
    ctx.waitUntil(
      purgeRateLimits(env.DB, MAX_PERIOD_SECONDS, controller.scheduledTime).then((removed) =>
        console.log(`rate limits: purged ${removed} old counters`),
      ),
    );
  },
} satisfies ExportedHandler<Bindings>;
