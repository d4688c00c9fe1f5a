// Reusable harness for browser tests: real headless Chromium (Debian's package) driven by
// playwright-core, plus a base URL to test against.
//
//   CHROMIUM_PATH  Chromium binary (default /usr/bin/chromium).
//   BASE_URL       Where the site is served, if no base URL is passed to startSite(). Must be an absolute
//                  http(s) URL: vitest itself sets BASE_URL="/" (Vite's base), which is ignored.
//   SITE_DIR       Folder the fallback static server serves (default <repo>/dist).
//
// Base URL precedence in startSite(url): the argument (tests pass `inject('baseUrl')`, provided by
// test/browser/global-setup.ts running the Worker under `wrangler dev`), then BASE_URL, then a tiny
// static server of dist/ started here (fallback for running without the Worker).
//
// Usage:
//   const site = await startSite(inject('baseUrl'));   // { baseUrl, close }
//   const browser = await launchBrowser();
//   const page = await newPage(browser);     // records console errors, failed and off-origin requests
//   await page.goto(site.baseUrl + '/');
//   await screenshot(page, 'home');          // test-results/home.png
//   await browser.close(); await site.close();

import { createReadStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type LaunchOptions, type Page } from 'playwright-core';

export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';
export const RESULTS_DIR = join(REPO_ROOT, 'test-results');

/** Flags for Chromium in CI/containers: headless, no sandbox (root, no user namespaces), no GPU, no network chatter. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM;
}

/**
 * Launch headless Chromium. playwright-core gives each launch a fresh temporary user-data-dir and
 * removes it on close. Extra args are appended to CHROMIUM_FLAGS.
 */
export async function launchBrowser(options: LaunchOptions = {}): Promise<Browser> {
  const { args = [], ...rest } = options;
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    chromiumSandbox: false,
    timeout: 60_000,
    ...rest,
    args: [...CHROMIUM_FLAGS, ...args],
  });
}

export interface PageLog {
  /** console.error messages and uncaught page errors. */
  errors: string[];
  /** Requests that failed at the network level or got an HTTP status >= 400: "STATUS URL". */
  failed: string[];
  /** Subresource requests to any origin other than the site's (the site must work offline). */
  external: string[];
}

export type LoggedPage = Page & { log: PageLog };

export interface PageOptions {
  viewport?: { width: number; height: number };
  colorScheme?: 'light' | 'dark';
  /** The site's origin, for `log.external`; defaults to the origin of the page's current URL. */
  origin?: string;
  /** false: check that a page is readable without JavaScript. */
  javaScriptEnabled?: boolean;
}

let contexts = 0;

/**
 * A page in a fresh context (clean storage) that records errors and requests for assertions. Each
 * context is its own client address (CF-Connecting-IP, which wrangler dev keeps when sent), as
 * separate visitors are: the per-address rate limits (stylize: 10 a minute) are sized for people,
 * not for a test suite that stylizes from one machine.
 */
export async function newPage(browser: Browser, opts: PageOptions = {}): Promise<LoggedPage> {
  const n = ++contexts;
  const context = await browser.newContext({
    viewport: opts.viewport ?? { width: 1280, height: 900 },
    colorScheme: opts.colorScheme ?? 'light',
    reducedMotion: 'reduce',
    javaScriptEnabled: opts.javaScriptEnabled ?? true,
    extraHTTPHeaders: { 'cf-connecting-ip': `100.64.${(n >> 8) & 255}.${n & 255}` },
  });
  const page = (await context.newPage()) as LoggedPage;
  const log: PageLog = { errors: [], failed: [], external: [] };
  page.log = log;
  page.on('console', (m) => {
    if (m.type() === 'error') log.errors.push(m.text());
  });
  page.on('pageerror', (e) => log.errors.push(String(e)));
  page.on('requestfailed', (r) => log.failed.push(`${r.failure()?.errorText ?? 'failed'} ${r.url()}`));
  page.on('response', (r) => {
    if (r.status() >= 400) log.failed.push(`${r.status()} ${r.url()}`);
  });
  page.on('request', (r) => {
    const url = r.url();
    if (!/^https?:/.test(url) || r.isNavigationRequest()) return; // data:, blob:; link clicks are not loads
    const pageUrl = page.url();
    const origin = opts.origin ? new URL(opts.origin).origin : /^https?:/.test(pageUrl) ? new URL(pageUrl).origin : undefined;
    if (origin && new URL(url).origin !== origin) log.external.push(url);
  });
  return page;
}

/**
 * Save a PNG to test-results/<name>.png and return its path: the full page by default; the
 * viewport for very tall pages (the API reference), whose full-page capture takes tens of seconds
 * on a busy machine and shows nothing more that a test checks.
 */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: options.fullPage ?? true });
  return path;
}

/* ------------------------------------------------------------------ site under test */

export interface Site {
  baseUrl: string;
  /** Stops the fallback server; a no-op when BASE_URL was given. */
  close(): Promise<void>;
}

const isAbsoluteHttp = (u: string | undefined): u is string => !!u && /^https?:\/\/[^/]/i.test(u);

/**
 * The site under test: `baseUrl` if given (e.g. the Worker under `wrangler dev`), else BASE_URL if it is
 * an absolute http(s) URL, else a static server of SITE_DIR / dist started here.
 */
export async function startSite(baseUrl?: string): Promise<Site> {
  const given = isAbsoluteHttp(baseUrl) ? baseUrl : isAbsoluteHttp(process.env.BASE_URL) ? process.env.BASE_URL : undefined;
  if (given) return { baseUrl: given.replace(/\/+$/, ''), close: async () => {} };
  const dir = process.env.SITE_DIR ? resolve(process.env.SITE_DIR) : join(REPO_ROOT, 'dist');
  try {
    await stat(join(dir, 'index.html'));
  } catch {
    throw new Error(`No BASE_URL and no built site at ${dir}: run \`npx astro build\` (npm run site:build) first.`);
  }
  return serveStatic(dir);
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
};

/**
 * Minimal static server on 127.0.0.1 (random port), resolving URLs like Workers static assets with
 * html_handling "auto-trailing-slash": /x -> x, x.html, x/index.html; unknown paths -> 404.html (404).
 */
export async function serveStatic(dir: string, port = 0): Promise<Site> {
  const root = resolve(dir);
  const isFile = async (p: string) => {
    try {
      return (await stat(p)).isFile();
    } catch {
      return false;
    }
  };
  const find = async (pathname: string): Promise<string | undefined> => {
    let rel: string;
    try {
      rel = decodeURIComponent(pathname);
    } catch {
      return undefined;
    }
    const base = normalize(join(root, rel));
    if (base !== root && !base.startsWith(root + sep)) return undefined; // path traversal
    const candidates = rel.endsWith('/') ? [join(base, 'index.html')] : [base, `${base}.html`, join(base, 'index.html')];
    for (const c of candidates) if (await isFile(c)) return c;
    return undefined;
  };

  const server: Server = createServer(async (req, res) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' }).end();
        return;
      }
      const url = new URL(req.url ?? '/', 'http://localhost');
      let file = await find(url.pathname);
      let status = 200;
      if (!file) {
        status = 404;
        file = (await isFile(join(root, '404.html'))) ? join(root, '404.html') : undefined;
      }
      if (!file) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
        return;
      }
      const { size } = await stat(file);
      res.writeHead(status, {
        'content-type': MIME[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'content-length': size,
        'cache-control': 'no-store',
      });
      if (req.method === 'HEAD') res.end();
      else createReadStream(file).pipe(res);
    } catch (e) {
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(String(e));
    }
  });

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok());
  });
  const { port: actual } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${actual}`,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
