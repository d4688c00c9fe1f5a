// Which kernels make onnxruntime-web slower than onnxruntime-node: each served model profiled in
// both (one thread, the same bytes, the same input), time per operator type per run, side by side.
// ORT's own profiler: onnxruntime-node writes a JSON trace file; onnxruntime-web prints the same
// trace on the console when profiling ends (in a child process, parsed here). Figures are means over the profiled runs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ortNode from 'onnxruntime-node';
import { findModel } from '../functions/src/runtime/manifest';
import { modelPath } from '../functions/src/runtime/ort-node';
import { type Feeds, feedsFor, PROFILED_MODELS } from './lib/kernel-feeds';

const RUNS = Number(process.env.BENCH_KERNEL_RUNS ?? 5);

/** Kernels the two builds name differently for the same work (fusions, native-only layouts). */
const FAMILY: Record<string, string> = {
  Conv: 'Conv (fp32, fused activations too)',
  FusedConv: 'Conv (fp32, fused activations too)',
  NchwcConv: 'Conv (fp32, fused activations too)',
  ReorderInput: 'NCHWc reorder (native layout)',
  ReorderOutput: 'NCHWc reorder (native layout)',
  MaxPool: 'MaxPool',
  NchwcMaxPool: 'MaxPool',
  NhwcMaxPool: 'MaxPool',
};

/** Microseconds per kernel family over all profiled runs, from ORT's trace events. */
function byOperator(trace: { cat?: string; dur?: number; args?: { op_name?: string } }[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of trace) {
    const op = e.args?.op_name;
    if (e.cat !== 'Node' || !op) continue;
    const family = FAMILY[op] ?? op;
    out.set(family, (out.get(family) ?? 0) + (e.dur ?? 0));
  }
  return out;
}

async function profileNode(bytes: Uint8Array, feeds: Feeds): Promise<Map<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'likeness-ort-profile-'));
  const session = await ortNode.InferenceSession.create(bytes, {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    enableProfiling: true,
    profileFilePrefix: join(dir, 'ort'),
  });
  const tensors = Object.fromEntries(Object.entries(feeds).map(([k, v]) => [k, new ortNode.Tensor(v.type, v.data, v.dims)]));
  for (let i = 0; i <= RUNS; i++) await session.run(tensors);
  session.endProfiling();
  try {
    const [file] = readdirSync(dir);
    const total = byOperator(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    for (const [op, us] of total) total.set(op, (us * RUNS) / (RUNS + 1)); // the warm run was profiled as well
    return total;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** onnxruntime-web prints its trace through the console it bound when it loaded, so it runs in a child
 * process (bench/lib/ort-web-profile.ts) whose output is parsed here. */
function profileWeb(id: string): Map<string, number> {
  const child = spawnSync('npx', ['tsx', fileURLToPath(new URL('./lib/ort-web-profile.ts', import.meta.url)), id, String(RUNS)], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (child.status !== 0) throw new Error(`onnxruntime-web profile of ${id} failed:\n${child.stderr}`);
  const events = `${child.stdout}\n${child.stderr}`
    .split('\n')
    .map((line) => line.trim().replace(/,$/, ''))
    .filter((line) => line.startsWith('{"cat"'))
    .map((line) => JSON.parse(line));
  const total = byOperator(events);
  for (const [op, us] of total) total.set(op, (us * RUNS) / (RUNS + 1)); // the warm run was profiled as well
  return total;
}

export async function benchKernels(): Promise<void> {
  for (const id of PROFILED_MODELS) {
    const entry = findModel(id);
    if (!entry) continue;
    const bytes = new Uint8Array(readFileSync(modelPath(entry)));
    const feeds = feedsFor(id);
    const web = profileWeb(id);
    const node = await profileNode(bytes, feeds);
    const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0) / RUNS / 1000;
    const shape = Object.values(feeds)[0].dims.join('x');
    console.log(`\n## Kernels: ${id} (${shape}), ms per run by operator, ${RUNS} profiled runs, 1 thread`);
    console.log(
      `total: onnxruntime-web ${total(web).toFixed(1)} ms, onnxruntime-node ${total(node).toFixed(1)} ms, ${(total(web) / total(node)).toFixed(2)}x`,
    );
    console.log('| operator | onnxruntime-web | share | onnxruntime-node | web / node |');
    console.log('|---|---|---|---|---|');
    const rows = [...web.entries()].sort((a, b) => b[1] - a[1]).slice(0, 6);
    for (const [op, us] of rows) {
      const n = node.get(op);
      const share = (100 * us) / [...web.values()].reduce((a, b) => a + b, 0);
      const nodeMs = n === undefined ? '(none: fused away)' : (n / RUNS / 1000).toFixed(2);
      const ratio = n === undefined ? '' : `${(us / n).toFixed(1)}x`;
      console.log(`| ${op} | ${(us / RUNS / 1000).toFixed(2)} | ${share.toFixed(0)} % | ${nodeMs} | ${ratio} |`);
    }
  }
}
