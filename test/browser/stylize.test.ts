// @vitest-environment node
// The stylize page in real headless Chromium against the real Worker (wrangler dev):
//  - end to end: a real photo (test/fixtures/photos/coffee.jpg, CC0) is stylized with a style from
//    GET /v1/styles; an image comes back, is shown before/after, and can be downloaded.
//    Screenshots: test-results/stylize.png, stylize-mobile.png. A two-style mix likewise
//    (stylize-mix.png).
//  - in the browser only (the API answered by page.route, so these run before and regardless of the
//    model): the style picker is a keyboard-operable radio group; the photo is reduced to <= 2048 px
//    before upload with the chosen options; a style mix is sent as style=a:w,b:w; the result view and
//    download; one clear message per problem type; files that are not photos or cannot be opened.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Request, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { REPO_ROOT, launchBrowser, newPage, screenshot, startSite, type LoggedPage, type Site } from './harness';

let site: Site;
let browser: Browser;

const IMAGES = join(REPO_ROOT, 'test/fixtures/images');
/** A real photo, 600x400, CC0 (test/fixtures/photos/SOURCES.md). */
const PHOTO = join(REPO_ROOT, 'test/fixtures/photos/coffee.jpg');
/** Style thumbnails the site ships (site/public/styles/<id>.jpg), used by the mocked catalogue when present. */
const THUMBNAILS = join(REPO_ROOT, 'site/public/styles');

