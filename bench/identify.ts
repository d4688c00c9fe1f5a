// Identify at scale: collections of 1,000, 10,000 and 100,000 enrolled faces in the local Worker
// (`wrangler dev`, timed from outside because workerd freezes its clock), seeded in bulk with
// synthetic embeddings through `wrangler d1 execute --local --file` (one subject per face: the worst
// case for grouping). Synthetic embeddings are shaped like dlib's (components ~N(0, 0.09), norm ~1);
// search cost does not depend on the values. Printed per size:
//  - search: POST /v1/collections/{c}/search with one embedding, warm (index cached in the isolate), p50/p90,
//    next to the same request on an empty collection (auth, rate limit, collection lookup, JSON: the fixed
//    cost); their difference is the search part (scan + exact re-rank of the shortlist);
//  - first search after start: loading and packing the collection's embeddings from D1;
//  - identify of a photo (decode, detect, embed, search), warm p50/p90;
//  - the scan alone in Node (pipeline/face/search.ts, one thread), for comparison.
// `npm run collections:bench` (BENCH_RUNS, default 30; BENCH_IDENTIFY_SIZES=1000,10000 to choose sizes).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EMBEDDING_SIZE, ENCODER_INFO } from '../functions/src/pipeline/face';
import { EmbeddingPacker, rankSubjects, shortlist } from '../functions/src/pipeline/face/search';
import { embeddingToBytes } from '../functions/src/storage/embedding-bytes';
import { COLLECTION_ID_PREFIX } from '../functions/src/storage/collections';
import { newId } from '../functions/src/storage/ids';
import { offlineEnv } from '../scripts/offline-env.mjs';
import { startWorker } from '../test/support/worker-process';
import { normalSampler, seededRandom } from '../models/lib/random';
import { ms, printTable, summarize, timeRuns, type Summary } from './lib/stats';

const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const SIZES = (process.env.BENCH_IDENTIFY_SIZES ?? '1000,10000,100000').split(',').map(Number);
const PHOTO = fileURLToPath(new URL('../test/fixtures/faces/same-person-2.jpg', import.meta.url));
const ROWS_PER_INSERT = 60; // D1 limits a statement to 100 KB; a face row is ~1.4 KB of SQL
const ROWS_PER_FILE = 30_000; // per wrangler run (each start costs seconds)

/** Deterministic normal samples. */
const normals = (seed: number) => normalSampler(seededRandom(seed));

const syntheticEmbedding = (normal: () => number) => Float32Array.from({ length: EMBEDDING_SIZE }, () => 0.09 * normal());
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

