// @vitest-environment node
// The recognize page in real headless Chromium against the real Worker (wrangler dev), with real
// photos (test/fixtures/faces, see SOURCES.md there):
//  - two people enrolled from one photo each (POST /v1/faces/embed; the most prominent face), then
//    another photo of one of them is named and a stranger is "unknown", with the reason in words;
//  - the embeddings leave the page only in POST /v1/faces/identify; no collection or gallery call,
//    nothing in cookies or browser storage;
//  - a group photo on a 390 px phone: every face outlined and listed, one named, the others unknown;
//  - the messages: no name, no face in the enrolment photo, identifying before two people.
// Screenshots: test-results/recognize-desktop.png, recognize-unknown.png, recognize-mobile.png.
import { join } from 'node:path';
import type { Browser, Request, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { REPO_ROOT, launchBrowser, newPage, screenshot as fullPageShot, startSite, type LoggedPage, type Site } from './harness';

let site: Site;
let browser: Browser;

const FACES = join(REPO_ROOT, 'test/fixtures/faces');
const FIXTURES = {
  /** Eileen Collins; same-person-2 is the same portrait changed (mirrored, tilted, darker). */
  eileen: join(FACES, 'same-person-1.jpg'),
  eileenAgain: join(FACES, 'same-person-2.jpg'),
  /** A woman who is neither of the people enrolled below. */
  stranger: join(FACES, 'different-person.jpg'),
  /** Three women; the most prominent (left) one is enrolled from it. */
  group: join(FACES, 'group.jpg'),
  noFace: join(FACES, 'no-face.jpg'),
};

beforeAll(async () => {
  site = await startSite(inject('baseUrl'));
  browser = await launchBrowser();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

/** Whether the Worker serves POST /v1/faces/identify (the static fallback server has no API). */
async function apiHasIdentify(): Promise<boolean> {
  try {
    const res = await fetch(`${site.baseUrl}/v1/openapi.json`);
    if (!res.ok) return false;
    const doc = (await res.json()) as { paths?: Record<string, Record<string, unknown>> };
    return !!doc.paths?.['/v1/faces/identify']?.post;
  } catch {
    return false;
  }
}

function expectNoErrors(page: LoggedPage) {
  expect(page.log.errors, 'console errors').toEqual([]);
  expect(page.log.failed, 'failed requests').toEqual([]);
  expect(page.log.external, 'requests to other origins').toEqual([]);
}

async function openRecognize(opts: Parameters<typeof newPage>[1] = {}): Promise<LoggedPage> {
  const page = await newPage(browser, { origin: site.baseUrl, ...opts });
  const res = await page.goto(`${site.baseUrl}/recognize`, { waitUntil: 'load' });
  expect(res?.status()).toBe(200);
  // The script marks the page once it is wired up.
  await page.locator('[data-recognize].js').waitFor();
  return page;
}

/** Full-page screenshot from the top, so the header is drawn where it belongs. */
async function screenshot(page: LoggedPage, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  return fullPageShot(page, name);
}

/** Enrols a person as a visitor does: name, photo, "Add person"; waits until they are listed. */
async function enrol(page: LoggedPage, name: string, photo: string) {
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Photo of this person', { exact: true }).setInputFiles(photo);
  await page.locator('[data-slot="enrol"] img[data-preview]:not([hidden])').waitFor({ timeout: 20_000 });
  await page.getByRole('button', { name: 'Add person', exact: true }).click();
  await page.locator(`li[data-person="${name}"]`).waitFor({ timeout: 60_000 });
}

/** Chooses the photo to identify, presses Identify, and returns the result's headline. */
async function identify(page: LoggedPage, photo: string): Promise<string> {
  const result = page.locator('[data-result]');
  await page.getByLabel('Photo to identify', { exact: true }).setInputFiles(photo);
  await page.locator('[data-slot="identify"] img[data-preview]:not([hidden])').waitFor({ timeout: 20_000 });
  await page.getByRole('button', { name: 'Identify', exact: true }).click();
  await result.locator('[data-result-title]').waitFor({ timeout: 60_000 });
  return (await result.locator('[data-result-title]').textContent())?.trim() ?? '';
}

/** The face results as text: "Face 1 (left): Ana — …". */
const faceResults = (page: LoggedPage) => page.locator('[data-result] [data-face-result]').allTextContents();

describe('recognize page (real photos, real API)', () => {
  test('names an enrolled person, calls a stranger unknown, and keeps the embeddings in the page', { timeout: 240_000 }, async (ctx) => {
    if (!(await apiHasIdentify())) return ctx.skip();
    const page = await openRecognize();
    // Every API request, with its body as sent (read by the interceptor, which sees the uploaded bytes).
    const sent: { method: string; path: string; body: string }[] = [];
    await page.route('**/v1/**', async (route: Route, request: Request) => {
      sent.push({
        method: request.method(),
        path: new URL(request.url()).pathname,
        body: request.postDataBuffer()?.toString('latin1') ?? '',
      });
      await route.continue();
    });

    await enrol(page, 'Eileen', FIXTURES.eileen);
    await expect(page.locator('li[data-person="Eileen"]').textContent()).resolves.toContain('The only face in the photo was used.');
    await enrol(page, 'Ana', FIXTURES.group);
    const ana = page.locator('li[data-person="Ana"]');
    await expect(ana.textContent()).resolves.toContain('The photo shows 3 faces; the most prominent one');
    // The face used is shown, cropped, with its box.
    await expect(ana.getByRole('img', { name: 'The face used for Ana' }).isVisible()).resolves.toBe(true);
    await expect(page.locator('[data-people-count]').textContent()).resolves.toBe('2 of 5');

    // Another photo of Eileen: named, with the reason against the bar for 2 people.
    expect(await identify(page, FIXTURES.eileenAgain)).toBe('Found 1 face: Eileen');
    const [known] = await faceResults(page);
    expect(known).toMatch(/^The face: Eileen — Distance 0\.\d+ to Eileen, under the bar of 0\.59 \(\S+ probability/);
    await expect(page.locator('[data-result] .face-known').count()).resolves.toBe(1);
    const why = (await page.locator('[data-result] .why').textContent()) ?? '';
    expect(why).toContain('only if its distance to them is 0.59 or less');
    expect(why).toMatch(/With 2 people enrolled, a stranger is wrongly given one of the names about 1 time in \d+ at this bar/);
    expect(why).toContain('at most 1 time in 20');
    await expect(page.locator('[data-result-title]').evaluate((e) => e === document.activeElement)).resolves.toBe(true);
    await screenshot(page, 'recognize-desktop');

    // A stranger: unknown, and why.
    expect(await identify(page, FIXTURES.stranger)).toBe('Found 1 face: unknown');
    const [unknown] = await faceResults(page);
    expect(unknown).toMatch(/^The face: unknown — The closest of your people is (Eileen|Ana), at distance 0\.\d+: over the bar of 0\.59/);
    await expect(page.locator('[data-result] .face-unknown').count()).resolves.toBe(1);
    await screenshot(page, 'recognize-unknown');

    // What left the page: the photos to /v1/faces/embed (no embeddings), the photo with the people
    // (names and embeddings) to /v1/faces/identify only; nothing to collections or the gallery.
    expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /v1/faces/embed',
      'POST /v1/faces/embed',
      'POST /v1/faces/identify',
      'POST /v1/faces/identify',
    ]);
    for (const r of sent) {
      expect(r.body.length, `${r.path}: body seen`).toBeGreaterThan(1000);
      expect(r.body.includes('"embedding"'), `${r.path} carries embeddings`).toBe(r.path === '/v1/faces/identify');
    }
    expect(sent[3].body).toContain('"name":"Eileen"');
    expect(sent[3].body).toContain('"name":"Ana"');
    // Nothing kept in the browser either: no cookies, no storage, no databases, no caches.
    const stored = await page.evaluate(async () => ({
      cookies: document.cookie,
      local: localStorage.length,
      session: sessionStorage.length,
      databases: (await indexedDB.databases()).length,
      caches: (await caches.keys()).length,
    }));
    expect(stored).toEqual({ cookies: '', local: 0, session: 0, databases: 0, caches: 0 });
    expect((await page.context().cookies()).length).toBe(0);

    expectNoErrors(page);
    await page.context().close();
  });

  test('a group photo on a 390 px phone: every face outlined and listed, one named', { timeout: 240_000 }, async (ctx) => {
    if (!(await apiHasIdentify())) return ctx.skip();
    const page = await openRecognize({ viewport: { width: 390, height: 844 } });
    await enrol(page, 'Eileen', FIXTURES.eileen);
    await enrol(page, 'Ana', FIXTURES.group);

    expect(await identify(page, FIXTURES.group)).toBe('Found 3 faces: Ana and 2 unknown');
    const results = await faceResults(page);
    expect(results).toHaveLength(3);
    expect(results[0]).toMatch(/^Face 1 \(left\): Ana — /);
    expect(results.slice(1).every((r) => /^Face \d \((left|middle|right)\): unknown — /.test(r))).toBe(true);
    await expect(page.locator('[data-result] .face-known').count()).resolves.toBe(1);
    await expect(page.locator('[data-result] .face-unknown').count()).resolves.toBe(2);
    const labels = await page.locator('[data-result] .face-label').allTextContents();
    expect(labels).toEqual(['1 Ana', '2 unknown', '3 unknown']);

    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, 'horizontal overflow in px').toBeLessThanOrEqual(0);
    await screenshot(page, 'recognize-mobile');
    expectNoErrors(page);
    await page.context().close();
  });

  test('says what is missing: a name, a face, a second person; removing a person', { timeout: 180_000 }, async (ctx) => {
    if (!(await apiHasIdentify())) return ctx.skip();
    const page = await openRecognize();
    const enrolError = page.locator('[data-enrol-form] [data-error-summary]');
    const identifyError = page.locator('[data-identify-form] [data-error-summary]');

    // Keyboard: Enter in the empty name field submits the form.
    await page.getByLabel('Name', { exact: true }).press('Enter');
    await expect(enrolError.locator('[data-error-title]').textContent()).resolves.toBe('Type a name');
    await expect(page.getByLabel('Name', { exact: true }).getAttribute('aria-invalid')).resolves.toBe('true');

    await page.getByLabel('Name', { exact: true }).fill('Nobody');
    await page.getByRole('button', { name: 'Add person', exact: true }).click();
    await expect(enrolError.locator('[data-error-title]').textContent()).resolves.toBe('Choose a photo of Nobody');

    // A photo without a face is not enrolled.
    await page.getByLabel('Photo of this person', { exact: true }).setInputFiles(FIXTURES.noFace);
    await page.locator('[data-slot="enrol"] img[data-preview]:not([hidden])').waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Add person', exact: true }).click();
    await enrolError.locator('[data-error-title]', { hasText: 'No face found in this photo' }).waitFor({ timeout: 60_000 });
    await expect(page.locator('li[data-person]').count()).resolves.toBe(0);

    // One person is not enough to identify.
    await enrol(page, 'Eileen', FIXTURES.eileen);
    await expect(page.locator('[data-identify-needs]').textContent()).resolves.toBe('Enrol one more person first (step 1).');
    await page.getByRole('button', { name: 'Identify', exact: true }).click();
    await expect(identifyError.locator('[data-error-title]').textContent()).resolves.toBe('Enrol at least 2 people first');

    // Remove, by keyboard: the button names the person.
    await page.getByRole('button', { name: 'Remove Eileen' }).press('Enter');
    await expect(page.locator('li[data-person]').count()).resolves.toBe(0);
    await expect(page.locator('[data-people-count]').textContent()).resolves.toBe('0 of 5');
    await expect(page.getByLabel('Name', { exact: true }).evaluate((e) => e === document.activeElement)).resolves.toBe(true);
    expect(page.log.errors).toEqual([]);
    await page.context().close();
  });
});
