// Peak memory and CPU of one decodeImage call, for docs/image-input.md and the Worker's
// maxDecodeBytes. Linux only: resets the peak-RSS counter (/proc/self/clear_refs) after warming up,
// then reads VmHWM after the decode.
//   node --expose-gc --import tsx scripts/measure-image-memory.mts photo.jpg [maxSide=1024]
// Run once per file (fresh process): memory freed by an earlier decode would hide the peak.
import { readFileSync, writeFileSync } from 'node:fs';
import { decodeImage } from '../functions/src/image/index.ts';
import { initNodeImageCodecs } from '../functions/src/image/node-codecs.ts';

const [file, maxSideArg = '1024'] = process.argv.slice(2);
if (!file) throw new Error('usage: measure-image-memory.mts <image> [maxSide]');
initNodeImageCodecs();
const fixtures = new URL('../test/fixtures/images/', import.meta.url);
for (const warm of ['baseline-420.jpg', 'lossy.webp', 'rgb.png']) await decodeImage(new Uint8Array(readFileSync(new URL(warm, fixtures))));

const bytes = new Uint8Array(readFileSync(file));
const statusKiB = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'))?.[1]);
(globalThis as { gc?: () => void }).gc?.();
writeFileSync('/proc/self/clear_refs', '5');
const baseline = statusKiB('VmRSS');
const cpu0 = process.cpuUsage();
const result = await decodeImage(bytes, { maxSide: Number(maxSideArg), limits: { maxBodyBytes: Number.MAX_SAFE_INTEGER, maxPixels: Number.MAX_SAFE_INTEGER } });
const cpu = process.cpuUsage(cpu0);
const peakDeltaMiB = (statusKiB('VmHWM') - baseline) / 1024;
const pixels = result.sourceWidth * result.sourceHeight;
console.log(JSON.stringify({
  file,
  source: `${result.sourceWidth}x${result.sourceHeight}`,
  output: `${result.image.width}x${result.image.height}`,
  cpuMs: Math.round((cpu.user + cpu.system) / 1000),
  peakDeltaMiB: Math.round(peakDeltaMiB),
  bytesPerSourcePixel: +((peakDeltaMiB * 1024 * 1024) / pixels).toFixed(1),
}));