beforeAll(async () => {
  site = await startSite(inject('baseUrl'));
  browser = await launchBrowser();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

/** Whether the Worker serves the style-transfer API (its OpenAPI document lists both operations). */
async function apiHasStylize(): Promise<boolean> {
  try {
    const res = await fetch(`${site.baseUrl}/v1/openapi.json`);
    if (!res.ok) return false;
    const doc = (await res.json()) as { paths?: Record<string, Record<string, unknown>> };
    return !!doc.paths?.['/v1/stylize']?.post && !!doc.paths?.['/v1/styles']?.get;
  } catch {
    return false;
  }
}

/** No console errors except Chromium's own "Failed to load resource" for answers that are errors on purpose. */
function expectNoErrors(page: LoggedPage, { expectedFailures = false } = {}) {
  const errors = expectedFailures ? page.log.errors.filter((e) => !/^Failed to load resource/.test(e)) : page.log.errors;
  expect(errors, 'console errors').toEqual([]);
  expect(page.log.external, 'requests to other origins').toEqual([]);
}

/* ------------------------------------------------------------------ a mocked catalogue */

const STYLES = [
  {
    id: 'starry_night',
    title: 'The Starry Night',
    artist: 'Vincent van Gogh',
    year: '1889',
    licence: 'Public domain',
    thumbnail: '/styles/starry_night.jpg',
    hue: 220,
  },
  {
    id: 'great_wave',
    title: 'The Great Wave off Kanagawa',
    artist: 'Katsushika Hokusai',
    year: 'c. 1831',
    licence: 'Public domain',
    thumbnail: '/styles/great_wave.jpg',
    hue: 200,
  },
  {
    id: 'the_scream',
    title: 'The Scream',
    artist: 'Edvard Munch',
    year: '1893',
    licence: 'Public domain',
    thumbnail: '/styles/the_scream.jpg',
    hue: 20,
  },
  {
    id: 'composition_vii',
    title: 'Composition VII',
    artist: 'Wassily Kandinsky',
    year: '1913',
    licence: 'Public domain',
    thumbnail: '/styles/composition_vii.jpg',
    hue: 300,
  },
  {
    id: 'water_lilies',
    title: 'Water Lilies',
    artist: 'Claude Monet',
    year: '1916',
    licence: 'Public domain',
    thumbnail: '/styles/water_lilies.jpg',
    hue: 140,
  },
  {
    id: 'udnie',
    title: 'Udnie',
    artist: 'Francis Picabia',
    year: '1913',
    licence: 'Public domain',
    thumbnail: '/styles/udnie.jpg',
    hue: 40,
  },
];

/** A distinct little picture per style, so mocked screenshots look like a real catalogue. */
function thumbnailSvg(hue: number): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="160" height="160" viewBox="0 0 160 160">
  <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${hue} 70% 35%)"/><stop offset="1" stop-color="hsl(${hue + 60} 70% 65%)"/></linearGradient></defs>
  <rect width="160" height="160" fill="url(#g)"/>
  <circle cx="112" cy="46" r="22" fill="hsl(${hue + 180} 80% 70%)" opacity=".85"/>
  <path d="M0 120 Q40 80 80 115 T160 100 V160 H0Z" fill="hsl(${hue} 60% 20%)" opacity=".8"/>
</svg>`;
}

/** Answer GET /v1/styles with STYLES (or `answer`) and the thumbnails with pictures. */
async function mockStyles(page: LoggedPage, answer?: Parameters<Route['fulfill']>[0]) {
  await page.route('**/v1/styles', (route) =>
    route.fulfill(
      answer ?? { status: 200, contentType: 'application/json', body: JSON.stringify({ styles: STYLES.map(({ hue: _hue, ...s }) => s) }) },
    ),
  );
  await page.route('**/styles/*.jpg', (route) => {
    const id = new URL(route.request().url()).pathname
      .split('/')
      .pop()!
      .replace(/\.jpg$/, '');
    // The site's own thumbnail when it ships one, else a drawn stand-in for a mocked style.
    const real = join(THUMBNAILS, `${id}.jpg`);
    if (existsSync(real)) return route.fulfill({ status: 200, path: real });
    const style = STYLES.find((s) => s.id === id);
    return style ? route.fulfill({ status: 200, contentType: 'image/svg+xml', body: thumbnailSvg(style.hue) }) : route.fallback();
  });
}

async function openStylize(opts: Parameters<typeof newPage>[1] & { mock?: boolean } = {}): Promise<LoggedPage> {
  const { mock = true, ...pageOpts } = opts;
  const page = await newPage(browser, { origin: site.baseUrl, ...pageOpts });
  if (mock) await mockStyles(page);
  const res = await page.goto(`${site.baseUrl}/stylize`, { waitUntil: 'load' });
  expect(res?.status()).toBe(200);
  await page.locator('form[data-stylize-form].js').waitFor();
  return page;
}

const photoInput = (page: LoggedPage) => page.getByLabel('Photo', { exact: true });
const styleRadios = (page: LoggedPage) => page.getByRole('group', { name: 'Painting style' }).getByRole('radio');

async function waitForStyles(page: LoggedPage, timeout = 20_000) {
  await page.locator('[data-style-fieldset][data-state="ready"]').waitFor({ timeout });
}

async function waitForPreview(page: LoggedPage) {
  await page.locator('img[data-preview]:not([hidden])').waitFor({ timeout: 20_000 });
  await expect(page.locator('[data-busy]').isHidden(), '"Preparing…" gone once the preview shows').resolves.toBe(true);
}

/** Waits for the result and returns facts about the shown image and the download link. */
async function resultFacts(page: LoggedPage, timeout: number) {
  await page.locator('[data-result]:not([hidden]) img[data-after]').waitFor({ timeout });
  return page.evaluate(async () => {
    const after = document.querySelector<HTMLImageElement>('img[data-after]')!;
    const before = document.querySelector<HTMLImageElement>('img[data-before]')!;
    await Promise.all([after.decode(), before.decode()]);
    const link = document.querySelector<HTMLAnchorElement>('[data-download]')!;
    const blob = link.href.startsWith('blob:') ? await (await fetch(link.href)).blob() : undefined;
    return {
      after: { w: after.naturalWidth, h: after.naturalHeight, alt: after.alt },
      before: { w: before.naturalWidth, h: before.naturalHeight },
      href: link.href,
      download: link.getAttribute('download'),
      label: link.textContent?.trim(),
      blob: blob && { size: blob.size, type: blob.type },
      focused: document.activeElement?.id,
    };
  });
}

/* ------------------------------------------------------------------ request inspection helpers */

interface Part {
  name: string;
  filename?: string;
  contentType?: string;
  body: Buffer;
}

/** Minimal multipart/form-data parser for the intercepted upload. */
function parseMultipart(body: Buffer, contentType: string): Part[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!boundary) throw new Error(`no boundary in ${contentType}`);
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const parts: Part[] = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    const chunk = body.subarray(start + delimiter.length + 2, next - 2);
    const headerEnd = chunk.indexOf('\r\n\r\n');
    const headers = chunk.subarray(0, headerEnd).toString('utf8');
    const disposition = /content-disposition:[^\r\n]*/i.exec(headers)?.[0] ?? '';
    parts.push({
      name: /\bname="([^"]*)"/i.exec(disposition)?.[1] ?? '',
      filename: /\bfilename="([^"]*)"/i.exec(disposition)?.[1],
      contentType: /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim(),
      body: chunk.subarray(headerEnd + 4),
    });
    start = next;
  }
  return parts;
}

/** Width and height from a JPEG's SOFn segment. */
function jpegSize(bytes: Buffer): { width: number; height: number } {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) throw new Error('not a JPEG');
  let i = 2;
  while (i + 9 < bytes.length) {
    if (bytes[i] !== 0xff) {
      i++;
      continue;
    }
    const marker = bytes[i + 1];
    if (marker === 0xff) {
      i++;
      continue;
    }
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: bytes.readUInt16BE(i + 5), width: bytes.readUInt16BE(i + 7) };
    }
    i += 2 + bytes.readUInt16BE(i + 2);
  }
  throw new Error('no SOF segment');
}

/** A large photo-like JPEG made in the page's canvas (width x height), returned to Node. */
async function makeJpeg(page: LoggedPage, width: number, height: number): Promise<Buffer> {
  const b64 = await page.evaluate(
    async ([w, h]) => {
      const canvas = document.createElement('canvas');
      canvas.width = w;
      canvas.height = h;
      const ctx = canvas.getContext('2d')!;
      const g = ctx.createLinearGradient(0, 0, w, h);
      g.addColorStop(0, '#3b6ea5');
      g.addColorStop(1, '#f2c57c');
      ctx.fillStyle = g;
      ctx.fillRect(0, 0, w, h);
      ctx.fillStyle = '#1d2a1f';
      ctx.beginPath();
      ctx.moveTo(0, h);
      ctx.lineTo(w * 0.35, h * 0.45);
      ctx.lineTo(w * 0.6, h * 0.7);
      ctx.lineTo(w * 0.8, h * 0.5);
      ctx.lineTo(w, h);
      ctx.fill();
      const blob = await new Promise<Blob>((ok) => canvas.toBlob((b) => ok(b!), 'image/jpeg', 0.85));
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let s = '';
      for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(s);
    },
    [width, height] as const,
  );
  return Buffer.from(b64, 'base64');
}

const problem = (kind: string, status: number, detail: string, field?: string) => ({
  status,
  contentType: 'application/problem+json',
  body: JSON.stringify({ type: `https://likeness.dev/problems/${kind}`, title: kind, status, detail, ...(field ? { field } : {}) }),
});

