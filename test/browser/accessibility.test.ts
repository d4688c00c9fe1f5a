// @vitest-environment node
// Automated accessibility checks: axe-core (the version pinned in package.json) on every page of the
// site, in real headless Chromium against the real Worker (wrangler dev), on a desktop screen and a
// 390 px phone, in the light and the dark colour scheme. The WCAG 2.0/2.1/2.2 A and AA rules run, and
// axe's best practices; a serious or critical violation fails the page, naming the rule, its impact,
// the elements (CSS selectors) and axe's help page. Every violation found, of any impact, is written
// to test-results/accessibility.json.
//
// "Every page" is every page file in site/src/pages (index -> /, 404 -> an unknown path), so a page
// added later is checked without touching this file. Beyond the pages as they load, the states a
// visitor reaches: the gallery with pictures, a picture's detail dialog and its report form, a
// missing picture; verify on this device with its result (real: nothing is sent); the verify and
// stylize results (their API answered by page.route, so they do not depend on the models); the
// recognize page with people enrolled and a photo identified (real API).
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { AxeResults, ImpactValue } from 'axe-core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { styleCatalogue } from '../../functions/src/pipeline/stylize';
import { REPO_ROOT, RESULTS_DIR, launchBrowser, newPage, type LoggedPage, type Site, startSite } from './harness';

let site: Site;
let browser: Browser;

/**
 * axe-core's browser build, evaluated in each page through the DevTools protocol (page.evaluate):
 * the site's Content-Security-Policy (script-src 'self') would refuse it as an inline <script>.
 */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The rule sets run: WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
/**
 * axe's experimental rules that test a WCAG criterion, run as well: among them, that a control's
 * accessible name contains its visible text (2.5.3, label-content-name-mismatch).
 */
const EXPERIMENTAL_WCAG_RULES = [
  'label-content-name-mismatch',
  'css-orientation-lock',
  'p-as-heading',
  'table-fake-caption',
  'td-has-header',
];
/** Impacts that fail a page; moderate and minor ones are reported in accessibility.json only. */
const FAILING: ImpactValue[] = ['serious', 'critical'];

/** The screens every page is checked on. */
const VARIANTS = [
  { name: 'desktop, light', viewport: { width: 1280, height: 900 }, colorScheme: 'light' },
  { name: 'desktop, dark', viewport: { width: 1280, height: 900 }, colorScheme: 'dark' },
  { name: 'phone, light', viewport: { width: 390, height: 844 }, colorScheme: 'light' },
  { name: 'phone, dark', viewport: { width: 390, height: 844 }, colorScheme: 'dark' },
] as const;
type Variant = (typeof VARIANTS)[number];

/** Every page the site builds: site/src/pages/<name>.astro -> /<name> (index -> /, 404 -> a path that is not there). */
const PAGES = readdirSync(join(REPO_ROOT, 'site/src/pages'))
  .filter((f) => f.endsWith('.astro') && !f.includes('['))
  .map((f) => f.replace(/\.astro$/, ''))
  .sort()
  .map((name) => ({
    name,
    path: name === 'index' ? '/' : name === '404' ? '/no-such-page' : `/${name}`,
    status: name === '404' ? 404 : 200,
  }));

interface Violation {
  id: string;
  impact: ImpactValue | null;
  help: string;
  helpUrl: string;
  targets: string[];
  summary: string;
}

interface Finding extends Violation {
  page: string;
  variant: string;
}

const findings: Finding[] = [];

beforeAll(async () => {
  site = await startSite(inject('baseUrl'));
  browser = await launchBrowser();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await mkdir(RESULTS_DIR, { recursive: true });
  await writeFile(join(RESULTS_DIR, 'accessibility.json'), `${JSON.stringify(findings, null, 2)}\n`);
});

/** Runs axe on the page as it is now and returns its violations, in a shape that prints well. */
async function audit(page: LoggedPage): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(
    async ({ tags, experimental }) => {
      const { axe } = window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResults> } };
      const result = await axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        rules: Object.fromEntries(experimental.map((id) => [id, { enabled: true }])),
        resultTypes: ['violations'],
      });
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact ?? null,
        help: v.help,
        helpUrl: v.helpUrl,
        targets: v.nodes.map((n) => n.target.map(String).join(' >> ')),
        summary: v.nodes[0]?.failureSummary ?? '',
      }));
    },
    { tags: TAGS, experimental: EXPERIMENTAL_WCAG_RULES },
  );
  return violations;
}

