// @vitest-environment node
// On-device verify (issue 18) in real headless Chromium against the real Worker (wrangler dev): the
// verify page's "On this device" runs the Worker's own verifyFaces/detectFaces in the page over
// onnxruntime-web, on the model files GET /v1/models lists.
//  - no photo leaves the page: every request the page (and its workers) makes is recorded; none is
//    to /v1/verify or /v1/faces/*, none has a body, none carries an image. The answer says where it
//    ran and on which engine (WASM SIMD, threads when cross-origin isolated, ORT's thread workers
//    started). Screenshot: test-results/verify-on-device.png.
//  - the same answers: real photo pairs (same person, different people, a group photo and a face
//    chosen in it) checked on the device and on the server from the same page agree: same decision,
//    distance and probability within 1e-3; and the whole JSON of POST /v1/verify matches the
//    on-device answer for the same bytes.
//  - a tampered model (a /models/ answer altered in flight) is refused before anything runs, with a
//    clear message, and is not cached; the next try downloads the real file and works.
//    Screenshot: test-results/verify-on-device-tampered.png.
//  - the second visit downloads nothing: models and wasm come from Cache Storage (checked again).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, onTestFailed, test } from 'vitest';
import { REPO_ROOT, launchBrowser, newPage, screenshot as fullPageShot, startSite, type LoggedPage, type Site } from './harness';
import {
  choosePhotos,
  onDeviceOption,
  onServerOption,
  openVerify as openVerifyAt,
  resultAfter,
  verifyButton,
  type ShownAnswer,
} from './verify-page';

let site: Site;
let browser: Browser;

const FACES = join(REPO_ROOT, 'test/fixtures/faces');
const FIXTURES = {
  sameA: join(FACES, 'same-person-1.jpg'),
  sameB: join(FACES, 'same-person-2.jpg'),
  different: join(FACES, 'different-person.jpg'),
  group: join(FACES, 'group.jpg'),
};

beforeAll(async () => {
  site = await startSite(inject('baseUrl'));
  browser = await launchBrowser();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

/* ------------------------------------------------------------------ recording what leaves the page */

interface Sent {
  method: string;
  url: string;
  body: Buffer | null;
}

/** Records every request of the context: its pages, and the workers they start (ORT's threads). */
function recordRequests(context: BrowserContext): Sent[] {
  const sent: Sent[] = [];
  context.on('request', (r: Request) => {
    if (/^https?:/.test(r.url())) sent.push({ method: r.method(), url: r.url(), body: r.postDataBuffer() });
  });
  return sent;
}

const SIGNATURES = [
  { name: 'JPEG', bytes: Buffer.from([0xff, 0xd8, 0xff]) },
  { name: 'PNG', bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47]) },
  { name: 'WebP', bytes: Buffer.from('WEBP') },
];

/** Nothing the page sent carries a photo: no upload endpoint, no body at all, no image signature anywhere. */
function expectNoImageSent(sent: Sent[], photos: Buffer[]) {
  const paths = sent.map((s) => `${s.method} ${new URL(s.url).pathname}`);
  expect(
    paths.filter((p) => /\/v1\/(verify|faces\/)/.test(p)),
    'requests to the upload endpoints',
  ).toEqual([]);
  expect(
    sent.filter((s) => s.method !== 'GET').map((s) => `${s.method} ${s.url}`),
    'requests other than GET',
  ).toEqual([]);
  for (const s of sent) {
    const body = s.body ?? Buffer.alloc(0);
    expect(body.length, `body of ${s.method} ${s.url}`).toBe(0);
    const carriers = [body, Buffer.from(decodeURIComponent(s.url))];
    for (const carrier of carriers) {
      for (const sig of SIGNATURES) expect(carrier.includes(sig.bytes), `${sig.name} data in ${s.url}`).toBe(false);
      for (const photo of photos) expect(carrier.includes(photo.subarray(64, 128)), `photo bytes in ${s.url}`).toBe(false);
    }
  }
}

/**
 * On a failure, prints what the page was still waiting for (requests without an answer, with when
 * they started), its console and the form's state: a stuck download or runtime then names itself.
 */
