// Recognition queries: who is in this photo among a gallery's enrolled people (identify), the same
// for an embedding the client already has (search), and "is this the enrolled person?" (verify
// against one subject). One-shot: one enrolled photo per person is enough, because the decision is
// a threshold on the embedding distance. A face whose nearest enrolled person is beyond it is unknown
// (identity null), not the nearest stranger. The threshold depends on the gallery's size: a stranger is
// compared with every enrolled face, so the 1:1 verification threshold would name more strangers the
// more people are enrolled; by default identify uses t(N) (pipeline/face/open-set.ts), which keeps the
// rate at which a never-enrolled person is given an identity at `max_false_identity_rate` (5 %), and
// reports the threshold and why in `threshold` / `threshold_rule`.
// Only embeddings of the served encoder version are searched; subjects whose faces were all made by
// another version are listed in needs_reenrolment. Photos are processed in memory, never stored.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../config';
import { validationHook } from '../http/errors';
import { IMAGE_PROBLEMS, imageRequestBody, problemResponses } from '../http/openapi';
import { Problem } from '../http/problem';
import { readImageRequest } from '../http/image-upload';
import { EMBEDDING_SIZE, ENCODER_INFO, analyseFaces, compareEmbeddings, sameProbability, QUALITY_ISSUE_TEXT } from '../pipeline/face';
import { SERVED_EMBED_OPTIONS, VERIFICATION_HEAD } from '../pipeline/face/head';
import { DEFAULT_MAX_FALSE_IDENTITY_RATE, MAX_FALSE_IDENTITY_RATE, MIN_FALSE_IDENTITY_RATE, openSetThreshold, type OpenSetDecision } from '../pipeline/face/open-set';
import { decodeForFaces, faceFromPhoto, photoScale } from '../pipeline/face/photo';
import { rankSubjects, shortlist } from '../pipeline/face/search';
import { facesByRowid, galleryIndex, subjectEmbeddings, subjectHasFaces, type GalleryIndex, type Gallery } from '../storage';
import { FaceSchema, faceJson, ModelSchema } from './faces';
import { AUTH_PROBLEMS, callerGallery, callerSubject, GalleryParams, SECURITY, SubjectParams } from './galleries';

const head = VERIFICATION_HEAD;
const TOP_K_DEFAULT = 3;
const TOP_K_MAX = 20;
const served = () => ({ id: ENCODER_INFO.id, version: ENCODER_INFO.version });

// ---------------------------------------------------------------------------------------------
// Schemas

const CandidateSchema = z
  .object({
    subject: z.string().openapi({ example: 's_019ad1c2e3f5c3d4e5f6a7b8c9d0' }),
    name: z.string().openapi({ example: 'Ada Lovelace' }),
    external_id: z.string().nullable().openapi({ example: 'emp-1815' }),
    distance: z.number().openapi({ description: "Euclidean distance to the subject's nearest enrolled face.", example: 0.38 }),
    probability: z.number().openapi({ description: 'Calibrated P(same person) from the verification head (see /v1/verify).', example: 0.98 }),
    match: z.boolean().openapi({ description: 'distance <= the answer\'s `threshold` (see `threshold_rule`).', example: true }),
    face: z.string().openapi({ description: "The subject's enrolled face that matched best.", example: 'f_019ad1c2e3f6e5f6a7b8c9d0e1f2' }),
  })
  .openapi('Candidate');

const IdentitySchema = CandidateSchema.omit({ match: true })
  .nullable()
  .openapi('Identity', {
    description:
      'The nearest subject when within the threshold; null means unknown: nobody enrolled in this gallery is this person (at the threshold\'s error rates: by default a never-enrolled person gets an identity about 5 % of the time, see `threshold_rule`).',
  });

const StaleSchema = z
  .object({
    subject: z.string(),
    name: z.string(),
    external_id: z.string().nullable(),
    models: z.array(z.string()).openapi({ description: 'The encoders ("id vVERSION") that made its faces.', example: ['dlib-face-encoder v0'] }),
  })
  .openapi('StaleSubject', { description: 'A subject whose faces were all made by another encoder version: embeddings of different versions are never compared, so it cannot be found until a photo is enrolled again.' });

