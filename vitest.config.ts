// Three projects, one `npm test`:
//  - unit:    Node; pure modules, model builds, training smoke tests.
//  - worker:  inside workerd (vitest-pool-workers) against the real Worker, its bindings and models.
//  - browser: real headless Chromium (Debian's chromium via playwright-core) against `wrangler dev`.
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
        },
      },
      {
        plugins: [
          cloudflareTest(async () => ({
            wrangler: { configPath: './wrangler.toml' },
            // The same migrations `npm run dev` applies, applied by test/worker/apply-migrations.ts.
            miniflare: { bindings: { TEST_MIGRATIONS: await readD1Migrations('functions/migrations') } },
          })),
        ],
        test: {
          name: 'worker',
          include: ['test/worker/**/*.test.ts'],
          globalSetup: ['test/worker/global-setup.ts'],
          setupFiles: ['test/worker/apply-migrations.ts'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/browser/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
