// `npm run dev`: build what the Worker needs, apply D1 migrations locally, seed example pictures into
// an empty local gallery, then serve the site and the API from one local Worker (wrangler dev, local
// mode) on $PORT (default 8787).
// Storage persists under .wrangler/state between runs.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { offlineEnv } from './offline-env.mjs';

const port = process.env.PORT ?? '8787';
const host = process.env.HOST ?? '127.0.0.1';

// CORS: wrangler.toml lists production origins only. For local development, also allow this
// server's own origins and `astro dev` (http://localhost:4321), for this process only. (The site
// calls the API same-origin and needs none of them; they serve pages or tools on another local port.)
const productionOrigins = /^ALLOWED_ORIGINS\s*=\s*"([^"]*)"/m.exec(readFileSync(new URL('../wrangler.toml', import.meta.url), 'utf8'))?.[1];
if (productionOrigins === undefined) throw new Error('dev: ALLOWED_ORIGINS not found in wrangler.toml [vars]');
const devOrigins = [`http://localhost:${port}`, `http://127.0.0.1:${port}`, 'http://localhost:4321', 'http://127.0.0.1:4321'];
const allowedOrigins = [...new Set([...productionOrigins.split(','), ...devOrigins].map((o) => o.trim()).filter(Boolean))].join(',');

function step(label, command, args) {
  console.log(`\n> ${label}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: offlineEnv });
  if (result.status !== 0) {
    console.error(`dev: '${label}' failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}

step('prepare worker inputs (wasm, model registry)', 'npm', ['run', '--silent', 'worker:prepare']);
step('build the site', 'npm', ['run', '--silent', 'site:build']);
step('apply D1 migrations (local)', 'npx', ['wrangler', 'd1', 'migrations', 'apply', 'DB', '--local']);
// A first visit should not find an empty gallery: example pictures, only if it never held an item.
step('seed example pictures into an empty local gallery', 'npm', ['run', '--silent', 'gallery:seed', '--', '--if-empty']);

console.log(`\n> wrangler dev on http://${host === '127.0.0.1' ? 'localhost' : host}:${port}`);
const server = spawn('npx', ['wrangler', 'dev', '--local', '--ip', host, '--port', port, '--var', `ALLOWED_ORIGINS:${allowedOrigins}`], {
  stdio: 'inherit',
  env: offlineEnv,
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
