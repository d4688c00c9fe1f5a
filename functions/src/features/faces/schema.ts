// The faces feature's JSON (POST /v1/faces/detect, /v1/faces/embed, /v1/verify) as zod schemas with
// their OpenAPI names, and the types derived from them: the one description of these answers for the
// routes, the OpenAPI document, the site's client and the tests. Collections reuse Face, FaceBox,
// FaceQuality and FaceModel. Shaping pipeline results into these types is json.ts.
import { z } from '@hono/zod-openapi';
import { ANALYSIS_MAX_SIDE, EMBEDDING_SIZE, LANDMARK_NAMES, QUALITY_ISSUES, QUALITY_THRESHOLDS } from '../../pipeline/face';
import { servedFaces } from '../../pipeline/face/served';

// ---------------------------------------------------------------------------------------------
// A face

export const PointSchema = z.object({ x: z.number(), y: z.number() });

export const BoxSchema = z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() }).openapi('FaceBox', {
  description:
    'In pixels of the uploaded photo as displayed (EXIF orientation applied): x, y is the top-left corner; pixel edges at integers.',
  example: { x: 412.5, y: 230.1, width: 208.3, height: 208.3 },
});

export const LandmarksSchema = z
  .object(Object.fromEntries(LANDMARK_NAMES.map((n) => [n, PointSchema])) as Record<(typeof LANDMARK_NAMES)[number], typeof PointSchema>)
  .openapi('FaceLandmarks', {
    description:
      "Eye centres, nose tip, mouth centre and ear tragions, in the same pixels as the box. 'right' is the subject's right (the image's left in an unmirrored photo).",
    example: {
      right_eye: { x: 470.2, y: 300.4 },
      left_eye: { x: 560.9, y: 298.7 },
      nose: { x: 516.3, y: 350.2 },
      mouth: { x: 515.8, y: 392.5 },
      right_ear: { x: 425.1, y: 318.0 },
      left_ear: { x: 610.4, y: 315.3 },
    },
  });

/** A quality issue (pipeline/face/quality.ts QUALITY_ISSUES). */
export const QualityIssueSchema = z.enum(QUALITY_ISSUES);

/** What a warning about a used face can say: several faces in its photo, or one of its quality issues. */
export const FACE_WARNING_CODES = ['multiple_faces', ...QUALITY_ISSUES] as const;
export const FaceWarningCodeSchema = z.enum(FACE_WARNING_CODES);

const t = QUALITY_THRESHOLDS;
export const QualitySchema = z
  .object({
    size_px: z
      .number()
      .int()
      .openapi({
        description: `Longer side of the face box in pixels of the analysed image (the photo scaled to at most ${ANALYSIS_MAX_SIDE} px, see \`analysed\`). Below ${t.minSizePx}: face_too_small.`,
        example: 208,
      }),
    brightness: z.number().openapi({
      description: `Mean luma of the face on the aligned chip, 0 (black) to 1 (white). Below ${t.minBrightness}: too_dark; above ${t.maxBrightness}: too_bright.`,
      example: 0.52,
    }),
    sharpness: z.number().openapi({
      description: `Variance of the Laplacian of the face's luma over the variance of its luma, on the aligned 150 px chip (detail relative to contrast, so dim faces are not called blurred); higher is sharper, sharp photos are around 0.01 to 0.1. Below ${t.minSharpness}: blurry.`,
      example: 0.037,
    }),
    pose: z
      .object({
        yaw: z
          .number()
          .openapi({ description: "Degrees; positive when the nose points to the image's right (the subject's left).", example: -8.5 }),
        pitch: z.number().openapi({ description: 'Degrees; positive when the subject looks up.', example: 3.1 }),
        roll: z.number().openapi({ description: 'Degrees; positive when the face is turned clockwise in the image.', example: -1.2 }),
      })
      .openapi({
        description: `Estimated from the keypoints, roughly +-10 degrees. |yaw| > ${t.maxYaw} or |pitch| > ${t.maxPitch}: extreme_pose (roll is undone by alignment).`,
      }),
    issues: z.array(QualityIssueSchema).openapi({ description: 'Reasons the face may be a poor input; empty when none.', example: [] }),
  })
  .openapi('FaceQuality');

export const FaceSchema = z
  .object({
    box: BoxSchema,
    score: z.number().openapi({ description: 'Detector confidence, 0.5 to 1 (faces below 0.5 are not reported).', example: 0.93 }),
    landmarks: LandmarksSchema,
    quality: QualitySchema,
  })
  .openapi('Face', {
    description:
      'A detected face. Faces are listed most prominent first (visible box area x detector score, i.e. largest first among confident faces); that order is what a face index refers to.',
  });

/** The encoder that made an embedding (the served one in answers: json.ts modelJson). */
export const ModelSchema = z
  .object({
    id: z.string().openapi({ example: servedFaces.model.id }),
    version: z.string().openapi({ example: servedFaces.model.version }),
  })
  .openapi('FaceModel');

