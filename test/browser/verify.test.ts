// @vitest-environment node
// The verify page in real headless Chromium against the real Worker (wrangler dev):
//  - end to end: two photos of the same person -> "Same person — NN% probability" with both faces
//    outlined; a photo without a face -> a message naming that photo. Screenshots: test-results/
//    verify-match.png, verify-match-mobile.png, verify-no-face.png.
//  - in the browser only (the API answered by page.route, so these run before and regardless of the
//    model): photos are reduced to <= 2048 px and turned upright before upload; outlines land on the
//    uploaded pixels; one clear message per problem type; unreadable files and missing photos;
//    the other faces of a group photo outlined as buttons that compare that face instead (b_face).
//  - end to end with a group photo: click another face -> the request carries b_face and the
//    result names that face. Screenshot: test-results/verify-face-choice.png.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Request, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { REPO_ROOT, launchBrowser, newPage, screenshot as fullPageShot, startSite, type LoggedPage, type Site } from './harness';

let site: Site;
let browser: Browser;

const FACES = join(REPO_ROOT, 'test/fixtures/faces');
const IMAGES = join(REPO_ROOT, 'test/fixtures/images');

/**
 * Face fixtures (test/fixtures/faces, see SOURCES.md there): two different photos of one person,
 * and a real photo with no face in it.
 */
const FIXTURES = {
  sameA: join(FACES, 'same-person-1.jpg'),
  sameB: join(FACES, 'same-person-2.jpg'),
  noFace: join(FACES, 'no-face.jpg'),
  /** Three people; the largest face is used. */
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

/** Whether the Worker serves POST /v1/verify (its OpenAPI document lists it). */
async function apiHasVerify(): Promise<boolean> {
  try {
    const res = await fetch(`${site.baseUrl}/v1/openapi.json`);
    if (!res.ok) return false;
    const doc = (await res.json()) as { paths?: Record<string, Record<string, unknown>> };
    return !!doc.paths?.['/v1/verify']?.post;
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

async function openVerify(opts: Parameters<typeof newPage>[1] = {}): Promise<LoggedPage> {
  const page = await newPage(browser, { origin: site.baseUrl, ...opts });
  const res = await page.goto(`${site.baseUrl}/verify`, { waitUntil: 'load' });
  expect(res?.status()).toBe(200);
  // The script marks the form once it is wired up.
  await page.locator('form[data-verify-form].js').waitFor();
  return page;
}

const photoInput = (page: LoggedPage, photo: 'A' | 'B') => page.getByLabel(`Photo ${photo}`, { exact: true });

/** Waits until a chosen photo is decoded, reduced and previewed. */
async function waitForPreview(page: LoggedPage, photo: 'a' | 'b') {
  await page.locator(`[data-slot="${photo}"] img[data-preview]:not([hidden])`).waitFor({ timeout: 20_000 });
}

/** Full-page screenshot from the top, so the sticky header is drawn where it belongs. */
async function screenshot(page: LoggedPage, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  return fullPageShot(page, name);
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
    const chunk = body.subarray(start + delimiter.length + 2, next - 2); // skip CRLF after the delimiter and before the next
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
    const length = bytes.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: bytes.readUInt16BE(i + 5), width: bytes.readUInt16BE(i + 7) };
    }
    i += 2 + length;
  }
  throw new Error('no SOF segment');
}

