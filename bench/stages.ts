// Per-stage figures: each stage of the face pipeline timed inside workerd (the bench-only Worker
// bench/workerd/stages-worker.ts, the product's onnxruntime-web runtime and codecs), next to the same
// stage code in Node with onnxruntime-node (1 thread) and with onnxruntime-web's WASM in Node, in
// one run. workerd stops its clocks while JavaScript runs, so a stage's time there is taken from
// outside as (request with 1 + R runs - request with 1 run) / R, the medians of several requests:
// HTTP, upload and the stage's preparation cancel out.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeImage } from '../functions/src/image';
import { initNodeImageCodecs } from '../functions/src/image/node-codecs';
import { loadFaceApi } from '../models/faces/eval/face-api-node';
import { bundledModels } from '../functions/src/runtime/manifest';
import { createNodeRuntime, modelPath } from '../functions/src/runtime/ort-node';
import type { InferenceRuntime } from '../functions/src/runtime/types';
import { webRuntime } from '../models/style/build/ort-web-node';
import { startWorker } from '../test/support/worker-process';
import { prepareStage, STAGE_NAMES, STAGE_NOTES, type StageInput, type StageName } from './lib/stages';
import { summarize } from './lib/stats';
import { as640x480Jpeg, verifyPhotos } from './lib/photos';

const REPEATS = Number(process.env.BENCH_STAGE_REPEATS ?? 8);
const SAMPLES = Number(process.env.BENCH_STAGE_SAMPLES ?? 5);
const WORKER_CONFIG = fileURLToPath(new URL('./workerd/wrangler.toml', import.meta.url));

/** Milliseconds per run of a prepared stage, timed directly (Node). */
async function timeInNode(runtime: InferenceRuntime, name: StageName, input: StageInput): Promise<number> {
  const stage = await prepareStage(runtime, name, input);
  for (let i = 0; i < 2; i++) await stage.run();
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES * 2; i++) {
    const start = performance.now();
    await stage.run();
    samples.push(performance.now() - start);
  }
  return summarize(samples).p50 / stage.items;
}

/** Milliseconds per run of a stage inside workerd, by difference of two request sizes. */
async function timeInWorkerd(url: string, name: StageName, input: StageInput): Promise<number> {
  const post = async (reps: number) => {
    const form = new FormData();
    form.append('photo', new Blob([input.photo as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }), 'photo.jpg');
    form.append('other', new Blob([input.other as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }), 'other.jpg');
    const start = performance.now();
    const response = await fetch(`${url}/stage/${name}?reps=${reps}`, { method: 'POST', body: form });
    if (!response.ok) throw new Error(`stage ${name}: HTTP ${response.status} ${await response.text()}`);
    const { items } = (await response.json()) as { items: number };
    return { ms: performance.now() - start, items };
  };
  await post(2); // warm: sessions loaded, code tiered up
  const one: number[] = [];
  const many: number[] = [];
  let items = 1;
  for (let i = 0; i < SAMPLES; i++) {
    one.push((await post(1)).ms);
    const m = await post(1 + REPEATS);
    many.push(m.ms);
    items = m.items;
  }
  return Math.max(0, summarize(many).p50 - summarize(one).p50) / REPEATS / items;
}

/**
 * Each model's first use on a fresh isolate: ORT's start (with the detector), each session's creation,
 * code not yet optimised. A stage's preparation runs the stages before it, so for each stage:
 * prepare once (warms what comes before), time a preparation alone, then a preparation plus the
 * stage's first run; the difference is the first run.
 */
