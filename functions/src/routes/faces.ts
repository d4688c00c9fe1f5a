// POST /v1/faces/detect and /v1/faces/embed: the faces in one photo, with landmarks and quality,
// and (embed) their 128-d embeddings. Photos are decoded, analysed in memory and discarded; nothing
// is stored. Also the Face schema and serialisation shared with routes/verify.ts.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../config';
import { validationHook } from '../http/errors';
import { IMAGE_PROBLEMS, imageRequestBody, problemResponses } from '../http/openapi';
import { MODEL_ENDPOINT_PROBLEMS, modelEndpoint } from '../http/model-endpoint';
import { rateLimitNote } from '../http/rate-limit';
import { readImageUpload } from '../http/image-upload';
import {
  ANALYSIS_MAX_SIDE,
  ENCODER_INFO,
  LANDMARK_NAMES,
  QUALITY_THRESHOLDS,
  analyseFaces,
  type AnalysedFace,
  type Box,
  type Landmarks,
} from '../pipeline/face';
import { SERVED_EMBED_OPTIONS } from '../pipeline/face/head';
import { decodeForFaces, type AnalysedPhoto, type PhotoScale } from '../pipeline/face/photo';

// ---------------------------------------------------------------------------------------------
// Schemas (shared with verify.ts)

const PointSchema = z.object({ x: z.number(), y: z.number() });

export const BoxSchema = z
  .object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() })
  .openapi('FaceBox', {
    description: 'In pixels of the uploaded photo as displayed (EXIF orientation applied): x, y is the top-left corner; pixel edges at integers.',
    example: { x: 412.5, y: 230.1, width: 208.3, height: 208.3 },
  });

const LandmarksSchema = z
  .object(Object.fromEntries(LANDMARK_NAMES.map((n) => [n, PointSchema])) as Record<(typeof LANDMARK_NAMES)[number], typeof PointSchema>)
  .openapi('FaceLandmarks', {
    description: "Eye centres, nose tip, mouth centre and ear tragions, in the same pixels as the box. 'right' is the subject's right (the image's left in an unmirrored photo).",
    example: {
      right_eye: { x: 470.2, y: 300.4 },
      left_eye: { x: 560.9, y: 298.7 },
      nose: { x: 516.3, y: 350.2 },
      mouth: { x: 515.8, y: 392.5 },
      right_ear: { x: 425.1, y: 318.0 },
      left_ear: { x: 610.4, y: 315.3 },
    },
  });

const t = QUALITY_THRESHOLDS;
export const QualitySchema = z
  .object({
    size_px: z.number().int().openapi({ description: `Longer side of the face box in pixels of the analysed image (the photo scaled to at most ${ANALYSIS_MAX_SIDE} px, see \`analysed\`). Below ${t.minSizePx}: face_too_small.`, example: 208 }),
    brightness: z.number().openapi({ description: `Mean luma of the face on the aligned chip, 0 (black) to 1 (white). Below ${t.minBrightness}: too_dark; above ${t.maxBrightness}: too_bright.`, example: 0.52 }),
    sharpness: z.number().openapi({ description: `Variance of the Laplacian of the face's luma over the variance of its luma, on the aligned 150 px chip (detail relative to contrast, so dim faces are not called blurred); higher is sharper, sharp photos are around 0.01 to 0.1. Below ${t.minSharpness}: blurry.`, example: 0.037 }),
    pose: z
      .object({
        yaw: z.number().openapi({ description: "Degrees; positive when the nose points to the image's right (the subject's left).", example: -8.5 }),
        pitch: z.number().openapi({ description: 'Degrees; positive when the subject looks up.', example: 3.1 }),
        roll: z.number().openapi({ description: 'Degrees; positive when the face is turned clockwise in the image.', example: -1.2 }),
      })
      .openapi({ description: `Estimated from the keypoints, roughly +-10 degrees. |yaw| > ${t.maxYaw} or |pitch| > ${t.maxPitch}: extreme_pose (roll is undone by alignment).` }),
    issues: z.array(z.enum(['face_too_small', 'blurry', 'extreme_pose', 'too_dark', 'too_bright'])).openapi({ description: 'Reasons the face may be a poor input; empty when none.', example: [] }),
  })
  .openapi('FaceQuality');

export const FaceSchema = z
  .object({
    box: BoxSchema,
    score: z.number().openapi({ description: 'Detector confidence, 0.5 to 1 (faces below 0.5 are not reported).', example: 0.93 }),
    landmarks: LandmarksSchema,
    quality: QualitySchema,
  })
  .openapi('Face', { description: 'A detected face. Faces are listed most prominent first (visible box area x detector score, i.e. largest first among confident faces); that order is what a face index refers to.' });

export const ModelSchema = z.object({ id: z.string().openapi({ example: ENCODER_INFO.id }), version: z.string().openapi({ example: ENCODER_INFO.version }) }).openapi('FaceModel');

const EmbeddedFaceSchema = FaceSchema.extend({
  embedding: z.array(z.number()).length(128).openapi({ description: '128 floats, not normalised; compare with Euclidean distance (same person below about 0.6, see /v1/verify).' }),
  model: ModelSchema,
}).openapi('EmbeddedFace');

