// `npm run bench`: prints figures; asserts nothing. Sections run one after another so they do not
// compete for the CPU. BENCH_RUNS sets the number of warm runs per measurement (default 30).
import { execSync } from 'node:child_process';
import { cpus } from 'node:os';
import { benchBundle } from './bundle';
import { benchRuntime } from './runtime';
import { benchStylize } from './stylize';
import { benchVerify } from './verify';

console.log(`# Likeness benchmarks — ${new Date().toISOString()}`);
console.log(`node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown cpu'})`);
execSync('node scripts/prepare-worker.mjs', { stdio: 'inherit' });

benchBundle();
await benchRuntime();
await benchVerify();
await benchStylize();
