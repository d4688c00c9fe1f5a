// Worker entry. Requests under /v1 reach the Hono app first (run_worker_first in wrangler.toml);
// everything else is served from the static site assets.
import { app } from './app';

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<import('./env').Bindings>;