const SearchedSchema = z.object({
  faces: z.number().int().openapi({ description: 'Enrolled faces searched (served encoder version only).', example: 1200 }),
  subjects: z.number().int().openapi({ example: 1000 }),
});

const ThresholdRuleSchema = z
  .object({
    rule: z.enum(['gallery-size', 'verification', 'gallery-size-floor', 'explicit']).openapi({
      description:
        '`gallery-size`: t(N) = F^-1(1 - (1 - max_false_identity_rate)^(1/N)) for N enrolled faces, F the per-comparison false-accept rate of the encoder (measured on LFW DevTrain people). ' +
        `\`verification\`: the gallery is small enough that the 1:1 verification threshold (${head.threshold}) already meets the target, so it is used (t(N) is never above it). ` +
        '`gallery-size-floor`: the gallery is so large that t(N) is below the measured range of F (per-comparison rate 1e-6, about 50,000 faces at 5 %); the smallest measured distance is used and `expected_false_identity_rate` exceeds the target. ' +
        '`explicit`: the `threshold` parameter.',
      example: 'gallery-size',
    }),
    max_false_identity_rate: z.number().nullable().openapi({ description: 'The target: the `max_false_identity_rate` parameter or the default 0.05; null for an explicit threshold.', example: DEFAULT_MAX_FALSE_IDENTITY_RATE }),
    compared: z.number().int().openapi({ description: 'N: the enrolled faces a query is compared with (every face of the served encoder version; a stranger is named if any is within the threshold).', example: 1200 }),
    per_comparison_far: z.number().nullable().openapi({ description: 'F(threshold): the fraction of different-person comparisons within the threshold, from the head\'s table; null outside its range (1e-6 .. 0.1).', example: 4.3e-5 }),
    expected_false_identity_rate: z.number().nullable().openapi({ description: '1 - (1 - F(threshold))^N: how often a never-enrolled person is expected to be given an identity in this gallery at this threshold (LFW-like photos; higher on harder photos, e.g. 17 % on ORL\'s small grey faces at a 5 % target).', example: 0.05 }),
  })
  .openapi('ThresholdRule', { description: 'Which threshold was applied, and why.' });

const commonAnswer = {
  threshold: z.number().openapi({ description: 'The distance threshold applied: the identity is the nearest subject when its distance is at or below it. See `threshold_rule`.', example: 0.47 }),
  threshold_rule: ThresholdRuleSchema,
  model: ModelSchema,
  searched: SearchedSchema,
  needs_reenrolment: z.array(StaleSchema).openapi({ description: 'Subjects not searched because their embeddings come from another encoder version.' }),
};

const IdentifiedFaceSchema = FaceSchema.extend({
  identity: IdentitySchema,
  candidates: z.array(CandidateSchema).openapi({ description: 'The top_k nearest subjects, nearest first, matching or not.' }),
}).openapi('IdentifiedFace');

const IdentificationSchema = z.object({ faces: z.array(IdentifiedFaceSchema).openapi({ description: 'Every face in the photo, most prominent first; empty when there is none.' }), ...commonAnswer }).openapi('Identification');

const SearchResultSchema = z.object({ identity: IdentitySchema, candidates: z.array(CandidateSchema), ...commonAnswer }).openapi('SearchResult');

const THRESHOLD_DESCRIPTION =
  'A fixed distance at or below which the nearest subject is the identity, overriding the gallery-size rule (`max_false_identity_rate`). ' +
  `By default the threshold is t(N), which keeps the rate at which a never-enrolled person is given an identity at 5 % for a gallery of N enrolled faces (at most the verification threshold, ${head.threshold}). ` +
  'A smaller value trades correct identifications for fewer strangers taken for enrolled people. Not together with `max_false_identity_rate`.';

const RATE_DESCRIPTION =
  `Target rate at which a person who was never enrolled is given an identity, ${MIN_FALSE_IDENTITY_RATE} .. ${MAX_FALSE_IDENTITY_RATE} (default ${DEFAULT_MAX_FALSE_IDENTITY_RATE}). ` +
  'The threshold becomes t(N) = min(verification threshold, F^-1(1 - (1 - rate)^(1/N))) for the gallery\'s N enrolled faces, F the encoder\'s per-comparison false-accept rate: ' +
  'the larger the gallery or the smaller the rate, the stricter the threshold, and the more enrolled people come back unknown (README, Recognition: evaluation). Not together with `threshold`.';

