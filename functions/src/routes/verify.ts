// POST /v1/verify: are the faces in photos `a` and `b` the same person? One face per photo (the
// largest, or the one the caller picks), the distance between their embeddings against the fitted
// threshold, and the head's calibrated probability. Photos are processed in memory, one after the
// other (only one decoded photo is alive at a time), and never stored.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../config';
import { validationHook } from '../http/errors';
import { IMAGE_PROBLEMS, imageRequestBody, problemResponses } from '../http/openapi';
import { Problem } from '../http/problem';
import { MODEL_ENDPOINT_PROBLEMS, modelEndpoint } from '../http/model-endpoint';
import { rateLimitNote } from '../http/rate-limit';
import { readImageRequest } from '../http/image-upload';
import { ENCODER_INFO, compareEmbeddings, embedChips, type Box, type FaceChoice, QUALITY_ISSUE_TEXT } from '../pipeline/face';
import { SERVED_EMBED_OPTIONS, VERIFICATION_HEAD } from '../pipeline/face/head';
import { faceFromPhoto, type PhotoFace } from '../pipeline/face/photo';
import type { InferenceRuntime } from '../runtime/types';
import { boxFromPhoto, FaceSchema, faceJson, ModelSchema, type PhotoScale } from './faces';

const IMAGES = ['a', 'b'] as const;
type ImageField = (typeof IMAGES)[number];
const CHOICE_PARAMS = ['a_face', 'b_face', 'a_box', 'b_box'] as const;

// ---------------------------------------------------------------------------------------------
// Schemas

const head = VERIFICATION_HEAD;

const VerifyFaceSchema = FaceSchema.extend({
  index: z.number().int().openapi({ description: 'Which detected face was used: 0-based, most prominent first (visible size x detector confidence).', example: 0 }),
  faces_found: z.number().int().openapi({ description: 'How many faces the photo has.', example: 1 }),
}).openapi('VerifiedFace');

const WarningSchema = z
  .object({
    field: z.enum(IMAGES).openapi({ description: 'The photo the warning is about.' }),
    code: z.enum(['multiple_faces', 'face_too_small', 'blurry', 'extreme_pose', 'too_dark', 'too_bright']),
    detail: z.string(),
  })
  .openapi('VerifyWarning', {
    example: { field: 'b', code: 'multiple_faces', detail: "Photo 'b' has 3 faces; the largest (index 0) was used. Choose another with b_face=<index> or b_box=x,y,width,height." },
  });

const VerificationSchema = z
  .object({
    match: z.boolean().openapi({ description: `distance <= threshold. The threshold (${head.threshold}) maximised accuracy on LFW View 1 DevTrain, so this is the most accurate yes/no answer.`, example: true }),
    distance: z.number().openapi({ description: 'Euclidean distance between the two 128-d embeddings.', example: 0.41 }),
    threshold: z.number().openapi({ example: head.threshold }),
    probability: z.number().openapi({
      description:
        'Calibrated P(same person): a logistic unit over |f(a) - f(b)| fitted on the same pairs. It weighs embedding dimensions, the distance does not, ' +
        'so close to the threshold the two can disagree (match with probability below 0.5, or the reverse): read that as an uncertain answer.',
      example: 0.97,
    }),
    faces: z.object({ a: VerifyFaceSchema, b: VerifyFaceSchema }),
    model: ModelSchema,
    warnings: z.array(WarningSchema).optional().openapi({ description: 'Present when a photo had several faces or a used face has quality issues.' }),
  })
  .openapi('Verification');

const INDEX_DESCRIPTION = (f: ImageField) => `Which face of photo '${f}' to use: 0-based index into its faces, most prominent first (as /v1/faces/detect lists them: visible size x detector confidence). Default: 0, the most prominent.`;
const BOX_DESCRIPTION = (f: ImageField) =>
  `Which face of photo '${f}' to use, by a box 'x,y,width,height' in the photo's pixels (EXIF orientation applied): the detected face overlapping it most (IoU >= 0.1).`;

const QuerySchema = z.object({
  a_face: z.string().optional().openapi({ description: INDEX_DESCRIPTION('a'), example: '0' }),
  b_face: z.string().optional().openapi({ description: INDEX_DESCRIPTION('b') }),
  a_box: z.string().optional().openapi({ description: BOX_DESCRIPTION('a'), example: '412,230,208,208' }),
  b_box: z.string().optional().openapi({ description: BOX_DESCRIPTION('b') }),
});

const body = imageRequestBody(['a', 'b'], 'The two photos, as multipart file fields `a` and `b` or JSON string fields (base64 or data URL). Face choices may be sent as fields too.');
for (const content of Object.values(body.content)) {
  const props = content.schema.properties as Record<string, unknown>;
  for (const f of IMAGES) {
    props[`${f}_face`] = { type: 'integer', minimum: 0, description: INDEX_DESCRIPTION(f) };
    props[`${f}_box`] = { type: 'string', description: `${BOX_DESCRIPTION(f)} JSON also accepts {x, y, width, height} or [x, y, width, height].` };
  }
}

const route = createRoute({
  method: 'post',
  path: '/verify',
  tags: ['Faces'],
  summary: 'Are the faces in two photos the same person?',
  description:
    'Each photo must show a face; with several, the largest is used (a warning says so) unless `a_face`/`b_face` (index) or `a_box`/`b_box` (box) choose another, ' +
    'in the query string or as body fields. Photos are processed in memory and never stored.' +
    rateLimitNote('verify'),
  ...modelEndpoint('verify'),
  request: { query: QuerySchema, body },
  responses: {
    200: { description: 'The verdict.', content: { 'application/json': { schema: VerificationSchema } } },
    ...problemResponses(...IMAGE_PROBLEMS, 'no-face', 'face-not-found', ...MODEL_ENDPOINT_PROBLEMS),
  },
});

