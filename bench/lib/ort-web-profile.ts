// Child process of bench/kernels.ts: profiles one served model in onnxruntime-web (WASM, one
// thread) and lets ORT print its trace. Usage: tsx bench/lib/ort-web-profile.ts <model id> <runs>
import { readFileSync } from 'node:fs';
import { findModel } from '../../functions/src/runtime/manifest';
import { modelPath } from '../../functions/src/runtime/ort-node';
import { feedsFor } from './kernel-feeds';

const [id, runs] = [process.argv[2], Number(process.argv[3] ?? 5)];
const entry = findModel(id);
if (!entry) throw new Error(`unknown model ${id}`);
const ort = await import('onnxruntime-web/wasm');
ort.env.wasm.numThreads = 1;
ort.env.wasm.proxy = false;
const session = await ort.InferenceSession.create(new Uint8Array(readFileSync(modelPath(entry))), { enableProfiling: true });
const feeds = Object.fromEntries(Object.entries(feedsFor(id)).map(([k, v]) => [k, new ort.Tensor(v.type, v.data, v.dims)]));
for (let i = 0; i <= runs; i++) await session.run(feeds);
session.endProfiling();
