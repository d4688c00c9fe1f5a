// @vitest-environment node
// The community gallery in real headless Chromium against the real Worker (wrangler dev, its own
// fresh local D1/R2):
//  - end to end: a real photo (test/fixtures/photos/coffee.jpg, CC0) is stylized on the stylize
//    page, published with its "publish to gallery" step, found in the gallery, liked (the like
//    survives a reload: cookie), and deleted from the browser that published it.
//  - titles and names with HTML or script in them are shown as text: no element is made from them
//    and no script runs.
//  - filter by style, newest / most liked, more pictures loading on scroll, reporting hides.
//  - the publish step's delete token in a read-only field with a copy button (keyboard, "Copied");
//    tiles show authors and mark what this browser published ("Yours").
//  - an unknown or deleted item: a message and a way back, no dead controls; on a phone the close
//    button stays reachable above the picture.
// Screenshots: test-results/gallery-grid.png, gallery-detail.png, gallery-publish.png, gallery-mobile.png, gallery-xss.png,
// gallery-missing.png, gallery-missing-mobile.png, gallery-detail-mobile-report.png.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { decodeImage } from '../../functions/src/image';
import { initNodeImageCodecs } from '../../functions/src/image/node-codecs';
import { styleCatalogue } from '../../functions/src/pipeline/stylize';
import { REPO_ROOT, launchBrowser, newPage, screenshot, startSite, type LoggedPage, type Site } from './harness';

let site: Site;
let browser: Browser;

/** A real photo, 600x400, CC0 (test/fixtures/photos/SOURCES.md). */
const PHOTO = join(REPO_ROOT, 'test/fixtures/photos/coffee.jpg');
const STYLES = styleCatalogue();

