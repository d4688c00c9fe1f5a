// `npm test`: type-check, build what the Worker serves, then run every vitest project (unit, worker,
// browser) and print a one-line summary that CI can read.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { offlineEnv } from './offline-env.mjs';

const run = (label, command, args) => {
  console.log(`\n> ${label}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: offlineEnv });
  return result.status ?? 1;
};

for (const [label, script] of [
  ['prepare worker inputs', 'prepare:worker'], // generated modules the type-check needs
  ['type-check', 'typecheck'],
  ['build the site', 'build:site'],
]) {
  const status = run(label, 'npm', ['run', '--silent', script]);
  if (status !== 0) process.exit(status);
}

mkdirSync('test-results', { recursive: true });
const status = run('vitest', 'npx', [
  'vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/vitest.json', ...process.argv.slice(2),
]);
try {
  const report = JSON.parse(readFileSync('test-results/vitest.json', 'utf8'));
  const skipped = report.numPendingTests + report.numTodoTests;
  console.log(`\nTests: ${report.numPassedTests} passed, ${report.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`);
} catch {
  console.log('\nTests: no report written');
}
process.exit(status);
