// Pipeline results -> the faces feature's JSON (schema.ts): boxes and landmarks back in the uploaded
// photo's pixels, numbers rounded to what they can claim, the served model named one way. Plain
// functions, shared with collections.
import type { AnalysedFace, Box, Landmarks } from '../../pipeline/face';
import { LANDMARK_NAMES } from '../../pipeline/face';
import type { AnalysedPhoto, PhotoScale } from '../../pipeline/face/photo';
import { servedFaces } from '../../pipeline/face/served';
import type { FaceJson, ModelJson } from './schema';

const round = (v: number, digits: number) => Number(v.toFixed(digits));

/** A box in the analysed image's pixels -> the uploaded photo's pixels, to 0.01 px. */
export function boxToPhoto(photo: PhotoScale, b: Box): Box {
  return {
    x: round(b.x * photo.scaleX, 2),
    y: round(b.y * photo.scaleY, 2),
    width: round(b.width * photo.scaleX, 2),
    height: round(b.height * photo.scaleY, 2),
  };
}

/** Landmarks in the analysed image's pixels -> the uploaded photo's pixels, to 0.01 px. */
export function landmarks(photo: PhotoScale, l: Landmarks): Landmarks {
  return Object.fromEntries(
    LANDMARK_NAMES.map((n) => [n, { x: round(l[n].x * photo.scaleX, 2), y: round(l[n].y * photo.scaleY, 2) }]),
  ) as Landmarks;
}

export function faceJson(photo: PhotoScale, face: AnalysedFace): FaceJson {
  const q = face.quality;
  return {
    box: boxToPhoto(photo, face.box),
    score: round(face.score, 4),
    landmarks: landmarks(photo, face.landmarks),
    quality: { ...q, brightness: round(q.brightness, 4), sharpness: Number(q.sharpness.toPrecision(4)) },
  };
}

/** Float32 embedding -> JSON numbers at float32 precision (7 significant digits, not 17). */
export const embeddingJson = (e: Float32Array): number[] => Array.from(e, (v) => Number(v.toPrecision(7)));

export const photoSizeJson = (photo: AnalysedPhoto) => ({
  width: photo.width,
  height: photo.height,
  analysed: { width: photo.decoded.image.width, height: photo.decoded.image.height },
});

/** The served encoder as answers name it: a fresh object, so a caller may not alter the model's own. */
export const modelJson = (): ModelJson => ({ id: servedFaces.model.id, version: servedFaces.model.version });
