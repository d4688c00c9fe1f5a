// The layout is the architecture (README "Architecture"): feature modules over a shared core, layers
// pointing down. These checks read the import statements of functions/src, so a change that makes a
// lower layer reach up, or a file that grows into one that does everything, fails here rather than
// in review.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../../functions/src');
const MAX_LINES = 400;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

const files = sources(SRC).map((path) => ({ path, name: relative(SRC, path), text: readFileSync(path, 'utf8') }));

/** The functions/src-relative paths a file imports (relative specifiers only). */
function imports(file: { path: string; text: string }): string[] {
  const specifiers = [...file.text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s+'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]);
  return specifiers.map((s) => relative(SRC, resolve(dirname(file.path), s)));
}

/** Where each layer may not import from. */
const FORBIDDEN: Record<string, readonly string[]> = {
  'image/': ['http/', 'storage/', 'features/', 'pipeline/', 'runtime/'],
  'runtime/': ['http/', 'storage/', 'features/', 'pipeline/'],
  'pipeline/': ['http/', 'storage/', 'features/'],
  'storage/': ['http/', 'pipeline/', 'features/', 'runtime/'],
  'http/': ['features/'],
  'util/': ['http/', 'storage/', 'features/', 'pipeline/', 'runtime/', 'image/'],
  'errors.ts': ['http/', 'storage/', 'features/', 'pipeline/', 'runtime/', 'image/'],
};

describe('functions/src layout', () => {
  it('has files of at most 400 lines', () => {
    const long = files.map((f) => ({ name: f.name, lines: f.text.split('\n').length })).filter((f) => f.lines > MAX_LINES);
    expect(long).toEqual([]);
  });

  it('has layers that point down', () => {
    const violations: string[] = [];
    for (const file of files) {
      const rule = Object.entries(FORBIDDEN).find(([layer]) => file.name.startsWith(layer));
      if (!rule) continue;
      for (const target of imports(file)) {
        if (rule[1].some((forbidden) => target.startsWith(forbidden))) violations.push(`${file.name} imports ${target}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('has features that use each other only through their schemas and JSON shaping', () => {
    const violations: string[] = [];
    for (const file of files.filter((f) => f.name.startsWith('features/'))) {
      const own = file.name.split('/')[1];
      for (const target of imports(file)) {
        const [top, feature, module] = target.split('/');
        if (top === 'features' && feature !== own && !/^(schema|json)(\.ts)?$/.test(module ?? ''))
          violations.push(`${file.name} imports ${target}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('keeps routes thin: only feature routes and app.ts build Hono apps, and no service touches Hono', () => {
    const violations: string[] = [];
    for (const file of files) {
      const honoApp = /new OpenAPIHono|new Hono\b/.test(file.text);
      if (honoApp && !/^features\/[^/]+\/[\w-]*routes\.ts$/.test(file.name) && file.name !== 'app.ts')
        violations.push(`${file.name} builds a Hono app`);
      if (/service\.ts$/.test(file.name) && /from 'hono|from '@hono/.test(file.text)) violations.push(`${file.name} imports Hono`);
    }
    expect(violations).toEqual([]);
  });

  it('uses one name per feature: face recognition is "collections", the community pictures are the "gallery"', () => {
    const stale = files.filter((f) => /\/galleries\b|galleryIndex|callerGallery/.test(f.text)).map((f) => f.name);
    expect(stale).toEqual([]);
  });
});
