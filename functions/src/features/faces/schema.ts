// The faces feature's JSON (POST /v1/faces/detect, /v1/faces/embed, /v1/verify, /v1/faces/identify
// and its `people`) as zod schemas with their OpenAPI names, and the types derived from them: the one
// description of these answers for the routes, the OpenAPI document, the site's client and the tests.
// Collections reuse Face, FaceBox, FaceQuality and FaceModel. Shaping pipeline results into these
// types is json.ts.
import { z } from '@hono/zod-openapi';
import { ANALYSIS_MAX_SIDE, EMBEDDING_SIZE, LANDMARK_NAMES, QUALITY_ISSUES, QUALITY_THRESHOLDS } from '../../pipeline/face';
import type { ThresholdRule } from '../../pipeline/face/open-set';
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
// /v1/faces/identify: keyless, stateless one-shot identification against people the request sends

/** At most this many people a request (each is a comparison, and the threshold is set for them all). */
export const IDENTIFY_MAX_PEOPLE = 10;
export const PERSON_NAME_MAX = 80;
/** Candidates listed per face, nearest first. */
export const IDENTIFY_TOP_CANDIDATES = 3;

/** Not plain text: control characters, and the bidi overrides and isolates that make a name display as other text. */
const NOT_PLAIN_TEXT = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;

export const IdentifyPersonSchema = z
  .object({
    name: z
      .string({ error: 'must be text' })
      .trim()
      .min(1, 'must not be empty')
      .max(PERSON_NAME_MAX, `must be at most ${PERSON_NAME_MAX} characters`)
      .refine((name) => !NOT_PLAIN_TEXT.test(name), 'must be plain text, without control or text-direction characters')
      .openapi({ description: `Plain text, 1 to ${PERSON_NAME_MAX} characters (trimmed); returned as sent.`, example: 'Ada' }),
    embedding: z
      .array(z.number({ error: 'must hold finite numbers only' }), { error: 'must be an array of numbers' })
      .length(EMBEDDING_SIZE, `must have exactly ${EMBEDDING_SIZE} numbers, as /v1/faces/embed returns`)
      .openapi({ description: `The ${EMBEDDING_SIZE} numbers /v1/faces/embed returned for this person's face.` }),
    model: z.object({ id: z.string(), version: z.string() }, { error: 'must be the {id, version} /v1/faces/embed reported' }).openapi({
      description: 'The model /v1/faces/embed reported with the embedding; another model is 409 model-mismatch.',
      example: { ...servedFaces.model },
    }),
  })
  .openapi('IdentifyPerson', { description: 'A person to look for: a name and the embedding of one photo of them.' });

export const IdentifyPeopleSchema = z
  .array(IdentifyPersonSchema, { error: 'must be a JSON array of people {name, embedding, model}' })
  .min(1, `must list 1 to ${IDENTIFY_MAX_PEOPLE} people`)
  .max(IDENTIFY_MAX_PEOPLE, `must list at most ${IDENTIFY_MAX_PEOPLE} people`);

export const IdentifyCandidateSchema = z
  .object({
    person: z.number().int().openapi({ description: "The person's index in the request's `people`, 0-based.", example: 0 }),
    name: z.string().openapi({ example: 'Ada' }),
    distance: z.number().openapi({ description: "Euclidean distance between this face's embedding and the person's.", example: 0.38 }),
    probability: z
      .number()
      .openapi({ description: 'Calibrated P(same person) from the verification head (see /v1/verify).', example: 0.98 }),
    match: z.boolean().openapi({ description: 'distance <= `threshold.value`.', example: true }),
  })
  .openapi('IdentifyCandidate');

export const IdentifyIdentitySchema = IdentifyCandidateSchema.omit({ match: true }).nullable().openapi('IdentifyIdentity', {
  description:
    'The nearest person when within the threshold; null means unknown: none of the people sent is this face (a stranger is named at most about 5 % of the time, see `threshold`).',
});

/** The rules an identify without an explicit threshold can apply (pipeline/face/open-set.ts). */
export const IDENTIFY_THRESHOLD_RULES = [
  'verification',
  'collection-size',
  'collection-size-floor',
] as const satisfies readonly ThresholdRule[];

export const IdentifyThresholdSchema = z
  .object({
    value: z.number().openapi({
      description:
        "The distance at or below which a face is the nearest person; above it, unknown. Set for the number of people sent, as a collection's identify sets it for its size.",
      example: head.threshold,
    }),
    rule: z.enum(IDENTIFY_THRESHOLD_RULES).openapi({
      description:
        `\`verification\`: with this few people the 1:1 verification threshold (${head.threshold}) already keeps strangers under the target, so it is used. ` +
        '`collection-size`: t(N) = F^-1(1 - (1 - max_false_identity_rate)^(1/N)) for N people, F the per-comparison false-accept rate of the encoder (measured on LFW DevTrain people); never above the verification threshold. ' +
        '`collection-size-floor`: t(N) below the measured range of F (not reached with at most 10 people).',
      example: 'verification',
    }),
    max_false_identity_rate: z
      .number()
      .openapi({ description: 'The target: how often a person who is none of the people sent may be given a name.', example: 0.05 }),
    compared: z.number().int().openapi({ description: 'N: the people each face is compared with.', example: 3 }),
    per_comparison_far: z.number().nullable().openapi({
      description:
        "F(value): the fraction of different-person comparisons within the threshold, from the head's table; null outside its range.",
      example: 0.00663,
    }),
    expected_false_identity_rate: z.number().nullable().openapi({
      description:
        '1 - (1 - F(value))^N: how often a stranger is expected to be given one of the names here (LFW-like photos; higher on harder photos).',
      example: 0.0197,
    }),
  })
  .openapi('IdentifyThreshold', { description: 'The threshold applied, and why.' });

export const IdentifyFaceSchema = FaceSchema.extend({
  identity: IdentifyIdentitySchema,
  candidates: z
    .array(IdentifyCandidateSchema)
    .openapi({ description: `The nearest people, nearest first, matching or not (at most ${IDENTIFY_TOP_CANDIDATES}).` }),
}).openapi('IdentifyFace', {
  description: 'A face of the photo, most prominent first, with the people it may be and who it is (`identity`, null when unknown).',
});

export const FaceIdentificationSchema = z
  .object({
    ...PhotoSizeSchema,
    faces: z.array(IdentifyFaceSchema).openapi({ description: 'Every face of the photo, most prominent first; empty when there is none.' }),
    threshold: IdentifyThresholdSchema,
    model: ModelSchema,
  })
  .openapi('FaceIdentification');

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
/** A person of POST /v1/faces/identify's `people`, as validated (name trimmed). */
export type IdentifyPersonJson = z.infer<typeof IdentifyPersonSchema>;
export type IdentifyCandidateJson = z.infer<typeof IdentifyCandidateSchema>;
export type IdentifyIdentityJson = z.infer<typeof IdentifyIdentitySchema>;
export type IdentifyThresholdJson = z.infer<typeof IdentifyThresholdSchema>;
export type IdentifyFaceJson = z.infer<typeof IdentifyFaceSchema>;
/** The answer of POST /v1/faces/identify. */
export type FaceIdentificationJson = z.infer<typeof FaceIdentificationSchema>;
