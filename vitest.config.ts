// Three projects, one `npm test`:
//  - unit:    Node; pure modules, model builds, training smoke tests.
//  - worker:  inside workerd (vitest-pool-workers) against the real Worker, its bindings and models.
//  - browser: real headless Chromium (Debian's chromium via playwright-core) against `wrangler dev`.
// (+ worker-encoder: the worker tests of a build that serves another face encoder; see below.)
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

/** Tests inside workerd against the real Worker, its bindings and the models of the current build. */
const workerProject = (name: string, dir: string) => ({
  plugins: [
    cloudflareTest(async () => ({
      wrangler: { configPath: './wrangler.toml' },
      // The same migrations `npm run dev` applies, applied by test/worker/apply-migrations.ts.
      miniflare: { bindings: { TEST_MIGRATIONS: await readD1Migrations('functions/migrations') } },
    })),
  ],
  test: {
    name,
    include: [`${dir}/**/*.test.ts`],
    globalSetup: [`${dir}/global-setup.ts`],
    setupFiles: ['test/worker/apply-migrations.ts'],
    testTimeout: 60_000,
  },
});

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
      workerProject('worker', 'test/worker'),
      // A build serving another face encoder by manifest id: only when one is made
      // (LIKENESS_FACE_ENCODER=<id> npm run worker:prepare); `npm test` does that after the main run.
      ...(process.env.LIKENESS_FACE_ENCODER ? [workerProject('worker-encoder', 'test/worker-encoder')] : []),
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
