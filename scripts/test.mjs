// `npm test`: lint (and format check), type-check, build what the Worker serves, then run every vitest project (unit, worker,
// browser) and print a one-line summary that CI can read. Then, for the face encoder chosen by
// manifest id (scripts/served-models.mjs), builds the Worker once more serving another encoder
// (ALTERNATE_ENCODER) and runs the worker-encoder project against it, and restores the default build.
// Arguments (e.g. a test file or `--project unit`) go to the main vitest run, and skip the second.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { offlineEnv } from './offline-env.mjs';
import { FACE_ENCODER_ENV } from './served-models.mjs';

/** The fine-tuned encoder of models/siamese: committed, with its own head, not served by default. */
const ALTERNATE_ENCODER = 'dlib-face-encoder-lfw-ft';

// The default build unless this run asks otherwise: a stray override must not change what is tested.
const env = { ...offlineEnv };
delete env[FACE_ENCODER_ENV];

const run = (label, command, args, extraEnv = {}) => {
  console.log(`\n> ${label}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...env, ...extraEnv } });
  return result.status ?? 1;
};

for (const [label, script] of [
  ['prepare worker inputs', 'worker:prepare'], // generated modules the type-check needs
  ['lint and format check', 'lint'],
  ['type-check', 'typecheck'],
  ['build the site', 'site:build'],
]) {
  const status = run(label, 'npm', ['run', '--silent', script]);
  if (status !== 0) process.exit(status);
}

mkdirSync('test-results', { recursive: true });
const vitest = (label, report, args, extraEnv) => {
  rmSync(report, { force: true }); // never count an old run's report
  return run(label, 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args], extraEnv);
};

const reports = ['test-results/vitest.json'];
let status = vitest('vitest', reports[0], process.argv.slice(2));

if (process.argv.length <= 2) {
  const alternate = { [FACE_ENCODER_ENV]: ALTERNATE_ENCODER };
  try {
    const built = run(`prepare worker inputs serving ${ALTERNATE_ENCODER}`, 'npm', ['run', '--silent', 'worker:prepare'], alternate);
    reports.push('test-results/vitest-encoder.json');
    const tested =
      built === 0 ? vitest(`vitest worker-encoder (${ALTERNATE_ENCODER})`, reports[1], ['--project', 'worker-encoder'], alternate) : built;
    status ||= tested;
  } finally {
    // Always restore (not `status ||= run(...)`, which would skip it after a failure).
    const restored = run('restore the default worker inputs', 'npm', ['run', '--silent', 'worker:prepare']);
    status ||= restored;
  }
}

let passed = 0,
  failed = 0,
  skipped = 0,
  missing = 0;
for (const file of reports) {
  try {
    const report = JSON.parse(readFileSync(file, 'utf8'));
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + report.numTodoTests;
  } catch {
    missing++;
  }
}
console.log(
  `\nTests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}${missing ? ` (${missing} report(s) not written)` : ''}`,
);
process.exit(status);
