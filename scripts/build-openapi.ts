// Writes the API's OpenAPI 3.1 document to site/src/generated/openapi.json for the site's API
// reference page, from the same zod schemas the Worker validates with. No runtime is loaded.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createApp, openApiDocument } from '../functions/src/app';

const app = createApp({
  runtime: () => {
    throw new Error('build-openapi: no inference runtime; only the document is built');
  },
});
const out = new URL('../site/src/generated/openapi.json', import.meta.url);
mkdirSync(new URL('.', out), { recursive: true });
writeFileSync(out, `${JSON.stringify(openApiDocument(app), null, 2)}\n`);
console.log(`build-openapi: wrote ${out.pathname}`);
