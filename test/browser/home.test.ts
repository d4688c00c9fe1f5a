// @vitest-environment node
// The home page in real headless Chromium: title, primary navigation to every page, the API
// reference listing endpoints, no console errors, no off-origin requests. Screenshots go to test-results/.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { launchBrowser, newPage, screenshot, startSite, type LoggedPage, type Site } from './harness';

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

function expectClean(page: LoggedPage) {
  expect(page.log.errors, 'console errors').toEqual([]);
  expect(page.log.failed, 'failed requests').toEqual([]);
  expect(page.log.external, 'requests to other origins').toEqual([]);
}

describe('home page', () => {
  test('has the product title and primary navigation', { timeout: 60_000 }, async () => {
    const page = await newPage(browser, { origin: site.baseUrl });
    const res = await page.goto(`${site.baseUrl}/`, { waitUntil: 'load' });
    expect(res?.status()).toBe(200);

    await expect(page.title()).resolves.toMatch(/^Likeness/);
    await expect(page.locator('h1').first().textContent()).resolves.toBeTruthy();

    const nav = page.getByRole('navigation', { name: 'Primary' });
    const labels = await nav.getByRole('link').allTextContents();
    expect(labels.map((l) => l.trim())).toEqual(['Home', 'Verify', 'Recognize', 'Stylize', 'Gallery', 'API']);
    await expect(nav.getByRole('link', { name: 'Home' }).getAttribute('aria-current')).resolves.toBe('page');

    await screenshot(page, 'home');
    expectClean(page);
    await page.context().close();
  });

  test('nav links reach every page, and the API reference lists endpoints', { timeout: 90_000 }, async () => {
    const page = await newPage(browser, { origin: site.baseUrl });
    await page.goto(`${site.baseUrl}/`);
    const nav = page.getByRole('navigation', { name: 'Primary' });

    for (const [label, path, live] of [
      ['Verify', '/verify', true],
      ['Recognize', '/recognize', true],
      ['Stylize', '/stylize', true],
      ['Gallery', '/gallery', true],
    ] as const) {
      await nav.getByRole('link', { name: label, exact: true }).click();
      await page.waitForURL((u) => u.pathname.replace(/\.html$/, '') === path);
      await expect(page.locator('h1').textContent()).resolves.toContain(label);
      if (live) {
        // A working page: no "coming soon" on its title, a real form.
        await expect(page.locator('h1').getByText('Coming soon').count()).resolves.toBe(0);
        await expect(page.locator('main form').first().isVisible()).resolves.toBe(true);
      } else {
        await expect(page.getByText('Coming soon').first().isVisible()).resolves.toBe(true);
      }
      await expect(nav.getByRole('link', { name: label, exact: true }).getAttribute('aria-current')).resolves.toBe('page');
      await screenshot(page, label.toLowerCase());
    }

    await nav.getByRole('link', { name: 'API', exact: true }).click();
    await page.waitForURL((u) => u.pathname.replace(/\.html$/, '') === '/api');
    await expect(page.title()).resolves.toContain('API reference');

    const endpoints = page.locator('article[data-operation]');
    expect(await endpoints.count()).toBeGreaterThan(0);
    const first = endpoints.first();
    await expect(first.isVisible()).resolves.toBe(true);
    // Each endpoint shows its method and path, and an example request.
    await expect(first.getAttribute('data-operation')).resolves.toMatch(/^(GET|PUT|POST|DELETE|PATCH|HEAD|OPTIONS|TRACE) \//);
    await expect(first.locator('.method').first().isVisible()).resolves.toBe(true);
    await expect(first.getByText(/curl/).first().isVisible()).resolves.toBe(true);
    await expect(page.locator('#errors').isVisible()).resolves.toBe(true);

    await screenshot(page, 'api', { fullPage: false });
    expectClean(page);
    await page.context().close();
  });

  test('the API reference documents every operation the Worker serves', { timeout: 60_000 }, async (ctx) => {
    const res = await fetch(`${site.baseUrl}/v1/openapi.json`);
    // The static fallback server has no API; only the Worker (wrangler dev) can answer this.
    if (!res.ok || !(res.headers.get('content-type') ?? '').includes('json')) return ctx.skip();
    const live = (await res.json()) as { paths?: Record<string, Record<string, unknown>> };
    const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
    const expected = Object.entries(live.paths ?? {})
      .flatMap(([path, item]) =>
        Object.keys(item)
          .filter((m) => methods.includes(m))
          .map((m) => `${m.toUpperCase()} ${path}`),
      )
      .sort();

    const page = await newPage(browser, { origin: site.baseUrl });
    await page.goto(`${site.baseUrl}/api`);
    const shown = (
      await page.locator('article[data-operation]').evaluateAll((els) => els.map((e) => e.getAttribute('data-operation') ?? ''))
    ).sort();
    expect(shown, 'site built from a different OpenAPI document than the Worker serves').toEqual(expected);
    expectClean(page);
    await page.context().close();
  });

  test('the API reference is readable without JavaScript', { timeout: 60_000 }, async () => {
    const page = await newPage(browser, { origin: site.baseUrl, javaScriptEnabled: false });
    await page.goto(`${site.baseUrl}/api`);
    expect(await page.locator('article[data-operation]').count()).toBeGreaterThan(0);
    await expect(page.locator('article[data-operation] aside pre').first().isVisible()).resolves.toBe(true);
    expectClean(page);
    await page.context().close();
  });

  test('fits a narrow screen in dark mode', { timeout: 60_000 }, async () => {
    const page = await newPage(browser, { origin: site.baseUrl, viewport: { width: 390, height: 844 }, colorScheme: 'dark' });
    await page.goto(`${site.baseUrl}/`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, 'horizontal overflow in px').toBeLessThanOrEqual(0);
    await expect(page.getByRole('navigation', { name: 'Primary' }).getByRole('link', { name: 'API' }).isVisible()).resolves.toBe(true);
    await screenshot(page, 'home-mobile-dark');
    expectClean(page);
    await page.context().close();
  });
});
