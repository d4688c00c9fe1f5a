// `npm run load -- [--clients N] [--seconds S] [--keyed-share F]`: a load and soak run against the
// real Worker under `wrangler dev` (a fresh local state; nothing of yours is touched). N clients
// (default 16) loop for S seconds (default 60), each request drawn from a mix of verify, detect,
// stylize, gallery listing and health. A share of the clients (default half) call with an API key
// whose quota is high, as apps do; the others are anonymous and share one address, so they meet the
// per-address rate limits: their 429s are counted apart. Prints throughput, p50/p99 per route,
// status counts, and the Worker's memory (workerd resident memory at start, peak and end, and
// onnxruntime-web's WASM heap). Exits 1 if any request got a 5xx or failed outright.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { multipart } from '../bench/lib/form';
import { printGrid } from '../bench/lib/stats';
import { workerdMemory } from '../test/support/process-memory';
import { startWorker } from '../test/support/worker-process';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '16' },
    seconds: { type: 'string', default: '60' },
    'keyed-share': { type: 'string', default: '0.5' },
  },
});
const CLIENTS = Number(values.clients);
const SECONDS = Number(values.seconds);
const KEYED_SHARE = Number(values['keyed-share']);
if (!(CLIENTS >= 1 && SECONDS >= 1 && KEYED_SHARE >= 0 && KEYED_SHARE <= 1)) {
  console.error('usage: npm run load -- [--clients N>=1] [--seconds S>=1] [--keyed-share 0..1]');
  process.exit(2);
}

const FIXTURES = new URL('../test/fixtures/', import.meta.url);
const fixture = (path: string) => new Uint8Array(readFileSync(new URL(path, FIXTURES)));
const faceA = fixture('faces/same-person-1.jpg');
const faceB = fixture('faces/same-person-2.jpg');
const photo = fixture('photos/coffee.jpg');

/** The mix: route name, weight, request. */
const MIX: { route: string; weight: number; request: (url: string, headers: Record<string, string>) => Promise<Response> }[] = [
  { route: 'GET /v1/health', weight: 2, request: (url, headers) => fetch(`${url}/v1/health`, { headers }) },
  { route: 'GET /v1/gallery', weight: 2, request: (url, headers) => fetch(`${url}/v1/gallery?limit=24`, { headers }) },
  {
    route: 'POST /v1/faces/detect',
    weight: 3,
    request: (url, headers) => fetch(`${url}/v1/faces/detect`, { method: 'POST', headers, body: multipart({ image: faceA }) }),
  },
  {
    route: 'POST /v1/verify',
    weight: 2,
    request: (url, headers) => fetch(`${url}/v1/verify`, { method: 'POST', headers, body: multipart({ a: faceA, b: faceB }) }),
  },
  {
    route: 'POST /v1/stylize',
    weight: 1,
    request: (url, headers) =>
      fetch(`${url}/v1/stylize`, { method: 'POST', headers, body: multipart({ image: photo, style: 'udnie', max_side: '512' }) }),
  },
];
const totalWeight = MIX.reduce((s, m) => s + m.weight, 0);
const pick = () => {
  let r = Math.random() * totalWeight;
  for (const m of MIX) {
    r -= m.weight;
    if (r < 0) return m;
  }
  return MIX[MIX.length - 1];
};

interface RouteStats {
  latencies: number[];
  statuses: Map<string, number>;
}
const stats = new Map(MIX.map((m) => [m.route, { latencies: [], statuses: new Map() } as RouteStats]));
const count = (s: RouteStats, key: string) => s.statuses.set(key, (s.statuses.get(key) ?? 0) + 1);
/** The first few 5xx answers, printed at the end: what a 5xx was matters more than how many. */
const serverErrors: string[] = [];