const TOP_K_DESCRIPTION = `Candidates returned per face, 1..${TOP_K_MAX} (default ${TOP_K_DEFAULT}).`;

const identifyBody = imageRequestBody(['image'], 'The photo, as a multipart file field `image` or a JSON string field `image` (base64 or data URL), or the raw image as the body. `top_k` may be sent as a field too.');
for (const content of Object.values(identifyBody.content)) {
  const props = content.schema.properties as Record<string, unknown>;
  props.top_k = { type: 'integer', minimum: 1, maximum: TOP_K_MAX, description: TOP_K_DESCRIPTION };
  props.threshold = { type: 'number', exclusiveMinimum: 0, maximum: 2, description: 'See the `threshold` query parameter.' };
  props.max_false_identity_rate = { type: 'number', minimum: MIN_FALSE_IDENTITY_RATE, maximum: MAX_FALSE_IDENTITY_RATE, description: 'See the `max_false_identity_rate` query parameter.' };
}

const identifyRoute = createRoute({
  method: 'post',
  path: '/galleries/{g}/identify',
  tags: ['Recognition'],
  security: SECURITY,
  summary: 'Who is in this photo? (one-shot identification)',
  description:
    "For every face in the photo: the gallery's nearest subjects (`candidates`) and the `identity`: the nearest subject if its distance is within the threshold, " +
    'else null (unknown). A person who was never enrolled comes back unknown, not as the most similar stranger: the default threshold shrinks with the gallery\'s size so that a stranger, who is compared with every enrolled face, ' +
    'is given an identity about 5 % of the time (`max_false_identity_rate`); the answer gives the threshold applied and why (`threshold`, `threshold_rule`). Exact search over the enrolled embeddings of the served encoder version; ' +
    'subjects enrolled with another version are listed in `needs_reenrolment`. The photo is processed in memory and never stored.',
  request: {
    params: GalleryParams,
    query: z.object({
      top_k: z.string().optional().openapi({ description: TOP_K_DESCRIPTION, example: '3' }),
      threshold: z.string().optional().openapi({ description: THRESHOLD_DESCRIPTION, example: '0.45' }),
      max_false_identity_rate: z.string().optional().openapi({ description: RATE_DESCRIPTION, example: '0.01' }),
    }),
    body: identifyBody,
  },
  responses: {
    200: { description: 'The faces and who they are.', content: { 'application/json': { schema: IdentificationSchema } } },
    ...problemResponses(...AUTH_PROBLEMS, 'busy', 'collection-not-found', ...IMAGE_PROBLEMS),
  },
});

const searchRoute = createRoute({
  method: 'post',
  path: '/galleries/{g}/search',
  tags: ['Recognition'],
  security: SECURITY,
  summary: 'Identify an embedding (from /v1/faces/embed)',
  description:
    'As identify (same threshold rule: `threshold_rule`), for one face whose embedding the client already has (from /v1/faces/embed). The embedding must come from the served encoder: `model` must be the one /v1/faces/embed reported (409 `model-mismatch` otherwise). Nothing is stored.',
  request: {
    params: GalleryParams,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({
            embedding: z.array(z.number()).length(EMBEDDING_SIZE).openapi({ description: `The ${EMBEDDING_SIZE} floats of /v1/faces/embed.` }),
            model: z.object({ id: z.string(), version: z.string() }).openapi({ description: 'The model /v1/faces/embed reported with the embedding.', example: served() }),
            top_k: z.number().int().min(1).max(TOP_K_MAX).optional().openapi({ description: TOP_K_DESCRIPTION }),
            threshold: z.number().gt(0).max(2).optional().openapi({ description: THRESHOLD_DESCRIPTION }),
            max_false_identity_rate: z.number().min(MIN_FALSE_IDENTITY_RATE).max(MAX_FALSE_IDENTITY_RATE).optional().openapi({ description: RATE_DESCRIPTION }),
          }),
        },
      },
    },
  },
  responses: {
    200: { description: 'Who the embedding is.', content: { 'application/json': { schema: SearchResultSchema } } },
    ...problemResponses(...AUTH_PROBLEMS, 'busy', 'collection-not-found', 'validation-failed', 'model-mismatch'),
  },
});

