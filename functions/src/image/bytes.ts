// Bounds-checked readers for binary headers. Out-of-range reads return undefined-free sentinels
// (-1) instead of NaN, so header parsers can test for truncation in one place.

export function u8(b: Uint8Array, at: number): number {
  return at >= 0 && at < b.length ? b[at] : -1;
}

export function u16be(b: Uint8Array, at: number): number {
  return at >= 0 && at + 2 <= b.length ? (b[at] << 8) | b[at + 1] : -1;
}

export function u16le(b: Uint8Array, at: number): number {
  return at >= 0 && at + 2 <= b.length ? b[at] | (b[at + 1] << 8) : -1;
}

export function u24le(b: Uint8Array, at: number): number {
  return at >= 0 && at + 3 <= b.length ? b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) : -1;
}

export function u32be(b: Uint8Array, at: number): number {
  return at >= 0 && at + 4 <= b.length ? ((b[at] << 24) >>> 0) + ((b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) : -1;
}

export function u32le(b: Uint8Array, at: number): number {
  return at >= 0 && at + 4 <= b.length ? ((b[at + 3] << 24) >>> 0) + ((b[at + 2] << 16) | (b[at + 1] << 8) | b[at]) : -1;
}

/** Latin-1 text of b[at, at+length), '' when out of range (for 4CCs and signatures). */
export function ascii(b: Uint8Array, at: number, length: number): string {
  if (at < 0 || at + length > b.length) return '';
  let s = '';
  for (let i = 0; i < length; i++) s += String.fromCharCode(b[at + i]);
  return s;
}

export function startsWith(b: Uint8Array, signature: readonly number[], at = 0): boolean {
  if (at + signature.length > b.length) return false;
  for (let i = 0; i < signature.length; i++) if (b[at + i] !== signature[i]) return false;
  return true;
}