// ---------------------------------------------------------------------------------------------
// Face choice parameters

function invalid(field: string, message: string): Problem {
  return new Problem('validation-failed', `${field}: ${message}`, { field, errors: [{ field, message }] });
}

function parseIndex(value: unknown, field: string): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < 0) throw invalid(field, `must be a face index (0, 1, ...), got ${JSON.stringify(value)}`);
  return n;
}

function parseBox(value: unknown, field: string): Box {
  let parts: unknown[] | undefined;
  if (typeof value === 'string') parts = value.split(',').map((s) => (s.trim() === '' ? NaN : Number(s)));
  else if (Array.isArray(value)) parts = value;
  else if (typeof value === 'object' && value !== null) {
    const o = value as Record<string, unknown>;
    parts = [o.x, o.y, o.width, o.height];
  }
  const nums = parts?.length === 4 && parts.every((v) => typeof v === 'number' && Number.isFinite(v)) ? (parts as number[]) : undefined;
  if (!nums) throw invalid(field, `must be a box 'x,y,width,height' (four numbers), got ${JSON.stringify(value)}`);
  if (!(nums[2] > 0 && nums[3] > 0)) throw invalid(field, 'width and height must be positive');
  return { x: nums[0], y: nums[1], width: nums[2], height: nums[3] };
}

type RawChoice = { face?: unknown; box?: unknown; from: 'query' | 'body' };

/** The face choice for one photo, from the query or the body (not both; not index and box at once). */
function choiceFor(f: ImageField, query: Record<string, string | undefined>, params: Record<string, unknown>): { raw?: RawChoice } {
  const inQuery = query[`${f}_face`] !== undefined || query[`${f}_box`] !== undefined;
  const inBody = params[`${f}_face`] !== undefined || params[`${f}_box`] !== undefined;
  if (inQuery && inBody) throw invalid(`${f}_face`, `choose the face of photo '${f}' in the query string or in the body, not both`);
  const source = inQuery ? { face: query[`${f}_face`], box: query[`${f}_box`], from: 'query' as const } : inBody ? { face: params[`${f}_face`], box: params[`${f}_box`], from: 'body' as const } : undefined;
  if (source && source.face !== undefined && source.box !== undefined) throw invalid(`${f}_face`, `give either ${f}_face or ${f}_box, not both`);
  return { raw: source };
}

function resolveChoice(f: ImageField, raw: RawChoice | undefined, photo: PhotoScale): FaceChoice | undefined {
  if (!raw) return undefined;
  if (raw.face !== undefined) return { index: parseIndex(raw.face, `${f}_face`) };
  return { box: boxFromPhoto(photo, parseBox(raw.box, `${f}_box`)) };
}

// ---------------------------------------------------------------------------------------------
// One photo -> its chosen face (chip kept for the encoder, the decoded photo dropped)

type ChosenFace = PhotoFace;

async function chooseFace(runtime: InferenceRuntime, f: ImageField, bytes: Uint8Array, raw: RawChoice | undefined, limits: AppEnv['Variables']['limits']): Promise<ChosenFace> {
  // Validate the choice's syntax before the (costly) decode.
  if (raw?.face !== undefined) parseIndex(raw.face, `${f}_face`);
  if (raw?.box !== undefined) parseBox(raw.box, `${f}_box`);
  return faceFromPhoto(runtime, bytes, { field: f, limits, choose: (photo) => resolveChoice(f, raw, photo), choiceField: raw?.face !== undefined ? `${f}_face` : `${f}_box` });
}

// ---------------------------------------------------------------------------------------------

export const verify = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(route, async (c) => {
  const limits = c.get('limits');
  const query = c.req.valid('query');
  const { images, params } = await readImageRequest(c.req.raw, IMAGES, { limits, params: CHOICE_PARAMS });
  const raw = { a: choiceFor('a', query, params).raw, b: choiceFor('b', query, params).raw };

  const chosen = {} as Record<ImageField, ChosenFace>;
  for (const f of IMAGES) {
    chosen[f] = await chooseFace(c.get('runtime'), f, images[f].bytes, raw[f], limits);
    images[f].bytes = new Uint8Array(0); // drop the upload before decoding the next photo (peak memory)
  }

  const [ea, eb] = await embedChips(c.get('runtime'), [chosen.a.face.aligned.chip, chosen.b.face.aligned.chip], SERVED_EMBED_OPTIONS);
  const verdict = compareEmbeddings(head, ea, eb);

  const warnings: z.infer<typeof WarningSchema>[] = [];
  for (const f of IMAGES) {
    const { found, index, face } = chosen[f];
    if (found > 1 && !raw[f]) {
      warnings.push({ field: f, code: 'multiple_faces', detail: `Photo '${f}' has ${found} faces; the largest (index ${index}) was used. Choose another with ${f}_face=<index> or ${f}_box=x,y,width,height.` });
    }
    for (const issue of face.quality.issues) warnings.push({ field: f, code: issue, detail: `The face used in photo '${f}' ${QUALITY_ISSUE_TEXT[issue]}; the answer is less reliable.` });
  }
  const faceOut = (f: ImageField) => {
    const { photo, face, index, found } = chosen[f];
    return { ...faceJson(photo, face), index, faces_found: found };
  };
  return c.json(
    {
      match: verdict.match,
      distance: Number(verdict.distance.toFixed(4)),
      threshold: verdict.threshold,
      probability: Number(verdict.probability.toFixed(4)),
      faces: { a: faceOut('a'), b: faceOut('b') },
      model: { ...ENCODER_INFO },
      ...(warnings.length ? { warnings } : {}),
    },
    200,
  );
});
