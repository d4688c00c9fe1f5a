// Memory per route in workerd, for the largest input each route accepts, against the 128 MB an
// isolate has for everything (JS heap, the codecs' and onnxruntime's WASM memory, the bundled
// models). workerd does not let a Worker read its own memory, so three figures, each from outside,
// on a fresh `wrangler dev` per route (no route inherits another's peak), after one small request
// of the same route has loaded the models and compiled the code:
//  - JS: the isolate's heap as DevTools reads it (Runtime.getHeapUsage over the inspector): committed
//    heap plus ArrayBuffer backing stores (the models), after the large request;
//  - ORT: onnxruntime-web's WebAssembly memory (/v1/health; linear memory only grows, so this is its
//    peak);
//  - RSS: how much workerd's resident memory grew during the large request (VmHWM after a reset,
//    /proc): an upper bound on the request's own working memory, since it also counts allocator
//    slack and buffers freed before the request ended.
// JS + ORT is what the isolate holds once the request is over; JS + ORT + RSS bounds its peak.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeImage, resizeRgb } from '../functions/src/image';
import { encodeImage } from '../functions/src/image/encode';
import { initNodeImageCodecs } from '../functions/src/image/node-codecs';
import { heapUsage } from '../test/support/inspector';
import { resetPeak, workerdMemory } from '../test/support/process-memory';
import { freePort, startWorker, type WorkerProcess } from '../test/support/worker-process';
import { benchPhoto } from './lib/photos';
import { multipart } from './lib/form';
import { printGrid } from './lib/stats';

const BUDGET_MIB = 128;
/** About the largest 3:2 baseline JPEG the Worker's decode-memory limit (MAX_DECODE_BYTES, 64 MiB)
 * accepts: its estimate (image/limits.ts) is ~13.7 B/px, so 2700x1800 is refused (64.3 MiB). */
const LARGEST = { width: 2640, height: 1760 };
/** The gallery takes at most 1024 px per side (pipeline/gallery-image.ts). */
const GALLERY_LARGEST = { width: 1024, height: 683 };

interface RouteCase {
  route: string;
  input: string;
  /** Runs whatever the route needs first (a key, a collection), on the same Worker. */
  setup?: (worker: WorkerProcess, persistTo: string) => Promise<Record<string, string>>;
  /** The route with the given photo: the small one to warm up, then the largest. */
  request: (url: string, ctx: Record<string, string>, photo: Uint8Array) => Promise<Response>;
}

// biome-ignore lint/suspicious/noExplicitAny: answers of several endpoints, each read by field where it is used
async function ok(response: Response, what: string): Promise<any> {
  if (!response.ok) throw new Error(`${what}: HTTP ${response.status} ${await response.text()}`);
  return response.headers.get('content-type')?.includes('json') ? response.json() : response.arrayBuffer();
}

