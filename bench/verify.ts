// Verify of two 640x480 JPEG photos, warm, in workerd (POST /v1/verify on `wrangler dev`, timed from
// outside because workerd freezes its clock) next to the same pipeline in onnxruntime-node with one
// thread, measured in the same run; plus the Worker's cold start with every model bundled.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeImage, resizeRgb } from '../functions/src/image';
import { encodeImage } from '../functions/src/image/encode';
import { initNodeImageCodecs } from '../functions/src/image/node-codecs';
import { ANALYSIS_MAX_SIDE, analyseFaces, compareEmbeddings } from '../functions/src/pipeline/face';
import { VERIFICATION_HEAD } from '../functions/src/pipeline/face/head';
import { createNodeRuntime } from '../functions/src/runtime/ort-node';
import { startWorker } from '../test/support/worker-process';
import { ms, printTable, timeRuns } from './lib/stats';
import { freshClient } from './lib/clients';

const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const SHARED_SINGLE = fileURLToPath(new URL('../../shared/data/detect/images/single/', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../test/fixtures/faces/', import.meta.url));

function sourcePhotos(): { paths: [string, string]; label: string } {
  const shared: [string, string] = [`${SHARED_SINGLE}fr__obama-720p.jpg`, `${SHARED_SINGLE}fnp__paul_rudd.jpg`];
  if (shared.every(existsSync)) return { paths: shared, label: 'shared/data/detect: obama-720p vs paul_rudd' };
  return {
    paths: [`${FIXTURES}same-person-1.jpg`, `${FIXTURES}different-person.jpg`],
    label: 'fixtures same-person-1 vs different-person',
  };
}

/** The photo stretched to exactly 640x480 and re-encoded as JPEG (quality 90), as a phone app might send it. */
async function as640x480Jpeg(path: string): Promise<Uint8Array<ArrayBuffer>> {
  const { image } = await decodeImage(new Uint8Array(readFileSync(path)));
  return new Uint8Array(await encodeImage(resizeRgb(image, 640, 480), 'jpeg', { quality: 90 }));
}

export async function benchVerify(): Promise<void> {
  initNodeImageCodecs();
  const source = sourcePhotos();
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
    const verifyNode = async () => {
      const faces = [];
      for (const bytes of [a, b]) {
        const { image } = await decodeImage(bytes, { maxSide: ANALYSIS_MAX_SIDE });
        faces.push((await analyseFaces(runtime, image, { embed: true }))[0]);
      }
      return compareEmbeddings(VERIFICATION_HEAD, faces[0].embedding!, faces[1].embedding!);
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