/** "rule (impact): help — url" and the elements, one a line: what a failing check prints. */
function describeViolations(violations: Violation[]): string {
  return violations
    .map((v) => {
      const targets = v.targets.slice(0, 12).map((t) => `      ${t}`);
      if (v.targets.length > 12) targets.push(`      … and ${v.targets.length - 12} more`);
      return `  ${v.id} (${v.impact}, ${v.targets.length}×): ${v.help}\n    ${v.helpUrl}\n${targets.join('\n')}\n    ${v.summary.replace(/\n/g, '\n    ')}`;
    })
    .join('\n');
}

/**
 * Opens `path` on each screen, lets `prepare` bring the page to the state under test, audits it and
 * fails on serious or critical violations, listing them for every screen at once.
 */
async function checkPage(
  label: string,
  path: string,
  options: { status?: number; prepare?: (page: LoggedPage) => Promise<void>; variants?: readonly Variant[] } = {},
) {
  const failures: string[] = [];
  for (const variant of options.variants ?? VARIANTS) {
    const page = await newPage(browser, { origin: site.baseUrl, viewport: variant.viewport, colorScheme: variant.colorScheme });
    try {
      const res = await page.goto(`${site.baseUrl}${path}`, { waitUntil: 'networkidle' });
      expect(res?.status(), `${path} status`).toBe(options.status ?? 200);
      await options.prepare?.(page);
      const violations = await audit(page);
      for (const v of violations) findings.push({ page: label, variant: variant.name, ...v });
      const failing = violations.filter((v) => v.impact && FAILING.includes(v.impact));
      if (failing.length) failures.push(`${label} — ${variant.name}:\n${describeViolations(failing)}`);
    } finally {
      await page.context().close();
    }
  }
  expect(failures, `serious or critical accessibility violations\n${failures.join('\n\n')}`).toEqual([]);
}

/* ------------------------------------------------------------------ states behind a click or an answer */

const FACES = join(REPO_ROOT, 'test/fixtures/faces');
/** A real photo, 600x400, CC0 (test/fixtures/photos/SOURCES.md). */
const PHOTO = join(REPO_ROOT, 'test/fixtures/photos/coffee.jpg');

/** Publishes the photo to the gallery through the API, as a visitor would from the stylize page; its id. */
async function publish(title: string): Promise<string> {
  const form = new FormData();
  form.append('image', new Blob([readFileSync(PHOTO)], { type: 'image/jpeg' }), 'coffee.jpg');
  form.append('style', styleCatalogue()[0].id);
  form.append('title', title);
  form.append('author', 'Accessibility test');
  const res = await fetch(`${site.baseUrl}/v1/gallery`, { method: 'POST', body: form });
  const text = await res.text();
  expect(res.status, text).toBe(201);
  return (JSON.parse(text) as { id: string }).id;
}

/** A verification answer shaped like the API's (features/faces/schema.ts), with a box inside each photo. */
function verification() {
  const face = (found: number, issues: string[]) => {
    const box = { x: 60, y: 50, width: 140, height: 170 };
    const at = (fx: number, fy: number) => ({ x: box.x + box.width * fx, y: box.y + box.height * fy });
    return {
      box,
      score: 0.97,
      landmarks: {
        right_eye: at(0.3, 0.35),
        left_eye: at(0.7, 0.35),
        nose: at(0.5, 0.55),
        mouth: at(0.5, 0.75),
        right_ear: at(0.02, 0.45),
        left_ear: at(0.98, 0.45),
      },
      quality: { size_px: 140, brightness: 0.5, sharpness: 0.002, pose: { yaw: 0, pitch: 0, roll: 0 }, issues },
      index: 0,
      faces_found: found,
    };
  };
  return {
    match: true,
    distance: 0.412,
    threshold: 0.6,
    probability: 0.973,
    faces: { a: face(1, []), b: face(2, ['face_too_small']) },
    model: { id: 'dlib-face-encoder', version: 'test-1' },
    warnings: [{ field: 'b', code: 'multiple_faces', detail: "Photo 'b' has 2 faces; the largest (index 0) was used." }],
  };
}

