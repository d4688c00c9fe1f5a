// The face-choice parser shared by verify (`a_face`/`a_box`, per photo) and enrolment (`face`/`box`):
// an index or a box, from the query string or the body, never both places and never both kinds, and
// every refusal a validation-failed naming the field.
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../functions/src/errors';
import { faceChoiceParam, parseFaceBox, parseFaceIndex } from '../../../functions/src/http/face-choice';

const ENROL = { face: 'face', box: 'box' };
const VERIFY_A = { face: 'a_face', box: 'a_box', photo: "photo 'a'" };

/** The field and detail of the validation error `run` throws. */
function refusal(run: () => unknown): { field: unknown; detail: string } {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    const error = e as DomainError;
    expect(error.kind).toBe('validation-failed');
    return { field: error.extensions.field, detail: error.message };
  }
  throw new Error('expected a validation error');
}

describe('faceChoiceParam', () => {
  it('reads an index or a box from the query or the body; nothing is no choice', () => {
    expect(faceChoiceParam(ENROL, {}, {})).toBeUndefined();
    expect(faceChoiceParam(ENROL, { face: '2' }, {})).toEqual({ index: 2 });
    expect(faceChoiceParam(ENROL, {}, { face: 1 })).toEqual({ index: 1 });
    expect(faceChoiceParam(ENROL, {}, { box: '10, 20.5, 30, 40' })).toEqual({ box: { x: 10, y: 20.5, width: 30, height: 40 } });
    expect(faceChoiceParam(ENROL, { box: '1,2,3,4' }, {})).toEqual({ box: { x: 1, y: 2, width: 3, height: 4 } });
    expect(faceChoiceParam(ENROL, {}, { box: [1, 2, 3, 4] })).toEqual({ box: { x: 1, y: 2, width: 3, height: 4 } });
    expect(faceChoiceParam(ENROL, {}, { box: { x: 1, y: 2, width: 3, height: 4 } })).toEqual({ box: { x: 1, y: 2, width: 3, height: 4 } });
    // Other photos' fields are not this choice.
    expect(faceChoiceParam(VERIFY_A, { b_face: '1' }, { b_box: '1,2,3,4' })).toBeUndefined();
  });

  it('refuses both kinds, or the query and the body together, naming the index field', () => {
    expect(refusal(() => faceChoiceParam(ENROL, { face: '0', box: '1,2,3,4' }, {}))).toEqual({
      field: 'face',
      detail: expect.stringContaining('give either face or box, not both'),
    });
    expect(refusal(() => faceChoiceParam(ENROL, { face: '0' }, { face: '1' }))).toEqual({
      field: 'face',
      detail: expect.stringContaining('choose the face in the query string or in the body, not both'),
    });
    expect(refusal(() => faceChoiceParam(ENROL, { box: '1,2,3,4' }, { face: '1' })).field).toBe('face');
    // Verify's wording names the photo.
    expect(refusal(() => faceChoiceParam(VERIFY_A, { a_face: '0' }, { a_box: '1,2,3,4' })).detail).toContain(
      "choose the face of photo 'a' in the query string or in the body, not both",
    );
    expect(refusal(() => faceChoiceParam(VERIFY_A, {}, { a_face: 0, a_box: '1,2,3,4' })).detail).toContain(
      'give either a_face or a_box, not both',
    );
  });
});

describe('parseFaceIndex and parseFaceBox', () => {
  it('refuse what is not an index or a box with a positive size, naming the field', () => {
    for (const bad of ['first', '-1', '1.5', '', 1.5, -1, null]) expect(refusal(() => parseFaceIndex(bad, 'face')).field).toBe('face');
    for (const bad of ['1,2,3', '1,2,3,x', '1,,3,4', [1, 2, 3], { x: 1, y: 2, width: 3 }, 7])
      expect(refusal(() => parseFaceBox(bad, 'box')).detail).toContain("must be a box 'x,y,width,height'");
    expect(refusal(() => parseFaceBox('1,2,0,4', 'box')).detail).toContain('width and height must be positive');
  });
});
