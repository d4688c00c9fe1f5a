// The collections feature's JSON (one-shot face recognition under /v1/collections) as zod schemas
// with their OpenAPI names, and the types derived from them: the one description of these answers
// for the routes, the OpenAPI document, clients and the tests. Faces inside answers are the faces
// feature's (features/faces/schema.ts).
import { z } from '@hono/zod-openapi';
import {
  DEFAULT_MAX_FALSE_IDENTITY_RATE,
  MAX_FALSE_IDENTITY_RATE,
  MIN_FALSE_IDENTITY_RATE,
  type ThresholdRule,
} from '../../pipeline/face/open-set';
import { servedFaces } from '../../pipeline/face/served';
import {
  BoxSchema,
  EmbeddingSchema,
  FaceSchema,
  FaceWarningCodeSchema,
  ModelSchema,
  QualitySchema,
  VerifiedFaceSchema,
} from '../faces/schema';

const head = servedFaces.head;

// ---------------------------------------------------------------------------------------------
// Path parameters

export const CollectionParams = z.object({
  c: z.string().openapi({ param: { name: 'c', in: 'path' }, description: 'Collection id.', example: 'c_019ad1c2e3f4a1b2c3d4e5f6a7b8' }),
});
export const SubjectParams = CollectionParams.extend({
  s: z.string().openapi({ param: { name: 's', in: 'path' }, description: 'Subject id.', example: 's_019ad1c2e3f5c3d4e5f6a7b8c9d0' }),
});
export const FaceParams = SubjectParams.extend({
  f: z.string().openapi({ param: { name: 'f', in: 'path' }, description: 'Enrolled face id.', example: 'f_019ad1c2e3f6e5f6a7b8c9d0e1f2' }),
});

// ---------------------------------------------------------------------------------------------
// Collections, subjects and enrolled faces

export const CollectionSchema = z
  .object({
    id: z.string().openapi({ example: 'c_019ad1c2e3f4a1b2c3d4e5f6a7b8' }),
    name: z.string().nullable().openapi({ example: 'front desk' }),
    created_at: z.string().openapi({ example: '2026-11-29T20:15:03.120Z' }),
  })
  .openapi('Collection');

export const CollectionSummarySchema = CollectionSchema.extend({
  subjects: z.number().int().openapi({ description: 'Subjects in the collection.', example: 12 }),
  faces: z.number().int().openapi({ description: 'Enrolled faces (embeddings), all model versions.', example: 14 }),
}).openapi('CollectionSummary');

export const CollectionListSchema = z.object({ collections: z.array(CollectionSummarySchema) }).openapi('CollectionList');

export const SubjectSchema = z
  .object({
    id: z.string().openapi({ example: 's_019ad1c2e3f5c3d4e5f6a7b8c9d0' }),
    name: z.string().openapi({ example: 'Ada Lovelace' }),
    external_id: z
      .string()
      .nullable()
      .openapi({ description: "The caller's own id for the person (unique within the collection), or null.", example: 'emp-1815' }),
    created_at: z.string().openapi({ example: '2026-11-29T20:15:04.551Z' }),
  })
  .openapi('Subject');

export const SubjectSummarySchema = SubjectSchema.extend({
  faces: z.number().int().openapi({ description: 'Enrolled faces, all model versions.', example: 1 }),
  needs_reenrolment: z.boolean().openapi({
    description:
      'True when the subject has faces but none made by the served encoder: identify cannot find them until a new photo is enrolled.',
    example: false,
  }),
}).openapi('SubjectSummary');

export const SubjectPageSchema = z
  .object({ subjects: z.array(SubjectSummarySchema), next_cursor: z.string().nullable() })
  .openapi('SubjectPage');

/** What a face enrolled by embedding has instead of a box and a quality. */
const NO_PHOTO = 'null when the face was enrolled by embedding (no photo reached the server).';

