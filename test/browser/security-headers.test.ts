// @vitest-environment node
// Security headers of the site (issue 13, finding 6) in real headless Chromium against the Worker
// under `wrangler dev` (static assets with dist/_headers, the API through the Worker): every page
// carries a strict Content-Security-Policy (no inline or eval'd script, cannot be framed),
// X-Content-Type-Options, Referrer-Policy and Permissions-Policy; every static asset and API answer
// the page loads carries nosniff; and no page triggers a CSP violation while loading or while a
// chosen photo is previewed (blob: URLs). Only /verify may compile WebAssembly ('wasm-unsafe-eval')
// and start workers from the site's own files (worker-src 'self'), for on-device verify
// (test/browser/on-device.test.ts runs it without a violation); every other page allows neither.
import { join } from 'node:path';
import type { Browser, Response as PwResponse } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { launchBrowser, newPage, REPO_ROOT, startSite, type LoggedPage, type Site } from './harness';

let site: Site;
let browser: Browser;

beforeAll(async () => {
  site = await startSite(inject('baseUrl'));
  browser = await launchBrowser();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

const PAGES = [
  { path: '/', status: 200 },
  { path: '/verify', status: 200 },
  { path: '/stylize', status: 200 },
  { path: '/gallery', status: 200 },
  { path: '/api', status: 200 },
  { path: '/no-such-page', status: 404 },
] as const;

declare global {
  interface Window {
    __cspViolations: string[];
  }
}

/** A page that records every `securitypolicyviolation` event from the first byte on. */
async function watchedPage(): Promise<{ page: LoggedPage; responses: PwResponse[] }> {
  const page = await newPage(browser, { origin: site.baseUrl });
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener(
      'securitypolicyviolation',
      (e) =>
        window.__cspViolations.push(
          `${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber} ${e.sample}`,
        ),
      true,
    );
  });
  const responses: PwResponse[] = [];
  page.on('response', (r) => responses.push(r));
  return { page, responses };
}

async function violations(page: LoggedPage): Promise<string[]> {
  const fromEvents = await page.evaluate(() => window.__cspViolations ?? []);
  const fromConsole = page.log.errors.filter((e) => /Content[- ]Security[- ]Policy/i.test(e));
  return [...fromEvents, ...fromConsole];
}

/** Splits a CSP header into directive -> sources. */
function parseCsp(header: string | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of (header ?? '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out.set(name.toLowerCase(), sources);
  }
  return out;
}

function expectStrictSiteHeaders(headers: Record<string, string>, what: string) {
  expect(headers['x-content-type-options'], `${what}: X-Content-Type-Options`).toBe('nosniff');
  expect(headers['referrer-policy'], `${what}: Referrer-Policy`).toMatch(
    /^(no-referrer|strict-origin-when-cross-origin|same-origin|strict-origin)$/,
  );
  const permissions = headers['permissions-policy'] ?? '';
  for (const feature of ['camera', 'microphone', 'geolocation', 'payment', 'usb'])
    expect(permissions, `${what}: Permissions-Policy ${feature}`).toMatch(new RegExp(`(^|,)\\s*${feature}=\\(\\)`));

  // Cross-origin isolated (on-device verify's WASM threads need SharedArrayBuffer).
  expect(headers['cross-origin-opener-policy'], `${what}: COOP`).toBe('same-origin');
  expect(headers['cross-origin-embedder-policy'], `${what}: COEP`).toBe('require-corp');

  const csp = parseCsp(headers['content-security-policy']);
  expect(csp.get('frame-ancestors'), `${what}: frame-ancestors`).toEqual(["'none'"]);
  expect(csp.get('object-src'), `${what}: object-src`).toEqual(["'none'"]);
  expect(csp.get('default-src'), `${what}: default-src`).toEqual(["'self'"]);
  // The site's own API only; blob: is a result the page made itself (a download link).
  expect(csp.get('connect-src'), `${what}: connect-src`).toContain("'self'");
  for (const source of csp.get('connect-src') ?? []) expect(["'self'", 'blob:'], `${what}: connect-src ${source}`).toContain(source);
  expect(csp.get('form-action'), `${what}: form-action`).toEqual(["'self'"]);
  expect(["'none'", "'self'"], `${what}: base-uri`).toContainEqual(csp.get('base-uri')?.join(' '));
  const scripts = csp.get('script-src') ?? csp.get('default-src') ?? [];
  // /verify's on-device mode compiles WebAssembly (no JavaScript eval) and runs ORT's thread workers.
  const onDevice = what === '/verify';
  expect(scripts, `${what}: script-src`).toEqual(onDevice ? ["'self'", "'wasm-unsafe-eval'"] : ["'self'"]);
  expect(csp.get('worker-src'), `${what}: worker-src`).toEqual(onDevice ? ["'self'"] : ["'none'"]);
  for (const directive of ['script-src', 'style-src', 'default-src', 'style-src-elem'])
    expect(csp.get(directive) ?? [], `${what}: ${directive} has no 'unsafe-inline' or 'unsafe-eval'`).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/^'unsafe-(inline|eval)'$/)]),
    );
}

