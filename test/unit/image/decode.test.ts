// Decoding the supported formats and variants into upright RGB, checked by colour at the centres
// of the test card's quadrants: top-left red, top-right green, bottom-left blue, bottom-right white.
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../../../functions/src/image/decode';
import { estimateDecodeBytes } from '../../../functions/src/image/limits';
import { initNodeImageCodecs } from '../../../functions/src/image/node-codecs';
import { readImageHeader } from '../../../functions/src/image/sniff';
import type { RgbImage } from '../../../functions/src/image/types';
import { BLUE, GREEN, RED, WHITE, expectColour, fixture, pixel, problemFrom } from './helpers';

beforeAll(() => initNodeImageCodecs());

/** Colours at the quadrant centres of a w x h card. */
function quadrantColours(image: RgbImage) {
  const { width: w, height: h } = image;
  return {
    topLeft: pixel(image, Math.floor(w / 4), Math.floor(h / 4)),
    topRight: pixel(image, Math.floor((3 * w) / 4), Math.floor(h / 4)),
    bottomLeft: pixel(image, Math.floor(w / 4), Math.floor((3 * h) / 4)),
    bottomRight: pixel(image, Math.floor((3 * w) / 4), Math.floor((3 * h) / 4)),
  };
}

type Colour = readonly number[];
interface Card {
  topLeft: Colour;
  topRight: Colour;
  bottomLeft: Colour;
  bottomRight: Colour;
}
const CARD: Card = { topLeft: RED, topRight: GREEN, bottomLeft: BLUE, bottomRight: WHITE };

function expectCard(image: RgbImage, expected: Card = CARD, tolerance = 24) {
  const actual = quadrantColours(image);
  expectColour(actual.topLeft, expected.topLeft, tolerance);
  expectColour(actual.topRight, expected.topRight, tolerance);
  expectColour(actual.bottomLeft, expected.bottomLeft, tolerance);
  expectColour(actual.bottomRight, expected.bottomRight, tolerance);
}

describe('decodeImage: formats', () => {
  it.each([
    ['baseline-420.jpg', 'jpeg', 24],
    ['progressive.jpg', 'jpeg', 24],
    ['rgb.png', 'png', 0],
    ['lossy.webp', 'webp', 40],
  ])('%s decodes to the 48x32 card', async (name, format, tolerance) => {
    const { image, format: detected, sourceWidth, sourceHeight, orientation } = await decodeImage(fixture(name));
    expect(detected).toBe(format);
    expect([image.width, image.height, sourceWidth, sourceHeight, orientation]).toEqual([48, 32, 48, 32, 1]);
    expect(image.data.length).toBe(48 * 32 * 3);
    expectCard(image, undefined, tolerance);
  });

  it('CMYK JPEG (Adobe, inverted) is decoded through jpeg-js to the right colours', async () => {
    const header = readImageHeader(fixture('cmyk.jpg'));
    expect(header).toMatchObject({ format: 'jpeg', components: 4 });
    const { image } = await decodeImage(fixture('cmyk.jpg'));
    expectCard(image, undefined, 30);
  });

  it('grey JPEG and grey PNG become R=G=B with the card luminances', async () => {
    const luma = { topLeft: [76, 76, 76], topRight: [150, 150, 150], bottomLeft: [29, 29, 29], bottomRight: [255, 255, 255] };
    expectCard((await decodeImage(fixture('grey.png'))).image, luma, 1);
    expectCard((await decodeImage(fixture('grey.jpg'))).image, luma, 6);
  });
});

describe('decodeImage: alpha is composited onto white', () => {
  it('RGBA PNG: transparent -> white, half-transparent red -> pink', async () => {
    const { image } = await decodeImage(fixture('rgba.png'));
    // top-left: transparent black; top-right: red at alpha 128 over white = (255, 127, 127)
    expectCard(image, { topLeft: WHITE, topRight: [255, 127, 127], bottomLeft: BLUE, bottomRight: WHITE }, 1);
  });

  it('lossless WebP with alpha gives the same as the PNG it was made from', async () => {
    const png = await decodeImage(fixture('rgba.png'));
    const webp = await decodeImage(fixture('lossless.webp'));
    expect(webp.image.data).toEqual(png.image.data);
  });

  it('grey+alpha PNG: transparent quadrant is white, the rest keep their grey', async () => {
    const { image } = await decodeImage(fixture('grey-alpha.png'));
    expectCard(image, { topLeft: WHITE, topRight: [150, 150, 150], bottomLeft: [29, 29, 29], bottomRight: WHITE }, 1);
  });

  it('palette PNG with tRNS: the transparent palette entry (red) becomes white', async () => {
    const { image } = await decodeImage(fixture('palette-trns.png'));
    expectCard(image, { topLeft: WHITE, topRight: GREEN, bottomLeft: BLUE, bottomRight: WHITE }, 0);
  });
});

