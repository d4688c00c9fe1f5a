// Hostile uploads (test/support/bad-images.ts HOSTILE_UPLOADS): decompression bombs, headers that
// lie about their data, lengths past the end, JPEGs with thousands of scans or segments, WebP
// canvases that disagree with their bitstream. Each is refused with its 4xx problem, or decoded
// with the hostile part ignored; bombs.test.ts checks that memory and time stay bounded meanwhile.
import { beforeAll, describe, expect, it } from 'vitest';
import { PROBLEM_BASE, asProblem } from '../../../functions/src/http/problem';
import { decodeImage } from '../../../functions/src/image/decode';
import { initNodeImageCodecs } from '../../../functions/src/image/node-codecs';
import { HOSTILE_UPLOADS } from '../../support/bad-images';
import { fixture } from './helpers';

beforeAll(() => initNodeImageCodecs());

describe('hostile uploads', () => {
  it.each(HOSTILE_UPLOADS.map((h) => [h.name, h] as const))('%s', async (_, hostile) => {
    const bytes = hostile.make(fixture);
    let outcome: { status: number; type?: string; detail?: string };
    try {
      const { image } = await decodeImage(bytes, { field: 'image', maxSide: 256 });
      expect(image.data.length).toBe(image.width * image.height * 3);
      outcome = { status: 200 };
    } catch (thrown) {
      const error = asProblem(thrown);
      if (!error) throw thrown;
      outcome = { status: error.status, type: error.toJSON().type, detail: error.message };
    }
    expect(outcome).toMatchObject(hostile.status === 200 ? { status: 200 } : { status: hostile.status, type: PROBLEM_BASE + hostile.kind });
    if (outcome.detail) expect(outcome.detail).toMatch(/^Field 'image': the .*(PNG|JPEG|WebP)/);
  });
});
