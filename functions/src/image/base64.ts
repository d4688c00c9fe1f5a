// Base64 and data: URLs from JSON bodies, decoded straight into bytes (no intermediate binary
// string as atob would make; Buffer does not exist in workerd). Accepts the standard and URL-safe
// alphabets, missing padding and embedded whitespace/newlines (as MIME-wrapped base64 has).

const SKIP = -1;
const INVALID = -2;
const VALUES = (() => {
  const table = new Int8Array(256).fill(INVALID);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  table[0x2b] = table[0x2d] = 62; // + and -
  table[0x2f] = table[0x5f] = 63; // / and _
  for (const c of [0x20, 0x09, 0x0a, 0x0d, 0x3d]) table[c] = SKIP; // whitespace and '=' padding
  return table;
})();

export class Base64Error extends Error {}

/** Decodes base64; throws Base64Error naming the first bad character's position. */
export function decodeBase64(text: string): Uint8Array {
  let significant = 0;
  let padding = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const value = code < 256 ? VALUES[code] : INVALID;
    if (value === INVALID) throw new Base64Error(`invalid base64 character at position ${i}`);
    if (code === 0x3d) padding = true;
    else if (value !== SKIP) {
      if (padding) throw new Base64Error(`base64 data continues after '=' padding at position ${i}`);
      significant++;
    }
  }
  if (significant % 4 === 1) throw new Base64Error('base64 data has an impossible length');
  const out = new Uint8Array(Math.floor((significant * 3) / 4));
  let bits = 0;
  let bitCount = 0;
  let o = 0;
  for (let i = 0; i < text.length; i++) {
    const value = VALUES[text.charCodeAt(i)];
    if (value < 0) continue;
    bits = ((bits << 6) | value) & 0xffffff;
    bitCount += 6;
    if (bitCount >= 8) {
      bitCount -= 8;
      out[o++] = (bits >> bitCount) & 0xff;
    }
  }
  return out;
}

export interface DataUrl {
  mediaType: string;
  bytes: Uint8Array;
}

/** Parses `data:[<media type>][;params];base64,<data>`; undefined when text is not a data URL. */
export function parseDataUrl(text: string): DataUrl | undefined {
  if (!/^data:/i.test(text)) return undefined;
  const comma = text.indexOf(',');
  if (comma < 0) throw new Base64Error("data URL has no ',' before its data");
  const [mediaType = '', ...params] = text.slice(5, comma).split(';');
  if (!params.some((p) => p.trim().toLowerCase() === 'base64')) {
    throw new Base64Error('data URL must be base64-encoded (data:image/jpeg;base64,...)');
  }
  return { mediaType: mediaType.trim().toLowerCase(), bytes: decodeBase64(text.slice(comma + 1)) };
}
