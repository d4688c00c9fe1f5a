// @ts-check
// Static site for Likeness. The Cloudflare Worker (functions/) serves the API under /v1 and these
// built files as Workers static assets from ./dist, so this must stay a fully static build.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'astro/config';
import { copyModelAssets } from './scripts/model-assets.mjs';

/**
 * Fails the build when a page would need the Content-Security-Policy (site/public/_headers) to allow
 * inline code: an inline <script> (JSON data blocks excepted), an event-handler attribute, a
 * javascript: URL, or a <style> element. Move such code into a bundled <script> or a stylesheet.
 * @returns {import('astro').AstroIntegration}
 */
function noInlineCode() {
  return {
    name: 'likeness:no-inline-code',
    hooks: {
      'astro:build:done': async ({ dir }) => {
        const root = fileURLToPath(dir);
        const found = [];
        for (const entry of await readdir(root, { recursive: true })) {
          if (!entry.endsWith('.html')) continue;
          const html = await readFile(join(root, entry), 'utf8');
          for (const [tag, attrs] of html.matchAll(/<script\b([^>]*)>/gi))
            if (!/\ssrc\s*=/i.test(attrs) && !/\stype\s*=\s*["']?application\/(ld\+)?json/i.test(attrs))
              found.push(`${entry}: inline ${tag}`);
          for (const [tag] of html.matchAll(/<style\b[^>]*>/gi)) found.push(`${entry}: ${tag} element`);
          for (const [tag] of html.matchAll(/<[a-z][^>]*?\son[a-z]+\s*=[^>]*>/gi))
            found.push(`${entry}: event-handler attribute in ${tag.slice(0, 80)}`);
          for (const [tag] of html.matchAll(/<[a-z][^>]*?=\s*["']?\s*javascript:[^>]*>/gi))
            found.push(`${entry}: javascript: URL in ${tag.slice(0, 80)}`);
        }
        if (found.length)
          throw new Error(`inline code the site's Content-Security-Policy forbids (site/public/_headers):\n  ${found.join('\n  ')}`);
      },
    },
  };
}

/**
 * Copies the models the Worker runs into dist/ under their content-addressed names, as planned by
 * `npm run worker:prepare` (functions/generated/model-assets.json, listed by GET /v1/models), so
 * browsers and apps download exactly those bytes (README, "On-device mode").
 * @returns {import('astro').AstroIntegration}
 */
function modelAssets() {
  return {
    name: 'likeness:model-assets',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const plan = JSON.parse(await readFile(new URL('./functions/generated/model-assets.json', import.meta.url), 'utf8'));
        copyModelAssets(plan, fileURLToPath(new URL('./models/', import.meta.url)), fileURLToPath(dir));
        logger.info(`copied ${plan.models.length} model(s) and the verification head to dist/models/`);
      },
    },
  };
}

export default defineConfig({
  srcDir: './site/src',
  publicDir: './site/public',
  outDir: './dist',
  output: 'static',
  // /verify -> dist/verify.html. Workers static assets (html_handling "auto-trailing-slash", the
  // default) serve /verify from verify.html with no redirect, so links stay slash-less.
  trailingSlash: 'never',
  // Stylesheets always as files (never inlined as <style>), so the Content-Security-Policy in
  // site/public/_headers can keep style-src 'self' (see README, Security headers).
  build: { format: 'file', inlineStylesheets: 'never' },
  // Likewise scripts: Astro inlines small bundled scripts (and Vite small assets) below this limit;
  // 0 keeps every script an external file, so script-src stays 'self' with no hashes to maintain.
  vite: { build: { assetsInlineLimit: 0 } },
  // Everything is local: no external fonts, scripts or CDNs; no dev toolbar phoning home.
  devToolbar: { enabled: false },
  prefetch: false,
  integrations: [noInlineCode(), modelAssets()],
});
