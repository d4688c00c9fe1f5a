// EXIF orientation: reading the tag from TIFF bytes, and the 8 pixel transforms checked against
// the EXIF definition (where stored row 0 and column 0 end up), written out independently here.
import { describe, expect, it } from 'vitest';
import { applyOrientation, readExifOrientation } from '../../../functions/src/image/orientation';
import type { Orientation, RgbImage } from '../../../functions/src/image/types';

/** A TIFF block with IFD0 holding [tag 0x010f Make (dummy), tag 0x0112 Orientation]. */
function tiff(orientation: number, littleEndian: boolean): Uint8Array {
  const view = new DataView(new ArrayBuffer(8 + 2 + 2 * 12 + 4));
  view.setUint16(0, littleEndian ? 0x4949 : 0x4d4d);
  view.setUint16(2, 42, littleEndian);
  view.setUint32(4, 8, littleEndian);
  view.setUint16(8, 2, littleEndian);
  view.setUint16(10, 0x010f, littleEndian); // Make, ASCII, count 0
  view.setUint16(12, 2, littleEndian);
  view.setUint16(22, 0x0112, littleEndian); // Orientation, SHORT, count 1, value in first 2 bytes
  view.setUint16(24, 3, littleEndian);
  view.setUint32(26, 1, littleEndian);
  view.setUint16(30, orientation, littleEndian);
  return new Uint8Array(view.buffer);
}

describe('readExifOrientation', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('reads %i in both byte orders', (o) => {
    expect(readExifOrientation(tiff(o, true))).toBe(o);
    expect(readExifOrientation(tiff(o, false))).toBe(o);
  });

  it('falls back to 1 for missing, out-of-range or malformed EXIF', () => {
    expect(readExifOrientation(undefined)).toBe(1);
    expect(readExifOrientation(tiff(9, true))).toBe(1);
    expect(readExifOrientation(tiff(6, true).subarray(0, 20))).toBe(1);
    expect(readExifOrientation(new TextEncoder().encode('not a tiff header at all'))).toBe(1);
  });
});

describe('applyOrientation', () => {
  // Stored 3x2 image, pixel value = its index: row 0 = 0 1 2, row 1 = 3 4 5.
  const stored: RgbImage = { width: 3, height: 2, data: new Uint8Array([0, 1, 2, 3, 4, 5].flatMap((v) => [v, v, v])) };
  // Displayed images per the EXIF 2.3 table (row 0 / column 0 of the stored image go to:)
  const displayed: Record<Orientation, number[][]> = {
    1: [
      [0, 1, 2],
      [3, 4, 5],
    ], // top / left
    2: [
      [2, 1, 0],
      [5, 4, 3],
    ], // top / right
    3: [
      [5, 4, 3],
      [2, 1, 0],
    ], // bottom / right
    4: [
      [3, 4, 5],
      [0, 1, 2],
    ], // bottom / left
    5: [
      [0, 3],
      [1, 4],
      [2, 5],
    ], // left / top
    6: [
      [3, 0],
      [4, 1],
      [5, 2],
    ], // right / top
    7: [
      [5, 2],
      [4, 1],
      [3, 0],
    ], // right / bottom
    8: [
      [2, 5],
      [1, 4],
      [0, 3],
    ], // left / bottom
  };

  it.each([1, 2, 3, 4, 5, 6, 7, 8] as Orientation[])('orientation %i', (o) => {
    const out = applyOrientation(stored, o);
    const rows = displayed[o];
    expect([out.width, out.height]).toEqual([rows[0].length, rows.length]);
    const values = Array.from({ length: out.height }, (_, y) =>
      Array.from({ length: out.width }, (_, x) => out.data[(y * out.width + x) * 3]),
    );
    expect(values).toEqual(rows);
  });
});