/* ------------------------------------------------------------------ tests: the page */

describe('stylize page', () => {
  test('works without JavaScript: styles rendered at build time, a native form post to the API', async () => {
    const page = await newPage(browser, { origin: site.baseUrl, javaScriptEnabled: false });
    await page.goto(`${site.baseUrl}/stylize`);
    await expect(page.locator('h1').textContent()).resolves.toMatch(/Stylize/);
    await expect(page.getByText('Coming soon').count()).resolves.toBe(0);
    const input = photoInput(page);
    await expect(input.isVisible()).resolves.toBe(true);
    await expect(input.getAttribute('name')).resolves.toBe('image');
    await expect(input.getAttribute('accept')).resolves.toBe('image/*');
    const form = page.locator('form[data-stylize-form]');
    await expect(form.getAttribute('action')).resolves.toBe('/v1/stylize');
    await expect(form.getAttribute('enctype')).resolves.toBe('multipart/form-data');
    // The catalogue is in the page: a radio group with thumbnails, the first style chosen.
    const radios = styleRadios(page);
    expect(await radios.count()).toBeGreaterThan(0);
    await expect(radios.first().isChecked()).resolves.toBe(true);
    const thumbs = await page
      .locator('.style-thumb img')
      .evaluateAll((imgs) => (imgs as HTMLImageElement[]).map((i) => i.complete && i.naturalWidth > 0));
    expect(thumbs.length, 'thumbnails shipped in site/public/styles').toBeGreaterThan(0);
    expect(thumbs.every(Boolean), 'every thumbnail loads').toBe(true);
    // (Playwright's text engine skips <noscript>, so the note is found by its class.)
    const note = page.locator('.styles-noscript');
    await expect(note.isVisible()).resolves.toBe(true);
    await expect(note.textContent()).resolves.toContain('JavaScript is off');
    await expect(page.locator('[data-styles-loading]').isVisible()).resolves.toBe(false);

    // Stylize posts the form itself; the answer (here a stand-in) opens as the page.
    let parts: Part[] = [];
    await page.route('**/v1/stylize', async (route: Route, request: Request) => {
      parts = parseMultipart(request.postDataBuffer() ?? Buffer.alloc(0), (await request.allHeaders())['content-type'] ?? '');
      await route.fulfill({ status: 200, contentType: 'image/jpeg', body: readFileSync(PHOTO) });
    });
    await input.setInputFiles(PHOTO);
    await page.locator('.style-option').nth(1).click(); // the card is the radio's visible face
    await expect(radios.nth(1).isChecked()).resolves.toBe(true);
    const chosen = await radios.nth(1).getAttribute('value');
    await page.getByRole('button', { name: 'Stylize', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/v1/stylize');
    const field = (name: string) => parts.find((p) => p.name === name)?.body.toString('utf8');
    expect(field('style')).toBe(chosen);
    expect(field('strength')).toBe('1');
    expect(field('preserve_colors')).toBeUndefined(); // unchecked: the API's default (false)
    // (Chromium does not hand a navigation's file bytes to the interceptor, so only the part is checked.)
    expect(parts.find((p) => p.name === 'image')?.filename).toBe('coffee.jpg');
    expectNoErrors(page);
    await page.context().close();
  });

  test('an accessible form: style radio group with thumbnails, keyboard, slider, switch, camera', async () => {
    const page = await openStylize();
    await waitForStyles(page);
    const nav = page.getByRole('navigation', { name: 'Primary' });
    await expect(nav.getByRole('link', { name: 'Stylize', exact: true }).getAttribute('aria-current')).resolves.toBe('page');
    await expect(page.getByRole('button', { name: 'Stylize', exact: true }).isVisible()).resolves.toBe(true);
    // The stylize progress is announced by one polite live region (the publish step has its own).
    await expect(page.locator('#stylize-status[role="status"][aria-live="polite"]').count()).resolves.toBe(1);

    // One radio per style, named by its title (and artist); the first is chosen; thumbnails load from this site.
    const radios = styleRadios(page);
    await expect(radios.count()).resolves.toBe(STYLES.length);
    await expect(page.getByRole('radio', { name: /The Starry Night/ }).isChecked()).resolves.toBe(true);
    const thumbs = await page.locator('.style-thumb img').evaluateAll((imgs) => (imgs as HTMLImageElement[]).map((i) => i.naturalWidth));
    expect(thumbs.length).toBe(STYLES.length);
    expect(thumbs.every((w) => w > 0)).toBe(true);
    await expect(page.locator('[data-style-caption]').textContent()).resolves.toBe(
      'The Starry Night — Vincent van Gogh, 1889 · Public domain',
    );

    // Keyboard: arrows move the choice within the group.
    await page.getByRole('radio', { name: /The Starry Night/ }).focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('radio', { name: /Great Wave/ }).isChecked()).resolves.toBe(true);
    await expect(page.locator('[data-style-caption]').textContent()).resolves.toContain('Katsushika Hokusai, c. 1831');

    // Strength: a labelled slider whose value is shown and spoken as a percentage.
    const strength = page.getByRole('slider', { name: 'Strength' });
    await strength.focus();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await expect(page.locator('[data-strength-output]').textContent()).resolves.toBe('90%');
    await expect(strength.getAttribute('aria-valuetext')).resolves.toBe('90%');

    // Preserve colours: a switch, toggled with Space.
    const sw = page.getByRole('switch', { name: 'Keep my photo’s colours' });
    await sw.focus();
    await page.keyboard.press('Space');
    await expect(sw.isChecked()).resolves.toBe(true);

    // Phones: a camera input (rear camera); the hidden file input stays in the tab order.
    const camera = page.getByLabel('Photo from the camera');
    await expect(camera.getAttribute('capture')).resolves.toBe('environment');
    await expect(camera.getAttribute('accept')).resolves.toBe('image/*');
    await photoInput(page).focus();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('photo');
    expectNoErrors(page);
    await page.context().close();
  });

  test('sends the reduced photo with the chosen options, then shows before/after and a download', { timeout: 90_000 }, async () => {
    const page = await openStylize();
    await waitForStyles(page);
    const big = await makeJpeg(page, 4000, 3000);

    let parts: Part[] = [];
    let accept = '';
    await page.route('**/v1/stylize', async (route: Route, request: Request) => {
      const headers = await request.allHeaders();
      accept = headers.accept ?? '';
      parts = parseMultipart(request.postDataBuffer() ?? Buffer.alloc(0), headers['content-type'] ?? '');
      // Answer with the photo it was sent (a stand-in for the painted one).
      const image = parts.find((p) => p.name === 'image')!;
      await route.fulfill({ status: 200, contentType: 'image/jpeg', body: image.body });
    });

    await photoInput(page).setInputFiles({ name: 'Lake view.jpg', mimeType: 'image/jpeg', buffer: big });
    await waitForPreview(page);
    await expect(page.locator('[data-meta]').textContent()).resolves.toContain('sent reduced to 2048×1536');
    await page.locator('.style-option', { hasText: 'The Scream' }).click(); // the card is the radio's visible face
    await expect(page.getByRole('radio', { name: /The Scream/ }).isChecked()).resolves.toBe(true);
    await page.getByRole('slider', { name: 'Strength' }).fill('0.75');
    await page.getByText('Keep my photo’s colours', { exact: true }).click();
    await expect(page.getByRole('switch', { name: 'Keep my photo’s colours' }).isChecked()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Stylize', exact: true }).click();

    const facts = await resultFacts(page, 20_000);
    const field = (name: string) => parts.find((p) => p.name === name)?.body.toString('utf8');
    expect(parts.map((p) => p.name).sort()).toEqual(['image', 'preserve_colors', 'strength', 'style']);
    expect(field('style')).toBe('the_scream');
    expect(field('strength')).toBe('0.75');
    expect(field('preserve_colors')).toBe('true');
    const image = parts.find((p) => p.name === 'image')!;
    expect(image.contentType).toBe('image/jpeg');
    expect(jpegSize(image.body)).toEqual({ width: 2048, height: 1536 });
    expect(accept).toMatch(/^image\/png\b/);

    expect(facts.after.w).toBe(2048);
    expect(facts.before.w).toBe(2048);
    expect(facts.after.alt).toBe('After: your photo repainted in the style of The Scream by Edvard Munch');
    expect(facts.href).toMatch(/^blob:/);
    expect(facts.download).toBe('Lake-view-the-scream.jpg');
    expect(facts.label).toBe('Download JPEG');
    expect(facts.blob).toEqual({ size: image.body.length, type: 'image/jpeg' });
    expect(facts.focused).toBe('result-title');
    await expect(page.locator('#result-title').textContent()).resolves.toBe('Your photo as “The Scream”');
    await expect(page.locator('[data-result-meta]').textContent()).resolves.toContain('strength 75% · your colours kept');
    await expect(page.locator('#stylize-status').textContent()).resolves.toBe('Done: your stylized photo is below.');

    // The comparison is a slider: keys move the divider.
    const slider = page.getByRole('slider', { name: 'Compare before and after' });
    await slider.focus();
    await page.keyboard.press('Home');
    await expect(slider.getAttribute('aria-valuetext')).resolves.toBe('All stylized');
    await expect(page.locator('[data-compare]').evaluate((el) => (el as HTMLElement).style.getPropertyValue('--pos'))).resolves.toBe('0%');
    await page.keyboard.press('End');
    await expect(slider.getAttribute('aria-valuetext')).resolves.toBe('All original');
    await page.locator('[data-compare]').click({ position: { x: 100, y: 100 } });
    const pos = await page.locator('[data-compare]').evaluate((el) => parseFloat((el as HTMLElement).style.getPropertyValue('--pos')));
    expect(pos).toBeGreaterThan(0);
    expect(pos).toBeLessThan(50);
    await slider.fill('50');
    await expect(slider.getAttribute('aria-valuetext')).resolves.toBe('50% original, 50% stylized');
    await page.evaluate(() => window.scrollTo(0, 0));

    // The download really saves the returned bytes under the suggested name.
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-download]').click()]);
    expect(download.suggestedFilename()).toBe('Lake-view-the-scream.jpg');

    await screenshot(page, 'stylize-mocked');
    expectNoErrors(page);
    await page.context().close();
  });

  test('offers a mix: a second painting and its share, sent as style=a:w,b:w', { timeout: 90_000 }, async () => {
    const page = await openStylize();
    await waitForStyles(page);
    let parts: Part[] = [];
    await page.route('**/v1/stylize', async (route: Route, request: Request) => {
      parts = parseMultipart(request.postDataBuffer() ?? Buffer.alloc(0), (await request.allHeaders())['content-type'] ?? '');
      await route.fulfill({ status: 200, contentType: 'image/jpeg', body: parts.find((p) => p.name === 'image')!.body });
    });
    await photoInput(page).setInputFiles(PHOTO);
    await waitForPreview(page);
    await page.locator('.style-option', { hasText: 'The Scream' }).click();

    // A labelled select (None by default) and a labelled share slider, disabled until a painting is chosen.
    const second = page.getByRole('combobox', { name: 'Mix with another painting' });
    const share = page.getByRole('slider', { name: 'Share of the second painting' });
    await expect(second.inputValue()).resolves.toBe('');
    await expect(share.isDisabled()).resolves.toBe(true);
    // The painting chosen above is not offered: a style cannot be mixed with itself.
    await expect(second.locator('option[value="the_scream"]').isDisabled()).resolves.toBe(true);
    await second.selectOption('udnie');
    await expect(share.isEnabled()).resolves.toBe(true);
    // Keyboard: the share moves in 5 % steps, shown and spoken as a percentage.
    await share.focus();
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowLeft');
    await expect(page.locator('[data-mix-output]').textContent()).resolves.toBe('30%');
    await expect(share.getAttribute('aria-valuetext')).resolves.toBe('30%');
    await page.getByRole('button', { name: 'Stylize', exact: true }).click();

    const facts = await resultFacts(page, 20_000);
    const field = (name: string) => parts.find((p) => p.name === name)?.body.toString('utf8');
    expect(parts.map((p) => p.name).sort()).toEqual(['image', 'preserve_colors', 'strength', 'style']);
    expect(field('style')).toBe('the_scream:0.7,udnie:0.3');
    await expect(page.locator('#result-title').textContent()).resolves.toBe('Your photo as “The Scream” (70%) and “Udnie” (30%)');
    await expect(page.locator('[data-result-meta]').textContent()).resolves.toContain(
      'Edvard Munch, 1893 · Francis Picabia, 1913 · strength 100%',
    );
    expect(facts.after.alt).toBe(
      'After: your photo repainted in a mix of the styles of The Scream by Edvard Munch (70%) and Udnie by Francis Picabia (30%)',
    );
    expect(facts.download).toBe('coffee-the-scream-udnie.jpg');
    await screenshot(page, 'stylize-mix-mocked');

    // All the way to the second painting is that painting alone (the API refuses a mix of one style).
    await share.fill('100');
    await page.getByRole('button', { name: 'Stylize', exact: true }).click();
    await page.waitForFunction(() => document.querySelector('#result-title')?.textContent === 'Your photo as “Udnie”');
    expect(field('style')).toBe('udnie');

    // Choosing the second painting as the first drops the mix.
    await page.locator('.style-option', { hasText: 'Udnie' }).click();
    await expect(second.inputValue()).resolves.toBe('');
    await expect(share.isDisabled()).resolves.toBe(true);
    await expect(second.locator('option[value="udnie"]').isDisabled()).resolves.toBe(true);
    await expect(second.locator('option[value="the_scream"]').isDisabled()).resolves.toBe(false);
    expectNoErrors(page);
    await page.context().close();
  });

  test('a clear message for every problem type', { timeout: 90_000 }, async () => {
    const page = await openStylize();
    await waitForStyles(page);
    const cases: { answer: Parameters<Route['fulfill']>[0] | 'abort'; title: string; target?: string }[] = [
      {
        answer: problem('unsupported-image', 415, 'The file is a GIF', 'image'),
        title: 'This photo’s format isn’t supported',
        target: 'photo',
      },
      {
        answer: problem('invalid-image', 422, 'The JPEG is truncated', 'image'),
        title: 'The photo looks damaged or incomplete',
        target: 'photo',
      },
      { answer: problem('payload-too-large', 413, 'The body is over 10 MB'), title: 'The photo is too large to upload', target: 'photo' },
      { answer: problem('image-too-large', 413, 'Decoding would need 80 MiB'), title: 'The photo has too many pixels', target: 'photo' },
      { answer: problem('missing-image', 400, "Field 'image' is missing", 'image'), title: 'Choose a photo first', target: 'photo' },
      {
        answer: problem('style-not-found', 404, "Unknown style 'starry_night'; known styles: udnie."),
        title: 'That style is no longer available',
        target: 'style',
      },
      {
        answer: problem('validation-failed', 422, 'strength must be between 0 and 1', 'strength'),
        title: 'The strength was not accepted',
        target: 'strength',
      },
      {
        answer: problem('validation-failed', 422, 'preserve_colors must be true or false', 'preserve_colors'),
        title: 'The colour setting was not accepted',
        target: 'preserve-colors',
      },
      { answer: problem('internal', 500, 'boom'), title: 'Something went wrong on our side' },
      { answer: { status: 502, contentType: 'text/html', body: '<h1>Bad gateway</h1>' }, title: 'Something went wrong on our side' },
      { answer: { status: 200, contentType: 'application/json', body: '{}' }, title: 'Unexpected response' },
      { answer: 'abort', title: 'The server could not be reached' },
    ];
    let current = cases[0];
    await page.route('**/v1/stylize', (route) =>
      current.answer === 'abort' ? route.abort('connectionrefused') : route.fulfill(current.answer),
    );

    await photoInput(page).setInputFiles(PHOTO);
    await waitForPreview(page);
    const summary = page.locator('[data-error-summary]');
    for (const c of cases) {
      current = c;
      await page.getByRole('button', { name: 'Stylize', exact: true }).click();
      await page.locator('[data-error-summary]:not([hidden])').waitFor();
      await expect(summary.getAttribute('role')).resolves.toBe('alert');
      await expect(summary.locator('[data-error-title]').textContent(), JSON.stringify(c.answer)).resolves.toBe(c.title);
      await expect(summary.locator('[data-error-advice]').textContent()).resolves.toBeTruthy();
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('stylize-error');
      // The control at fault is marked invalid, and the message links to it.
      const invalid = await page
        .locator('[aria-invalid="true"]')
        .evaluateAll((els) => [...new Set(els.map((e) => ((e as HTMLInputElement).name === 'style' ? 'style' : e.id)))]);
      expect(invalid, c.title).toEqual(c.target ? [c.target] : []);
      await expect(summary.getByRole('link').isVisible()).resolves.toBe(!!c.target);
      if (c.title === 'This photo’s format isn’t supported') await screenshot(page, 'stylize-error-mocked');
    }
    await expect(page.locator('[data-result]').isHidden()).resolves.toBe(true);
    expectNoErrors(page, { expectedFailures: true });
    await page.context().close();
  });

  test('an unsupported file shows an error message and nothing is uploaded', async () => {
    const page = await openStylize();
    await waitForStyles(page);
    let requests = 0;
    await page.route('**/v1/stylize', (route) => {
      requests++;
      return route.abort();
    });
    const summary = page.locator('[data-error-summary]:not([hidden])');

    // HEIC (header only): Chromium cannot decode it, so it is refused before upload.
    await photoInput(page).setInputFiles({
      name: 'IMG_0042.HEIC',
      mimeType: 'image/heic',
      buffer: readFileSync(join(IMAGES, 'header-only.heic')),
    });
    await summary.waitFor();
    await expect(page.locator('[data-error-title]').textContent()).resolves.toBe('“IMG_0042.HEIC” can’t be opened');
    await expect(page.locator('[data-error-advice]').textContent()).resolves.toContain('Use a JPEG, PNG or WebP photo.');
    await expect(photoInput(page).getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.locator('[data-busy]').isHidden()).resolves.toBe(true);
    await screenshot(page, 'stylize-unsupported');

    // A document that is not an image at all.
    await photoInput(page).setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a photo') });
    await expect(page.locator('[data-error-title]').textContent()).resolves.toBe('“notes.txt” isn’t a photo');

    // Pressing Stylize without a usable photo asks for one.
    await page.getByRole('button', { name: 'Stylize', exact: true }).click();
    await expect(page.locator('[data-error-title]').textContent()).resolves.toBe('Choose a photo first');

    // A real photo clears the message.
    await photoInput(page).setInputFiles(PHOTO);
    await waitForPreview(page);
    await expect(page.locator('[data-error-summary]').isHidden()).resolves.toBe(true);
    expect(requests).toBe(0);
    expectNoErrors(page);
    await page.context().close();
  });

  test('says so when the styles cannot be loaded, and retries', async () => {
    const page = await newPage(browser, { origin: site.baseUrl });
    let fail = true;
    await mockStyles(page);
    await page.route('**/v1/styles', (route) =>
      fail ? route.fulfill(problem('internal', 500, 'catalogue unavailable')) : route.fallback(),
    );
    // As built without a catalogue: no options in the page, so the list comes from the API only.
    await page.route('**/stylize', async (route) => {
      const res = await route.fetch();
      const html = (await res.text())
        .replace(/(<div[^>]*data-style-list[^>]*>)[\s\S]*?(<\/div>)/, '$1$2')
        .replace(/\sdata-prerendered(="")?/, '');
      await route.fulfill({ response: res, body: html });
    });
    await page.goto(`${site.baseUrl}/stylize`);
    await page.locator('[data-style-fieldset][data-state="error"]').waitFor();
    await expect(page.locator('[data-styles-error-text]').textContent()).resolves.toBe(
      'The styles could not be loaded. Please retry in a moment.',
    );
    fail = false;
    await page.getByRole('button', { name: 'Retry' }).click();
    await waitForStyles(page);
    await expect(styleRadios(page).count()).resolves.toBe(STYLES.length);
    await expect(page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).resolves.toBe('style');
    expectNoErrors(page, { expectedFailures: true });
    await page.context().close();
  });

  test('fits a narrow screen in dark mode, result included', async () => {
    const page = await openStylize({ viewport: { width: 390, height: 844 }, colorScheme: 'dark' });
    await page.route('**/v1/stylize', async (route: Route, request: Request) => {
      const parts = parseMultipart(request.postDataBuffer() ?? Buffer.alloc(0), (await request.allHeaders())['content-type'] ?? '');
      await route.fulfill({ status: 200, contentType: 'image/jpeg', body: parts.find((p) => p.name === 'image')!.body });
    });
    await waitForStyles(page);
    await photoInput(page).setInputFiles(PHOTO);
    await waitForPreview(page);
    await page.getByRole('button', { name: 'Stylize', exact: true }).click();
    const facts = await resultFacts(page, 20_000);
    expect(facts.after.w).toBe(600);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, 'horizontal overflow in px').toBeLessThanOrEqual(0);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'stylize-mobile-dark-mocked');
    expectNoErrors(page);
    await page.context().close();
  });
});

