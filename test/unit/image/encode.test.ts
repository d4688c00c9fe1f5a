// encodeImage (functions/src/image/encode.ts): PNG lossless, JPEG and WebP close, all decodable by
// the module's own decoders.
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeImage, encodeImage } from '../../../functions/src/image';
import { initNodeImageCodecs } from '../../../functions/src/image/node-codecs';
import type { RgbImage } from '../../../functions/src/image/types';

const image: RgbImage = (() => {
  const [width, height] = [67, 45];
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    const x = i % width;
    const y = Math.floor(i / width);
    data.set([(x * 255) / width, (y * 255) / height, 128], i * 3);
  }
  return { width, height, data };
})();

const meanAbs = (a: Uint8Array, b: Uint8Array) => a.reduce((s, v, i) => s + Math.abs(v - b[i]), 0) / a.length;

beforeAll(() => initNodeImageCodecs());

describe('encodeImage', () => {
  it('PNG round-trips exactly', async () => {
    const bytes = await encodeImage(image, 'png');
    const decoded = await decodeImage(bytes);
    expect(decoded.format).toBe('png');
    expect(decoded.image).toEqual(image);
  });

  it.each(['jpeg', 'webp'] as const)('%s decodes to the same size and close colours', async (format) => {
    const bytes = await encodeImage(image, format, { quality: 90 });
    const decoded = await decodeImage(bytes);
    expect(decoded.format).toBe(format);
    expect([decoded.image.width, decoded.image.height]).toEqual([image.width, image.height]);
    expect(meanAbs(decoded.image.data, image.data)).toBeLessThan(4);
  });

  it('refuses a buffer of the wrong size and a bad quality', async () => {
    await expect(encodeImage({ ...image, width: 10 }, 'png')).rejects.toThrow(RangeError);
    await expect(encodeImage(image, 'jpeg', { quality: 0 })).rejects.toThrow(RangeError);
  });
});