describe('decodeImage: PNG depths and palettes', () => {
  it('2-bit palette PNG', async () => {
    expectCard((await decodeImage(fixture('palette.png'))).image, undefined, 0);
  });

  it('1-bit grey PNG unpacks to 0/255', async () => {
    const { image } = await decodeImage(fixture('grey-1bit.png'));
    expectCard(image, { topLeft: [0, 0, 0], topRight: WHITE, bottomLeft: [0, 0, 0], bottomRight: WHITE }, 0);
  });

  it('16-bit grey PNG is reduced to 8 bits with rounding', async () => {
    const { image } = await decodeImage(fixture('grey-16.png'));
    expect([image.width, image.height]).toEqual([8, 4]);
    expect(pixel(image, 0, 0)).toEqual([128, 128, 128]); // 0x8080
    expect(pixel(image, 7, 3)).toEqual([254, 254, 254]); // 0xff00 = 65280 -> 253.99
  });

  it('16-bit RGBA PNG: samples rounded, alpha 0 composited to white', async () => {
    const { image } = await decodeImage(fixture('rgba-16.png'));
    expect(pixel(image, 0, 0)).toEqual([255, 1, 128]); // 0xffff, 0x00ff, 0x8080, opaque
    expect(pixel(image, 7, 0)).toEqual([255, 255, 255]); // same colour, alpha 0
  });
});

describe('decodeImage: EXIF orientation', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('orientation %i comes out upright', async (orientation) => {
    const result = await decodeImage(fixture(`orientation-${orientation}.jpg`));
    expect(result.orientation).toBe(orientation);
    const swapped = orientation >= 5;
    expect([result.sourceWidth, result.sourceHeight]).toEqual(swapped ? [32, 48] : [48, 32]);
    expect([result.image.width, result.image.height]).toEqual([48, 32]);
    expectCard(result.image);
  });

  it('can be turned off (pixels as stored)', async () => {
    const { image, orientation } = await decodeImage(fixture('orientation-6.jpg'), { applyOrientation: false });
    expect(orientation).toBe(1);
    expect([image.width, image.height]).toEqual([32, 48]);
    // Stored for a 90-degree clockwise display turn: the upright top-left (red) is stored bottom-left.
    expectColour(pixel(image, 8, 40), RED);
  });
});

describe('decodeImage: downscaling while decoding', () => {
  it('fits the longest side to maxSide with an area average', async () => {
    const { image, sourceWidth } = await decodeImage(fixture('rgb.png'), { maxSide: 12 });
    expect([image.width, image.height, sourceWidth]).toEqual([12, 8, 48]);
    expectCard(image, undefined, 0);
    // the boundary between red and green falls between output columns 5 and 6: no mixing
    expect(pixel(image, 5, 0)).toEqual([255, 0, 0]);
    expect(pixel(image, 6, 0)).toEqual([0, 255, 0]);
  });

  it('never enlarges', async () => {
    const { image } = await decodeImage(fixture('rgb.png'), { maxSide: 4096 });
    expect([image.width, image.height]).toEqual([48, 32]);
  });

  it('orientation is applied after downscaling (portrait stays portrait)', async () => {
    const { image } = await decodeImage(fixture('orientation-8.jpg'), { maxSide: 24 });
    expect([image.width, image.height]).toEqual([24, 16]);
    expectCard(image, undefined, 40);
  });
});

describe('decodeImage: limits from the header', () => {
  it('maxPixels is configurable (413 image-too-large with the declared size)', async () => {
    const problem = await problemFrom(() => decodeImage(fixture('rgb.png'), { limits: { maxPixels: 1000 } }));
    expect(problem.status).toBe(413);
    expect(problem.kind).toBe('image-too-large');
    expect(problem.extensions).toMatchObject({ declared: { width: 48, height: 32 }, pixels: 1536, limit: 1000 });
  });

  it('maxDecodeBytes refuses an image whose decode would need more memory', async () => {
    const bytes = fixture('progressive.jpg');
    const estimate = estimateDecodeBytes(readImageHeader(bytes));
    await expect(decodeImage(bytes, { limits: { maxDecodeBytes: estimate } })).resolves.toBeDefined();
    const problem = await problemFrom(() => decodeImage(bytes, { limits: { maxDecodeBytes: estimate - 1 } }));
    expect(problem.kind).toBe('image-too-large');
    expect(problem.extensions).toMatchObject({ estimatedDecodeBytes: estimate, limit: estimate - 1 });
  });

  it('estimates more memory for progressive and CMYK JPEGs than baseline', () => {
    const perPixel = (name: string) => {
      const header = readImageHeader(fixture(name));
      return estimateDecodeBytes(header) / (header.width * header.height);
    };
    expect(perPixel('progressive.jpg')).toBeGreaterThan(perPixel('baseline-420.jpg'));
    expect(perPixel('cmyk.jpg')).toBeGreaterThan(perPixel('progressive.jpg'));
  });

  it('maxBodyBytes also applies to bytes passed directly', async () => {
    const problem = await problemFrom(() => decodeImage(fixture('rgb.png'), { limits: { maxBodyBytes: 100 } }));
    expect([problem.status, problem.kind]).toEqual([413, 'payload-too-large']);
  });

  it('names the request field in the problem when given one', async () => {
    const problem = await problemFrom(() => decodeImage(fixture('still.gif'), { field: 'probe' }));
    expect(problem.message).toMatch(/^Field 'probe': /);
    expect(problem.extensions.field).toBe('probe');
  });
});

describe('decodeImage: codec instances', () => {
  it('a failed decode does not break the next one', async () => {
    await problemFrom(() => decodeImage(fixture('cut-scan-with-eoi.jpg')));
    expectCard((await decodeImage(fixture('baseline-420.jpg'))).image);
  });

  it('concurrent decodes of every format all succeed', async () => {
    const names = ['baseline-420.jpg', 'lossy.webp', 'rgb.png', 'cmyk.jpg', 'progressive.jpg', 'orientation-6.jpg'];
    const results = await Promise.all(names.map((n) => decodeImage(fixture(n))));
    for (const { image } of results) expectCard(image, undefined, 40);
  });
});
