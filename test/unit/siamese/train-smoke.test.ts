// Smoke test of the Python Siamese-training package (models/siamese/train): the triplet losses of
// every mining strategy against brute force, the pairwise logistic loss, P x K sampling, loading the
// dlib encoder's TF.js weights into PyTorch, and a few epochs of every method on a generated dataset
// with checkpoint + resume and ONNX export. Needs neither ../shared nor a download.
// Needs Debian's python3-torch (installed by `npm run pretest` / scripts/system-deps.sh).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const python = process.env.LIKENESS_PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');

describe('siamese training (python smoke)', () => {
  it('losses, sampler, dlib weights, tiny train/resume/export pass', () => {
    const r = spawnSync(python, ['-m', 'unittest', '-v', 'train.test_smoke'], {
      cwd: root,
      env: { ...process.env, PYTHONPATH: resolve(root, 'models/siamese'), OMP_WAIT_POLICY: 'PASSIVE' },
      encoding: 'utf8',
      timeout: 110_000,
    });
    const out = `${r.stdout ?? ''}\n${r.stderr ?? ''}`;
    expect(r.error, out).toBeUndefined();
    expect(r.status, out).toBe(0);
    expect(out).toMatch(/\nOK/);
    expect(out).toMatch(/test_train_all_methods_resume_export/);
  }, 120_000);
});