/** A large test photo made in the page's own canvas: width x height JPEG, bytes returned to Node. */
async function makeJpeg(page: LoggedPage, width: number, height: number): Promise<Buffer> {
  const b64 = await page.evaluate(
    async ([w, h]) => {
      const canvas = document.createElement('canvas');
      canvas.width = w;
      canvas.height = h;
      const ctx = canvas.getContext('2d')!;
      const g = ctx.createLinearGradient(0, 0, w, h);
      g.addColorStop(0, '#6d83b5');
      g.addColorStop(1, '#e9c9a1');
      ctx.fillStyle = g;
      ctx.fillRect(0, 0, w, h);
      // Fine stripes: detail that must survive the reduction without tearing the pipeline.
      ctx.fillStyle = 'rgb(255 255 255 / 30%)';
      for (let x = 0; x < w; x += 24) ctx.fillRect(x, 0, 8, h);
      ctx.fillStyle = '#20242c';
      ctx.beginPath();
      ctx.ellipse(w / 2, h / 2, w / 8, h / 5, 0, 0, Math.PI * 2);
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

/** Where the fake group photo's faces are, as fractions of the photo: the first is the compared one by default. */
const FAKE_FACES = [
  { x: 0.3, y: 0.2, width: 0.4, height: 0.5 },
  { x: 0.02, y: 0.1, width: 0.2, height: 0.3 },
  { x: 0.78, y: 0.1, width: 0.2, height: 0.3 },
];

const fakeBox = (s: { width: number; height: number }, f: (typeof FAKE_FACES)[number]) => ({
  x: s.width * f.x,
  y: s.height * f.y,
  width: s.width * f.width,
  height: s.height * f.height,
});

/** A POST /v1/faces/detect answer (features/faces/schema.ts DetectionSchema) with the fake group photo's three faces. */
function fakeDetection(s: { width: number; height: number }) {
  return {
    width: s.width,
    height: s.height,
    analysed: s,
    faces: FAKE_FACES.map((f) => {
      const box = fakeBox(s, f);
      const at = (fx: number, fy: number) => ({ x: box.x + box.width * fx, y: box.y + box.height * fy });
      const landmarks = {
        right_eye: at(0.3, 0.35),
        left_eye: at(0.7, 0.35),
        nose: at(0.5, 0.55),
        mouth: at(0.5, 0.75),
        right_ear: at(0.02, 0.45),
        left_ear: at(0.98, 0.45),
      };
      return {
        box,
        score: 0.97,
        landmarks,
        quality: { size_px: 120, brightness: 0.5, sharpness: 0.02, pose: { yaw: 0, pitch: 0, roll: 0 }, issues: [] },
      };
    }),
  };
}

/** A 200 answer shaped like the API's (features/faces/schema.ts VerificationSchema), with boxes in the uploaded images' pixels. */
function fakeResult(
  a: { width: number; height: number },
  b: { width: number; height: number },
  extra: Record<string, unknown> = {},
  bIndex = 0,
) {
  const face = (s: { width: number; height: number }, found: number, issues: string[] = [], index = 0) => {
    const box = fakeBox(s, FAKE_FACES[index]);
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
      quality: { size_px: 120, brightness: 0.5, sharpness: 0.002, pose: { yaw: 0, pitch: 0, roll: 0 }, issues },
      index,
      faces_found: found,
    };
  };
  return {
    match: true,
    distance: 0.412,
    threshold: 0.6,
    probability: 0.973,
    faces: { a: face(a, 1), b: face(b, 3, ['face_too_small'], bIndex) },
    model: { id: 'dlib-face-encoder', version: 'test-1' },
    warnings: [
      { field: 'b', code: 'multiple_faces', detail: "Photo 'b' has 3 faces; the largest (index 0) was used." },
      { field: 'b', code: 'face_too_small', detail: "The face used in photo 'b' is face too small; the answer is less reliable." },
    ],
    ...extra,
  };
}

const problem = (kind: string, status: number, detail: string, field?: string) => ({
  status,
  contentType: 'application/problem+json',
  body: JSON.stringify({ type: `https://likeness.dev/problems/${kind}`, title: kind, status, detail, ...(field ? { field } : {}) }),
});

/* ------------------------------------------------------------------ tests */

describe('verify page', () => {
  test('explains itself without JavaScript and keeps a working form', async () => {
    const page = await newPage(browser, { origin: site.baseUrl, javaScriptEnabled: false });
    await page.goto(`${site.baseUrl}/verify`);
    await expect(page.locator('h1').textContent()).resolves.toMatch(/Verify/);
    // One-shot recognition is its own page now.
    await expect(page.getByRole('link', { name: 'Recognize', exact: true }).first().getAttribute('href')).resolves.toBe('/recognize');
    await expect(page.getByText('Coming soon').count()).resolves.toBe(0);
    await expect(page.getByText('Your photos are not stored.').isVisible()).resolves.toBe(true);
    // Both file inputs are there, visible, named for a native multipart POST to the API.
    for (const [label, name] of [
      ['A', 'a'],
      ['B', 'b'],
    ] as const) {
      const input = photoInput(page, label);
      await expect(input.isVisible()).resolves.toBe(true);
      await expect(input.getAttribute('name')).resolves.toBe(name);
      await expect(input.getAttribute('accept')).resolves.toBe('image/*');
    }
    await expect(page.locator('form[data-verify-form]').getAttribute('action')).resolves.toBe('/v1/verify');
    expectNoErrors(page);
    await page.context().close();
  });

  test('is an accessible form with a camera option for phones', async () => {
    const page = await openVerify();
    const nav = page.getByRole('navigation', { name: 'Primary' });
    await expect(nav.getByRole('link', { name: 'Verify', exact: true }).getAttribute('aria-current')).resolves.toBe('page');
    await expect(page.getByRole('button', { name: 'Verify' }).isVisible()).resolves.toBe(true);
    await expect(page.locator('[role="status"][aria-live="polite"]').count()).resolves.toBe(1);
    // The camera inputs use the front camera; they are offered on touch screens only (CSS pointer: coarse).
    for (const p of ['A', 'B'] as const) {
      const camera = page.getByLabel(`Photo ${p} from the camera`);
      await expect(camera.getAttribute('capture')).resolves.toBe('user');
      await expect(camera.getAttribute('accept')).resolves.toBe('image/*');
    }
    // Keyboard: the (visually hidden) file inputs are in the tab order.
    await photoInput(page, 'A').focus();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('photo-a');
    expectNoErrors(page);
    await page.context().close();
  });

  test('takes photos dropped on a zone; two dropped at once fill both', async () => {
    const page = await openVerify();
    await page.locator('[data-drop="a"]').evaluate(async (zone) => {
      const file = async (name: string, color: string) => {
        const canvas = document.createElement('canvas');
        canvas.width = 320;
        canvas.height = 240;
        const ctx = canvas.getContext('2d')!;
        ctx.fillStyle = color;
        ctx.fillRect(0, 0, 320, 240);
        const blob = await new Promise<Blob>((ok) => canvas.toBlob((b) => ok(b!), 'image/png'));
        return new File([blob], name, { type: 'image/png' });
      };
      const dt = new DataTransfer();
      dt.items.add(await file('first.png', '#c44'));
      dt.items.add(await file('second.png', '#44c'));
      for (const type of ['dragenter', 'dragover', 'drop'])
        zone.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    await waitForPreview(page, 'a');
    await waitForPreview(page, 'b');
    await expect(page.locator('[data-slot="a"] [data-meta]').textContent()).resolves.toContain('first.png · 320×240');
    await expect(page.locator('[data-slot="b"] [data-meta]').textContent()).resolves.toContain('second.png · 320×240');
    await expect(page.locator('[data-drop="a"]').getAttribute('class')).resolves.not.toContain('is-dragover');
    // Remove empties the slot and returns focus to its input.
    await page.getByRole('button', { name: 'Remove Photo B' }).click();
    await expect(page.locator('[data-slot="b"] [data-meta]').textContent()).resolves.toBe('No photo chosen.');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('photo-b');
    expectNoErrors(page);
    await page.context().close();
  });

  test('reduces photos to at most 2048 px, upright, before upload, and outlines the returned boxes', { timeout: 90_000 }, async () => {
    const page = await openVerify();
    const big = await makeJpeg(page, 4000, 3000);
    expect(jpegSize(big)).toEqual({ width: 4000, height: 3000 });

    let uploaded: Part[] = [];
    let sizes: Record<string, { width: number; height: number }> = {};
    let verifies = 0;
    await page.route('**/v1/verify', async (route: Route, request: Request) => {
      uploaded = parseMultipart(request.postDataBuffer() ?? Buffer.alloc(0), (await request.allHeaders())['content-type'] ?? '');
      verifies++;
      sizes = Object.fromEntries(uploaded.filter((p) => p.filename).map((p) => [p.name, jpegSize(p.body)]));
      const bFace = uploaded.find((p) => p.name === 'b_face')?.body.toString();
      const answer = bFace === undefined ? fakeResult(sizes.a, sizes.b) : fakeResult(sizes.a, sizes.b, { warnings: [] }, Number(bFace));
      await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(answer) });
    });
    // Photo B has three faces: the page asks where they all are, with the very photo it verified.
    const detected: { width: number; height: number }[] = [];
    await page.route('**/v1/faces/detect', async (route: Route, request: Request) => {
      const [image] = parseMultipart(request.postDataBuffer() ?? Buffer.alloc(0), (await request.allHeaders())['content-type'] ?? '');
      expect(image.name).toBe('image');
      const size = jpegSize(image.body);
      detected.push(size);
      await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(fakeDetection(size)) });
    });

    await photoInput(page, 'A').setInputFiles({ name: 'large.jpg', mimeType: 'image/jpeg', buffer: big });
    // Stored 32x48 with EXIF orientation 6 (rotate 90°): upright it is 48x32.
    await photoInput(page, 'B').setInputFiles(join(IMAGES, 'orientation-6.jpg'));
    await waitForPreview(page, 'a');
    await waitForPreview(page, 'b');
    await expect(page.locator('[data-slot="a"] [data-meta]').textContent()).resolves.toContain('reduced to 2048×1536');
    await page.getByRole('button', { name: 'Verify' }).click();

    const verdict = page.locator('#verdict-title');
    await verdict.waitFor({ timeout: 20_000 });
    expect(uploaded.map((p) => p.name)).toEqual(['a', 'b']); // no face chosen yet
    expect(uploaded.every((p) => p.contentType === 'image/jpeg')).toBe(true);
    expect(sizes.a).toEqual({ width: 2048, height: 1536 });
    expect(sizes.b).toEqual({ width: 48, height: 32 });
    expect(uploaded[0].body.length).toBeLessThan(5_000_000);

    // The verdict in plain words, focus on it, and the expert details.
    await expect(verdict.textContent()).resolves.toBe('Same person — 97% probability');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('verdict-title');
    // Warnings and quality issues in plain words, naming the photo, each said once.
    const notes = await page.locator('.result-notes li').allTextContents();
    expect(notes).toEqual([
      'Photo B shows 3 faces: the largest was compared. If that is not the right face, choose another on the photo below, or crop the photo to one person.',
      'Photo B: the face is small — use a closer photo',
    ]);
    await expect(page.locator('.result-frame[data-photo="b"] + figcaption [data-face-caption]').textContent()).resolves.toBe(
      ' · 3 faces found, face 1 (the largest, outlined) was compared',
    );
    await page.getByText('Details for experts').click();
    const details = page.locator('details.expert');
    await expect(details.textContent()).resolves.toMatch(/Distance\s*0\.412/);
    await expect(details.textContent()).resolves.toMatch(/Threshold\s*0\.600/);
    await expect(details.textContent()).resolves.toContain('dlib-face-encoder test-1');
    await expect(details.textContent()).resolves.toContain('b · multiple_faces');
    await expect(details.textContent()).resolves.toContain('reduced from 4000×3000');
    // The probability as a percentage, never a bare 1.0000 or 0.0000.
    await expect(details.textContent()).resolves.toMatch(/P\(same person\)\s*97\.30 %/);

    // Outlines sit where the boxes are, in the uploaded image's pixels (box = 40% x 50% of the photo).
    for (const photo of ['a', 'b'] as const) {
      const geometry = await page.locator(`.result-frame[data-photo="${photo}"]`).evaluate((frame) => {
        const svg = frame.querySelector('svg')!;
        const img = svg.querySelector('image')!.getBoundingClientRect();
        const box = svg.querySelector('[data-face="chosen"]')!.getBoundingClientRect();
        return {
          img: { x: img.x, y: img.y, w: img.width, h: img.height },
          box: { x: box.x, y: box.y, w: box.width, h: box.height },
          dots: svg.querySelectorAll('.face-landmark').length,
        };
      });
      expect(geometry.box.w / geometry.img.w).toBeCloseTo(0.4, 2);
      expect(geometry.box.h / geometry.img.h).toBeCloseTo(0.5, 2);
      expect((geometry.box.x - geometry.img.x) / geometry.img.w).toBeCloseTo(0.3, 2);
      expect((geometry.box.y - geometry.img.y) / geometry.img.h).toBeCloseTo(0.2, 2);
      expect(geometry.dots).toBe(6);
    }
    await screenshot(page, 'verify-mocked-result');

    // The other two faces of photo B are buttons (photo A has one face: nothing to choose).
    const choices = page.locator('.result-frame[data-photo="b"] .face-choice');
    await expect.poll(() => choices.count()).toBe(2);
    expect(detected).toEqual([{ width: 48, height: 32 }]);
    await expect(page.locator('.result-frame[data-photo="a"] .face-choice').count()).resolves.toBe(0);
    const second = page.getByRole('button', { name: 'Use this face: face 2 of 3 in Photo B' });
    await expect(second.getAttribute('tabindex')).resolves.toBe('0');
    // Keyboard: Tab from the verdict reaches it (photo A has no choices), Enter compares that face.
    await page.locator('#verdict-title').focus();
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).resolves.toBe(
      await second.getAttribute('aria-label'),
    );
    await page.keyboard.press('Enter');
    await expect.poll(() => verifies).toBe(2);
    expect(uploaded.map((p) => [p.name, p.filename ? 'file' : p.body.toString()])).toEqual([
      ['a', 'file'],
      ['b', 'file'],
      ['b_face', '1'],
    ]);
    const caption = page.locator('.result-frame[data-photo="b"] + figcaption [data-face-caption]');
    await expect.poll(() => caption.textContent()).toBe(' · 3 faces found, face 2 (your choice, outlined) was compared');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('verdict-title');
    // The chosen outline moved to face 2; faces 1 and 3 are the choices now, and the photo was not detected again.
    await expect
      .poll(() =>
        page.locator('.result-frame[data-photo="b"] .face-choice').evaluateAll((g) => g.map((e) => e.getAttribute('data-face-index'))),
      )
      .toEqual(['0', '2']);
    expect(detected).toHaveLength(1);
    const moved = await page.locator('.result-frame[data-photo="b"]').evaluate((frame) => {
      const img = frame.querySelector('svg image')!.getBoundingClientRect();
      const box = frame.querySelector('[data-face="chosen"]')!.getBoundingClientRect();
      return { x: (box.x - img.x) / img.width, w: box.width / img.width };
    });
    expect(moved.x).toBeCloseTo(FAKE_FACES[1].x, 2);
    expect(moved.w).toBeCloseTo(FAKE_FACES[1].width, 2);
    // A face the visitor chose gets no "largest was compared" note.
    await expect(page.locator('.result-notes').textContent()).resolves.not.toMatch(/largest was compared/);
    expectNoErrors(page);
    await page.context().close();
  });

  test('names the photo and the problem for every kind of error', { timeout: 90_000 }, async () => {
    const page = await openVerify();
    const cases: { answer: Parameters<Route['fulfill']>[0] | 'abort'; title: string; photo?: 'a' | 'b' }[] = [
      { answer: problem('no-face', 422, "Field 'b': no face was found", 'b'), title: 'No face found in Photo B', photo: 'b' },
      { answer: problem('no-face', 422, "Field 'a': no face was found", 'a'), title: 'No face found in Photo A', photo: 'a' },
      {
        answer: problem('unsupported-image', 415, "Field 'a': the file is a GIF", 'a'),
        title: 'Photo A is in a format that can’t be read',
        photo: 'a',
      },
      {
        answer: problem('invalid-image', 422, "Field 'b': the JPEG is truncated", 'b'),
        title: 'Photo B looks damaged or incomplete',
        photo: 'b',
      },
      { answer: problem('image-too-large', 413, "Field 'b': too many pixels", 'b'), title: 'Photo B has too many pixels', photo: 'b' },
      { answer: problem('payload-too-large', 413, 'The body is over 10 MB'), title: 'The photos are too large to upload' },
      { answer: problem('missing-image', 400, "Field 'b' is missing", 'b'), title: 'Photo B is missing', photo: 'b' },
      { answer: problem('internal', 500, 'boom'), title: 'Something went wrong on our side' },
      { answer: { status: 502, contentType: 'text/html', body: '<h1>Bad gateway</h1>' }, title: 'Something went wrong on our side' },
      { answer: 'abort', title: 'The server could not be reached' },
    ];
    let current = cases[0];
    await page.route('**/v1/verify', (route) =>
      current.answer === 'abort' ? route.abort('connectionrefused') : route.fulfill(current.answer),
    );

    await photoInput(page, 'A').setInputFiles(join(IMAGES, 'baseline-420.jpg'));
    await photoInput(page, 'B').setInputFiles(join(IMAGES, 'orientation-1.jpg'));
    await waitForPreview(page, 'a');
    await waitForPreview(page, 'b');

    const summary = page.locator('[data-error-summary]');
    for (const c of cases) {
      current = c;
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.locator('[data-error-summary]:not([hidden])').waitFor();
      await expect(summary.getAttribute('role')).resolves.toBe('alert');
      await expect(summary.locator('[data-error-title]').textContent(), JSON.stringify(c.answer)).resolves.toBe(c.title);
      await expect(summary.locator('[data-error-advice]').textContent()).resolves.toBeTruthy();
      // Focus moves to the message; the photo at fault is marked and linked.
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('verify-error');
      for (const p of ['a', 'b'] as const) {
        const invalid = await page.locator(`#photo-${p}`).getAttribute('aria-invalid');
        expect(invalid === 'true', `photo ${p} marked invalid for ${c.title}`).toBe(c.photo === p);
      }
      // The link fits the case: a photo the API found missing is chosen, one at fault is replaced.
      const choose = c.title.endsWith('is missing') ? 'Choose photo' : 'Choose another photo';
      if (c.photo) await expect(summary.getByRole('link').textContent()).resolves.toBe(`${choose} ${c.photo.toUpperCase()}`);
      if (c.title === 'No face found in Photo B') await screenshot(page, 'verify-error-mocked');
    }
    // The result area stays empty after errors.
    await expect(page.locator('[data-result]').isHidden()).resolves.toBe(true);
    expectNoErrors(page, { expectedFailures: true });
    await page.context().close();
  });

  test('refuses a file the browser cannot open, and asks for a missing photo', async () => {
    const page = await openVerify();
    let requests = 0;
    await page.route('**/v1/verify', (route) => {
      requests++;
      return route.abort();
    });
    // Nothing chosen: the link asks to choose a photo, not "another" one.
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page.locator('[data-error-title]').textContent()).resolves.toBe('Choose two photos');
    await expect(page.locator('[data-error-summary]').getByRole('link').textContent()).resolves.toBe('Choose photo A');
    // Text with a .png name: the browser cannot decode it, so nothing is uploaded.
    await photoInput(page, 'A').setInputFiles({
      name: 'holiday.png',
      mimeType: 'image/png',
      buffer: readFileSync(join(IMAGES, 'text-posing-as.png')),
    });
    await page.locator('[data-error-summary]:not([hidden])').waitFor();
    await expect(page.locator('[data-error-title]').textContent()).resolves.toBe('Photo A can’t be opened');
    await expect(page.locator('#photo-a-error').textContent()).resolves.toBe('Photo A can’t be opened');

    await photoInput(page, 'A').setInputFiles(join(IMAGES, 'baseline-420.jpg'));
    await waitForPreview(page, 'a');
    await expect(page.locator('[data-error-summary]').isHidden()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page.locator('[data-error-title]').textContent()).resolves.toBe('Photo B is missing');
    await expect(page.locator('#photo-b').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.locator('[data-error-summary]').getByRole('link').textContent()).resolves.toBe('Choose photo B');

    // Photo B's file refused, then Verify pressed: the specific reason stays (not "Photo B is missing").
    await photoInput(page, 'B').setInputFiles({
      name: 'scan.png',
      mimeType: 'image/png',
      buffer: readFileSync(join(IMAGES, 'text-posing-as.png')),
    });
    await page.locator('#photo-b-error:not([hidden])').waitFor();
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page.locator('[data-error-title]').textContent()).resolves.toBe('Photo B can’t be opened');
    await expect(page.locator('#photo-b-error').textContent()).resolves.toBe('Photo B can’t be opened');
    await expect(page.locator('[data-error-summary]').getByRole('link').textContent()).resolves.toBe('Choose another photo B');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('verify-error');
    expect(requests).toBe(0);
    expectNoErrors(page, { expectedFailures: true });
    await page.context().close();
  });
});

