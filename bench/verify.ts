// Verify of two 640x480 JPEG photos, warm, in workerd (POST /v1/verify on `wrangler dev`, timed from
// outside because workerd freezes its clock) next to the same pipeline in onnxruntime-node with one
// thread, measured in the same run; plus the Worker's cold start with every model bundled.
import { initNodeImageCodecs } from '../functions/src/image/node-codecs';
import { servedFaces } from '../functions/src/pipeline/face/served';
import { createNodeRuntime } from '../functions/src/runtime/ort-node';
import { startWorker } from '../test/support/worker-process';
import { ms, printTable, timeRuns } from './lib/stats';
import { freshClient } from './lib/clients';
import { as640x480Jpeg, verifyPhotos } from './lib/photos';

const RUNS = Number(process.env.BENCH_RUNS ?? 30);

export async function benchVerify(): Promise<void> {
  initNodeImageCodecs();
  const source = verifyPhotos();
  const [a, b] = await Promise.all(source.paths.map(as640x480Jpeg));

  const worker = await startWorker();
  try {
    const post = async () => {
      const form = new FormData();
      form.append('a', new Blob([a], { type: 'image/jpeg' }), 'a.jpg');
      form.append('b', new Blob([b], { type: 'image/jpeg' }), 'b.jpg');
      const response = await fetch(`${worker.url}/v1/verify`, { method: 'POST', body: form, headers: freshClient() });
      if (!response.ok) throw new Error(`verify: HTTP ${response.status} ${await response.text()}`);
      return response.json();
    };
    const firstStart = performance.now();
    await post();
    const first = performance.now() - firstStart;
    const workerd = await timeRuns(post, RUNS);

    const runtime = createNodeRuntime({ threads: 1 });
    // What POST /v1/verify runs after reading the upload (features/faces/service.ts), with the served
    // embed options: flip averaging, when the head was fitted with it, doubles the encoder passes.
    const verifyNode = async () => {
      const fa = await servedFaces.faceFromPhoto(runtime, a, { field: 'a', limits: {}, embed: false });
      const fb = await servedFaces.faceFromPhoto(runtime, b, { field: 'b', limits: {}, embed: false });
      const [ea, eb] = await servedFaces.embed(runtime, [fa.face.aligned.chip, fb.face.aligned.chip]);
      return servedFaces.compare(ea, eb);
    };
    await verifyNode();
    const node = await timeRuns(verifyNode, RUNS);

    printTable(`Verify: two 640x480 JPEGs (${source.label}), ${RUNS} warm runs`, [
      ['workerd cold start, all models bundled (spawn -> first 200)', ms(worker.startupMs)],
      ['workerd first verify (loads detector + encoder sessions)', ms(first)],
      ['workerd warm p50 / p90 (HTTP)', `${ms(workerd.p50)} / ${ms(workerd.p90)}`],
      ['onnxruntime-node warm p50 / p90 (1 thread, same stages)', `${ms(node.p50)} / ${ms(node.p90)}`],
      ['ratio workerd / node (p50)', `${(workerd.p50 / node.p50).toFixed(2)}x`],
    ]);
  } finally {
    await worker.stop();
  }
}
