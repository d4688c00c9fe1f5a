// Foundation benchmark: the Worker's cold start, first inference and warm latency in workerd, next
// to the same pipeline (decode -> image-stats model) in onnxruntime-node with one thread, measured
// in the same run so the ratio compares like with like on whatever this machine is doing now.
// Latency in workerd is timed from outside: workerd freezes its clock during computation.
import { readFileSync } from 'node:fs';
import { decodeImage } from '../functions/src/image';
import { initNodeImageCodecs } from '../functions/src/image/node-codecs';
import { measureImageStats } from '../functions/src/pipeline/image-stats';
import { createNodeRuntime } from '../functions/src/runtime/ort-node';
import { startWorker } from '../test/support/worker-process';
import { ms, printTable, timeRuns } from './lib/stats';
import { benchPhoto } from './lib/photos';
import { freshClient } from './lib/clients';

const RUNS = Number(process.env.BENCH_RUNS ?? 30);

export async function benchRuntime(): Promise<void> {
  const photo = benchPhoto();
  const bytes = readFileSync(photo.path);
  const upload = () => {
    const form = new FormData();
    form.append('image', new Blob([bytes], { type: 'image/jpeg' }), 'photo.jpg');
    return form;
  };

  const worker = await startWorker();
  try {
    const post = async () => {
      const response = await fetch(`${worker.url}/v1/images/stats`, { method: 'POST', body: upload(), headers: freshClient() });
      if (!response.ok) throw new Error(`stats: HTTP ${response.status} ${await response.text()}`);
      return response.json();
    };
    const firstStart = performance.now();
    await post();
    const first = performance.now() - firstStart;
    const workerd = await timeRuns(post, RUNS);
    const http = await timeRuns(() => fetch(`${worker.url}/v1/health`).then((r) => r.json()), RUNS);

    initNodeImageCodecs();
    const runtime = createNodeRuntime({ threads: 1 });
    const nodeOnce = async () => {
      const decoded = await decodeImage(bytes, { maxSide: 512 });
      return measureImageStats(runtime, decoded.image);
    };
    const nodeFirstStart = performance.now();
    await nodeOnce();
    const nodeFirst = performance.now() - nodeFirstStart;
    const node = await timeRuns(nodeOnce, RUNS);

    printTable(`Runtime: image-stats on ${photo.label} (decode + model), ${RUNS} warm runs`, [
      ['workerd cold start (spawn wrangler dev -> first 200)', ms(worker.startupMs)],
      ['workerd first inference (request incl. ORT init)', ms(first)],
      ['workerd warm p50 / p90 (HTTP request)', `${ms(workerd.p50)} / ${ms(workerd.p90)}`],
      ['workerd HTTP overhead p50 (GET /v1/health)', ms(http.p50)],
      ['onnxruntime-node first call (session load)', ms(nodeFirst)],
      ['onnxruntime-node warm p50 / p90 (1 thread)', `${ms(node.p50)} / ${ms(node.p90)}`],
      ['ratio workerd / node (p50)', `${(workerd.p50 / node.p50).toFixed(2)}x`],
    ]);
  } finally {
    await worker.stop();
  }
}