export const EnrolledFaceSchema = z
  .object({
    id: z.string().openapi({ example: 'f_019ad1c2e3f6e5f6a7b8c9d0e1f2' }),
    model: ModelSchema,
    source: z.enum(['photo', 'embedding']).openapi({
      description:
        '`photo`: enrolled from a photo (POST .../faces); `embedding`: enrolled from an embedding made elsewhere, e.g. on the device (POST .../embeddings).',
      example: 'photo',
    }),
    // A union, not .nullable(): zod-openapi drops `null` from a nullable reference to a named schema.
    box: z.union([BoxSchema, z.null()]).openapi({
      description: `Where the face was in the enrolment photo (its pixels); ${NO_PHOTO} The photo itself is not stored.`,
    }),
    quality: z.union([QualitySchema, z.null()]).openapi({ description: `The face's quality at enrolment; ${NO_PHOTO}` }),
    created_at: z.string().openapi({ example: '2026-11-29T20:15:05.010Z' }),
  })
  .openapi('EnrolledFace');

export const SubjectDetailSchema = SubjectSchema.extend({ faces: z.array(EnrolledFaceSchema), needs_reenrolment: z.boolean() }).openapi(
  'SubjectDetail',
);

export const EnrolmentSchema = EnrolledFaceSchema.extend({
  source: z.literal('photo'),
  box: BoxSchema.openapi({ description: 'Where the face was in the photo (its pixels). The photo itself is not stored.' }),
  quality: QualitySchema,
  subject: z.string(),
  index: z.number().int().openapi({
    description:
      'Which face of the photo was enrolled: 0-based, most prominent first, as /v1/faces/detect lists them (the one `face` or `box` chose; 0 when the photo shows one face).',
    example: 0,
  }),
  faces_found: z
    .number()
    .int()
    .openapi({ description: 'How many faces the photo has (more than 1 only when a face was chosen).', example: 1 }),
  forced_issues: z.array(z.string()).optional().openapi({ description: 'The quality issues enrolled anyway (force=true).' }),
}).openapi('Enrolment');

/** The model an embedding was made by, as /v1/faces/embed and GET /v1/models name it. */
const EmbeddingModelSchema = z.object({ id: z.string(), version: z.string() });

export const NewEmbeddingSchema = z.object({
  embedding: EmbeddingSchema.openapi({
    description: `The ${servedFaces.embeddingSize} floats of the face, made by the served encoder exactly as the server makes them (GET /v1/models: the encoder, its alignment and \`head.flip\`), or by /v1/faces/embed.`,
  }),
  model: EmbeddingModelSchema.openapi({
    description: 'The encoder that made the embedding: it must be the served one, same id and version (409 `model-mismatch` otherwise).',
    example: { ...servedFaces.model },
  }),
});

export const EmbeddingEnrolmentSchema = EnrolledFaceSchema.extend({
  source: z.literal('embedding'),
  box: z.null().openapi({ description: 'No photo reached the server, so there is no box.' }),
  quality: z.null().openapi({ description: 'No photo reached the server, so its quality is unknown.' }),
  subject: z.string(),
}).openapi('EmbeddingEnrolment');

const NameSchema = z.string().trim().min(1).max(200);

export const NewCollectionSchema = z.object({
  name: NameSchema.optional().openapi({ description: 'A label for your own use.', example: 'front desk' }),
});

export const NewSubjectSchema = z.object({
  name: NameSchema.openapi({ description: 'Shown in identify results.', example: 'Ada Lovelace' }),
  external_id: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .openapi({ description: 'Your own id for the person; unique within the collection (409 conflict if taken).', example: 'emp-1815' }),
});

export const PAGE_DEFAULT = 50;
export const PAGE_MAX = 200;