async function main() {
  const persistTo = mkdtempSync(join(tmpdir(), 'likeness-load-'));
  console.log(`load: starting wrangler dev (fresh state in ${persistTo})`);
  const key = execFileSync(
    'npx',
    ['tsx', 'scripts/keys-create.ts', '--tenant', 'load-test', '--rate-limit', '1000000', '--persist-to', persistTo],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  ).trim();
  const worker = await startWorker({ persistTo });
  const memory = { start: workerdMemory(worker.pgid).rssMiB, peak: 0, end: 0 };
  memory.peak = memory.start;
  const sampler = setInterval(() => (memory.peak = Math.max(memory.peak, workerdMemory(worker.pgid).rssMiB)), 250);
  try {
    // Something to list: three published pictures.
    for (let i = 0; i < 3; i++) {
      const stylized = await fetch(`${worker.url}/v1/stylize`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}` },
        body: multipart({ image: photo, style: 'starry_night', max_side: '256' }),
      });
      const published = await fetch(`${worker.url}/v1/gallery`, {
        method: 'POST',
        body: multipart({ image: new Uint8Array(await stylized.arrayBuffer()), style: 'starry_night', title: `Load ${i}` }, 'image/png'),
      });
      if (published.status !== 201)
        throw new Error(`publishing a picture to list failed: HTTP ${published.status} ${await published.text()}`);
    }

    const keyedClients = Math.round(CLIENTS * KEYED_SHARE);
    console.log(
      `load: ${CLIENTS} clients (${keyedClients} with an API key, ${CLIENTS - keyedClients} anonymous) for ${SECONDS} s against ${worker.url}`,
    );
    const deadline = performance.now() + SECONDS * 1000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, i) => {
        const headers: Record<string, string> = i < keyedClients ? { authorization: `Bearer ${key}` } : {};
        while (performance.now() < deadline) {
          const m = pick();
          const s = stats.get(m.route)!;
          const t = performance.now();
          try {
            const response = await m.request(worker.url, headers);
            const body = await response.arrayBuffer();
            if (response.status >= 500 && serverErrors.length < 5)
              serverErrors.push(`${m.route} ${response.status}: ${new TextDecoder().decode(body).slice(0, 300)}`);
            if (response.status === 429) count(s, '429');
            else {
              s.latencies.push(performance.now() - t);
              count(s, String(response.status));
            }
          } catch (error) {
            count(s, `failed (${(error as Error).cause ?? (error as Error).message})`);
          }
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    clearInterval(sampler);
    memory.end = workerdMemory(worker.pgid).rssMiB;
    memory.peak = Math.max(memory.peak, memory.end);
    const health = (await (await fetch(`${worker.url}/v1/health`, { headers: { authorization: `Bearer ${key}` } })).json()) as {
      runtime?: { wasm_heap_bytes?: number };
    };

    const q = (sorted: number[], p: number) =>
      sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))].toFixed(0) : '-';
    let served = 0;
    let limited = 0;
    let bad = 0;
    const rows = [...stats].map(([route, s]) => {
      const sorted = [...s.latencies].sort((a, b) => a - b);
      const total = [...s.statuses.values()].reduce((a, b) => a + b, 0);
      const l = s.statuses.get('429') ?? 0;
      served += sorted.length;
      limited += l;
      for (const [k, n] of s.statuses) if (!/^[1-4]\d\d$/.test(k)) bad += n;
      const others = [...s.statuses]
        .filter(([k]) => k !== '429')
        .map(([k, n]) => `${k}: ${n}`)
        .join(', ');
      return [route, String(total), (sorted.length / elapsed).toFixed(1), q(sorted, 0.5), q(sorted, 0.99), others || '-', String(l)];
    });
    console.log(
      `\n## npm run load: ${CLIENTS} clients, ${SECONDS} s, ${served} answered (${(served / elapsed).toFixed(1)}/s), ${limited} rate-limited (429)\n`,
    );
    printGrid(['route', 'requests', 'answered/s', 'p50 (ms)', 'p99 (ms)', 'statuses (429 apart)', '429'], rows);
    console.log(
      `\nWorker memory (workerd resident, MiB): start ${memory.start.toFixed(0)}, peak ${memory.peak.toFixed(0)}, end ${memory.end.toFixed(0)}; ` +
        `onnxruntime-web WASM heap at the end: ${((health.runtime?.wasm_heap_bytes ?? 0) / 1048576).toFixed(1)} MiB`,
    );
    if (bad) {
      console.error(`load: ${bad} request(s) got a 5xx or failed; the first:\n  ${serverErrors.join('\n  ')}`);
      console.error(`wrangler dev printed:\n${worker.output().slice(-4000)}`);
      process.exitCode = 1;
    }
  } finally {
    clearInterval(sampler);
    await worker.stop();
    rmSync(persistTo, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
