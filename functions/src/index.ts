// Worker entry: wires the Worker-only pieces (onnxruntime-web over bundled models) into the app.
// Requests under /v1 reach the Hono app first (run_worker_first in wrangler.toml); everything else
// is served from the static site assets.
import { createApp } from './app';
import type { Bindings } from './env';
import { initWorkerImageCodecs } from './image/worker-codecs';
import { workerRuntime } from './runtime/worker-runtime';

initWorkerImageCodecs();

const app = createApp({ runtime: workerRuntime });

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Bindings>;
