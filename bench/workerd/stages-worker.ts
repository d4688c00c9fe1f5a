// A bench-only Worker (never deployed): runs one pipeline stage `reps` times per request inside
// workerd, with the product's own onnxruntime-web runtime and image codecs, so bench/stages.ts can
// time stages in the isolate. workerd stops its clocks while JavaScript runs, so the time is taken
// from outside: a request with 1 + R runs minus one with 1 run, divided by R.
//   POST /stage/<name>?reps=N   body: multipart `photo` and `other` (JPEG)
//   GET  /v1/health             readiness (test/support/worker-process.ts polls it)
import { initWorkerImageCodecs } from '../../functions/src/image/worker-codecs';
import { workerRuntime } from '../../functions/src/runtime/worker-runtime';
import { prepareStage, STAGE_NAMES, type StageName } from '../lib/stages';

initWorkerImageCodecs();

const bytesOf = async (form: FormData, field: string) => new Uint8Array(await (form.get(field) as File).arrayBuffer());

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === '/v1/health') return Response.json({ status: 'ok', heap: workerRuntime().heapBytes?.() ?? 0 });
    const name = url.pathname.replace(/^\/stage\//, '') as StageName;
    if (!STAGE_NAMES.includes(name)) return new Response(`unknown stage ${name}`, { status: 404 });
    const form = await request.formData();
    const stage = await prepareStage(workerRuntime(), name, { photo: await bytesOf(form, 'photo'), other: await bytesOf(form, 'other') });
    const reps = Number(url.searchParams.get('reps') ?? 1);
    for (let i = 0; i < reps; i++) await stage.run();
    return Response.json({ stage: name, reps, items: stage.items });
  },
};