beforeAll(async () => {
  initNodeImageCodecs();
  site = await startSite(inject('baseUrl'));
  browser = await launchBrowser();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

interface Published {
  id: string;
  url: string;
  delete_token: string;
}

/** Publishes the photo through the API (as another visitor would). */
async function publishViaApi(title: string, style: string, author?: string): Promise<Published> {
  const form = new FormData();
  form.append('image', new Blob([readFileSync(PHOTO)], { type: 'image/jpeg' }), 'coffee.jpg');
  form.append('style', style);
  form.append('title', title);
  if (author) form.append('author', author);
  const res = await fetch(`${site.baseUrl}/v1/gallery`, { method: 'POST', body: form });
  const text = await res.text();
  expect(res.status, text).toBe(201);
  return JSON.parse(text) as Published;
}

async function openGallery(query = '', opts: Parameters<typeof newPage>[1] = {}): Promise<LoggedPage> {
  const page = await newPage(browser, { origin: site.baseUrl, ...opts });
  const res = await page.goto(`${site.baseUrl}/gallery${query}`, { waitUntil: 'load' });
  expect(res?.status()).toBe(200);
  return page;
}

const tiles = (page: LoggedPage) => page.locator('[data-grid] .tile');
const tileTitles = (page: LoggedPage) => page.locator('[data-grid] .tile-title').allTextContents();

function expectNoErrors(page: LoggedPage) {
  expect(
    page.log.errors.filter((e) => !/^Failed to load resource/.test(e)),
    'console errors',
  ).toEqual([]);
  expect(page.log.external, 'requests to other origins').toEqual([]);
}

describe('gallery against the real API', () => {
  test('publish from the stylize page, find the picture in the gallery, like it, delete it', { timeout: 240_000 }, async () => {
    const page = await newPage(browser, { origin: site.baseUrl });
    expect((await page.goto(`${site.baseUrl}/stylize`, { waitUntil: 'load' }))?.status()).toBe(200);
    await page.locator('[data-style-fieldset][data-state="ready"]').waitFor({ timeout: 30_000 });
    await page.getByLabel('Photo', { exact: true }).setInputFiles(PHOTO);
    await page.locator('img[data-preview]:not([hidden])').waitFor({ timeout: 20_000 });
    const style = STYLES[1] ?? STYLES[0];
    await page.locator(`.style-option[data-style-id="${style.id}"]`).click();
    const stylized = page.waitForResponse((r) => r.url().endsWith('/v1/stylize'), { timeout: 180_000 });
    await page.getByRole('button', { name: 'Stylize', exact: true }).click();
    const stylizeAnswer = await stylized;
    expect(stylizeAnswer.status(), await stylizeAnswer.text().catch(() => '')).toBe(200);
    await page.locator('[data-result]:not([hidden]) img[data-after]').waitFor({ timeout: 30_000 });

    // The publish step appears with the result, and its button sits next to Download.
    const section = page.locator('[data-publish]');
    await section.waitFor({ state: 'visible' });
    await page.locator('[data-result-actions]').getByRole('button', { name: 'Publish to gallery' }).click();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('publish-title');
    // An empty title is caught before anything is sent.
    await section.getByRole('button', { name: 'Publish', exact: true }).click();
    await expect(section.locator('[data-publish-status]').textContent()).resolves.toMatch(/title/i);

    const title = `Coffee in ${style.title} ${Date.now()}`;
    await section.getByLabel('Title', { exact: true }).fill(title);
    await section.getByLabel('Your name (optional)').fill('Browser test');
    const answer = page.waitForResponse((r) => r.url().endsWith('/v1/gallery') && r.request().method() === 'POST');
    await section.getByRole('button', { name: 'Publish', exact: true }).click();
    const res = await answer;
    expect(res.status(), await res.text().catch(() => '')).toBe(201);
    // What was published is the stylized image, not the photo: same size, different pixels.
    const publishedId = ((await res.json()) as Published).id;
    const stored = await decodeImage(new Uint8Array(await (await fetch(`${site.baseUrl}/v1/gallery/${publishedId}/image`)).arrayBuffer()));
    const photo = await decodeImage(new Uint8Array(readFileSync(PHOTO)));
    expect([stored.image.width, stored.image.height]).toEqual([photo.image.width, photo.image.height]);
    const difference = stored.image.data.reduce((sum, v, i) => sum + Math.abs(v - photo.image.data[i]), 0) / stored.image.data.length;
    expect(difference).toBeGreaterThan(20);
    const done = section.locator('[data-publish-done]');
    await done.waitFor({ state: 'visible' });
    // The delete token: a read-only field, and a copy button that works from the keyboard and says "Copied".
    const tokenField = done.getByLabel('Delete token', { exact: true });
    const token = await tokenField.inputValue();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await expect(tokenField.getAttribute('readonly')).resolves.toBe('');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.baseUrl });
    const copy = done.getByRole('button', { name: 'Copy delete token' });
    await copy.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => done.locator('[data-publish-copy-status]').textContent()).toBe('Copied');
    // Its label says so too (and its name with it: "Copied delete token").
    await expect(done.locator('[data-publish-copy]').textContent()).resolves.toContain('Copied');
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(token);
    const link = done.getByRole('link', { name: 'See it in the gallery' });
    const href = (await link.getAttribute('href'))!;
    expect(href).toMatch(/^\/gallery\?item=[0-9a-f]{16}$/);
    const id = href.split('=')[1];
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'gallery-publish');

    // Following the link opens the picture in the gallery's detail view.
    await link.click();
    await page.waitForURL(`**${href}`);
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.getByRole('heading', { level: 2 }).textContent()).toBe(title);
    await dialog.locator('img[data-detail-img]').evaluate((img: HTMLImageElement) => img.decode());
    const natural = await dialog.locator('img[data-detail-img]').evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight]);
    expect(natural[0] / natural[1]).toBeCloseTo(1.5, 1);
    await expect(dialog.getByText('by Browser test').isVisible()).resolves.toBe(true);
    await expect(dialog.locator('[data-detail-owned]').isVisible()).resolves.toBe(true);
    await expect(dialog.getByRole('link', { name: style.title }).isVisible()).resolves.toBe(true);

    // Like: once per visitor, remembered by the cookie across a reload.
    const like = dialog.locator('[data-like]');
    await expect(like.getAttribute('aria-pressed')).resolves.toBe('false');
    await like.click();
    await expect.poll(() => like.getAttribute('aria-pressed')).toBe('true');
    await expect(dialog.locator('[data-like-count]').textContent()).resolves.toBe('1');
    await page.reload();
    await expect.poll(() => page.getByRole('dialog').locator('[data-like]').getAttribute('aria-pressed')).toBe('true');
    await expect(page.getByRole('dialog').locator('[data-like-count]').textContent()).resolves.toBe('1');
    await screenshot(page, 'gallery-detail');

    // Closing the dialog shows the grid, with the picture in it.
    await page.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await expect.poll(() => new URL(page.url()).search).toBe('');
    const tile = page.locator(`[data-grid] .tile[data-item-id="${id}"]`);
    await tile.waitFor();
    await expect(tile.locator('.tile-title').textContent()).resolves.toBe(title);
    // The tile names its author and marks it as published from this browser.
    await expect(tile.locator('.tile-author').textContent()).resolves.toBe('by Browser test');
    await expect(tile.locator('.yours-badge').textContent()).resolves.toBe('Yours');
    await expect(
      tile.locator('img').evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth)),
    ).resolves.toBeGreaterThan(0);
    await screenshot(page, 'gallery-grid');

    // Phone-sized: no sideways scrolling.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await screenshot(page, 'gallery-mobile');
    await page.setViewportSize({ width: 1280, height: 900 });

    // This browser published it, so it can delete it.
    await tile.click();
    const deleteButton = page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true });
    await deleteButton.waitFor();
    await deleteButton.click();
    await page.getByRole('button', { name: 'Yes, delete' }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await expect(page.locator('[data-status]').textContent()).resolves.toBe(`“${title}” was deleted.`);
    await expect.poll(() => page.locator(`[data-grid] .tile[data-item-id="${id}"]`).count()).toBe(0);
    expect((await fetch(`${site.baseUrl}/v1/gallery/${id}`)).status).toBe(404);
    expectNoErrors(page);
    await page.context().close();
  });

  test('titles and names with HTML or script in them are shown as text', { timeout: 60_000 }, async () => {
    const title = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
    const author = '<b onmouseover="window.__xss=3">Mal</b>';
    const { id } = await publishViaApi(title, STYLES[0].id, author);

    const page = await openGallery();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const tile = page.locator(`[data-grid] .tile[data-item-id="${id}"]`);
    await tile.waitFor();
    await expect(tile.locator('.tile-title').textContent()).resolves.toBe(title);
    await expect(tile.locator('.tile-title').evaluate((el) => el.children.length)).resolves.toBe(0);
    await expect(tile.locator('.tile-author').textContent()).resolves.toBe(`by ${author}`);
    await expect(tile.locator('.tile-author').evaluate((el) => el.children.length)).resolves.toBe(0);
    // Published by another visitor: not marked as this browser's.
    await expect(tile.locator('.yours-badge').count()).resolves.toBe(0);
    await expect(tile.locator('img').getAttribute('alt')).resolves.toBe(title);
    await expect(page.getByText(title, { exact: true }).first().isVisible()).resolves.toBe(true);

    await tile.click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByRole('heading', { level: 2 }).textContent()).resolves.toBe(title);
    await expect(dialog.locator('[data-detail-author]').textContent()).resolves.toBe(`by ${author}`);
    await dialog.locator('[data-detail-author]').hover();
    // Nothing was built from the text: no injected elements, no script ran.
    const facts = await page.evaluate(() => ({
      injectedImages: document.querySelectorAll('img[src="x"], img[src$="/x"]').length,
      bold: document.querySelectorAll('[data-detail] b, [data-grid] b').length,
      scripts: [...document.scripts].filter((s) => s.textContent?.includes('__xss')).length,
      xss: (window as unknown as { __xss?: number }).__xss ?? null,
    }));
    expect(facts).toEqual({ injectedImages: 0, bold: 0, scripts: 0, xss: null });
    expect(dialogs).toEqual([]);
    expect(page.log.failed.filter((f) => /\/x$/.test(f))).toEqual([]); // no request for the injected src
    await screenshot(page, 'gallery-xss');
    expectNoErrors(page);
    await page.context().close();
  });

  test('filter by style, newest or most liked first, more pictures on scroll', { timeout: 90_000 }, async () => {
    const style = STYLES[Math.min(5, STYLES.length - 1)];
    const other = STYLES[Math.min(6, STYLES.length - 1)].id === style.id ? STYLES[0] : STYLES[Math.min(6, STYLES.length - 1)];
    const stamp = Date.now();
    const a = await publishViaApi(`A ${stamp}`, style.id);
    await publishViaApi(`B ${stamp}`, style.id);
    await publishViaApi(`C ${stamp}`, style.id);
    await publishViaApi(`Other style ${stamp}`, other.id);
    // Two visitors like the oldest one: it leads the most-liked order.
    for (let i = 0; i < 2; i++) expect((await fetch(`${site.baseUrl}/v1/gallery/${a.id}/like`, { method: 'POST' })).status).toBe(200);

    const page = await openGallery(`?style=${style.id}&limit=2`);
    await expect(page.getByLabel('Style').inputValue()).resolves.toBe(style.id);
    await expect.poll(() => tiles(page).count()).toBeGreaterThanOrEqual(2);
    // Scrolling to the end loads the next page.
    await page.locator('[data-sentinel]').scrollIntoViewIfNeeded();
    await expect.poll(() => tiles(page).count()).toBe(3);
    await expect(tileTitles(page)).resolves.toEqual([`C ${stamp}`, `B ${stamp}`, `A ${stamp}`]);
    await expect(page.locator('[data-more]').isHidden()).resolves.toBe(true);

    await page.getByText('Most liked', { exact: true }).click();
    await expect.poll(() => tileTitles(page)).toEqual([`A ${stamp}`, `C ${stamp}`, `B ${stamp}`]);
    expect(new URL(page.url()).searchParams.get('sort')).toBe('top');
    await expect(page.locator(`[data-grid] .tile[data-item-id="${a.id}"] [data-tile-likes]`).textContent()).resolves.toBe('♥ 2');

    await page.getByLabel('Style').selectOption(other.id);
    await expect.poll(async () => (await tileTitles(page)).includes(`Other style ${stamp}`)).toBe(true);
    expect((await tileTitles(page)).some((t) => t.endsWith(` ${stamp}`) && !t.startsWith('Other'))).toBe(false);
    expect(new URL(page.url()).searchParams.get('style')).toBe(other.id);
    expectNoErrors(page);
    await page.context().close();
  });

  test('reporting: enough reports hide a picture', { timeout: 60_000 }, async () => {
    const { id } = await publishViaApi(`Reported ${Date.now()}`, STYLES[0].id);
    // Two other addresses have reported it already (GALLERY_REPORT_THRESHOLD is 3; reports count
    // once per address, and wrangler dev keeps a CF-Connecting-IP the client sends).
    for (const address of ['198.51.100.1', '198.51.100.2']) {
      const r = await fetch(`${site.baseUrl}/v1/gallery/${id}/report`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'cf-connecting-ip': address },
        body: '{"reason":"spam"}',
      });
      expect(r.status).toBe(202);
    }
    const page = await openGallery(`?item=${id}`);
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { level: 2 }).waitFor();
    await dialog.getByRole('button', { name: 'Report' }).click();
    await dialog.getByLabel('What is wrong with this picture?').selectOption('offensive');
    await dialog.getByRole('button', { name: 'Send report' }).click();
    await expect.poll(() => dialog.locator('[data-detail-status]').textContent()).toMatch(/hidden until it is reviewed/);
    expect((await fetch(`${site.baseUrl}/v1/gallery/${id}`)).status).toBe(404);
    await page.getByRole('button', { name: 'Close' }).click();
    await expect(page.locator(`[data-grid] .tile[data-item-id="${id}"]`).count()).resolves.toBe(0);
    expectNoErrors(page);
    await page.context().close();
  });

  test('an unknown or deleted item: a clear message, a way back, and none of the picture’s controls', { timeout: 90_000 }, async () => {
    // A deleted item reads like one that never existed: the API does not say which.
    const published = await publishViaApi(`Deleted ${Date.now()}`, STYLES[0].id);
    const del = await fetch(`${site.baseUrl}/v1/gallery/${published.id}`, {
      method: 'DELETE',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ delete_token: published.delete_token }),
    });
    expect(del.status).toBe(204);

    for (const [id, viewport, shot] of [
      ['0000000000000000', { width: 1280, height: 900 }, 'gallery-missing'],
      [published.id, { width: 390, height: 844 }, 'gallery-missing-mobile'],
    ] as const) {
      const page = await openGallery(`?item=${id}`, { viewport });
      const dialog = page.getByRole('dialog', { name: 'This picture is not in the gallery' });
      await dialog.waitFor();
      await expect(dialog.getByRole('heading', { level: 2 }).textContent()).resolves.toBe('This picture is not in the gallery');
      await expect(
        dialog.getByText(/deleted .* hidden after reports, or the link is wrong and it never existed/).isVisible(),
      ).resolves.toBe(true);
      // None of the picture's controls, and no empty picture or "Style:" line.
      await expect(dialog.getByRole('button', { name: /like/i }).count()).resolves.toBe(0);
      await expect(dialog.getByRole('button', { name: /report/i }).count()).resolves.toBe(0);
      await expect(dialog.getByRole('link', { name: /download/i }).count()).resolves.toBe(0);
      await expect(dialog.getByRole('button', { name: 'Delete', exact: true }).count()).resolves.toBe(0);
      await expect(dialog.getByText('Style:').isVisible()).resolves.toBe(false);
      await expect(dialog.locator('img[data-detail-img]').isVisible()).resolves.toBe(false);
      await screenshot(page, shot);

      // The way back closes the message and leaves the gallery's grid, without the item in the URL.
      const back = dialog.getByRole('link', { name: 'Back to the gallery' });
      await expect(back.getAttribute('href')).resolves.toBe('/gallery');
      await back.click();
      await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
      await expect.poll(() => new URL(page.url()).searchParams.has('item')).toBe(false);
      await expect(page.getByRole('heading', { level: 1, name: 'Gallery' }).isVisible()).resolves.toBe(true);
      expectNoErrors(page);
      await page.context().close();
    }
  });

  test('on a phone the close button stays visible above the picture, even with the report form open', { timeout: 60_000 }, async () => {
    const { id } = await publishViaApi(`Phone ${Date.now()}`, STYLES[0].id, 'Phone test');
    const page = await openGallery(`?item=${id}`, { viewport: { width: 390, height: 664 } });
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { level: 2 }).waitFor();
    await dialog.locator('img[data-detail-img]').evaluate((img: HTMLImageElement) => img.decode());
    const close = dialog.getByRole('button', { name: 'Close' });
    const closeBox = (await close.boundingBox())!;
    const imageBox = (await dialog.locator('img[data-detail-img]').boundingBox())!;
    // A 44 px target, not drawn on the picture.
    expect(closeBox.width).toBeGreaterThanOrEqual(44);
    expect(closeBox.height).toBeGreaterThanOrEqual(44);
    expect(closeBox.y + closeBox.height).toBeLessThanOrEqual(imageBox.y + 1);
    // Open the report form and scroll the dialog to its end: the button is still on screen.
    await dialog.getByRole('button', { name: 'Report' }).click();
    await dialog.getByRole('button', { name: 'Send report' }).scrollIntoViewIfNeeded();
    await dialog.evaluate((d) => d.scrollTo(0, d.scrollHeight));
    expect(await dialog.evaluate((d) => d.scrollTop)).toBeGreaterThan(100);
    const after = (await close.boundingBox())!;
    expect(after.y).toBeGreaterThanOrEqual(0);
    expect(after.y + after.height).toBeLessThanOrEqual(664);
    await screenshot(page, 'gallery-detail-mobile-report', { fullPage: false });
    await close.click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    expectNoErrors(page);
    await page.context().close();
  });
});