const WarningSchema = z.object({ code: z.enum(['multiple_faces', 'face_too_small', 'blurry', 'extreme_pose', 'too_dark', 'too_bright']), detail: z.string() }).openapi('SubjectVerifyWarning');

const SubjectVerificationSchema = z
  .object({
    match: z.boolean().openapi({ description: `The nearest enrolled face's distance <= threshold (${head.threshold}).`, example: true }),
    distance: z.number().openapi({ description: "Distance to the subject's nearest enrolled face.", example: 0.41 }),
    threshold: z.number().openapi({ example: head.threshold }),
    probability: z.number().openapi({ description: 'Calibrated P(same person) against that face.', example: 0.97 }),
    subject: z.object({ id: z.string(), name: z.string(), external_id: z.string().nullable() }),
    enrolled_face: z.string().openapi({ description: 'The enrolled face compared (the nearest).' }),
    faces_compared: z.number().int().openapi({ description: "The subject's enrolled faces of the served encoder version.", example: 1 }),
    face: FaceSchema.extend({ index: z.number().int(), faces_found: z.number().int() }),
    model: ModelSchema,
    warnings: z.array(WarningSchema).optional(),
  })
  .openapi('SubjectVerification');

const verifyBody = imageRequestBody(['image'], 'The photo, as a multipart file field `image` or a JSON string field `image` (base64 or data URL), or the raw image as the body.');

const subjectVerifyRoute = createRoute({
  method: 'post',
  path: '/galleries/{g}/subjects/{s}/verify',
  tags: ['Recognition'],
  security: SECURITY,
  summary: 'Is the face in this photo this enrolled person?',
  description:
    "The /v1/verify answer for the photo's most prominent face against the subject's enrolled faces (the nearest counts). 409 `no-enrolled-face` when the subject has no face " +
    'enrolled with the served encoder version (none yet, or only older ones: re-enrol). The photo is processed in memory and never stored.',
  request: { params: SubjectParams, body: verifyBody },
  responses: {
    200: { description: 'The verdict.', content: { 'application/json': { schema: SubjectVerificationSchema } } },
    ...problemResponses(...AUTH_PROBLEMS, 'busy', 'collection-not-found', 'subject-not-found', 'no-enrolled-face', ...IMAGE_PROBLEMS, 'no-face'),
  },
});

// ---------------------------------------------------------------------------------------------
// Search

function topK(query: string | undefined, body: unknown): number {
  if (query !== undefined && body !== undefined) throw new Problem('validation-failed', 'top_k: give it in the query string or in the body, not both', { field: 'top_k', errors: [{ field: 'top_k', message: 'given twice' }] });
  const raw = query ?? body;
  if (raw === undefined) return TOP_K_DEFAULT;
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > TOP_K_MAX) throw new Problem('validation-failed', `top_k: must be an integer from 1 to ${TOP_K_MAX}, got ${JSON.stringify(raw)}`, { field: 'top_k', errors: [{ field: 'top_k', message: `1..${TOP_K_MAX}` }] });
  return n;
}

function thresholdParam(query: string | undefined, body: unknown): number | undefined {
  if (query !== undefined && body !== undefined) throw new Problem('validation-failed', 'threshold: give it in the query string or in the body, not both', { field: 'threshold', errors: [{ field: 'threshold', message: 'given twice' }] });
  const raw = query ?? body;
  if (raw === undefined) return undefined;
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  if (!(n > 0 && n <= 2)) throw new Problem('validation-failed', `threshold: must be a distance in (0, 2], got ${JSON.stringify(raw)}`, { field: 'threshold', errors: [{ field: 'threshold', message: 'a number in (0, 2]' }] });
  return n;
}

