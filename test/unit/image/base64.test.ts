import { describe, expect, it } from 'vitest';
import { Base64Error, decodeBase64, parseDataUrl } from '../../../functions/src/image/base64';

describe('decodeBase64', () => {
  it('matches Node for every length 0..64 (all padding cases)', () => {
    for (let n = 0; n <= 64; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n * 13) & 0xff);
      const b64 = Buffer.from(bytes).toString('base64');
      expect(decodeBase64(b64)).toEqual(bytes);
      expect(decodeBase64(b64.replace(/=+$/, ''))).toEqual(bytes);
      expect(decodeBase64(Buffer.from(bytes).toString('base64url'))).toEqual(bytes);
    }
  });

  it('ignores whitespace and line breaks', () => {
    expect(decodeBase64(' aGVs\r\nbG8= \t')).toEqual(new TextEncoder().encode('hello'));
  });

  it('rejects foreign characters, data after padding, and impossible lengths', () => {
    expect(() => decodeBase64('aGVs*G8=')).toThrow(/position 4/);
    expect(() => decodeBase64('aGVs=bG8')).toThrow(Base64Error);
    expect(() => decodeBase64('aGVsb')).toThrow(/length/);
    expect(() => decodeBase64('aGé=')).toThrow(Base64Error);
  });
});

describe('parseDataUrl', () => {
  it('parses media type and base64 data, with extra parameters', () => {
    expect(parseDataUrl('data:image/PNG;charset=x;base64,aGVsbG8=')).toEqual({
      mediaType: 'image/png',
      bytes: new TextEncoder().encode('hello'),
    });
    expect(parseDataUrl('DATA:;base64,aGk=')?.mediaType).toBe('');
  });

  it('returns undefined for plain base64 and throws for non-base64 data URLs', () => {
    expect(parseDataUrl('aGVsbG8=')).toBeUndefined();
    expect(() => parseDataUrl('data:image/png,abc')).toThrow(/base64/);
    expect(() => parseDataUrl('data:image/png;base64')).toThrow(/','/);
  });
});
