// @ts-check
// Static site for Likeness. The Cloudflare Worker (functions/) serves the API under /v1 and these
// built files as Workers static assets from ./dist, so this must stay a fully static build.
import { defineConfig } from 'astro/config';

export default defineConfig({
  srcDir: './site/src',
  publicDir: './site/public',
  outDir: './dist',
  output: 'static',
  // /verify -> dist/verify.html. Workers static assets (html_handling "auto-trailing-slash", the
  // default) serve /verify from verify.html with no redirect, so links stay slash-less.
  trailingSlash: 'never',
  build: { format: 'file' },
  // Everything is local: no external fonts, scripts or CDNs; no dev toolbar phoning home.
  devToolbar: { enabled: false },
  prefetch: false,
});