async function coldStart(url: string, input: StageInput): Promise<{ stage: StageName; ms: number }[]> {
  const post = async (stage: StageName, reps: number) => {
    const form = new FormData();
    form.append('photo', new Blob([input.photo as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }), 'photo.jpg');
    form.append('other', new Blob([input.other as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }), 'other.jpg');
    const start = performance.now();
    const response = await fetch(`${url}/stage/${stage}?reps=${reps}`, { method: 'POST', body: form });
    if (!response.ok) throw new Error(`cold ${stage}: HTTP ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
    return performance.now() - start;
  };
  const out: { stage: StageName; ms: number }[] = [];
  // The detector's first run also starts onnxruntime-web; the others each add a session.
  for (const stage of ['detector-model', 'quality', 'encoder-model-4'] as const) {
    // The fastest of three preparations: a stray GC pause must not make the first run look free.
    const prepared = Math.min(await post(stage, 0), await post(stage, 0), await post(stage, 0));
    out.push({ stage, ms: Math.max(0, (await post(stage, 1)) - prepared) });
  }
  return out;
}

const fixed = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(1));

export async function benchStages(): Promise<void> {
  initNodeImageCodecs();
  const source = verifyPhotos();
  const [photo, other] = await Promise.all(source.paths.map(as640x480Jpeg));
  const input: StageInput = { photo, other };
  const worker = await startWorker({ config: WORKER_CONFIG });
  const rows: { name: StageName; workerd: number; web: number; node: number }[] = [];
  let cold: { stage: StageName; ms: number }[] = [];
  try {
    cold = await coldStart(worker.url, input);
    const node = createNodeRuntime({ threads: 1 });
    const web = webRuntime(Object.fromEntries(bundledModels().map((m) => [m.id, new Uint8Array(readFileSync(modelPath(m)))])));
    for (const name of STAGE_NAMES) {
      rows.push({
        name,
        workerd: await timeInWorkerd(worker.url, name, input),
        web: await timeInNode(web, name, input),
        node: await timeInNode(node, name, input),
      });
    }
  } finally {
    await worker.stop();
  }
  console.log(`\n## Cold start of a fresh isolate (workerd started in ${Math.round(worker.startupMs)} ms): each model's first use`);
  console.log('| first request, in order | ms | of which loading (first - warm) |');
  console.log('|---|---|---|');
  for (const c of cold) {
    const warm = rows.find((r) => r.name === c.stage);
    const load = warm ? Math.max(0, c.ms - warm.workerd * (c.stage === 'encoder-model-4' ? 4 : 1)) : Number.NaN;
    console.log(`| ${c.stage} | ${c.ms.toFixed(0)} | ${Number.isNaN(load) ? '' : load.toFixed(0)} |`);
  }
  const faceApi = await faceApiPerFace(photo);
  const face = rows.find((r) => r.name === 'face');
  console.log(
    `\n## Stages: ms per run (per chip for batches), ${source.label} at 640x480; p50 of ${SAMPLES} requests x ${REPEATS} runs in workerd`,
  );
  console.log('| stage | workerd | ORT-web in Node | onnxruntime-node (1 thread) | workerd / node | what |');
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.name} | ${fixed(r.workerd)} | ${fixed(r.web)} | ${fixed(r.node)} | ${(r.workerd / r.node).toFixed(2)}x | ${STAGE_NOTES[r.name]} |`,
    );
  }
  if (face) {
    console.log(
      `\nPer face (one photo, decode to embedding): workerd ${fixed(face.workerd)} ms, onnxruntime-node ${fixed(face.node)} ms; ` +
        `face-api 1.7.15 (SSD MobileNetV1 + 68 landmarks + descriptor, TF.js WASM SIMD, 1 thread, decoded pixels in) ${fixed(faceApi)} ms: ` +
        `${(faceApi / face.workerd).toFixed(1)}x faster in workerd.`,
    );
  }
}

/** face-api's own pipeline on the same photo, as the anchor: ms per face (p50), the image already decoded. */
async function faceApiPerFace(photo: Uint8Array): Promise<number> {
  const { image } = await decodeImage(photo);
  const api = await loadFaceApi(0.2);
  await api.describe(image); // warm: kernels, first allocations
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const start = performance.now();
    await api.describe(image);
    samples.push(performance.now() - start);
  }
  return summarize(samples).p50;
}
