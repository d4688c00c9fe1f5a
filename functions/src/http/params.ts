// Parameters that an endpoint accepts either in the query string or as a field of its body (JSON or
// multipart), so a form post and a query-string client both work. Given in both places is refused
// rather than silently preferring one. Each parser names the field in its 422.
import { invalidField } from '../errors';

/** The raw value of `field` from the query or the body; 422 when both carry it. */
export function queryOrBody(field: string, query: string | undefined, body: unknown): unknown {
  if (query !== undefined && body !== undefined) throw invalidField(field, 'give it in the query string or in the body, not both');
  return query ?? body;
}

/** true/false, 1/0, yes/no (any case), or a JSON boolean; absent is false. */
export function flagParam(field: string, query: string | undefined, body: unknown): boolean {
  const value = queryOrBody(field, query, body);
  if (value === undefined || value === true || value === false) return value === true;
  if (typeof value === 'string' && /^(true|1|yes)$/i.test(value.trim())) return true;
  if (typeof value === 'string' && /^(false|0|no|)$/i.test(value.trim())) return false;
  throw invalidField(field, `must be true or false, got ${JSON.stringify(value)}`);
}

/** A whole number in [min, max]; `fallback` when absent. */
export function integerParam(
  field: string,
  query: string | undefined,
  body: unknown,
  range: { min: number; max: number; fallback: number },
): number {
  const raw = queryOrBody(field, query, body);
  if (raw === undefined) return range.fallback;
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < range.min || n > range.max)
    throw invalidField(field, `must be an integer from ${range.min} to ${range.max}, got ${JSON.stringify(raw)}`);
  return n;
}

/** A finite number accepted by `valid` (described by `expected` in the error); undefined when absent. */
export function numberParam(
  field: string,
  query: string | undefined,
  body: unknown,
  valid: (n: number) => boolean,
  expected: string,
): number | undefined {
  const raw = queryOrBody(field, query, body);
  if (raw === undefined) return undefined;
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
  if (!Number.isFinite(n) || !valid(n)) throw invalidField(field, `must be ${expected}, got ${JSON.stringify(raw)}`);
  return n;
}