function diagnose(page: LoggedPage): void {
  const started = Date.now();
  const pending = new Map<string, number>();
  const events: string[] = [];
  const context = page.context();
  context.on('request', (r) => pending.set(r.url(), Date.now() - started));
  context.on('requestfinished', (r) => pending.delete(r.url()));
  context.on('requestfailed', (r) => {
    pending.delete(r.url());
    events.push(`failed ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on('console', (m) => events.push(`${m.type()}: ${m.text().slice(0, 300)}`));
  page.on('worker', (w) => events.push(`worker ${w.url()} at ${Date.now() - started} ms`));
  onTestFailed(async () => {
    const form = await page
      .evaluate(() => document.querySelector('[data-verify-form]')?.textContent?.replace(/\s+/g, ' ').slice(-400))
      .catch((e: Error) => `(page did not answer: ${e.message.split('\n')[0]})`);
    console.error(
      [
        `on-device diagnosis after ${Date.now() - started} ms`,
        `pending: ${[...pending].map(([url, at]) => `${new URL(url).pathname} (since ${at} ms)`).join(', ') || 'none'}`,
        ...events.slice(-30),
        `form: ${form}`,
      ].join('\n  '),
    );
  });
}

/* ------------------------------------------------------------------ page helpers */

const openVerify = (page: Page, query = '') => openVerifyAt(page, site.baseUrl, query);
const onDevice = onDeviceOption;
const onServer = onServerOption;

function expectSameAnswer(device: ShownAnswer, server: ShownAnswer, what: string) {
  expect(device.ran, what).toBe('device');
  expect(server.ran, what).toBe('server');
  expect(device.match, `${what}: decision`).toBe(server.match);
  expect(Math.abs(device.distance - server.distance), `${what}: distance ${device.distance} vs ${server.distance}`).toBeLessThanOrEqual(
    1e-3,
  );
  expect(
    Math.abs(device.probability - server.probability),
    `${what}: probability ${device.probability} vs ${server.probability}`,
  ).toBeLessThanOrEqual(1e-3);
}

async function screenshot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  return fullPageShot(page, name);
}

/** The threads on-device mode runs with here: min(4, cores), as the page is cross-origin isolated. */
async function expectedThreads(page: Page): Promise<number> {
  const { isolated, cores } = await page.evaluate(() => ({ isolated: crossOriginIsolated, cores: navigator.hardwareConcurrency }));
  expect(isolated, 'the verify page is cross-origin isolated').toBe(true);
  return Math.max(1, Math.min(4, cores));
}

/* ------------------------------------------------------------------ tests */

describe('the model files', () => {
  test('the site serves every listed model and the head with the sha256 of models/manifest.json, cached as immutable', async () => {
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'models/manifest.json'), 'utf8')) as {
      models: { id: string; version: string; sha256: string; bytes: number }[];
    };
    const listing = (await (await fetch(`${site.baseUrl}/v1/models`)).json()) as {
      models: {
        id: string;
        version: string;
        url: string;
        sha256: string;
        bytes: number;
        head?: { url: string; sha256: string; bytes: number };
      }[];
    };
    expect(listing.models.length, 'the detector, the quality model and the encoder at least').toBeGreaterThanOrEqual(3);
    const files = listing.models.flatMap((m) => [m, ...(m.head ? [m.head] : [])]);
    expect(
      files.some((f) => f.url.endsWith('.json')),
      'the verification head is listed',
    ).toBe(true);
    for (const m of listing.models) {
      const entry = manifest.models.find((e) => e.id === m.id);
      expect(entry, m.id).toBeDefined();
      expect([m.version, m.sha256, m.bytes], m.id).toEqual([entry?.version, entry?.sha256, entry?.bytes]);
    }
    for (const f of files) {
      const response = await fetch(new URL(f.url, site.baseUrl));
      expect(response.status, f.url).toBe(200);
      expect(response.headers.get('cache-control'), f.url).toMatch(/immutable/);
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(bytes.length, f.url).toBe(f.bytes);
      expect(createHash('sha256').update(bytes).digest('hex'), f.url).toBe(f.sha256);
      expect(f.url, 'the name is the content hash').toContain(f.sha256);
    }
  });
});

describe('on-device verify', () => {
  test('no photo leaves the page; the answer says where and on which engine; a second visit downloads nothing', {
    timeout: 180_000,
  }, async () => {
    const page = await newPage(browser, { origin: site.baseUrl });
    diagnose(page);
    const context = page.context();
    const sent = recordRequests(context);
    const workers: string[] = [];
    page.on('worker', (w) => workers.push(w.url()));
    await page.addInitScript(() => {
      (window as unknown as { __csp: string[] }).__csp = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        (window as unknown as { __csp: string[] }).__csp.push(`${e.effectiveDirective} ${e.blockedURI}`),
      );
    });
    await openVerify(page);

    // The choice, with what the first use downloads.
    await expect(onServer(page).isChecked()).resolves.toBe(true);
    const note = page.locator('[data-device-size]');
    await expect(note.textContent()).resolves.toMatch(/^One-time download of \d+(\.\d)? MB, then cached on this device\.$/);
    await onDevice(page).check();
    await choosePhotos(page, FIXTURES.sameA, FIXTURES.sameB);

    const shown = await resultAfter(page, verifyButton(page));
    const threads = await expectedThreads(page);
    expect(shown.ran).toBe('device');
    expect(shown.engine).toBe(`wasm:${threads}`);
    expect(shown.text).toBe(`Checked on this device · WASM SIMD, ${threads} thread${threads === 1 ? '' : 's'}`);
    await expect(page.locator('#verdict-title').textContent()).resolves.toMatch(/^Same person — (>99|\d{1,2})% probability$/);
    if (threads > 1)
      expect(
        workers.some((w) => /\/_astro\/ort-wasm-simd-threaded\.[\w-]+\.mjs$/.test(w)),
        'ORT thread workers',
      ).toBe(true);
    await page.getByText('Details for experts').click();
    await expect(page.locator('details.expert').textContent()).resolves.toContain('no photo was uploaded');
    await expect(note.textContent()).resolves.toBe('Downloaded, cached on this device.');
    await screenshot(page, 'verify-on-device');

    // What the page fetched: the listing, the runtime, the decoders and the models; nothing it sent.
    const paths = sent.map((s) => new URL(s.url).pathname);
    expect(paths).toContain('/v1/models');
    expect(paths.filter((p) => p.startsWith('/models/')).length).toBe(3);
    expectNoImageSent(sent, [readFileSync(FIXTURES.sameA), readFileSync(FIXTURES.sameB)]);
    expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp), 'CSP violations').toEqual([]);
    expect(page.log.errors, 'console errors').toEqual([]);
    expect(page.log.failed).toEqual([]);

    // A second visit (same browser profile): everything comes from Cache Storage, checked again.
    const again = await context.newPage();
    const before = sent.length;
    await openVerify(again, '?where=device');
    await expect(onDevice(again).isChecked()).resolves.toBe(true);
    await expect(again.locator('[data-device-size]').textContent()).resolves.toBe('Downloaded, cached on this device.');
    await choosePhotos(again, FIXTURES.sameA, FIXTURES.sameB);
    const second = await resultAfter(again, verifyButton(again));
    expect(second.ran).toBe('device');
    expect(second.distance).toBe(shown.distance);
    const fetched = sent.slice(before).map((s) => new URL(s.url).pathname);
    expect(
      fetched.filter((p) => p.startsWith('/models/') || p.endsWith('.wasm')),
      'downloads on the second visit',
    ).toEqual([]);
    expectNoImageSent(sent, [readFileSync(FIXTURES.sameA), readFileSync(FIXTURES.sameB)]);
    await context.close();
  });

  test('the same answers as the server: real pairs checked both ways from one page, and a chosen face', {
    timeout: 240_000,
  }, async () => {
    const page = await newPage(browser, { origin: site.baseUrl });
    diagnose(page);
    await openVerify(page);
    const pairs = [
      { what: 'same person', a: FIXTURES.sameA, b: FIXTURES.sameB, match: true },
      { what: 'different people', a: FIXTURES.sameA, b: FIXTURES.different, match: false },
      { what: 'a group photo', a: FIXTURES.sameA, b: FIXTURES.group, match: false },
    ];
    for (const pair of pairs) {
      await choosePhotos(page, pair.a, pair.b);
      await onDevice(page).check();
      const device = await resultAfter(page, verifyButton(page));
      await onServer(page).check();
      const server = await resultAfter(page, verifyButton(page));
      expectSameAnswer(device, server, pair.what);
      expect(device.match, `${pair.what}: decision`).toBe(pair.match);
    }

    // The group photo's other faces are outlined on either side; choosing face 2 agrees too.
    const chooseFace2 = async () => {
      const face = page.locator('.result-frame[data-photo="b"] .face-choice[data-face-index="1"]');
      await face.waitFor({ timeout: 60_000 });
      await face.click();
    };
    const caption = page.locator('.result-frame[data-photo="b"] + figcaption [data-face-caption]');
    const server = await resultAfter(page, chooseFace2);
    await expect(caption.textContent()).resolves.toMatch(/face 2 \(your choice, outlined\) was compared$/);
    await onDevice(page).check();
    // The outlines of the shown (server) result were found on the server; now the device finds them.
    await resultAfter(page, verifyButton(page));
    const sentBefore = recordRequests(page.context());
    const device = await resultAfter(page, chooseFace2);
    await expect(caption.textContent()).resolves.toMatch(/face 2 \(your choice, outlined\) was compared$/);
    expectSameAnswer(device, server, 'face 2 of the group photo');
    expectNoImageSent(sentBefore, [readFileSync(FIXTURES.group)]);
    await screenshot(page, 'verify-on-device-face-choice');
    expect(page.log.errors, 'console errors').toEqual([]);
    await page.context().close();
  });

  test('the whole answer equals POST /v1/verify for the same bytes', { timeout: 180_000 }, async () => {
    const page = await newPage(browser, { origin: site.baseUrl });
    diagnose(page);
    await openVerify(page);
    // The on-device module as the page loads it (its chunk, named in the page's script).
    const script = await page.locator('script[type="module"][src*="/_astro/verify"]').getAttribute('src');
    const code = await (await fetch(`${site.baseUrl}${script}`)).text();
    const chunk = /import\("\.\/(device\.[\w-]+\.js)"\)/.exec(code)?.[1];
    expect(chunk, 'the device chunk').toBeTruthy();
    const plan = JSON.parse((await page.locator('[data-device]').getAttribute('data-device')) ?? '{}') as { sizes: unknown };

    for (const [a, b] of [
      [FIXTURES.sameA, FIXTURES.sameB],
      [FIXTURES.sameA, FIXTURES.different],
      [FIXTURES.group, FIXTURES.sameB],
    ]) {
      const bytes = { a: readFileSync(a), b: readFileSync(b) };
      const form = new FormData();
      form.append('a', new Blob([bytes.a], { type: 'image/jpeg' }), 'a.jpg');
      form.append('b', new Blob([bytes.b], { type: 'image/jpeg' }), 'b.jpg');
      const res = await fetch(`${site.baseUrl}/v1/verify`, { method: 'POST', body: form, headers: { 'cf-connecting-ip': '100.64.200.1' } });
      expect(res.status).toBe(200);
      const server = (await res.json()) as Record<string, unknown>;
      await page.evaluate(
        ({ a, b }) => {
          (window as unknown as { __pair: unknown }).__pair = { a: new Uint8Array(a), b: new Uint8Array(b) };
        },
        { a: [...bytes.a], b: [...bytes.b] },
      );
      // A string, so that vitest leaves this import() alone (it rewrites the ones in its test files).
      const { ran, ...device } = (await page.evaluate(
        `import(${JSON.stringify(`/_astro/${chunk}`)}).then(async (m) => (await m.startDevice({ sizes: ${JSON.stringify(plan.sizes)} })).verify(window.__pair))`,
      )) as Record<string, unknown> & { ran: { where: string } };
      expect(ran.where).toBe('device');
      const d = device as { distance: number; probability: number };
      const s = server as { distance: number; probability: number };
      expect(Math.abs(d.distance - s.distance)).toBeLessThanOrEqual(1e-3);
      expect(Math.abs(d.probability - s.probability)).toBeLessThanOrEqual(1e-3);
      // Boxes, landmarks, quality, warnings, model: the same numbers (the same code on the same bytes).
      expect({ ...device, distance: 0, probability: 0 }).toEqual({ ...server, distance: 0, probability: 0 });
    }
    expect(page.log.errors, 'console errors').toEqual([]);
    await page.context().close();
  });

  test('a tampered model is refused before anything runs, and is not kept', { timeout: 180_000 }, async () => {
    const page = await newPage(browser, { origin: site.baseUrl });
    diagnose(page);
    const sent = recordRequests(page.context());
    let tampered = 0;
    await page.route('**/models/dlib-face-encoder.*.onnx', async (route) => {
      // wrangler dev now and then freezes a large response under load: the page then tries again.
      const response = await route.fetch({ timeout: 20_000 }).catch(() => undefined);
      if (!response) return route.abort();
      const body = Buffer.from(await response.body());
      body[body.length >> 1] ^= 0xff; // one byte in the middle of the weights
      tampered++;
      await route.fulfill({ response, body });
    });
    await openVerify(page, '?where=device');
    await choosePhotos(page, FIXTURES.sameA, FIXTURES.sameB);
    await page.getByRole('button', { name: 'Verify' }).click();

    const summary = page.locator('[data-error-summary]:not([hidden])');
    await summary.waitFor({ timeout: 120_000 });
    expect(tampered).toBeGreaterThanOrEqual(1);
    await expect(page.locator('[data-error-title]').textContent()).resolves.toBe('A downloaded model failed its integrity check');
    const advice = (await page.locator('[data-error-advice]').textContent()) ?? '';
    expect(advice).toMatch(
      /The model dlib-face-encoder \S+ failed its integrity check: its SHA-256 is [0-9a-f]{64}, but [0-9a-f]{64} was published/,
    );
    expect(advice).toContain('nothing was run with it');
    await expect(page.locator('[data-result]').isHidden()).resolves.toBe(true);
    // Nothing ran: onnxruntime-web was never loaded, and no photo was sent.
    const paths = sent.map((s) => new URL(s.url).pathname);
    expect(
      paths.filter((p) => /\/_astro\/ort[.-]/.test(p) && !p.endsWith('.wasm')),
      'ORT scripts loaded',
    ).toEqual([]);
    expectNoImageSent(sent, [readFileSync(FIXTURES.sameA), readFileSync(FIXTURES.sameB)]);
    // The altered file was not kept on the device.
    const kept = await page.evaluate(async () => (await (await caches.open('likeness-on-device-v1')).keys()).map((r) => r.url));
    expect(kept.filter((u) => u.includes('dlib-face-encoder'))).toEqual([]);
    await screenshot(page, 'verify-on-device-tampered');

    // The real file next time: it downloads again, passes and runs.
    await page.unroute('**/models/dlib-face-encoder.*.onnx');
    const shown = await resultAfter(page, verifyButton(page));
    expect(shown.ran).toBe('device');
    expect(shown.match).toBe(true);
    await page.context().close();
  });

  test('a runtime whose thread worker cannot load: the page says so after a minute instead of staying busy', {
    timeout: 180_000,
  }, async () => {
    const page = await newPage(browser, { origin: site.baseUrl });
    diagnose(page);
    // onnxruntime imports its glue once in the page, then each thread worker loads it again: let the
    // first through and drop the others, as a lost request or a content blocker would.
    let glue = 0;
    await page
      .context()
      .route(/\/_astro\/ort-wasm-simd-threaded\.[^/]*\.mjs$/, (route) => (++glue === 1 ? route.continue() : route.abort()));
    // The page's own clock, moved on below instead of waiting the minute (STALL_MS in device.ts).
    await page.clock.install();
    await openVerify(page, '?where=device&engine=wasm&threads=2');
    await choosePhotos(page, FIXTURES.sameA, FIXTURES.sameB);
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect.poll(() => glue, { timeout: 60_000 }).toBeGreaterThan(1);
    await page.waitForTimeout(3000); // a stuck runtime: nothing more happens
    await expect(page.locator('[data-verify-form]').getAttribute('aria-busy')).resolves.toBe('true');
    await page.clock.fastForward('01:05');

    const summary = page.locator('[data-error-summary]:not([hidden])');
    await summary.waitFor({ timeout: 10_000 });
    await expect(page.locator('[data-error-title]').textContent()).resolves.toBe('The check on this device did not finish');
    expect(await page.locator('[data-error-advice]').textContent()).toMatch(
      /Reload the page to try again\. Or check on our server instead\./,
    );
    await expect(page.locator('[data-verify-form]').getAttribute('aria-busy')).resolves.not.toBe('true');
    // The server still answers from the same page.
    await onServer(page).check();
    const shown = await resultAfter(page, verifyButton(page));
    expect(shown.ran).toBe('server');
    await page.context().close();
  });
});
