// Seeded random numbers for reproducible evaluation, benchmarks and tests (the same sequence in Node
// and workerd): one implementation for collections:eval's enrolment draws, collections:bench's synthetic
// collections, the search tests and the parity inputs of every model.

/** mulberry32: uniform in [0, 1), tiny and seedable. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal samples (Box-Muller, two uniforms per sample) drawn from `uniform`. */
export function normalSampler(uniform: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(uniform() + 1e-12)) * Math.cos(2 * Math.PI * uniform());
}