export const EmbeddingSchema = z
  .array(z.number())
  .length(EMBEDDING_SIZE)
  .openapi({
    description: `${EMBEDDING_SIZE} floats, not normalised; compare with Euclidean distance (same person below about 0.6, see /v1/verify).`,
  });

export const EmbeddedFaceSchema = FaceSchema.extend({ embedding: EmbeddingSchema, model: ModelSchema }).openapi('EmbeddedFace');

// ---------------------------------------------------------------------------------------------
// /v1/faces/detect and /v1/faces/embed

/** The photo's size fields, spread into the detect and embed answers. */
export const PhotoSizeSchema = {
  width: z.number().int().openapi({
    description: 'Width of the uploaded photo as displayed (EXIF orientation applied): the coordinate space of boxes and landmarks.',
    example: 1280,
  }),
  height: z.number().int().openapi({ example: 960 }),
  analysed: z.object({ width: z.number().int(), height: z.number().int() }).openapi({
    description: `The photo is analysed scaled to at most ${ANALYSIS_MAX_SIDE} px on its longest side.`,
    example: { width: 1024, height: 768 },
  }),
};

export const DetectionSchema = z.object({ ...PhotoSizeSchema, faces: z.array(FaceSchema) }).openapi('FaceDetection');

export const EmbeddingsSchema = z.object({ ...PhotoSizeSchema, faces: z.array(EmbeddedFaceSchema) }).openapi('FaceEmbeddings');

// ---------------------------------------------------------------------------------------------
// /v1/verify

/** The request fields of the two photos. */
export const VERIFY_IMAGES = ['a', 'b'] as const;
export type VerifyImageField = (typeof VERIFY_IMAGES)[number];

export const VerifiedFaceSchema = FaceSchema.extend({
  index: z.number().int().openapi({
    description: 'Which detected face was used: 0-based, most prominent first (visible size x detector confidence).',
    example: 0,
  }),
  faces_found: z.number().int().openapi({ description: 'How many faces the photo has.', example: 1 }),
}).openapi('VerifiedFace');

export const VerifyWarningSchema = z
  .object({
    field: z.enum(VERIFY_IMAGES).openapi({ description: 'The photo the warning is about.' }),
    code: FaceWarningCodeSchema,
    detail: z.string(),
  })
  .openapi('VerifyWarning', {
    example: {
      field: 'b',
      code: 'multiple_faces',
      detail: "Photo 'b' has 3 faces; the largest (index 0) was used. Choose another with b_face=<index> or b_box=x,y,width,height.",
    },
  });

const head = servedFaces.head;

export const VerificationSchema = z
  .object({
    match: z.boolean().openapi({
      description: `distance <= threshold. The threshold (${head.threshold}) maximised accuracy on LFW View 1 DevTrain, so this is the most accurate yes/no answer.`,
      example: true,
    }),
    distance: z.number().openapi({ description: `Euclidean distance between the two ${EMBEDDING_SIZE}-d embeddings.`, example: 0.41 }),
    threshold: z.number().openapi({ example: head.threshold }),
    probability: z.number().openapi({
      description:
        'Calibrated P(same person): a logistic unit over |f(a) - f(b)| fitted on the same pairs. It weighs embedding dimensions, the distance does not, ' +
        'so close to the threshold the two can disagree (match with probability below 0.5, or the reverse): read that as an uncertain answer.',
      example: 0.97,
    }),
    faces: z.object({ a: VerifiedFaceSchema, b: VerifiedFaceSchema }),
    model: ModelSchema,
    warnings: z
      .array(VerifyWarningSchema)
      .optional()
      .openapi({ description: 'Present when a photo had several faces or a used face has quality issues.' }),
  })
  .openapi('Verification');

// ---------------------------------------------------------------------------------------------
// Types

export type PointJson = z.infer<typeof PointSchema>;
export type BoxJson = z.infer<typeof BoxSchema>;
export type LandmarksJson = z.infer<typeof LandmarksSchema>;
export type QualityJson = z.infer<typeof QualitySchema>;
export type FaceJson = z.infer<typeof FaceSchema>;
export type ModelJson = z.infer<typeof ModelSchema>;
export type EmbeddedFaceJson = z.infer<typeof EmbeddedFaceSchema>;
export type FaceWarningCode = z.infer<typeof FaceWarningCodeSchema>;
/** The answer of POST /v1/faces/detect. */
export type DetectionJson = z.infer<typeof DetectionSchema>;
/** The answer of POST /v1/faces/embed. */
export type EmbeddingJson = z.infer<typeof EmbeddingsSchema>;
export type VerifiedFaceJson = z.infer<typeof VerifiedFaceSchema>;
export type VerifyWarningJson = z.infer<typeof VerifyWarningSchema>;
/** The answer of POST /v1/verify. */
export type VerificationJson = z.infer<typeof VerificationSchema>;