export const SubjectPageQuery = z.object({
  cursor: z.string().optional().openapi({ description: 'The `next_cursor` of the previous page.' }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(PAGE_MAX)
    .optional()
    .openapi({ description: `Page size, 1..${PAGE_MAX} (default ${PAGE_DEFAULT}).`, example: 50 }),
});

export const ENROL_FACE_DESCRIPTION =
  'Which face of the photo to enrol when it shows several: 0-based index into its faces, most prominent first (as /v1/faces/detect lists them: visible size x detector confidence). ' +
  'Without `face` or `box` the photo must show exactly one face.';
export const ENROL_BOX_DESCRIPTION =
  "Which face of the photo to enrol, by a box 'x,y,width,height' in the photo's pixels (EXIF orientation applied), e.g. one /v1/faces/detect returned: the detected face overlapping it most (IoU >= 0.1). Not together with `face`.";

/** Enrolment's query parameters (each may be a body field instead, not both). */
export const EnrolQuery = z.object({
  force: z.string().optional().openapi({ description: 'true: enrol despite quality issues.', example: 'false' }),
  face: z.string().optional().openapi({ description: ENROL_FACE_DESCRIPTION, example: '1' }),
  box: z.string().optional().openapi({ description: ENROL_BOX_DESCRIPTION, example: '412,230,208,208' }),
});

// ---------------------------------------------------------------------------------------------
// Identify, search and subject verify

export const TOP_K_DEFAULT = 3;
export const TOP_K_MAX = 20;

export const CandidateSchema = z
  .object({
    subject: z.string().openapi({ example: 's_019ad1c2e3f5c3d4e5f6a7b8c9d0' }),
    name: z.string().openapi({ example: 'Ada Lovelace' }),
    external_id: z.string().nullable().openapi({ example: 'emp-1815' }),
    distance: z.number().openapi({ description: "Euclidean distance to the subject's nearest enrolled face.", example: 0.38 }),
    probability: z
      .number()
      .openapi({ description: 'Calibrated P(same person) from the verification head (see /v1/verify).', example: 0.98 }),
    match: z.boolean().openapi({ description: "distance <= the answer's `threshold` (see `threshold_rule`).", example: true }),
    face: z.string().openapi({ description: "The subject's enrolled face that matched best.", example: 'f_019ad1c2e3f6e5f6a7b8c9d0e1f2' }),
  })
  .openapi('Candidate');

export const IdentitySchema = CandidateSchema.omit({ match: true }).nullable().openapi('Identity', {
  description:
    "The nearest subject when within the threshold; null means unknown: nobody enrolled in this collection is this person (at the threshold's error rates: by default a never-enrolled person gets an identity about 5 % of the time, see `threshold_rule`).",
});

export const StaleSubjectSchema = z
  .object({
    subject: z.string(),
    name: z.string(),
    external_id: z.string().nullable(),
    models: z
      .array(z.string())
      .openapi({ description: 'The encoders ("id vVERSION") that made its faces.', example: ['dlib-face-encoder v0'] }),
  })
  .openapi('StaleSubject', {
    description:
      'A subject whose faces were all made by another encoder version: embeddings of different versions are never compared, so it cannot be found until a photo is enrolled again.',
  });

const SearchedSchema = z.object({
  faces: z.number().int().openapi({ description: 'Enrolled faces searched (served encoder version only).', example: 1200 }),
  subjects: z.number().int().openapi({ example: 1000 }),
});

/** The threshold rules, in the order the OpenAPI document lists them. */
const THRESHOLD_RULES = [
  'collection-size',
  'verification',
  'collection-size-floor',
  'explicit',
] as const satisfies readonly ThresholdRule[];

export const ThresholdRuleSchema = z
  .object({
    rule: z.enum(THRESHOLD_RULES).openapi({
      description:
        '`collection-size`: t(N) = F^-1(1 - (1 - max_false_identity_rate)^(1/N)) for N enrolled faces, F the per-comparison false-accept rate of the encoder (measured on LFW DevTrain people). ' +
        `\`verification\`: the collection is small enough that the 1:1 verification threshold (${head.threshold}) already meets the target, so it is used (t(N) is never above it). ` +
        '`collection-size-floor`: the collection is so large that t(N) is below the measured range of F (per-comparison rate 1e-6, about 50,000 faces at 5 %); the smallest measured distance is used and `expected_false_identity_rate` exceeds the target. ' +
        '`explicit`: the `threshold` parameter.',
      example: 'collection-size',
    }),
    max_false_identity_rate: z.number().nullable().openapi({
      description: 'The target: the `max_false_identity_rate` parameter or the default 0.05; null for an explicit threshold.',
      example: DEFAULT_MAX_FALSE_IDENTITY_RATE,
    }),
    compared: z.number().int().openapi({
      description:
        'N: the enrolled faces a query is compared with (every face of the served encoder version; a stranger is named if any is within the threshold).',
      example: 1200,
    }),
    per_comparison_far: z.number().nullable().openapi({
      description:
        "F(threshold): the fraction of different-person comparisons within the threshold, from the head's table; null outside its range (1e-6 .. 0.1).",
      example: 4.3e-5,
    }),
    expected_false_identity_rate: z.number().nullable().openapi({
      description:
        "1 - (1 - F(threshold))^N: how often a never-enrolled person is expected to be given an identity in this collection at this threshold (LFW-like photos; higher on harder photos, e.g. 17 % on ORL's small grey faces at a 5 % target).",
      example: 0.05,
    }),
  })
  .openapi('ThresholdRule', { description: 'Which threshold was applied, and why.' });

/** The fields identify and search answers share. */
const commonAnswer = {
  threshold: z.number().openapi({
    description:
      'The distance threshold applied: the identity is the nearest subject when its distance is at or below it. See `threshold_rule`.',
    example: 0.47,
  }),
  threshold_rule: ThresholdRuleSchema,
  model: ModelSchema,
  searched: SearchedSchema,
  needs_reenrolment: z
    .array(StaleSubjectSchema)
    .openapi({ description: 'Subjects not searched because their embeddings come from another encoder version.' }),
};

export const IdentifiedFaceSchema = FaceSchema.extend({
  identity: IdentitySchema,
  candidates: z.array(CandidateSchema).openapi({ description: 'The top_k nearest subjects, nearest first, matching or not.' }),
}).openapi('IdentifiedFace');

export const IdentificationSchema = z
  .object({
    faces: z
      .array(IdentifiedFaceSchema)
      .openapi({ description: 'Every face in the photo, most prominent first; empty when there is none.' }),
    ...commonAnswer,
  })
  .openapi('Identification');

export const SearchResultSchema = z
  .object({ identity: IdentitySchema, candidates: z.array(CandidateSchema), ...commonAnswer })
  .openapi('SearchResult');

export const THRESHOLD_DESCRIPTION =
  'A fixed distance at or below which the nearest subject is the identity, overriding the collection-size rule (`max_false_identity_rate`). ' +
  `By default the threshold is t(N), which keeps the rate at which a never-enrolled person is given an identity at 5 % for a collection of N enrolled faces (at most the verification threshold, ${head.threshold}). ` +
  'A smaller value trades correct identifications for fewer strangers taken for enrolled people. Not together with `max_false_identity_rate`.';

export const RATE_DESCRIPTION =
  `Target rate at which a person who was never enrolled is given an identity, ${MIN_FALSE_IDENTITY_RATE} .. ${MAX_FALSE_IDENTITY_RATE} (default ${DEFAULT_MAX_FALSE_IDENTITY_RATE}). ` +
  "The threshold becomes t(N) = min(verification threshold, F^-1(1 - (1 - rate)^(1/N))) for the collection's N enrolled faces, F the encoder's per-comparison false-accept rate: " +
  'the larger the collection or the smaller the rate, the stricter the threshold, and the more enrolled people come back unknown (README, Recognition: evaluation). Not together with `threshold`.';

export const TOP_K_DESCRIPTION = `Candidates returned per face, 1..${TOP_K_MAX} (default ${TOP_K_DEFAULT}).`;

export const SearchRequestSchema = z.object({
  embedding: EmbeddingSchema.openapi({ description: `The ${servedFaces.embeddingSize} floats of /v1/faces/embed.` }),
  model: EmbeddingModelSchema.openapi({
    description: 'The model /v1/faces/embed reported with the embedding.',
    example: { ...servedFaces.model },
  }),
  top_k: z.number().int().min(1).max(TOP_K_MAX).optional().openapi({ description: TOP_K_DESCRIPTION }),
  threshold: z.number().gt(0).max(2).optional().openapi({ description: THRESHOLD_DESCRIPTION }),
  max_false_identity_rate: z
    .number()
    .min(MIN_FALSE_IDENTITY_RATE)
    .max(MAX_FALSE_IDENTITY_RATE)
    .optional()
    .openapi({ description: RATE_DESCRIPTION }),
});

export const SubjectVerifyWarningSchema = z.object({ code: FaceWarningCodeSchema, detail: z.string() }).openapi('SubjectVerifyWarning');

export const SubjectVerificationSchema = z
  .object({
    match: z.boolean().openapi({ description: `The nearest enrolled face's distance <= threshold (${head.threshold}).`, example: true }),
    distance: z.number().openapi({ description: "Distance to the subject's nearest enrolled face.", example: 0.41 }),
    threshold: z.number().openapi({ example: head.threshold }),
    probability: z.number().openapi({ description: 'Calibrated P(same person) against that face.', example: 0.97 }),
    subject: z.object({ id: z.string(), name: z.string(), external_id: z.string().nullable() }),
    enrolled_face: z.string().openapi({ description: 'The enrolled face compared (the nearest).' }),
    faces_compared: z.number().int().openapi({ description: "The subject's enrolled faces of the served encoder version.", example: 1 }),
    face: VerifiedFaceSchema,
    model: ModelSchema,
    warnings: z.array(SubjectVerifyWarningSchema).optional(),
  })
  .openapi('SubjectVerification');

// ---------------------------------------------------------------------------------------------
// Types

export type CollectionJson = z.infer<typeof CollectionSchema>;
export type CollectionSummaryJson = z.infer<typeof CollectionSummarySchema>;
/** The answer of GET /v1/collections. */
export type CollectionListJson = z.infer<typeof CollectionListSchema>;
export type SubjectJson = z.infer<typeof SubjectSchema>;
export type SubjectSummaryJson = z.infer<typeof SubjectSummarySchema>;
/** The answer of GET /v1/collections/{c}/subjects. */
export type SubjectPageJson = z.infer<typeof SubjectPageSchema>;
export type EnrolledFaceJson = z.infer<typeof EnrolledFaceSchema>;
/** The answer of GET /v1/collections/{c}/subjects/{s}. */
export type SubjectDetailJson = z.infer<typeof SubjectDetailSchema>;
/** The answer of POST /v1/collections/{c}/subjects/{s}/faces. */
export type EnrolmentJson = z.infer<typeof EnrolmentSchema>;
/** The body of POST /v1/collections/{c}/subjects/{s}/embeddings. */
export type NewEmbeddingJson = z.infer<typeof NewEmbeddingSchema>;
/** The answer of POST /v1/collections/{c}/subjects/{s}/embeddings. */
export type EmbeddingEnrolmentJson = z.infer<typeof EmbeddingEnrolmentSchema>;
export type CandidateJson = z.infer<typeof CandidateSchema>;
export type IdentityJson = z.infer<typeof IdentitySchema>;
export type StaleSubjectJson = z.infer<typeof StaleSubjectSchema>;
export type ThresholdRuleJson = z.infer<typeof ThresholdRuleSchema>;
export type IdentifiedFaceJson = z.infer<typeof IdentifiedFaceSchema>;
/** The answer of POST /v1/collections/{c}/identify. */
export type IdentificationJson = z.infer<typeof IdentificationSchema>;
/** The body of POST /v1/collections/{c}/search. */
export type SearchRequestJson = z.infer<typeof SearchRequestSchema>;
/** The answer of POST /v1/collections/{c}/search. */
export type SearchResultJson = z.infer<typeof SearchResultSchema>;
export type SubjectVerifyWarningJson = z.infer<typeof SubjectVerifyWarningSchema>;
/** The answer of POST /v1/collections/{c}/subjects/{s}/verify. */
export type SubjectVerificationJson = z.infer<typeof SubjectVerificationSchema>;
