// The faces feature: one photo's faces (detect), with embeddings (embed), and whether two photos
// show the same person (verify). Plain inputs and JSON-shaped answers (schema.ts); every model call
// goes through servedFaces, so embeddings and verdicts are those the fitted head measured. Photos
// are decoded, analysed in memory and dropped; nothing is stored.
import { QUALITY_ISSUE_TEXT } from '../../pipeline/face';
import type { ImageLimits } from '../../image/limits';
import { chosenInPhoto, decodeForFaces, type PhotoFace, type PhotoFaceChoice } from '../../pipeline/face/photo';
import { servedFaces } from '../../pipeline/face/served';
import type { InferenceRuntime } from '../../runtime/types';
import { embeddingJson, faceJson, modelJson, photoSizeJson } from './json';
import {
  VERIFY_IMAGES,
  type DetectionJson,
  type EmbeddingJson,
  type VerificationJson,
  type VerifiedFaceJson,
  type VerifyImageField,
  type VerifyWarningJson,
} from './schema';

/** An uploaded photo: its bytes and the request field it came from (named in errors). */
export interface PhotoUpload {
  field: string;
  bytes: Uint8Array;
}

type Limits = Partial<ImageLimits>;

/** Every face of the photo, most prominent first, with landmarks and quality. */
export async function detectFaces(runtime: InferenceRuntime, upload: PhotoUpload, limits: Limits): Promise<DetectionJson> {
  const photo = await decodeForFaces(upload.bytes, upload.field, limits);
  const found = await servedFaces.analyse(runtime, photo.decoded.image);
  return { ...photoSizeJson(photo), faces: found.map((f) => faceJson(photo, f)) };
}

/** As detectFaces, plus each face's embedding from the served encoder, named with it. */
export async function embedFaces(runtime: InferenceRuntime, upload: PhotoUpload, limits: Limits): Promise<EmbeddingJson> {
  const photo = await decodeForFaces(upload.bytes, upload.field, limits);
  const found = await servedFaces.analyse(runtime, photo.decoded.image, { embed: true });
  const model = modelJson();
  return { ...photoSizeJson(photo), faces: found.map((f) => ({ ...faceJson(photo, f), embedding: embeddingJson(f.embedding!), model })) };
}

// ---------------------------------------------------------------------------------------------
// Verify

/** One photo -> its chosen face (the chip kept for the encoder, the decoded photo dropped). */
function chooseFace(
  runtime: InferenceRuntime,
  f: VerifyImageField,
  bytes: Uint8Array,
  choice: PhotoFaceChoice | undefined,
  limits: Limits,
): Promise<PhotoFace> {
  const choiceField = choice && 'index' in choice ? `${f}_face` : `${f}_box`;
  return servedFaces.faceFromPhoto(runtime, bytes, {
    field: f,
    limits,
    choose: chosenInPhoto(choice),
    choiceField,
    embed: false,
  });
}

function warningsFor(f: VerifyImageField, chosen: PhotoFace, choice: PhotoFaceChoice | undefined): VerifyWarningJson[] {
  const { found, index, face } = chosen;
  const warnings: VerifyWarningJson[] = [];
  if (found > 1 && !choice) {
    warnings.push({
      field: f,
      code: 'multiple_faces',
      detail: `Photo '${f}' has ${found} faces; the largest (index ${index}) was used. Choose another with ${f}_face=<index> or ${f}_box=x,y,width,height.`,
    });
  }
  for (const issue of face.quality.issues)
    warnings.push({
      field: f,
      code: issue,
      detail: `The face used in photo '${f}' ${QUALITY_ISSUE_TEXT[issue]}; the answer is less reliable.`,
    });
  return warnings;
}

const verifiedFaceJson = ({ photo, face, index, found }: PhotoFace): VerifiedFaceJson => ({
  ...faceJson(photo, face),
  index,
  faces_found: found,
});

/**
 * Are the chosen faces of photos a and b the same person? The photos are decoded one after the
 * other, and each upload's bytes are released (`photos[f].bytes` emptied) once it is decoded, so
 * only one decoded photo is alive at a time; both chips are then embedded in one encoder batch.
 */
export async function verifyFaces(
  runtime: InferenceRuntime,
  photos: Record<VerifyImageField, PhotoUpload>,
  choices: Partial<Record<VerifyImageField, PhotoFaceChoice>>,
  limits: Limits,
): Promise<VerificationJson> {
  const chosen = {} as Record<VerifyImageField, PhotoFace>;
  for (const f of VERIFY_IMAGES) {
    chosen[f] = await chooseFace(runtime, f, photos[f].bytes, choices[f], limits);
    photos[f].bytes = new Uint8Array(0); // drop the upload before decoding the next photo (peak memory)
  }

  const [ea, eb] = await servedFaces.embed(runtime, [chosen.a.face.aligned.chip, chosen.b.face.aligned.chip]);
  const verdict = servedFaces.compare(ea, eb);
  const warnings = VERIFY_IMAGES.flatMap((f) => warningsFor(f, chosen[f], choices[f]));
  return {
    match: verdict.match,
    distance: Number(verdict.distance.toFixed(4)),
    threshold: verdict.threshold,
    probability: Number(verdict.probability.toFixed(4)),
    faces: { a: verifiedFaceJson(chosen.a), b: verifiedFaceJson(chosen.b) },
    model: modelJson(),
    ...(warnings.length ? { warnings } : {}),
  };
}