export const PhotoSizeSchema = {
  width: z.number().int().openapi({ description: 'Width of the uploaded photo as displayed (EXIF orientation applied): the coordinate space of boxes and landmarks.', example: 1280 }),
  height: z.number().int().openapi({ example: 960 }),
  analysed: z.object({ width: z.number().int(), height: z.number().int() }).openapi({ description: `The photo is analysed scaled to at most ${ANALYSIS_MAX_SIDE} px on its longest side.`, example: { width: 1024, height: 768 } }),
};

// ---------------------------------------------------------------------------------------------
// Photo -> faces, and faces -> JSON in the uploaded photo's pixels

// PhotoScale, AnalysedPhoto, decodeForFaces and boxFromPhoto live with the shared photo -> face flow.
export { boxFromPhoto, decodeForFaces, type AnalysedPhoto, type PhotoScale } from '../pipeline/face/photo';

const round = (v: number, digits: number) => Number(v.toFixed(digits));

export function boxToPhoto(photo: PhotoScale, b: Box): Box {
  return { x: round(b.x * photo.scaleX, 2), y: round(b.y * photo.scaleY, 2), width: round(b.width * photo.scaleX, 2), height: round(b.height * photo.scaleY, 2) };
}

function landmarksToPhoto(photo: PhotoScale, l: Landmarks): Landmarks {
  return Object.fromEntries(LANDMARK_NAMES.map((n) => [n, { x: round(l[n].x * photo.scaleX, 2), y: round(l[n].y * photo.scaleY, 2) }])) as Landmarks;
}

export function faceJson(photo: PhotoScale, face: AnalysedFace): z.infer<typeof FaceSchema> {
  const q = face.quality;
  return {
    box: boxToPhoto(photo, face.box),
    score: round(face.score, 4),
    landmarks: landmarksToPhoto(photo, face.landmarks),
    quality: { ...q, brightness: round(q.brightness, 4), sharpness: Number(q.sharpness.toPrecision(4)) },
  };
}

/** Float32 embedding -> JSON numbers at float32 precision (7 significant digits, not 17). */
export const embeddingJson = (e: Float32Array): number[] => Array.from(e, (v) => Number(v.toPrecision(7)));

export const photoSizeJson = (photo: AnalysedPhoto) => ({ width: photo.width, height: photo.height, analysed: { width: photo.decoded.image.width, height: photo.decoded.image.height } });

// ---------------------------------------------------------------------------------------------
// Routes

const imageBody = imageRequestBody(['image'], 'The photo, as a multipart file field `image` or a JSON string field `image` (base64 or data URL), or the raw image as the body.');

const detectRoute = createRoute({
  method: 'post',
  path: '/faces/detect',
  tags: ['Faces'],
  summary: 'Find the faces in a photo, with landmarks and quality',
  description: `Faces are listed most prominent first (visible size x detector score) (at most 20, detector score >= 0.5). No face is not an error: \`faces\` is empty. The photo is analysed in memory at up to ${ANALYSIS_MAX_SIDE} px and discarded; nothing is stored.${rateLimitNote('faces-detect')}`,
  ...modelEndpoint('faces-detect'),
  request: { body: imageBody },
  responses: {
    200: {
      description: 'The faces found.',
      content: { 'application/json': { schema: z.object({ ...PhotoSizeSchema, faces: z.array(FaceSchema) }).openapi('FaceDetection') } },
    },
    ...problemResponses(...IMAGE_PROBLEMS, ...MODEL_ENDPOINT_PROBLEMS),
  },
});

const embedRoute = createRoute({
  method: 'post',
  path: '/faces/embed',
  tags: ['Faces'],
  summary: 'Find the faces in a photo and compute their embeddings',
  description:
    'As /v1/faces/detect, plus each face\'s 128-d embedding from the model named with it. Embeddings from the same model compare by Euclidean distance; ' +
    '/v1/verify gives the decision and a calibrated probability. Nothing is stored.' +
    rateLimitNote('faces-embed'),
  ...modelEndpoint('faces-embed'),
  request: { body: imageBody },
  responses: {
    200: {
      description: 'The faces found, with embeddings.',
      content: { 'application/json': { schema: z.object({ ...PhotoSizeSchema, faces: z.array(EmbeddedFaceSchema) }).openapi('FaceEmbeddings') } },
    },
    ...problemResponses(...IMAGE_PROBLEMS, ...MODEL_ENDPOINT_PROBLEMS),
  },
});

export const faces = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(detectRoute, async (c) => {
    const limits = c.get('limits');
    const upload = await readImageUpload(c.req.raw, 'image', { limits });
    const photo = await decodeForFaces(upload.bytes, upload.field, limits);
    const found = await analyseFaces(c.get('runtime'), photo.decoded.image);
    return c.json({ ...photoSizeJson(photo), faces: found.map((f) => faceJson(photo, f)) }, 200);
  })
  .openapi(embedRoute, async (c) => {
    const limits = c.get('limits');
    const upload = await readImageUpload(c.req.raw, 'image', { limits });
    const photo = await decodeForFaces(upload.bytes, upload.field, limits);
    const found = await analyseFaces(c.get('runtime'), photo.decoded.image, { embed: SERVED_EMBED_OPTIONS });
    const model = { ...ENCODER_INFO };
    return c.json({ ...photoSizeJson(photo), faces: found.map((f) => ({ ...faceJson(photo, f), embedding: embeddingJson(f.embedding!), model })) }, 200);
  });
