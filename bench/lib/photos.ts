// Photos for benchmarks: real ones from ../shared/data when present, else a committed fixture,
// so `npm run bench` runs anywhere and says which it used.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SHARED = fileURLToPath(new URL('../../../shared/data/', import.meta.url));

export interface BenchPhoto {
  path: string;
  label: string;
}

export function benchPhoto(): BenchPhoto {
  const real = `${SHARED}style/content/classic/brad_pitt.jpg`;
  if (existsSync(real)) return { path: real, label: 'shared/data/style/content/classic/brad_pitt.jpg' };
  return {
    path: fileURLToPath(new URL('../../test/fixtures/images/baseline-420.jpg', import.meta.url)),
    label: 'fixture baseline-420.jpg',
  };
}
