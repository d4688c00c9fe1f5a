// Which face a request means: the largest by default, an index, or the detection a box overlaps most.
import { describe, expect, it } from 'vitest';
import { pickFace } from '../../../functions/src/pipeline/face/select';
import { LANDMARK_NAMES, type DetectedFace } from '../../../functions/src/pipeline/face/types';

const face = (x: number, y: number, size: number): DetectedFace => ({
  box: { x, y, width: size, height: size },
  score: 0.9,
  landmarks: Object.fromEntries(LANDMARK_NAMES.map((n) => [n, { x: x + size / 2, y: y + size / 2 }])) as DetectedFace['landmarks'],
});

// Largest first, as detectFaces returns them.
const faces = [face(100, 100, 80), face(300, 120, 60), face(20, 300, 40)];

describe('pickFace', () => {
  it('takes the first (largest) face when nothing is chosen', () => {
    expect(pickFace(faces)).toEqual({ index: 0 });
  });

  it('takes a face by 0-based index and refuses one out of range', () => {
    expect(pickFace(faces, { index: 2 })).toEqual({ index: 2 });
    const out = pickFace(faces, { index: 3 });
    expect(out).toMatchObject({ error: 'index-out-of-range' });
    expect('error' in out && out.detail).toMatch(/3 face\(s\) found \(indices 0\.\.2/);
  });

  it('takes the detection a box overlaps most, and refuses a box over no face', () => {
    expect(pickFace(faces, { box: { x: 295, y: 110, width: 70, height: 70 } })).toEqual({ index: 1 });
    expect(pickFace(faces, { box: { x: 18, y: 296, width: 50, height: 48 } })).toEqual({ index: 2 });
    expect(pickFace(faces, { box: { x: 500, y: 500, width: 50, height: 50 } })).toMatchObject({ error: 'no-overlap' });
  });

  it('has nothing to pick without faces', () => {
    expect(pickFace([])).toMatchObject({ error: 'index-out-of-range' });
  });
});