describe('verify page against the real API', () => {
  const haveFixtures = [FIXTURES.sameA, FIXTURES.sameB, FIXTURES.noFace].every((f) => existsSync(f));

  test('two photos of the same person: verdict, outlines, screenshot', { timeout: 120_000 }, async (ctx) => {
    if (!(await apiHasVerify())) return ctx.skip('the Worker does not serve POST /v1/verify yet');
    if (!haveFixtures) return ctx.skip(`face fixtures missing under ${FACES}`);

    for (const viewport of [
      { width: 1280, height: 900, name: 'verify-match' },
      { width: 390, height: 844, name: 'verify-match-mobile' },
    ]) {
      const page = await openVerify({ viewport });
      await photoInput(page, 'A').setInputFiles(FIXTURES.sameA);
      await photoInput(page, 'B').setInputFiles(FIXTURES.sameB);
      await waitForPreview(page, 'a');
      await waitForPreview(page, 'b');
      const response = page.waitForResponse((r) => r.url().endsWith('/v1/verify'));
      await page.getByRole('button', { name: 'Verify' }).click();
      expect((await response).status()).toBe(200);

      const verdict = page.locator('#verdict-title');
      await verdict.waitFor({ timeout: 60_000 });
      await expect(verdict.textContent()).resolves.toMatch(/^Same person — (>99|\d{1,2})% probability$/);
      for (const photo of ['a', 'b'] as const) {
        const box = await page.locator(`.result-frame[data-photo="${photo}"] [data-face="chosen"]`).boundingBox();
        expect(box, `outline drawn on photo ${photo}`).not.toBeNull();
        expect(box!.width).toBeGreaterThan(10);
        expect(box!.height).toBeGreaterThan(10);
      }
      await page.getByText('Details for experts').click();
      await expect(page.locator('details.expert').textContent()).resolves.toMatch(/Distance\s*\d/);
      if (viewport.width < 500) {
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, 'horizontal overflow in px').toBeLessThanOrEqual(0);
      }
      await screenshot(page, viewport.name);
      expectNoErrors(page);
      expect(page.log.failed).toEqual([]);
      await page.context().close();
    }
  });

  test('a photo with several faces: the largest is compared and the page says so', { timeout: 120_000 }, async (ctx) => {
    if (!(await apiHasVerify())) return ctx.skip('the Worker does not serve POST /v1/verify yet');
    if (!existsSync(FIXTURES.group) || !existsSync(FIXTURES.sameA)) return ctx.skip(`face fixtures missing under ${FACES}`);

    const page = await openVerify();
    await photoInput(page, 'A').setInputFiles(FIXTURES.sameA);
    await photoInput(page, 'B').setInputFiles(FIXTURES.group);
    await waitForPreview(page, 'a');
    await waitForPreview(page, 'b');
    await page.getByRole('button', { name: 'Verify' }).click();
    const verdict = page.locator('#verdict-title');
    await verdict.waitFor({ timeout: 60_000 });
    await expect(verdict.textContent()).resolves.toMatch(/^Different people — (>99|\d{1,2})% probability$/);
    await expect(page.locator('.result-notes').textContent()).resolves.toMatch(/Photo B shows \d+ faces: the largest was compared/);
    const caption = page.locator('.result-frame[data-photo="b"] + figcaption [data-face-caption]');
    await expect(caption.textContent()).resolves.toMatch(/(\d+) faces found, face 1 \(the largest, outlined\) was compared/);
    const found = Number(/(\d+) faces found/.exec((await caption.textContent()) ?? '')![1]);
    expect(found).toBeGreaterThan(1);
    await screenshot(page, 'verify-several-faces');

    // Every other face is outlined (POST /v1/faces/detect on the photo that was verified) as a button.
    const choices = page.locator('.result-frame[data-photo="b"] .face-choice');
    await choices.first().waitFor({ timeout: 60_000 });
    await expect(choices.count()).resolves.toBe(found - 1);
    // Click face 2: the same photos are compared again with b_face=1, and the result names that face.
    // The request is let through to the API; intercepting it is what gives its multipart body to the test.
    let parts: Part[] | undefined;
    await page.route('**/v1/verify', async (route: Route, request: Request) => {
      parts = parseMultipart(request.postDataBuffer() ?? Buffer.alloc(0), (await request.allHeaders())['content-type'] ?? '');
      await route.continue();
    });
    const answer = page.waitForResponse((r) => r.url().endsWith('/v1/verify'));
    await page.getByRole('button', { name: `Use this face: face 2 of ${found} in Photo B` }).click();
    await expect.poll(() => parts?.map((p) => p.name)).toEqual(['a', 'b', 'b_face']);
    expect(parts!.find((p) => p.name === 'b_face')?.body.toString()).toBe('1');
    const res = await answer;
    expect(res.status()).toBe(200);
    expect(((await res.json()) as { faces: { b: { index: number } } }).faces.b.index).toBe(1);
    await expect
      .poll(() => caption.textContent(), { timeout: 60_000 })
      .toBe(` · ${found} faces found, face 2 (your choice, outlined) was compared`);
    await expect(page.locator('#verdict-title').textContent()).resolves.toMatch(/^(Same person|Different people|Too close to call) — /);
    await page.getByText('Details for experts').click();
    await expect(page.locator('details.expert').textContent()).resolves.toContain(`face 2 of ${found} (largest first, chosen)`);
    await expect(page.locator('details.expert').textContent()).resolves.not.toMatch(/P\(same person\)\s*[01]\.0000/);
    await screenshot(page, 'verify-face-choice');
    expectNoErrors(page);
    await page.context().close();
  });

  test('a photo with no face: the message names the photo', { timeout: 120_000 }, async (ctx) => {
    if (!(await apiHasVerify())) return ctx.skip('the Worker does not serve POST /v1/verify yet');
    if (!haveFixtures) return ctx.skip(`face fixtures missing under ${FACES}`);

    const page = await openVerify();
    await photoInput(page, 'A').setInputFiles(FIXTURES.sameA);
    await photoInput(page, 'B').setInputFiles(FIXTURES.noFace);
    await waitForPreview(page, 'a');
    await waitForPreview(page, 'b');
    const response = page.waitForResponse((r) => r.url().endsWith('/v1/verify'));
    await page.getByRole('button', { name: 'Verify' }).click();
    const res = await response;
    expect(res.status()).toBe(422);
    expect(res.headers()['content-type']).toContain('application/problem+json');

    await page.locator('[data-error-summary]:not([hidden])').waitFor({ timeout: 60_000 });
    await expect(page.locator('[data-error-title]').textContent()).resolves.toBe('No face found in Photo B');
    await expect(page.locator('#photo-b-error').textContent()).resolves.toBe('No face found in Photo B');
    await expect(page.locator('[data-result]').isHidden()).resolves.toBe(true);
    await screenshot(page, 'verify-no-face');
    expectNoErrors(page, { expectedFailures: true });
    await page.context().close();
  });
});
