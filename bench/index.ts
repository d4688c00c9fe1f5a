// `npm run bench`: prints figures; asserts nothing. Sections run one after another so they do not
// compete for the CPU. BENCH_RUNS sets the number of warm runs per measurement (default 30).
// `npm run bench -- verify stylize` runs only the named sections (bundle, runtime, stages, kernels,
// verify, stylize, memory, decoders, browser).
import { execSync } from 'node:child_process';
import { cpus } from 'node:os';
import { benchBrowser } from './browser';
import { benchBundle } from './bundle';
import { benchDecoders } from './decoders';
import { benchKernels } from './kernels';
import { benchMemory } from './memory';
import { benchRuntime } from './runtime';
import { benchStages } from './stages';
import { benchStylize } from './stylize';
import { benchVerify } from './verify';

console.log(`# Likeness benchmarks — ${new Date().toISOString()}`);
console.log(`node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown cpu'})`);
execSync('node scripts/prepare-worker.mjs', { stdio: 'inherit' });

const SECTIONS: Record<string, () => unknown> = {
  bundle: benchBundle,
  runtime: benchRuntime,
  stages: benchStages,
  kernels: benchKernels,
  verify: benchVerify,
  stylize: benchStylize,
  memory: benchMemory,
  decoders: benchDecoders,
  browser: benchBrowser,
};
const chosen = process.argv.slice(2);
const unknown = chosen.filter((name) => !(name in SECTIONS));
if (unknown.length) throw new Error(`unknown bench section(s): ${unknown.join(', ')}; choose from ${Object.keys(SECTIONS).join(', ')}`);
for (const [name, run] of Object.entries(SECTIONS)) if (!chosen.length || chosen.includes(name)) await run();
