// Summary statistics and table printing shared by every benchmark section.
export interface Summary {
  n: number;
  p50: number;
  p90: number;
  mean: number;
  min: number;
}

export function summarize(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return {
    n: sorted.length,
    p50: at(0.5),
    p90: at(0.9),
    mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
    min: sorted[0],
  };
}

/** Times `fn` `runs` times after `warmup` untimed calls; milliseconds per call. */
export async function timeRuns(fn: () => Promise<unknown>, runs: number, warmup = 3): Promise<Summary> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return summarize(samples);
}

export const ms = (v: number) => `${v.toFixed(v < 10 ? 2 : 1)} ms`;

export function printTable(title: string, rows: [string, string][]) {
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(`\n## ${title}`);
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
}

/** A Markdown table (header row, then rows), for figures that go into the README as printed. */
export function printGrid(headers: string[], rows: string[][]) {
  console.log(`| ${headers.join(' | ')} |`);
  console.log(`|${headers.map(() => '---').join('|')}|`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}