function rateParam(query: string | undefined, body: unknown): number | undefined {
  const field = 'max_false_identity_rate';
  if (query !== undefined && body !== undefined) throw new Problem('validation-failed', `${field}: give it in the query string or in the body, not both`, { field, errors: [{ field, message: 'given twice' }] });
  const raw = query ?? body;
  if (raw === undefined) return undefined;
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  if (!(n >= MIN_FALSE_IDENTITY_RATE && n <= MAX_FALSE_IDENTITY_RATE)) {
    throw new Problem('validation-failed', `${field}: must be a rate from ${MIN_FALSE_IDENTITY_RATE} to ${MAX_FALSE_IDENTITY_RATE}, got ${JSON.stringify(raw)}`, { field, errors: [{ field, message: `a number in [${MIN_FALSE_IDENTITY_RATE}, ${MAX_FALSE_IDENTITY_RATE}]` }] });
  }
  return n;
}

function notBoth(explicit: number | undefined, rate: number | undefined) {
  if (explicit !== undefined && rate !== undefined) {
    throw new Problem('validation-failed', 'threshold and max_false_identity_rate: give one or the other (a fixed threshold, or the target the gallery-size threshold is chosen for)', {
      field: 'threshold',
      errors: [{ field: 'threshold', message: 'not together with max_false_identity_rate' }],
    });
  }
}

/** The threshold for this gallery: the explicit one, else t(N) for the target rate over the N enrolled faces searched (rounded as reported, so `match` agrees with the reported threshold). */
function decideThreshold(index: GalleryIndex, explicit: number | undefined, rate: number | undefined): OpenSetDecision {
  notBoth(explicit, rate);
  const decision = openSetThreshold({ verificationThreshold: head.threshold, table: head.open_set, compared: index.packed.count, alpha: rate, explicit });
  return decision.rule === 'gallery-size' || decision.rule === 'gallery-size-floor' ? { ...decision, threshold: round4(decision.threshold) } : decision;
}

const round4 = (v: number) => Number(v.toFixed(4));

/** The gallery's index (cached per isolate while the gallery is unchanged). */
const loadIndex = (c: Context<AppEnv>, gallery: Gallery) => galleryIndex(c.env.DB, gallery, served(), EMBEDDING_SIZE);

/** Exact top-k subjects for one embedding: scan the packed index, then rank the shortlist exactly. */
async function searchOne(c: Context<AppEnv>, index: GalleryIndex, query: Float32Array, k: number, threshold: number) {
  const rows = shortlist(index.packed, query, k);
  const exact = await facesByRowid(
    c.env.DB,
    index.galleryId,
    rows.map((r) => index.rowids[r]),
    EMBEDDING_SIZE,
  );
  const ranked = rankSubjects(query, exact.map((e) => ({ subject: e.subject, embedding: e.embedding, face: e.faceId })), k, (s) => s.id);
  const candidates = ranked.map((r) => ({
    subject: r.subject.id,
    name: r.subject.name,
    external_id: r.subject.external_id,
    distance: round4(r.distance),
    probability: round4(sameProbability(head, query, r.embedding)),
    match: r.distance <= threshold,
    face: r.face,
  }));
  const best = candidates[0];
  const identity = best?.match ? (({ match: _, ...rest }) => rest)(best) : null;
  return { identity, candidates };
}

const round3 = (v: number | null) => (v === null ? null : Number(v.toPrecision(3)));

const answerCommon = (index: GalleryIndex, decision: OpenSetDecision) => ({
  threshold: decision.threshold,
  threshold_rule: {
    rule: decision.rule,
    max_false_identity_rate: decision.max_false_identity_rate,
    compared: decision.compared,
    per_comparison_far: round3(decision.per_comparison_far),
    expected_false_identity_rate: round3(decision.expected_false_identity_rate),
  },
  model: served(),
  searched: { faces: index.packed.count, subjects: index.subjectIds.length },
  needs_reenrolment: index.stale.map((s) => ({ subject: s.id, name: s.name, external_id: s.external_id, models: s.models })),
});

// ---------------------------------------------------------------------------------------------