describe('site security headers', () => {
  for (const { path, status } of PAGES) {
    test(`${path}: strict CSP, nosniff, Referrer-Policy, Permissions-Policy; no CSP violation`, { timeout: 60_000 }, async () => {
      const { page, responses } = await watchedPage();
      const res = await page.goto(`${site.baseUrl}${path}`, { waitUntil: 'load' });
      expect(res?.status()).toBe(status);
      expect(res?.headers()['content-type']).toMatch(/^text\/html/);
      expectStrictSiteHeaders(res!.headers(), path);
      // Let the page's scripts run and fetch what they fetch (styles, gallery items).
      await page.waitForLoadState('networkidle', { timeout: 15_000 }).catch(() => {});
      expect(await violations(page), `${path}: CSP violations`).toEqual([]);

      // Everything the page loaded from the site (scripts, styles, images, API answers) is nosniff.
      const sameOrigin = responses.filter((r) => r.url().startsWith(site.baseUrl));
      expect(sameOrigin.length).toBeGreaterThan(0);
      for (const r of sameOrigin) expect(r.headers()['x-content-type-options'], `nosniff on ${r.status()} ${r.url()}`).toBe('nosniff');
      await page.context().close();
    });
  }

  test('static assets carry nosniff and the same policy', async () => {
    for (const path of ['/favicon.svg', '/styles/starry_night.jpg']) {
      const response = await fetch(`${site.baseUrl}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
      expect(response.headers.get('content-security-policy'), path).toContain("worker-src 'none'");
      await response.arrayBuffer();
    }
    // The model files are for apps and other sites too: CORS, cross-origin resource policy, cached forever.
    const listing = (await (await fetch(`${site.baseUrl}/v1/models`)).json()) as { models: { url: string }[] };
    const model = await fetch(`${site.baseUrl}${listing.models[0].url}`);
    expect(model.status).toBe(200);
    expect(model.headers.get('access-control-allow-origin')).toBe('*');
    expect(model.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(model.headers.get('cache-control')).toMatch(/immutable/);
    await model.arrayBuffer();
    // The headers rules themselves are configuration, never served.
    const rules = await fetch(`${site.baseUrl}/_headers`);
    expect(await rules.text()).not.toContain('Content-Security-Policy');
  });

  test('pages cannot be framed', { timeout: 60_000 }, async () => {
    const page = await newPage(browser, { origin: site.baseUrl });
    // A frame on another origin (about:blank here) must not render the site.
    await page.setContent(`<iframe id="f" src="${site.baseUrl}/verify" width="600" height="400"></iframe>`);
    await page.waitForTimeout(1500);
    const frame = page.frames().find((f) => f !== page.mainFrame());
    // Chromium puts its own error page in a refused frame; the site's navigation must not be there.
    const framedSite = frame
      ? await frame
          .locator('nav[aria-label="Primary"]')
          .count()
          .catch(() => 0)
      : 0;
    expect(framedSite, `the framed page rendered (frame at ${frame?.url()})`).toBe(0);
    expect(page.log.errors.join('\n')).toMatch(/frame-ancestors/);
    await page.context().close();
  });

  test('the API reference script (a bundled file, not inline) still runs', { timeout: 60_000 }, async () => {
    const { page } = await watchedPage();
    await page.goto(`${site.baseUrl}/api`, { waitUntil: 'load' });
    // It shows the site's own origin in the request examples instead of the production one.
    await expect
      .poll(() => page.locator('#overview code[data-origin-sample]').first().textContent(), { timeout: 10_000 })
      .toContain(site.baseUrl);
    expect(await violations(page)).toEqual([]);
    await page.context().close();
  });

  test('a chosen photo previews (blob: image) without CSP violations', { timeout: 60_000 }, async () => {
    const { page } = await watchedPage();
    await page.goto(`${site.baseUrl}/verify`, { waitUntil: 'load' });
    await page.locator('form[data-verify-form].js').waitFor();
    await page.getByLabel('Photo A', { exact: true }).setInputFiles(join(REPO_ROOT, 'test/fixtures/images/baseline-420.jpg'));
    const preview = page.locator('[data-slot="a"] img[data-preview]:not([hidden])');
    await preview.waitFor({ timeout: 20_000 });
    await expect(preview.getAttribute('src')).resolves.toMatch(/^blob:/);
    await expect(preview.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).resolves.toBe(true);
    expect(await violations(page)).toEqual([]);
    await page.context().close();
  });
});
