// Format detection and header reading, without decoding.
import { describe, expect, it } from 'vitest';
import { assertImageComplete, readImageHeader, sniffFormat } from '../../../functions/src/image/sniff';
import { fixture, problemFrom } from './helpers';

describe('readImageHeader', () => {
  it.each([
    ['baseline-420.jpg', { format: 'jpeg', width: 48, height: 32, components: 3, progressive: false }],
    ['progressive.jpg', { format: 'jpeg', width: 48, height: 32, progressive: true }],
    ['grey.jpg', { format: 'jpeg', components: 1 }],
    ['cmyk.jpg', { format: 'jpeg', components: 4 }],
    ['orientation-6.jpg', { format: 'jpeg', width: 32, height: 48 }],
    ['rgba.png', { format: 'png', width: 48, height: 32, bitDepth: 8, colorType: 6, interlaced: false }],
    ['palette.png', { format: 'png', bitDepth: 2, colorType: 3 }],
    ['grey-16.png', { format: 'png', width: 8, height: 4, bitDepth: 16, colorType: 0 }],
    ['huge-dimensions.png', { format: 'png', width: 100000, height: 100000 }],
    ['huge-dimensions.jpg', { format: 'jpeg', width: 60000, height: 60000 }],
    ['lossy.webp', { format: 'webp', width: 48, height: 32, lossless: false }],
    ['lossless.webp', { format: 'webp', width: 48, height: 32, lossless: true, hasAlpha: true }],
  ])('%s', (name, expected) => {
    expect(readImageHeader(fixture(name))).toMatchObject(expected);
  });

  it('finds the EXIF block (TIFF header) in a JPEG', () => {
    const { exif } = readImageHeader(fixture('orientation-6.jpg'));
    expect(exif && String.fromCharCode(exif[0], exif[1])).toMatch(/II|MM/);
  });

  it.each([
    ['animated.png', 'apng'],
    ['animated.webp', 'webp-animated'],
    ['animated.gif', 'gif'],
    ['still.gif', 'gif'],
    ['image.bmp', 'bmp'],
    ['header-only.heic', 'heic'],
  ])('%s -> 415 naming %s', async (name, format) => {
    const problem = await problemFrom(() => readImageHeader(fixture(name)));
    expect([problem.status, problem.kind, problem.extensions.format]).toEqual([415, 'unsupported-image', format]);
  });

  it('bytes that are no known format -> 415 without a format', async () => {
    const problem = await problemFrom(() => readImageHeader(fixture('text-posing-as.png')));
    expect([problem.status, problem.kind, problem.extensions.format]).toEqual([415, 'unsupported-image', undefined]);
  });

  it('zero bytes -> 422 invalid-image', async () => {
    const problem = await problemFrom(() => readImageHeader(new Uint8Array(0)));
    expect([problem.status, problem.kind]).toEqual([422, 'invalid-image']);
  });

  it('a PNG signature with garbage after it -> 422 invalid-image', async () => {
    const bytes = new Uint8Array([
      0x89,
      0x50,
      0x4e,
      0x47,
      0x0d,
      0x0a,
      0x1a,
      0x0a,
      ...new TextEncoder().encode('garbage garbage garbage garbage'),
    ]);
    const problem = await problemFrom(() => readImageHeader(bytes));
    expect([problem.status, problem.kind]).toEqual([422, 'invalid-image']);
  });

  it('12-bit JPEG -> 415', async () => {
    const problem = await problemFrom(() => readImageHeader(fixture('12-bit.jpg')));
    expect([problem.status, problem.kind]).toEqual([415, 'unsupported-image']);
  });

  it.each(['svg', 'pdf', 'tiff'])('recognises %s by its magic', (format) => {
    const samples: Record<string, number[] | string> = {
      svg: '<?xml version="1.0"?><svg/>',
      pdf: '%PDF-1.7',
      tiff: [0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0],
    };
    const sample = samples[format];
    const bytes = typeof sample === 'string' ? new TextEncoder().encode(sample) : new Uint8Array(sample);
    expect(sniffFormat(bytes)).toBe(format);
  });
});

describe('assertImageComplete', () => {
  it.each(['baseline-420.jpg', 'progressive.jpg', 'rgb.png', 'lossy.webp', 'cut-scan-with-eoi.jpg'])(
    '%s passes the structural check',
    (name) => {
      const bytes = fixture(name);
      expect(() => assertImageComplete(bytes, readImageHeader(bytes))).not.toThrow();
    },
  );

  it('accepts data after the JPEG end-of-image marker (motion photos append video)', () => {
    const jpeg = fixture('baseline-420.jpg');
    const withTrailer = new Uint8Array([...jpeg, ...new TextEncoder().encode('ftypmp42 trailing video')]);
    expect(() => assertImageComplete(withTrailer, readImageHeader(withTrailer))).not.toThrow();
  });

  it.each(['truncated.jpg', 'truncated.png'])('%s -> 422', async (name) => {
    const bytes = fixture(name);
    const problem = await problemFrom(() => assertImageComplete(bytes, readImageHeader(bytes)));
    expect([problem.status, problem.kind]).toEqual([422, 'invalid-image']);
  });
});