export const identify = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(identifyRoute, async (c) => {
    const { g } = c.req.valid('param');
    const gallery = await callerGallery(c, g);
    const limits = c.get('limits');
    const { images, params } = await readImageRequest(c.req.raw, ['image'], { limits, params: ['top_k', 'threshold', 'max_false_identity_rate'] });
    const query = c.req.valid('query');
    const k = topK(query.top_k, params.top_k);
    const explicit = thresholdParam(query.threshold, params.threshold);
    const rate = rateParam(query.max_false_identity_rate, params.max_false_identity_rate);
    notBoth(explicit, rate); // before the image work
    const photo = await decodeForFaces(images.image.bytes, images.image.field, limits);
    images.image.bytes = new Uint8Array(0);
    const found = await analyseFaces(c.get('runtime'), photo.decoded.image, { embed: SERVED_EMBED_OPTIONS });
    const scale = photoScale(photo);
    const index = await loadIndex(c, gallery);
    const decision = decideThreshold(index, explicit, rate);
    const faces = [];
    for (const face of found) faces.push({ ...faceJson(scale, face), ...(await searchOne(c, index, face.embedding!, k, decision.threshold)) });
    return c.json({ faces, ...answerCommon(index, decision) }, 200);
  })
  .openapi(searchRoute, async (c) => {
    const { g } = c.req.valid('param');
    const body = c.req.valid('json');
    const gallery = await callerGallery(c, g);
    const model = served();
    if (body.model.id !== model.id || body.model.version !== model.version) {
      throw new Problem('model-mismatch', `The embedding was made by ${body.model.id} v${body.model.version}, but the gallery is searched with ${model.id} v${model.version}: embeddings of different models are not comparable. Embed the photo again with /v1/faces/embed.`, {
        served_model: model,
      });
    }
    const index = await loadIndex(c, gallery);
    const decision = decideThreshold(index, body.threshold, body.max_false_identity_rate);
    const result = await searchOne(c, index, Float32Array.from(body.embedding), body.top_k ?? TOP_K_DEFAULT, decision.threshold);
    return c.json({ ...result, ...answerCommon(index, decision) }, 200);
  })
  .openapi(subjectVerifyRoute, async (c) => {
    const { g, s } = c.req.valid('param');
    const { subject } = await callerSubject(c, g, s);
    const enrolled = await subjectEmbeddings(c.env.DB, subject.id, served(), EMBEDDING_SIZE);
    if (enrolled.length === 0) {
      const any = await subjectHasFaces(c.env.DB, subject.id);
      throw new Problem(
        'no-enrolled-face',
        any
          ? `Subject '${s}' was enrolled with another encoder version than the served ${ENCODER_INFO.id} v${ENCODER_INFO.version}; enrol a photo again to verify against them.`
          : `Subject '${s}' has no enrolled face yet; enrol one with POST /v1/galleries/${g}/subjects/${s}/faces.`,
        { subject: s, needs_reenrolment: Boolean(any) },
      );
    }
    const limits = c.get('limits');
    const { images } = await readImageRequest(c.req.raw, ['image'], { limits });
    const chosen = await faceFromPhoto(c.get('runtime'), images.image.bytes, { field: images.image.field, limits, embed: SERVED_EMBED_OPTIONS });
    const query = chosen.face.embedding!;
    let best = { face: enrolled[0], verdict: compareEmbeddings(head, query, enrolled[0].embedding) };
    for (const e of enrolled.slice(1)) {
      const verdict = compareEmbeddings(head, query, e.embedding);
      if (verdict.distance < best.verdict.distance) best = { face: e, verdict };
    }
    const warnings: z.infer<typeof WarningSchema>[] = [];
    if (chosen.found > 1) warnings.push({ code: 'multiple_faces', detail: `The photo has ${chosen.found} faces; the most prominent (index ${chosen.index}) was used.` });
    for (const issue of chosen.face.quality.issues) warnings.push({ code: issue, detail: `The face used ${QUALITY_ISSUE_TEXT[issue]}; the answer is less reliable.` });
    return c.json(
      {
        match: best.verdict.match,
        distance: round4(best.verdict.distance),
        threshold: head.threshold,
        probability: round4(best.verdict.probability),
        subject: { id: subject.id, name: subject.name, external_id: subject.external_id },
        enrolled_face: best.face.id,
        faces_compared: enrolled.length,
        face: { ...faceJson(chosen.photo, chosen.face), index: chosen.index, faces_found: chosen.found },
        model: served(),
        ...(warnings.length ? { warnings } : {}),
      },
      200,
    );
  });