export async function benchMemory(): Promise<void> {
  initNodeImageCodecs();
  const photo = benchPhoto();
  const { image } = await decodeImage(new Uint8Array(readFileSync(photo.path)));
  const jpeg = async (width: number, height: number) =>
    new Uint8Array(await encodeImage(resizeRgb(image, width, height), 'jpeg', { quality: 92 }));
  const png = async (width: number, height: number) => new Uint8Array(await encodeImage(resizeRgb(image, width, height), 'png'));
  const [largest, small] = await Promise.all([jpeg(LARGEST.width, LARGEST.height), jpeg(640, 480)]);
  const [galleryLargest, gallerySmall] = await Promise.all([png(GALLERY_LARGEST.width, GALLERY_LARGEST.height), png(300, 200)]);
  const jpegLabel = `${LARGEST.width}x${LARGEST.height} JPEG`;

  const cases: RouteCase[] = [
    {
      route: 'POST /v1/verify',
      input: `a and b: ${jpegLabel} each`,
      request: (url, _, p) => fetch(`${url}/v1/verify`, { method: 'POST', body: multipart({ a: p, b: p }) }),
    },
    {
      route: 'POST /v1/faces/detect',
      input: jpegLabel,
      request: (url, _, p) => fetch(`${url}/v1/faces/detect`, { method: 'POST', body: multipart({ image: p }) }),
    },
    {
      route: 'POST /v1/stylize',
      input: `${jpegLabel}, max_side 1024`,
      request: (url, _, p) =>
        fetch(`${url}/v1/stylize`, { method: 'POST', body: multipart({ image: p, style: 'starry_night', max_side: '1024' }) }),
    },
    {
      route: 'POST /v1/collections/{c}/identify',
      input: `${jpegLabel}; one subject enrolled`,
      setup: async (worker, persistTo) => {
        const key = execFileSync(
          'npx',
          ['tsx', 'scripts/keys-create.ts', '--tenant', 'bench-memory', '--rate-limit', '100000', '--persist-to', persistTo],
          { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
        ).trim();
        const auth = { authorization: `Bearer ${key}` };
        const json = { ...auth, 'content-type': 'application/json' };
        const collection = await ok(
          await fetch(`${worker.url}/v1/collections`, { method: 'POST', headers: json, body: JSON.stringify({ name: 'bench' }) }),
          'create collection',
        );
        const s = await ok(
          await fetch(`${worker.url}/v1/collections/${collection.id}/subjects`, {
            method: 'POST',
            headers: json,
            body: JSON.stringify({ name: 'someone' }),
          }),
          'add subject',
        );
        await ok(
          await fetch(`${worker.url}/v1/collections/${collection.id}/subjects/${s.id}/faces?force=true`, {
            method: 'POST',
            headers: auth,
            body: multipart({ image: small }),
          }),
          'enrol',
        );
        return { key, collection: collection.id };
      },
      request: (url, ctx, p) =>
        fetch(`${url}/v1/collections/${ctx.collection}/identify`, {
          method: 'POST',
          headers: { authorization: `Bearer ${ctx.key}` },
          body: multipart({ image: p }),
        }),
    },
    {
      route: 'POST /v1/gallery (publish)',
      input: `${GALLERY_LARGEST.width}x${GALLERY_LARGEST.height} PNG`,
      request: (url, _, p) =>
        fetch(`${url}/v1/gallery`, {
          method: 'POST',
          body: multipart({ image: p, style: 'starry_night', title: 'Memory bench' }, 'image/png'),
        }),
    },
  ];
  const inputs = (c: RouteCase) => (c.route.includes('publish') ? [gallerySmall, galleryLargest] : [small, largest]);

  console.log(`\n## Memory per route in workerd, largest accepted input (photo: ${photo.label}; budget ${BUDGET_MIB} MB per isolate)`);
  const mib = (bytes: number) => bytes / 1048576;
  const rows: string[][] = [];
  for (const c of cases) {
    const persistTo = mkdtempSync(join(tmpdir(), 'likeness-mem-'));
    const inspectorPort = await freePort();
    const worker = await startWorker({ persistTo, inspectorPort });
    try {
      const ctx = c.setup ? await c.setup(worker, persistTo) : {};
      const [warm, big] = inputs(c);
      await ok(await c.request(worker.url, ctx, warm), `${c.route} (warm-up)`);
      resetPeak(worker.pgid);
      const before = workerdMemory(worker.pgid);
      const response = await c.request(worker.url, ctx, big);
      await response.arrayBuffer();
      const grew = workerdMemory(worker.pgid).peakMiB - before.rssMiB;
      const heap = await heapUsage(inspectorPort);
      const js = mib(heap.totalSize + heap.backingStorageSize);
      const health = (await (await fetch(`${worker.url}/v1/health`)).json()) as { runtime?: { wasm_heap_bytes?: number } };
      const wasm = mib(health.runtime?.wasm_heap_bytes ?? 0);
      const bound = js + wasm + grew;
      rows.push([
        c.route,
        c.input,
        String(response.status),
        js.toFixed(1),
        wasm.toFixed(1),
        (js + wasm).toFixed(1),
        grew.toFixed(1),
        bound.toFixed(1),
        `${((bound / BUDGET_MIB) * 100).toFixed(0)} %${bound > BUDGET_MIB ? ' OVER' : ''}`,
      ]);
    } finally {
      await worker.stop();
      rmSync(persistTo, { recursive: true, force: true });
    }
  }
  printGrid(
    [
      'route',
      'input',
      'status',
      'JS heap + buffers (MiB)',
      'ORT wasm (MiB)',
      'held after (MiB)',
      'RSS growth in request (MiB)',
      'peak bound (MiB)',
      `of ${BUDGET_MIB} MB`,
    ],
    rows,
  );
}
