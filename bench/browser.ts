// On-device verify in headless Chromium (the site's /verify, "On this device": the Worker's own
// verifyFaces over onnxruntime-web in the page) next to the Worker's (the same page, "On our
// server": POST /v1/verify to workerd under `wrangler dev` on this machine), measured side by side
// in one run, from the click on Verify to the answer shown. For each engine: the first use in a
// fresh browser profile (downloads of the runtime and models from the local server, sha256 checks,
// session creation), a later visit (files from Cache Storage, checked again) and warm runs.
// WebGPU: Chromium here has no GPU; with --enable-unsafe-webgpu --use-webgpu-adapter=swiftshader
// it offers SwiftShader's CPU implementation of WebGPU, which runs the WebGPU code path (the jspi
// build of onnxruntime-web) but says nothing about GPU speed: the row is labelled so.
import { execSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { initNodeImageCodecs } from '../functions/src/image/node-codecs';
import { launchBrowser } from '../test/browser/harness';
import { choosePhotos, onServerOption, openVerify, resultAfter, verifyButton, type ShownAnswer } from '../test/browser/verify-page';
import { startWorker } from '../test/support/worker-process';
import { as640x480Jpeg, verifyPhotos } from './lib/photos';
import { ms, printTable, summarize } from './lib/stats';

const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const WEBGPU_FLAGS = ['--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader', '--enable-unsafe-swiftshader'];

interface Mode {
  label: string;
  query: string;
  webgpu?: boolean;
}

interface Timing {
  first: number;
  later: number;
  warm: ReturnType<typeof summarize>;
  engine: string;
  answer: ShownAnswer;
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await work();
  return [value, performance.now() - start];
}

/** One mode in a fresh profile: the first verify, a later visit's first verify, then warm runs. */
async function measure(browser: Browser, baseUrl: string, mode: Mode, photos: [string, string]): Promise<Timing> {
  // Reduced motion: no smooth scrolling to the Verify button inside the timed span.
  const context = await browser.newContext({ reducedMotion: 'reduce' });
  try {
    const page = await context.newPage();
    await openVerify(page, baseUrl, mode.query);
    if (mode.query === '') await onServerOption(page).check();
    await choosePhotos(page, ...photos);
    const phase = <T>(name: string, work: Promise<T>) =>
      work.catch((e: Error) => {
        throw new Error(`${name}: ${e.message.split('\n')[0]}`);
      });
    const [answer, first] = await phase(
      'first use',
      timed(() => resultAfter(page, verifyButton(page), 300_000)),
    );

    const later = await context.newPage();
    await page.close();
    await openVerify(later, baseUrl, mode.query);
    if (mode.query === '') await onServerOption(later).check();
    await choosePhotos(later, ...photos);
    const [, again] = await phase(
      'later visit',
      timed(() => resultAfter(later, verifyButton(later), 300_000)),
    );

    const samples: number[] = [];
    for (let i = 0; i < RUNS; i++)
      samples.push(
        (
          await phase(
            `warm run ${i + 1}`,
            timed(() => resultAfter(later, verifyButton(later))),
          )
        )[1],
      );
    return { first, later: again, warm: summarize(samples), engine: answer.engine ?? answer.ran, answer };
  } finally {
    await context.close();
  }
}

export async function benchBrowser(): Promise<void> {
  execSync('npm run --silent site:build', { stdio: ['ignore', 'ignore', 'inherit'] }); // the page and models under test
  initNodeImageCodecs();
  const source = verifyPhotos();
  const dir = mkdtempSync(join(tmpdir(), 'likeness-bench-'));
  const photos = (await Promise.all(source.paths.map(as640x480Jpeg))).map((bytes, i) => {
    const path = join(dir, `${'ab'[i]}.jpg`);
    writeFileSync(path, bytes);
    return path;
  }) as [string, string];

  const worker = await startWorker();
  const browser = await launchBrowser();
  const gpuBrowser = await launchBrowser({ args: WEBGPU_FLAGS });
  try {
    const cores = await (async () => {
      const page = await browser.newPage();
      await page.goto(`${worker.url}/verify`);
      const n = await page.evaluate(() => navigator.hardwareConcurrency);
      await page.close();
      return n;
    })();
    const threads = Math.max(1, Math.min(4, cores));
    const modes: Mode[] = [
      { label: 'server (page -> POST /v1/verify -> workerd)', query: '' },
      { label: 'device, WASM SIMD, 1 thread', query: '?where=device&engine=wasm&threads=1' },
      { label: `device, WASM SIMD, ${threads} threads`, query: `?where=device&engine=wasm&threads=${threads}` },
      { label: 'device, WebGPU on SwiftShader (CPU; not a GPU figure)', query: '?where=device&engine=webgpu', webgpu: true },
    ];
    const rows: [string, string][] = [];
    let server: Timing | undefined;
    for (const mode of modes) {
      try {
        const t = await measure(mode.webgpu ? gpuBrowser : browser, worker.url, mode, photos);
        server ??= t;
        const ratio = t === server ? '' : `, ${(t.warm.p50 / server.warm.p50).toFixed(2)}x server`;
        const agrees = t === server ? '' : `; distance ${t.answer.distance} vs ${server.answer.distance}`;
        rows.push([
          `${mode.label} [${t.engine}]`,
          `first ${ms(t.first)}, later visit ${ms(t.later)}, warm p50 / p90 ${ms(t.warm.p50)} / ${ms(t.warm.p90)}${ratio}${agrees}`,
        ]);
      } catch (e) {
        rows.push([mode.label, `not measured: ${(e as Error).message.split('\n')[0]}`]);
      }
    }
    printTable(`On-device verify in headless Chromium (${cores} cores): two 640x480 JPEGs (${source.label}), ${RUNS} warm runs`, rows);
  } finally {
    await gpuBrowser.close();
    await browser.close();
    await worker.stop();
  }
}
