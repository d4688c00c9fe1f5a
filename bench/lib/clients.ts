// Benchmarks time the anonymous path, which is rate-limited per client address (http/rate-limit.ts).
// wrangler dev keeps a CF-Connecting-IP header the client sends, so each timed request comes from a
// new address (198.18.0.0/15, the benchmarking range): no request is refused, and no D1 key lookup
// enters the timings.
let next = 0;

export function freshClient(): Record<string, string> {
  const n = next++;
  return { 'cf-connecting-ip': `198.${18 + ((n >> 16) & 1)}.${(n >> 8) & 255}.${n & 255}` };
}