/* ------------------------------------------------------------------ tests */

describe('axe on every page', () => {
  test('the page list covers the site', () => {
    expect(PAGES.map((p) => p.name)).toEqual(expect.arrayContaining(['404', 'api', 'gallery', 'index', 'stylize', 'verify']));
  });

  for (const { name, path, status } of PAGES) {
    // The API reference is long (every operation, its tables and samples): axe takes a while on it.
    test(`${name} (${path})`, { timeout: name === 'api' ? 300_000 : 120_000 }, async () => {
      await checkPage(name, path, { status });
    });
  }
});

describe('axe on the states a visitor reaches', () => {
  let itemId: string | undefined;

  beforeAll(async () => {
    // The gallery of a fresh local Worker is empty: two pictures give it a grid (and a detail to open).
    const res = await fetch(`${site.baseUrl}/v1/openapi.json`).catch(() => undefined);
    if (!res?.ok) return; // the static fallback server has no API
    await publish(`Morning coffee ${Date.now()}`);
    itemId = await publish(`Coffee, repainted ${Date.now()}`);
  }, 60_000);

  test('API reference with every example and folded section open', { timeout: 300_000 }, async () => {
    // With JavaScript one example language shows at a time, and schemas and problem examples are
    // folded: show them all, so every highlighted token and every scrolling block is checked.
    await checkPage('api (everything shown)', '/api', {
      variants: [VARIANTS[0], VARIANTS[3]],
      prepare: async (page) => {
        await page.evaluate(() => {
          for (const el of document.querySelectorAll<HTMLElement>('[data-sample][hidden]')) el.hidden = false;
          for (const el of document.querySelectorAll('details')) el.open = true;
        });
      },
    });
  });

  test('gallery with pictures', { timeout: 120_000 }, async (ctx) => {
    if (!itemId) return ctx.skip();
    await checkPage('gallery (pictures)', '/gallery', {
      prepare: async (page) => {
        await page.locator(`[data-grid] .tile[data-item-id="${itemId}"] img`).evaluate((img: HTMLImageElement) => img.decode());
      },
    });
  });

  test('gallery: a picture opened, and its report form', { timeout: 180_000 }, async (ctx) => {
    if (!itemId) return ctx.skip();
    const opened = async (page: LoggedPage) => {
      await page.getByRole('dialog').getByRole('heading', { level: 2 }).waitFor();
      await page
        .getByRole('dialog')
        .locator('img[data-detail-img]')
        .evaluate((img: HTMLImageElement) => img.decode());
    };
    await checkPage('gallery (detail)', `/gallery?item=${itemId}`, { prepare: opened });
    await checkPage('gallery (report form)', `/gallery?item=${itemId}`, {
      prepare: async (page) => {
        await opened(page);
        await page.getByRole('dialog').getByRole('button', { name: 'Report' }).click();
        await page.getByRole('dialog').getByLabel('What is wrong with this picture?').waitFor();
      },
    });
  });

  test('gallery: a picture that is not there', { timeout: 120_000 }, async () => {
    await checkPage('gallery (missing picture)', '/gallery?item=0000000000000000', {
      prepare: async (page) => {
        // The page says so, in the dialog or in its status line, once the API has answered.
        await expect
          .poll(() =>
            page.evaluate(() => !!document.querySelector('dialog[open]') || !!document.querySelector('[data-status]')?.textContent?.trim()),
          )
          .toBe(true);
      },
    });
  });

  test('verify with a result', { timeout: 120_000 }, async () => {
    await checkPage('verify (result)', '/verify', {
      prepare: async (page) => {
        await page.route('**/v1/verify', (route) =>
          route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(verification()) }),
        );
        await page.locator('form[data-verify-form].js').waitFor();
        await page.getByLabel('Photo A', { exact: true }).setInputFiles(join(FACES, 'same-person-1.jpg'));
        await page.getByLabel('Photo B', { exact: true }).setInputFiles(join(FACES, 'group.jpg'));
        for (const slot of ['a', 'b'])
          await page.locator(`[data-slot="${slot}"] img[data-preview]:not([hidden])`).waitFor({ timeout: 20_000 });
        await page.getByRole('button', { name: 'Verify' }).click();
        await page.locator('#verdict-title').waitFor({ timeout: 20_000 });
        await page.getByText('Details for experts').click();
      },
    });
  });

  test('verify on this device, with a result', { timeout: 240_000 }, async () => {
    // The real thing (no answer to fake: nothing is sent): the models run in the page.
    await checkPage('verify (on this device)', '/verify?where=device', {
      prepare: async (page) => {
        await page.locator('form[data-verify-form].js').waitFor();
        await page.getByLabel('Photo A', { exact: true }).setInputFiles(join(FACES, 'same-person-1.jpg'));
        await page.getByLabel('Photo B', { exact: true }).setInputFiles(join(FACES, 'same-person-2.jpg'));
        for (const slot of ['a', 'b'])
          await page.locator(`[data-slot="${slot}"] img[data-preview]:not([hidden])`).waitFor({ timeout: 20_000 });
        await page.getByRole('button', { name: 'Verify' }).click();
        await page.locator('#verdict-title').waitFor({ timeout: 120_000 });
        await page.locator('[data-ran-on="device"]').waitFor();
        await page.getByText('Details for experts').click();
      },
    });
  });

  test('recognize with people enrolled and a photo identified', { timeout: 300_000 }, async (ctx) => {
    // Real photos through the real API (the page keeps the embeddings; nothing to mock cheaply).
    const doc = await fetch(`${site.baseUrl}/v1/openapi.json`)
      .then((r) => (r.ok ? (r.json() as Promise<{ paths?: Record<string, unknown> }>) : undefined))
      .catch(() => undefined);
    if (!PAGES.some((p) => p.name === 'recognize') || !doc?.paths?.['/v1/faces/identify']) return ctx.skip();
    await checkPage('recognize (result)', '/recognize', {
      prepare: async (page) => {
        await page.locator('[data-recognize].js').waitFor();
        for (const [name, photo] of [
          ['Eileen', 'same-person-1.jpg'],
          ['Ana', 'group.jpg'],
        ]) {
          await page.getByLabel('Name', { exact: true }).fill(name);
          await page.getByLabel('Photo of this person', { exact: true }).setInputFiles(join(FACES, photo));
          await page.locator('[data-slot="enrol"] img[data-preview]:not([hidden])').waitFor({ timeout: 20_000 });
          await page.getByRole('button', { name: 'Add person', exact: true }).click();
          await page.locator(`li[data-person="${name}"]`).waitFor({ timeout: 60_000 });
        }
        await page.getByLabel('Photo to identify', { exact: true }).setInputFiles(join(FACES, 'group.jpg'));
        await page.locator('[data-slot="identify"] img[data-preview]:not([hidden])').waitFor({ timeout: 20_000 });
        await page.getByRole('button', { name: 'Identify', exact: true }).click();
        await page.locator('[data-result] [data-result-title]').waitFor({ timeout: 60_000 });
      },
    });
  });

  test('stylize with a result', { timeout: 120_000 }, async () => {
    await checkPage('stylize (result)', '/stylize', {
      prepare: async (page) => {
        // The painting is a stand-in (the photo itself): the page around it is what is checked.
        await page.route('**/v1/stylize', (route) => route.fulfill({ status: 200, contentType: 'image/jpeg', body: readFileSync(PHOTO) }));
        await page.locator('[data-style-fieldset][data-state="ready"]').waitFor({ timeout: 30_000 });
        await page.getByLabel('Photo', { exact: true }).setInputFiles(PHOTO);
        await page.locator('img[data-preview]:not([hidden])').waitFor({ timeout: 20_000 });
        await page.getByRole('button', { name: 'Stylize', exact: true }).click();
        await page.locator('[data-result]:not([hidden]) img[data-after]').waitFor({ timeout: 30_000 });
        await page.locator('[data-result-actions]').getByRole('button', { name: 'Publish to gallery' }).click();
      },
    });
  });
});
