// @vitest-environment node
// The API reference (/api) as a developer uses it, in real headless Chromium: searching the
// operations, the contents list by method and path, examples in several languages with copy
// buttons near the top of each operation, and a phone layout that fits.
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { type LoggedPage, launchBrowser, newPage, type PageOptions, type Site, screenshot, startSite } from './harness';

let site: Site;
let browser: Browser;

beforeAll(async () => {
  // The browser project's global setup serves the real Worker (site + API) and provides its URL.
  site = await startSite(inject('baseUrl'));
  browser = await launchBrowser();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

const VERIFY = 'POST /v1/verify';
const SUBJECT_VERIFY = 'POST /v1/collections/{c}/subjects/{s}/verify';

async function openReference(options: PageOptions = {}): Promise<LoggedPage> {
  const page = await newPage(browser, { origin: site.baseUrl, ...options });
  const res = await page.goto(`${site.baseUrl}/api`, { waitUntil: 'load' });
  expect(res?.status()).toBe(200);
  return page;
}

function expectClean(page: LoggedPage) {
  expect(page.log.errors, 'console errors').toEqual([]);
  expect(page.log.failed, 'failed requests').toEqual([]);
  expect(page.log.external, 'requests to other origins').toEqual([]);
}

/** "METHOD /path" of the operations on the page that are displayed (not filtered out). */
const shownOperations = (page: LoggedPage) =>
  page
    .locator('article[data-operation]')
    .evaluateAll((els) => els.filter((e) => (e as HTMLElement).checkVisibility()).map((e) => e.getAttribute('data-operation') ?? ''));

/** The contents list's operation links as their visible text ("POST /v1/verify"), displayed ones only. */
const contentsEntries = (page: LoggedPage) =>
  page
    .getByRole('navigation', { name: 'API reference contents' })
    .locator('li[data-op] a')
    .evaluateAll((els) =>
      els.filter((e) => (e as HTMLElement).checkVisibility()).map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim()),
    );

const operation = (page: LoggedPage, label: string): Locator => page.locator(`article[data-operation="${label}"]`);

describe('API reference', () => {
  test('search narrows the operations to the matching ones, by keyboard', { timeout: 60_000 }, async () => {
    const page = await openReference();
    const all = await shownOperations(page);
    expect(all.length).toBeGreaterThanOrEqual(28);

    const search = page.getByRole('searchbox', { name: 'Search operations' });
    await expect(search.isVisible()).resolves.toBe(true);
    // "/" jumps to the search field, as the page says.
    await page.locator('body').press('/');
    await expect(search.evaluate((e) => e === document.activeElement)).resolves.toBe(true);
    await page.keyboard.type('verify');

    const shown = await shownOperations(page);
    expect(shown).toContain(VERIFY);
    expect(shown).toContain(SUBJECT_VERIFY);
    expect(shown).not.toContain('GET /v1/health');
    expect(shown.length).toBeLessThan(all.length);
    // The contents list narrows alike, and the count is announced.
    const entries = await contentsEntries(page);
    expect(entries).toContain(VERIFY);
    expect(entries).toContain(SUBJECT_VERIFY);
    expect(entries.length).toBe(shown.length);
    await expect(page.getByRole('status').filter({ hasText: 'operations match' }).textContent()).resolves.toBe(
      `${shown.length} of ${all.length} operations match`,
    );
    // Sections that are not operations step aside while searching.
    await expect(page.locator('#errors').isVisible()).resolves.toBe(false);
    await screenshot(page, 'api-search', { fullPage: false });

    // By operationId and by method + path words.
    await search.fill('enrolFace');
    await expect(shownOperations(page)).resolves.toEqual(['POST /v1/collections/{c}/subjects/{s}/faces']);
    await search.fill('delete subjects');
    const deletes = await shownOperations(page);
    expect(deletes.length).toBeGreaterThan(0);
    for (const d of deletes) expect(d).toMatch(/^DELETE \/v1\/collections\/\{c\}\/subjects/);
    await search.fill('no such operation');
    await expect(shownOperations(page)).resolves.toEqual([]);
    await expect(page.getByText('No operation matches your search.').isVisible()).resolves.toBe(true);

    // Enter goes to the first match; Escape brings every operation back.
    await search.fill('verify');
    await search.press('Enter');
    await expect(page.evaluate(() => location.hash)).resolves.toBe('#op-verify');
    await search.focus();
    await search.press('Escape');
    await expect(search.inputValue()).resolves.toBe('');
    await expect(shownOperations(page)).resolves.toEqual(all);
    await expect(page.locator('#errors').isVisible()).resolves.toBe(true);
    expectClean(page);
    await page.context().close();
  });

  test('the contents list shows every operation as method + path', { timeout: 60_000 }, async () => {
    const page = await openReference();
    const toc = page.getByRole('navigation', { name: 'API reference contents' });
    await expect(toc.locator('details').first().getAttribute('open')).resolves.not.toBeNull(); // open on a desktop
    const operations = (await shownOperations(page)).sort();
    await expect(contentsEntries(page).then((e) => e.sort())).resolves.toEqual(operations);
    // Each entry's method is a badge and links to its operation.
    const verify = toc.locator('li[data-op="op-verify"] a');
    await expect(verify.locator('.method').textContent()).resolves.toBe('POST');
    await verify.click();
    await expect(page.evaluate(() => location.hash)).resolves.toBe('#op-verify');
    expectClean(page);
    await page.context().close();
  });

  test('verify opens with examples: curl, the client, Swift, Kotlin, fetch, each copyable', { timeout: 60_000 }, async () => {
    const page = await openReference();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.baseUrl });
    const verify = operation(page, VERIFY);
    const tabs = verify.getByRole('tab');
    await expect(tabs.allTextContents().then((t) => t.map((x) => x.trim()))).resolves.toEqual([
      'curl',
      'JavaScript',
      'Swift',
      'Kotlin',
      'fetch',
    ]);
    await expect(verify.getByRole('tab', { selected: true }).textContent()).resolves.toBe('curl');
    const panel = verify.getByRole('tabpanel');
    await expect(panel.count()).resolves.toBe(1); // one sample at a time
    await expect(panel.locator('pre').textContent()).resolves.toMatch(/curl -X POST '.*\/v1\/verify'[\s\S]*-F 'a=@a\.jpg'/);

    // The client: method = operationId, one object with the API's names.
    await verify.getByRole('tab', { name: 'JavaScript' }).click();
    const js = (await panel.locator('pre').textContent()) ?? '';
    expect(js).toContain("import { Likeness } from '@likeness/client';");
    expect(js).toContain(`new Likeness({ baseUrl: '${site.baseUrl}', apiKey: process.env.LIKENESS_KEY })`);
    expect(js).toMatch(/const answer = await likeness\.verify\(\{ a: await readFile\('a\.jpg'\), b: await readFile\('b\.jpg'\) \}\);/);

    await verify.getByRole('tab', { name: 'Swift' }).click();
    const swift = (await panel.locator('pre').textContent()) ?? '';
    expect(swift).toContain('URLSession.shared.upload(for: request, from: body)');
    expect(swift).toContain('multipart/form-data; boundary=');
    expect(swift).toContain(`URL(string: "${site.baseUrl}/v1/verify")`);

    // Arrow keys move between tabs (ARIA tabs pattern).
    await verify.getByRole('tab', { name: 'Swift' }).press('ArrowRight');
    await expect(verify.getByRole('tab', { selected: true }).textContent()).resolves.toBe('Kotlin');
    const kotlin = (await panel.locator('pre').textContent()) ?? '';
    expect(kotlin).toContain('MultipartBody.Builder()');
    expect(kotlin).toContain('.addFormDataPart("a", "a.jpg", File("a.jpg").asRequestBody("image/jpeg".toMediaType()))');
    expect(kotlin).toContain('OkHttpClient().newCall(request).execute()');
    // The choice holds for the other operations too.
    await expect(operation(page, SUBJECT_VERIFY).getByRole('tab', { selected: true }).textContent()).resolves.toBe('Kotlin');
    // An operation that needs the key sends it.
    await expect(operation(page, SUBJECT_VERIFY).getByRole('tabpanel').locator('pre').textContent()).resolves.toContain(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a Kotlin string template, as the sample prints it
      '.header("Authorization", "Bearer ${System.getenv("LIKENESS_KEY")}")',
    );

    // Copy, by keyboard: the sample goes to the clipboard and "Copied" is announced.
    await expect(panel.getByRole('button', { name: `Copy the Kotlin example for ${VERIFY}` }).count()).resolves.toBe(1);
    const copy = panel.locator('button[data-copy]');
    await copy.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-copy-status]').textContent()).toBe('Copied');
    await expect(copy.locator('[data-copy-text]').textContent()).resolves.toBe('Copied');
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(kotlin);
    await screenshot(page, 'api-verify', { fullPage: false });
    expectClean(page);
    await page.context().close();
  });

  test('the first example of /v1/verify is near the top of its section', { timeout: 60_000 }, async () => {
    const page = await openReference();
    const offset = await operation(page, VERIFY).evaluate((article) => {
      const first = [...article.querySelectorAll('pre')].find((p) => p.checkVisibility());
      return first ? first.getBoundingClientRect().top - article.getBoundingClientRect().top : Number.POSITIVE_INFINITY;
    });
    expect(offset, 'px from the section top to the first example').toBeLessThan(1500);
    // The schema tables are there, collapsed below the examples.
    const details = operation(page, VERIFY).locator('details.ref');
    await expect(details.count()).resolves.toBe(3);
    await expect(details.evaluateAll((els) => els.some((d) => (d as HTMLDetailsElement).open))).resolves.toBe(false);
    expectClean(page);
    await page.context().close();
  });

  test('fits a 390 px phone: contents closed, no sideways scrolling, words kept whole', { timeout: 60_000 }, async () => {
    const page = await openReference({ viewport: { width: 390, height: 844 } });
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    await expect(overflow()).resolves.toBeLessThanOrEqual(0);
    const contents = page.getByRole('navigation', { name: 'API reference contents' }).locator('details').first();
    await expect(contents.getAttribute('open')).resolves.toBeNull();
    await expect(page.getByRole('searchbox', { name: 'Search operations' }).isVisible()).resolves.toBe(true);

    // Open every table of the verify operation: still no sideways scrolling of the page...
    const verify = operation(page, VERIFY);
    await verify.locator('details.ref').evaluateAll((els) => {
      for (const d of els) (d as HTMLDetailsElement).open = true;
    });
    await expect(overflow()).resolves.toBeLessThanOrEqual(0);
    // ...nor of a table inside its own box,
    const clipped = await verify
      .locator('.table-wrap')
      .evaluateAll((els) => els.filter((e) => e.checkVisibility() && e.scrollWidth > e.clientWidth + 1).length);
    expect(clipped, 'tables wider than the screen').toBe(0);
    // ...and no type or field name broken inside a word ("strin / g").
    const broken = await verify.evaluate((article) => {
      const out: string[] = [];
      for (const el of article.querySelectorAll<HTMLElement>('.type, th code')) {
        if (!el.checkVisibility()) continue;
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const text = n.nodeValue ?? '';
          for (const m of text.matchAll(/\S+/g)) {
            const range = document.createRange();
            range.setStart(n, m.index);
            range.setEnd(n, m.index + m[0].length);
            const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
            if (lines.size > 1) out.push(m[0]);
          }
        }
      }
      return out;
    });
    expect(broken, 'words broken across lines').toEqual([]);
    await screenshot(page, 'api-mobile', { fullPage: false });
    expectClean(page);
    await page.context().close();
  });

  test('without JavaScript every example shows, one under the other', { timeout: 60_000 }, async () => {
    const page = await openReference({ javaScriptEnabled: false });
    const verify = operation(page, VERIFY);
    await expect(verify.locator('.code-label').allTextContents()).resolves.toEqual(
      expect.arrayContaining(['curl', 'JavaScript', 'Swift', 'Kotlin', 'fetch']),
    );
    for (const pre of await verify.locator('aside pre').all()) await expect(pre.isVisible()).resolves.toBe(true);
    // No controls that need the script: the search and the copy buttons stay hidden.
    await expect(page.getByRole('searchbox').count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: /^Copy/ }).count()).resolves.toBe(0);
    expectClean(page);
    await page.context().close();
  });
});
