// Peak memory and CPU of one decodeImage call, for docs/image-input.md and the Worker's
// maxDecodeBytes. Linux only: resets the peak-RSS counter (/proc/self/clear_refs) after warming up,
// then reads VmHWM after the decode.
//   node --expose-gc --import tsx scripts/measure-image-memory.mts photo.jpg [maxSide=1024]
//   node --expose-gc --import tsx scripts/measure-image-memory.mts --bombs
// Run once per file (fresh process): memory freed by an earlier decode would hide the peak.
// --bombs does that for each decompression bomb of test/support/bad-images.ts (HOSTILE_UPLOADS
// with `bomb`: a few hundred KB that would inflate to hundreds of MB, or `slow`), one child
// process each.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { asProblem } from '../functions/src/http/problem.ts';
import { decodeImage } from '../functions/src/image/index.ts';
import { initNodeImageCodecs } from '../functions/src/image/node-codecs.ts';
import { HOSTILE_UPLOADS } from '../test/support/bad-images.ts';

const [file, maxSideArg = '1024'] = process.argv.slice(2);
if (!file) throw new Error('usage: measure-image-memory.mts <image> [maxSide] | --bombs');
const fixtures = new URL('../test/fixtures/images/', import.meta.url);
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(name, fixtures)));

if (file === '--bombs') {
  for (const bomb of HOSTILE_UPLOADS.filter((h) => h.bomb || h.slow)) {
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--bomb', bomb.name], {
      stdio: 'inherit',
    });
    if (child.status !== 0) process.exit(child.status ?? 1);
  }
  process.exit(0);
}

const bomb = file === '--bomb' ? HOSTILE_UPLOADS.find((h) => h.name === maxSideArg) : undefined;
if (file === '--bomb' && !bomb) throw new Error(`no bomb named ${maxSideArg} in HOSTILE_UPLOADS`);
initNodeImageCodecs();
for (const warm of ['baseline-420.jpg', 'lossy.webp', 'rgb.png']) await decodeImage(fixture(warm));

const bytes = bomb ? bomb.make(fixture) : new Uint8Array(readFileSync(file));
const statusKiB = (field: string) =>
  Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'))?.[1]);
(globalThis as { gc?: () => void }).gc?.();
writeFileSync('/proc/self/clear_refs', '5');
const baseline = statusKiB('VmRSS');
const cpu0 = process.cpuUsage();
if (bomb) {
  // Default limits, as a request would get; the bomb is refused (or decoded, its bomb ignored).
  let result: string;
  try {
    const { image } = await decodeImage(bytes, { maxSide: 1024 });
    result = `decoded ${image.width}x${image.height}`;
  } catch (thrown) {
    const error = asProblem(thrown);
    if (!error) throw thrown;
    result = `${error.status} ${error.kind}`;
  }
  const cpu = process.cpuUsage(cpu0);
  console.log(
    JSON.stringify({
      bomb: bomb.name,
      fileKiB: Math.round(bytes.length / 1024),
      ...(bomb.bomb ? { wouldInflateToMiB: Math.round(bomb.bomb / (1024 * 1024)) } : {}),
      result,
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      peakDeltaMiB: Math.round((statusKiB('VmHWM') - baseline) / 1024),
    }),
  );
} else {
  const result = await decodeImage(bytes, {
    maxSide: Number(maxSideArg),
    limits: { maxBodyBytes: Number.MAX_SAFE_INTEGER, maxPixels: Number.MAX_SAFE_INTEGER },
  });
  const cpu = process.cpuUsage(cpu0);
  const peakDeltaMiB = (statusKiB('VmHWM') - baseline) / 1024;
  const pixels = result.sourceWidth * result.sourceHeight;
  console.log(
    JSON.stringify({
      file,
      source: `${result.sourceWidth}x${result.sourceHeight}`,
      output: `${result.image.width}x${result.image.height}`,
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      peakDeltaMiB: Math.round(peakDeltaMiB),
      bytesPerSourcePixel: +((peakDeltaMiB * 1024 * 1024) / pixels).toFixed(1),
    }),
  );
}
