// Decompression bombs must not cost memory: each hostile upload that would inflate to hundreds of
// MB (BOMB_BYTES) is decoded or refused while the process's resident memory (its high-water mark,
// which catches a peak between two samples) and its ArrayBuffer memory grow by at most BOUND, and
// within TIME_LIMIT; so are the uploads marked `slow` (cheap to send, once expensive to decode).
// Its own test file, so its process's high-water mark is not some other test's.
import { beforeAll, describe, expect, it } from 'vitest';
import { asProblem } from '../../../functions/src/http/problem';
import { decodeImage } from '../../../functions/src/image/decode';
import { initNodeImageCodecs } from '../../../functions/src/image/node-codecs';
import { HOSTILE_UPLOADS } from '../../support/bad-images';
import { fixture } from './helpers';

const MiB = 1024 * 1024;
const BOUND = 32 * MiB;
const TIME_LIMIT_MS = 2000;

beforeAll(async () => {
  initNodeImageCodecs();
  // Warm up (module code, codec instances, the first DecompressionStream) outside the measurement.
  for (const name of ['rgb.png', 'baseline-420.jpg']) await decodeImage(fixture(name));
});

const BOMBS = HOSTILE_UPLOADS.filter((h) => h.bomb || h.slow);

describe('bombs are decoded or refused in bounded memory and time', () => {
  it('the catalogue has bombs in IDAT (plain, split, interlaced), iCCP, zTXt, iTXt and fdAT', () => {
    expect(BOMBS.length).toBeGreaterThanOrEqual(7);
    for (const bomb of BOMBS.filter((b) => b.bomb)) expect(bomb.bomb).toBeGreaterThanOrEqual(300 * MiB);
  });

  it.each(BOMBS.map((h) => [h.name, h] as const))('%s', async (_, hostile) => {
    const bytes = hostile.make(fixture);
    expect(bytes.length).toBeLessThan(4 * MiB); // bombs: a few hundred KB that would inflate to 300 MB

    const before = process.memoryUsage();
    const highWaterBefore = process.resourceUsage().maxRSS * 1024;
    let peakRss = before.rss;
    let peakArrayBuffers = before.arrayBuffers;
    const sample = () => {
      const now = process.memoryUsage();
      peakRss = Math.max(peakRss, now.rss);
      peakArrayBuffers = Math.max(peakArrayBuffers, now.arrayBuffers);
    };
    const sampler = setInterval(sample, 1);
    const started = performance.now();
    let status = 200;
    try {
      await decodeImage(bytes, { field: 'image', maxSide: 256 });
    } catch (thrown) {
      const error = asProblem(thrown);
      if (!error) throw thrown;
      status = error.status;
    } finally {
      clearInterval(sampler);
    }
    const elapsed = performance.now() - started;
    sample();
    const highWaterGrowth = process.resourceUsage().maxRSS * 1024 - highWaterBefore;

    const grew = { rss: peakRss - before.rss, highWater: highWaterGrowth, arrayBuffers: peakArrayBuffers - before.arrayBuffers };
    const message = `${hostile.name}: grew rss ${(grew.rss / MiB).toFixed(1)} MiB, high-water ${(grew.highWater / MiB).toFixed(1)} MiB, array buffers ${(grew.arrayBuffers / MiB).toFixed(1)} MiB in ${elapsed.toFixed(0)} ms`;
    expect(grew.rss, message).toBeLessThan(BOUND);
    expect(grew.highWater, message).toBeLessThan(BOUND);
    expect(grew.arrayBuffers, message).toBeLessThan(BOUND);
    expect(elapsed, message).toBeLessThan(TIME_LIMIT_MS);
    expect(status).toBe(hostile.status);
  });
});
