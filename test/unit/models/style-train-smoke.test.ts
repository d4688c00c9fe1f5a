// Smoke test of the Python style-training package (models/style/train): loss maths, the CIN
// network, a few training steps with checkpoint + resume, and Gatys optimisation - all on generated
// data with a random loss net, so it needs neither ../shared nor the 95 MB ResNet package.
// Needs Debian's python3-torch (installed by `npm run pretest` / scripts/system-deps.sh).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const python = process.env.LIKENESS_PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');

describe('style training (python smoke)', () => {
  it('unit tests + tiny train/resume + Gatys pass', () => {
    const r = spawnSync(python, ['-m', 'unittest', '-v', 'train.test_smoke'], {
      cwd: root,
      env: { ...process.env, PYTHONPATH: resolve(root, 'models/style'), OMP_WAIT_POLICY: 'PASSIVE' },
      encoding: 'utf8',
      timeout: 110_000,
    });
    const out = `${r.stdout ?? ''}\n${r.stderr ?? ''}`;
    expect(r.error, out).toBeUndefined();
    expect(r.status, out).toBe(0);
    expect(out).toMatch(/OK/);
  }, 120_000);
});
