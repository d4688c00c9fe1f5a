// Which face of an uploaded photo the caller means, when it may show several: an index field (most
// prominent first, as /v1/faces/detect lists them) or a box field (in the photo's pixels), in the
// query string or as body fields. Verify names them `a_face`/`a_box` per photo, enrolment `face`/`box`.
// Parsed before any photo is decoded, so a malformed choice costs no decode; each error names its field.
import { invalidField } from '../errors';
import type { Box } from '../pipeline/face';
import type { PhotoFaceChoice } from '../pipeline/face/photo';
import { queryOrBody } from './params';

export type { PhotoFaceChoice };

/** The face index in `value` (a number, or a string of digits). */
export function parseFaceIndex(value: unknown, field: string): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 0) throw invalidField(field, `must be a face index (0, 1, ...), got ${JSON.stringify(value)}`);
  return n;
}

/** A box 'x,y,width,height', [x, y, width, height] or {x, y, width, height}, with a positive size. */
export function parseFaceBox(value: unknown, field: string): Box {
  let parts: unknown[] | undefined;
  if (typeof value === 'string') parts = value.split(',').map((s) => (s.trim() === '' ? Number.NaN : Number(s)));
  else if (Array.isArray(value)) parts = value;
  else if (typeof value === 'object' && value !== null) {
    const o = value as Record<string, unknown>;
    parts = [o.x, o.y, o.width, o.height];
  }
  const nums = parts?.length === 4 && parts.every((v) => typeof v === 'number' && Number.isFinite(v)) ? (parts as number[]) : undefined;
  if (!nums) throw invalidField(field, `must be a box 'x,y,width,height' (four numbers), got ${JSON.stringify(value)}`);
  if (!(nums[2] > 0 && nums[3] > 0)) throw invalidField(field, 'width and height must be positive');
  return { x: nums[0], y: nums[1], width: nums[2], height: nums[3] };
}

/** The two fields that choose a face of one photo, and how errors name that photo ("photo 'a'"); none when a request has one photo. */
export interface FaceChoiceFields {
  face: string;
  box: string;
  photo?: string;
}

/**
 * The choice from `fields.face` / `fields.box`. Both fields come from one place: a choice made partly
 * in the query and partly in the body is refused as a whole, as is giving both an index and a box.
 */
export function faceChoiceParam(
  fields: FaceChoiceFields,
  query: Record<string, string | undefined>,
  body: Record<string, unknown>,
): PhotoFaceChoice | undefined {
  const { face: faceField, box: boxField } = fields;
  const inQuery = query[faceField] !== undefined || query[boxField] !== undefined;
  const inBody = body[faceField] !== undefined || body[boxField] !== undefined;
  const whose = fields.photo === undefined ? 'the face' : `the face of ${fields.photo}`;
  if (inQuery && inBody) throw invalidField(faceField, `choose ${whose} in the query string or in the body, not both`);
  // One place carries them now, so queryOrBody only picks it.
  const face = queryOrBody(faceField, query[faceField], body[faceField]);
  const box = queryOrBody(boxField, query[boxField], body[boxField]);
  if (face !== undefined && box !== undefined) throw invalidField(faceField, `give either ${faceField} or ${boxField}, not both`);
  if (face !== undefined) return { index: parseFaceIndex(face, faceField) };
  if (box !== undefined) return { box: parseFaceBox(box, boxField) };
  return undefined;
}
