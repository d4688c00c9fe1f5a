// Starts the real Worker with `wrangler dev` (local mode, offline) for browser tests and benchmarks,
// on a free port and with its own storage folder so it never touches the developer's local data.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { offlineEnv } from '../../scripts/offline-env.mjs';

export interface WorkerProcess {
  url: string;
  /** Milliseconds from spawning wrangler to the first 200 from /v1/health. */
  startupMs: number;
  /** Process group of wrangler and its workerd processes (see process-memory.ts). */
  pgid: number;
  /** What wrangler and workerd printed so far (warnings and errors; WRANGLER_LOG=warn). */
  output(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface StartOptions {
  /** Storage folder; a fresh temporary one (deleted on stop) by default. */
  persistTo?: string;
  timeoutMs?: number;
  /** Vars for this run (`wrangler dev --var NAME:VALUE`), e.g. a higher rate limit for benchmarks. */
  vars?: Record<string, string>;
  /** Another wrangler config (e.g. a bare Worker for a memory baseline): no D1 migrations are applied. */
  config?: string;
  /** Open the isolate's DevTools inspector on this port (heap figures for the memory bench). */
  inspectorPort?: number;
}

export async function startWorker(options: StartOptions = {}): Promise<WorkerProcess> {
  const port = await freePort();
  const ownState = !options.persistTo;
  const persistTo = options.persistTo ?? mkdtempSync(join(tmpdir(), 'likeness-state-'));
  const url = `http://127.0.0.1:${port}`;
  // The D1 schema, as `npm run dev` applies it (idempotent for an existing persistTo).
  if (!options.config) {
    const migrated = spawnSync('npx', ['wrangler', 'd1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistTo], {
      env: { ...offlineEnv, WRANGLER_LOG: 'warn', CI: '1' },
      encoding: 'utf8',
    });
    if (migrated.status !== 0)
      throw new Error(`wrangler d1 migrations apply failed (${migrated.status}):\n${migrated.stdout}${migrated.stderr}`);
  }
  const started = performance.now();
  const child: ChildProcess = spawn(
    'npx',
    [
      'wrangler',
      'dev',
      '--local',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--persist-to',
      persistTo,
      '--show-interactive-dev-session=false',
      ...(options.config ? ['--config', options.config] : []),
      ...(options.inspectorPort ? ['--inspector-port', String(options.inspectorPort)] : []),
      ...Object.entries(options.vars ?? {}).flatMap(([k, v]) => ['--var', `${k}:${v}`]),
    ],
    { env: { ...offlineEnv, WRANGLER_LOG: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));

  const stop = async () => {
    if (child.exitCode === null) {
      try {
        process.kill(-child.pid!, 'SIGTERM'); // the whole group: npx, wrangler and workerd
      } catch {
        /* already gone */
      }
      await new Promise((resolve) => child.once('exit', resolve));
    }
    if (ownState) rmSync(persistTo, { recursive: true, force: true });
  };

  const deadline = started + (options.timeoutMs ?? 120_000);
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited (${child.exitCode}):\n${output}`);
    try {
      const response = await fetch(`${url}/v1/health`);
      if (response.ok) return { url, startupMs: performance.now() - started, pgid: child.pid!, output: () => output, stop };
    } catch {
      /* not listening yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await stop();
  throw new Error(`wrangler dev did not answer within the timeout:\n${output}`);
}