/* ------------------------------------------------------------------ tests: against the real API */

describe('stylize page against the real API', () => {
  test('stylizes a real photo: an image comes back, before/after, download; screenshots', { timeout: 240_000 }, async (ctx) => {
    if (!(await apiHasStylize())) return ctx.skip('the Worker does not serve GET /v1/styles and POST /v1/stylize yet');

    const page = await openStylize({ mock: false });
    // The API's catalogue replaces (or confirms) the one rendered at build time.
    await waitForStyles(page, 30_000);
    const radios = styleRadios(page);
    expect(await radios.count()).toBeGreaterThan(0);
    // The catalogue's thumbnails are served by this site.
    const thumbs = await page.locator('.style-thumb img').evaluateAll((imgs) =>
      Promise.all(
        (imgs as HTMLImageElement[]).map((i) =>
          i.decode().then(
            () => i.naturalWidth,
            () => 0,
          ),
        ),
      ),
    );
    expect(thumbs.length).toBe(await radios.count());
    expect(
      thumbs.every((w) => w > 0),
      'every thumbnail loads',
    ).toBe(true);

    await photoInput(page).setInputFiles(PHOTO);
    await waitForPreview(page);
    // Pick a style other than the default one, as a user would.
    const pick = Math.min(1, (await radios.count()) - 1);
    await page.locator('.style-option').nth(pick).click();
    await expect(radios.nth(pick).isChecked()).resolves.toBe(true);
    const response = page.waitForResponse((r) => r.url().endsWith('/v1/stylize'), { timeout: 180_000 });
    await page.getByRole('button', { name: 'Stylize', exact: true }).click();
    const res = await response;
    expect(res.status(), await res.text().catch(() => '')).toBe(200);
    expect(res.headers()['content-type']).toMatch(/^image\/png/);

    const facts = await resultFacts(page, 60_000);
    expect(facts.after.w).toBeGreaterThan(0);
    expect(facts.after.h).toBeGreaterThan(0);
    // Same aspect ratio as the photo (600x400), at most the default 1024 px.
    expect(Math.max(facts.after.w, facts.after.h)).toBeLessThanOrEqual(1024);
    expect(facts.after.w / facts.after.h).toBeCloseTo(1.5, 1);
    expect(facts.href).toMatch(/^blob:/);
    expect(facts.download).toMatch(/^coffee-[a-z0-9-]+\.png$/);
    expect(facts.blob?.type).toBe('image/png');
    expect(facts.blob?.size).toBeGreaterThan(1000);
    await page.evaluate(() => window.scrollTo(0, 0)); // full-page shots draw the sticky header where the page is scrolled
    await screenshot(page, 'stylize');

    // The same result on a phone-sized screen (one model run is enough for both screenshots).
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, 'horizontal overflow in px').toBeLessThanOrEqual(0);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'stylize-mobile');

    expectNoErrors(page);
    expect(page.log.failed).toEqual([]);
    await page.context().close();
  });

  test('a mix of two styles returns an image', { timeout: 240_000 }, async (ctx) => {
    if (!(await apiHasStylize())) return ctx.skip('the Worker does not serve GET /v1/styles and POST /v1/stylize yet');
    const page = await openStylize({ mock: false });
    await waitForStyles(page, 30_000);
    const ids = await styleRadios(page).evaluateAll((radios) => (radios as HTMLInputElement[]).map((r) => r.value));
    expect(ids.length).toBeGreaterThan(1);
    await photoInput(page).setInputFiles(PHOTO);
    await waitForPreview(page);
    // The request is read on its way to the real API (only an intercepted request carries its body).
    let style: string | undefined;
    await page.route('**/v1/stylize', async (route: Route, request: Request) => {
      const parts = parseMultipart(request.postDataBuffer() ?? Buffer.alloc(0), (await request.allHeaders())['content-type'] ?? '');
      style = parts.find((p) => p.name === 'style')?.body.toString('utf8');
      await route.continue();
    });
    // The first painting is chosen; mix in the second at 40 %.
    await page.getByRole('combobox', { name: 'Mix with another painting' }).selectOption(ids[1]);
    await page.getByRole('slider', { name: 'Share of the second painting' }).fill('40');
    const response = page.waitForResponse((r) => r.url().endsWith('/v1/stylize'), { timeout: 180_000 });
    await page.getByRole('button', { name: 'Stylize', exact: true }).click();
    const res = await response;
    expect(res.status(), await res.text().catch(() => '')).toBe(200);
    expect(res.headers()['content-type']).toMatch(/^image\/png/);
    expect(style).toBe(`${ids[0]}:0.6,${ids[1]}:0.4`);
    // The API reports the mix as used (normalised weights).
    expect(res.headers()['x-style']).toBe(`${ids[0]}:0.6,${ids[1]}:0.4`);

    const facts = await resultFacts(page, 60_000);
    expect(facts.after.w / facts.after.h).toBeCloseTo(1.5, 1);
    expect(facts.blob?.type).toBe('image/png');
    expect(facts.blob?.size).toBeGreaterThan(1000);
    expect(facts.download).toBe(`coffee-${ids[0]}-${ids[1]}.png`.replace(/_/g, '-'));
    await expect(page.locator('#result-title').textContent()).resolves.toMatch(/^Your photo as “.+” \(60%\) and “.+” \(40%\)$/);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'stylize-mix');
    expectNoErrors(page);
    expect(page.log.failed).toEqual([]);
    await page.context().close();
  });
});