function wrangler(persistTo: string, args: string[]): string {
  const result = spawnSync('npx', ['wrangler', ...args, '--local', '--persist-to', persistTo], {
    encoding: 'utf8',
    env: { ...offlineEnv, WRANGLER_LOG: 'warn', CI: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`wrangler ${args.join(' ')}: ${result.stderr || result.stdout}`);
  return result.stdout;
}

/** Seeds a collection of `size` subjects with one face each; returns its id and the embeddings. */
function seedCollection(
  persistTo: string,
  tenant: string,
  size: number,
  seed: number,
): { id: string; embeddings: Float32Array[]; seconds: number } {
  const started = performance.now();
  const id = newId(COLLECTION_ID_PREFIX);
  const normal = normals(seed);
  const embeddings: Float32Array[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'likeness-seed-'));
  const box = JSON.stringify({ x: 10, y: 10, width: 100, height: 100 }).replace(/'/g, "''");
  const quality = JSON.stringify({ size_px: 100, brightness: 0.5, sharpness: 0.03, pose: { yaw: 0, pitch: 0, roll: 0 }, issues: [] });
  try {
    let file = `INSERT INTO collections (id, tenant_id, name) SELECT '${id}', id, 'bench ${size}' FROM tenants WHERE name = '${tenant}';\n`;
    for (let start = 0; start < size; start += ROWS_PER_INSERT) {
      const n = Math.min(ROWS_PER_INSERT, size - start);
      const subjects: string[] = [];
      const faces: string[] = [];
      for (let i = 0; i < n; i++) {
        const s = newId('s');
        const e = syntheticEmbedding(normal);
        embeddings.push(e);
        subjects.push(`('${s}', '${id}', 'person ${start + i}')`);
        faces.push(
          `('${newId('f')}', '${s}', '${id}', '${ENCODER_INFO.id}', '${ENCODER_INFO.version}', X'${hex(embeddingToBytes(e))}', '${box}', '${quality}')`,
        );
      }
      file += `INSERT INTO subjects (id, collection_id, name) VALUES ${subjects.join(',')};\n`;
      file += `INSERT INTO faces (id, subject_id, collection_id, model, model_version, embedding, box, quality) VALUES ${faces.join(',')};\n`;
      if ((start + n) % ROWS_PER_FILE === 0 || start + n >= size) {
        const path = join(dir, `seed-${start}.sql`);
        writeFileSync(path, file);
        wrangler(persistTo, ['d1', 'execute', 'DB', '--file', path, '--yes']);
        file = '';
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { id, embeddings, seconds: (performance.now() - started) / 1000 };
}

/** A query near enrolled face `i` (the same person in another photo: distance ~0.35). */
function nearQuery(e: Float32Array, normal: () => number): number[] {
  return Array.from(e, (v) => v + 0.03 * normal());
}

function nodeScan(embeddings: Float32Array[], queries: number[][]): Summary {
  const packer = new EmbeddingPacker(EMBEDDING_SIZE, embeddings.length);
  embeddings.forEach((e, i) => packer.add(e, i));
  const packed = packer.finish();
  const samples: number[] = [];
  for (let r = -5; r < Math.max(RUNS, 20); r++) {
    const q = Float32Array.from(queries[(r + queries.length) % queries.length]);
    const start = performance.now();
    const rows = shortlist(packed, q, 3);
    rankSubjects(
      q,
      rows.map((row) => ({ subject: row, embedding: embeddings[row], face: String(row) })),
      3,
      String,
    );
    if (r >= 0) samples.push(performance.now() - start); // the first 5 warm up the JIT
  }
  return summarize(samples);
}

export async function benchIdentify(): Promise<void> {
  const persistTo = mkdtempSync(join(tmpdir(), 'likeness-bench-identify-'));
  try {
    wrangler(persistTo, ['d1', 'migrations', 'apply', 'DB']);
    const keyRun = spawnSync('npx', ['tsx', 'scripts/keys-create.ts', '--tenant', 'bench', '--persist-to', persistTo], {
      encoding: 'utf8',
      env: offlineEnv,
    });
    const key = keyRun.stdout.trim();
    if (!/^lk_/.test(key)) throw new Error(`keys:create failed: ${keyRun.stderr}`);

    const emptyCollection = newId(COLLECTION_ID_PREFIX);
    wrangler(persistTo, [
      'd1',
      'execute',
      'DB',
      '--yes',
      '--command',
      `INSERT INTO collections (id, tenant_id, name) SELECT '${emptyCollection}', id, 'empty' FROM tenants WHERE name = 'bench'`,
    ]);
    const seeded = SIZES.map((size, i) => ({ size, ...seedCollection(persistTo, 'bench', size, 1000 + i) }));

    const worker = await startWorker({ persistTo, vars: { RATE_LIMIT_RECOGNITION: '100000000/60' } });
    const auth = { authorization: `Bearer ${key}` };
    const search = async (collection: string, embedding: number[]) => {
      const response = await fetch(`${worker.url}/v1/collections/${collection}/search`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ embedding, model: ENCODER_INFO, top_k: 3 }),
      });
      if (!response.ok) throw new Error(`search: HTTP ${response.status} ${await response.text()}`);
      return response.json() as Promise<{ identity: { subject: string } | null; searched: { faces: number } }>;
    };
    const photo = new Uint8Array(readFileSync(PHOTO));
    const identify = async (collection: string) => {
      const form = new FormData();
      form.append('image', new Blob([photo], { type: 'image/jpeg' }), 'photo.jpg');
      const response = await fetch(`${worker.url}/v1/collections/${collection}/identify`, { method: 'POST', headers: auth, body: form });
      if (!response.ok) throw new Error(`identify: HTTP ${response.status} ${await response.text()}`);
      return response.json();
    };
    try {
      const normal = normals(7);
      const stranger = () => Array.from(syntheticEmbedding(normal));
      const baseline = await timeRuns(() => search(emptyCollection, stranger()), RUNS);
      const rows: [string, string][] = [
        [
          'seeding (wrangler d1 execute --local)',
          seeded.map((s) => `${s.size.toLocaleString('en')}: ${s.seconds.toFixed(0)} s`).join(', '),
        ],
        ['empty collection: search request p50 / p90 (fixed cost)', `${ms(baseline.p50)} / ${ms(baseline.p90)}`],
      ];
      for (const g of seeded) {
        const queries = Array.from({ length: 16 }, (_, i) => (i % 2 ? stranger() : nearQuery(g.embeddings[(i * 7919) % g.size], normal)));
        const coldStart = performance.now();
        const first = await search(g.id, queries[0]);
        const cold = performance.now() - coldStart;
        if (first.searched.faces !== g.size) throw new Error(`searched ${first.searched.faces} faces, seeded ${g.size}`);
        let q = 0;
        let found = 0;
        const warm = await timeRuns(async () => {
          const i = q++ % queries.length;
          const result = await search(g.id, queries[i]);
          if (i % 2 === 0 && result.identity) found++;
        }, RUNS);
        const photoRuns = await timeRuns(() => identify(g.id), Math.max(5, Math.round(RUNS / 3)), 1);
        const node = nodeScan(g.embeddings, queries);
        const n = g.size.toLocaleString('en');
        rows.push(
          [`${n} faces: first search (load + pack from D1)`, ms(cold)],
          [`${n} faces: search request p50 / p90 (warm)`, `${ms(warm.p50)} / ${ms(warm.p90)}`],
          [`${n} faces: search part p50 (minus empty collection)`, ms(Math.max(0, warm.p50 - baseline.p50))],
          [`${n} faces: identify a photo p50 / p90`, `${ms(photoRuns.p50)} / ${ms(photoRuns.p90)}`],
          [`${n} faces: scan + re-rank in Node p50 / p90`, `${ms(node.p50)} / ${ms(node.p90)}`],
        );
        if (found === 0) throw new Error('no near query was identified: the benchmark is not measuring a working search');
      }
      printTable(`Identify at scale (local Worker, ${RUNS} warm runs, top_k 3, one subject per face)`, rows);
    } finally {
      await worker.stop();
    }
  } finally {
    rmSync(persistTo, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('bench/identify.ts')) await benchIdentify();
