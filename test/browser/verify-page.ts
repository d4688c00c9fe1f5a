// Driving the verify page (/verify) from playwright: shared by the Chromium tests and the browser
// benchmark (bench/browser.ts), so both read the answer the same way: from the result's data-*
// attributes, which the page sets from the JSON answer (site/src/scripts/verify/main.ts).
import type { Page } from 'playwright-core';

/** Opens /verify (with `query`, e.g. ?where=device&engine=wasm&threads=1) and waits for its script. */
export async function openVerify(page: Page, baseUrl: string, query = ''): Promise<void> {
  const res = await page.goto(`${baseUrl}/verify${query}`, { waitUntil: 'load' });
  if (res?.status() !== 200) throw new Error(`GET /verify${query}: HTTP ${res?.status()}`);
  await page.locator('form[data-verify-form].js').waitFor();
}

export const onDeviceOption = (page: Page) => page.getByRole('radio', { name: 'On this device' });
export const onServerOption = (page: Page) => page.getByRole('radio', { name: 'On our server' });
export const verifyButton = (page: Page) => () => page.getByRole('button', { name: 'Verify' }).click();

/** Chooses photos A and B and waits for both previews. */
export async function choosePhotos(page: Page, a: string, b: string): Promise<void> {
  await page.getByLabel('Photo A', { exact: true }).setInputFiles(a);
  await page.getByLabel('Photo B', { exact: true }).setInputFiles(b);
  for (const p of ['a', 'b']) await page.locator(`[data-slot="${p}"] img[data-preview]:not([hidden])`).waitFor({ timeout: 20_000 });
}

/** What the result shows: the answer's numbers, where it ran ('device' | 'server') and the engine. */
export interface ShownAnswer {
  match: boolean;
  distance: number;
  probability: number;
  ran: string;
  engine?: string;
  text: string;
}

/** Does `action` (Verify, or clicking a face's outline) and returns the answer the result then shows; throws on a shown error. */
export async function resultAfter(page: Page, action: () => Promise<void>, timeout = 120_000): Promise<ShownAnswer> {
  await page.evaluate(() => document.querySelector<HTMLElement>('[data-result]')?.removeAttribute('data-distance'));
  await action();
  await page.waitForFunction(
    () => {
      const form = document.querySelector('[data-verify-form]');
      const error = document.querySelector<HTMLElement>('[data-error-summary]');
      const result = document.querySelector<HTMLElement>('[data-result]');
      return form?.getAttribute('aria-busy') !== 'true' && (!error?.hidden || (!result?.hidden && !!result?.dataset.distance));
    },
    null,
    { timeout },
  );
  const error = page.locator('[data-error-summary]');
  if (await error.isVisible()) throw new Error(`the page showed an error: ${await error.textContent()}`);
  return page.locator('[data-result]').evaluate((r: HTMLElement) => ({
    match: r.dataset.match === 'true',
    distance: Number(r.dataset.distance),
    probability: Number(r.dataset.probability),
    ran: r.dataset.ran ?? '',
    engine: r.dataset.engine,
    text: r.querySelector('[data-ran-on]')?.textContent ?? '',
  }));
}
