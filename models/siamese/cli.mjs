#!/usr/bin/env node
// npm-facing wrapper for the Python training tools in models/siamese/train (training-time only).
// Usage: node models/siamese/cli.mjs <module> [args...]   e.g. `train`, `orl`, `finetune_lfw`.
// Why a wrapper: Debian's PyTorch is only visible to /usr/bin/python3 (a pyenv python3 may be first
// on PATH), and the package needs models/siamese on PYTHONPATH. Override with LIKENESS_PYTHON.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, delimiter } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const [mod, ...args] = process.argv.slice(2);
if (!mod || !/^[a-z_]+$/.test(mod)) {
  console.error('usage: node models/siamese/cli.mjs <train|orl|finetune_lfw> [--help]');
  process.exit(2);
}
const python = process.env.LIKENESS_PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
const env = { OMP_WAIT_POLICY: 'PASSIVE', ...process.env, PYTHONPATH: [here, process.env.PYTHONPATH].filter(Boolean).join(delimiter) };
const r = spawnSync(python, ['-m', `train.${mod}`, ...args], { stdio: 'inherit', env });
if (r.error) {
  console.error(`cannot run ${python}: ${r.error.message} (needs Debian python3-torch; see scripts/system-deps.sh)`);
  process.exit(1);
}
process.exit(r.status ?? 1);
