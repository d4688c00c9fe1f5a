// Style transfer benchmark: POST /v1/stylize in workerd (onnxruntime-web, WASM, 1 thread) next to
// the same stage in onnxruntime-node (1 thread), measured in the same run, at 512x512 (tiled into
// a statistics pass plus 2x2 tiles) and 1024x1024 (statistics pass plus 3x3 tiles). Latency in
// workerd is timed from outside (workerd freezes its clock during computation). Memory: the
// Worker's onnxruntime-web heap from /v1/health, and this Node process's RSS.
// Runs: BENCH_STYLE_RUNS (default 8 at 512, half that at 1024; each is seconds long).
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { decodeImage, encodeImage, resizeRgb } from '../functions/src/image';
import { initNodeImageCodecs } from '../functions/src/image/node-codecs';
import type { RgbImage } from '../functions/src/image/types';
import { stylize, TILE, TILE_OVERLAP } from '../functions/src/pipeline/stylize';
import { planTiles } from '../functions/src/pipeline/tiles';
import { createNodeRuntime } from '../functions/src/runtime/ort-node';
import { startWorker } from '../test/support/worker-process';
import { benchPhoto } from './lib/photos';
import { ms, printTable, timeRuns } from './lib/stats';
import { freshClient } from './lib/clients';

const RUNS = Number(process.env.BENCH_STYLE_RUNS ?? 8);
const STYLE = 'starry_night';
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The bench photo centre-cropped to a square and resized to side x side. */
function square(image: RgbImage, side: number): RgbImage {
  const s = Math.min(image.width, image.height);
  const x0 = (image.width - s) >> 1;
  const y0 = (image.height - s) >> 1;
  const data = new Uint8Array(s * s * 3);
  for (let y = 0; y < s; y++)
    data.set(image.data.subarray(((y0 + y) * image.width + x0) * 3, ((y0 + y) * image.width + x0 + s) * 3), y * s * 3);
  return resizeRgb({ width: s, height: s, data }, side, side);
}

export async function benchStylize(): Promise<void> {
  initNodeImageCodecs();
  const photo = benchPhoto();
  const source = (await decodeImage(new Uint8Array(readFileSync(photo.path)))).image;
  // Sent as PNG so that both sides decode the same pixels (a JPEG re-encode would add its own loss).
  const sizes = [512, 1024];
  const inputs = new Map<number, { rgb: RgbImage; png: Uint8Array }>();
  for (const side of sizes) {
    const rgb = square(source, side);
    inputs.set(side, { rgb, png: await encodeImage(rgb, 'png') });
  }

  const rows: [string, string][] = [];
  const worker = await startWorker();
  let heapBytes = 0;
  let restarts = 0;
  const workerd = new Map<number, { p50: number; p90: number }>();
  try {
    const post = (side: number) => async (): Promise<ArrayBuffer> => {
      const form = new FormData();
      form.append('image', new Blob([inputs.get(side)!.png as Uint8Array<ArrayBuffer>], { type: 'image/png' }), 'photo.png');
      form.append('style', STYLE);
      const response = await fetch(`${worker.url}/v1/stylize`, { method: 'POST', body: form, headers: freshClient() });
      if (response.status === 503 && /restarted/.test(await response.clone().text())) {
        // wrangler dev reloads the Worker when a watched file changes (others edit this checkout).
        restarts++;
        return post(side)();
      }
      if (!response.ok) throw new Error(`stylize: HTTP ${response.status} ${await response.text()}`);
      return response.arrayBuffer();
    };
    const firstStart = performance.now();
    await post(512)();
    rows.push(['workerd first stylize 512 (incl. model load)', ms(performance.now() - firstStart)]);
    for (const side of sizes) {
      const runs = side === 512 ? RUNS : Math.max(2, RUNS >> 1);
      const s = await timeRuns(post(side), runs, 1);
      workerd.set(side, s);
      const health = await (await fetch(`${worker.url}/v1/health`)).json();
      heapBytes = (health as { runtime: { wasm_heap_bytes?: number } }).runtime.wasm_heap_bytes ?? 0;
      const tiles = planTiles(side, side, TILE, TILE_OVERLAP);
      rows.push([
        `workerd ${side}x${side} p50 / p90 (HTTP, ${tiles.length} tiles + stats pass, ${runs} runs)`,
        `${ms(s.p50)} / ${ms(s.p90)}`,
      ]);
      rows.push([`  onnxruntime-web heap after ${side}`, mb(heapBytes)]);
    }
  } finally {
    await worker.stop();
  }
  if (restarts) rows.push(['  (wrangler dev reloaded the Worker mid-request; retried, timings include it)', String(restarts)]);

  const runtime = createNodeRuntime({ threads: 1 });
  const rssBefore = process.memoryUsage().rss;
  await stylize(runtime, inputs.get(512)!.rgb, { style: STYLE }); // session load
  for (const side of sizes) {
    const runs = side === 512 ? RUNS : Math.max(2, RUNS >> 1);
    const { png } = inputs.get(side)!;
    // The same work as the request: decode, stylize, encode PNG.
    const s = await timeRuns(
      async () => {
        const decoded = await decodeImage(png, { maxSide: 1024 });
        const out = await stylize(runtime, decoded.image, { style: STYLE });
        return encodeImage(out.image, 'png');
      },
      runs,
      1,
    );
    const stageOnly = await timeRuns(() => stylize(runtime, inputs.get(side)!.rgb, { style: STYLE }), runs, 0);
    rows.push([`onnxruntime-node ${side}x${side} p50 / p90 (decode+stylize+PNG, 1 thread)`, `${ms(s.p50)} / ${ms(s.p90)}`]);
    rows.push([`  stylize stage only p50`, ms(stageOnly.p50)]);
    const w = workerd.get(side);
    if (w) rows.push([`  ratio workerd / node (p50) at ${side}`, `${(w.p50 / s.p50).toFixed(2)}x`]);
  }
  const rss = process.memoryUsage().rss;
  rows.push(['Node RSS after the node runs (growth during them)', `${mb(rss)} (+${mb(rss - rssBefore)})`]);
  rows.push(['Node peak RSS of this process (maxRSS)', mb(process.resourceUsage().maxRSS * 1024)]);
  printTable(`Stylize (${STYLE}) on ${photo.label}, square crops sent as PNG`, rows);
}

// `npx tsx bench/stylize.ts` runs this section alone (after node scripts/prepare-worker.mjs).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchStylize();
}
