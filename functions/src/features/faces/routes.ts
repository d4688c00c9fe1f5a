// POST /v1/faces/detect, /v1/faces/embed and /v1/verify: HTTP only. The routes read the upload (and
// verify's face choices), call the service and answer its JSON; the schemas are schema.ts.
// POST /v1/faces/identify is identify-routes.ts, mounted here.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../config';
import { validationHook } from '../../http/errors';
import { faceChoiceParam } from '../../http/face-choice';
import { readImageRequest, readImageUpload } from '../../http/image-upload';
import { MODEL_ENDPOINT_PROBLEMS, modelEndpoint } from '../../http/model-endpoint';
import { IMAGE_PROBLEMS, imageRequestBody, problemResponses } from '../../http/openapi';
import { rateLimitNote } from '../../http/rate-limit';
import { ANALYSIS_MAX_SIDE, EMBEDDING_SIZE } from '../../pipeline/face';
import { DetectionSchema, EmbeddingsSchema, VERIFY_IMAGES, VerificationSchema, type VerifyImageField } from './schema';
import { identify } from './identify-routes';
import { detectFaces, embedFaces, verifyFaces } from './service';

// ---------------------------------------------------------------------------------------------
// Detect and embed

const imageBody = imageRequestBody(
  ['image'],
  'The photo, as a multipart file field `image` or a JSON string field `image` (base64 or data URL), or the raw image as the body.',
);

const detectRoute = createRoute({
  method: 'post',
  path: '/faces/detect',
  operationId: 'detectFaces',
  tags: ['Faces'],
  summary: 'Find the faces in a photo, with landmarks and quality',
  description: `Faces are listed most prominent first (visible size x detector score) (at most 20, detector score >= 0.5). No face is not an error: \`faces\` is empty. The photo is analysed in memory at up to ${ANALYSIS_MAX_SIDE} px and discarded; nothing is stored.${rateLimitNote('faces-detect')}`,
  ...modelEndpoint('faces-detect'),
  request: { body: imageBody },
  responses: {
    200: { description: 'The faces found.', content: { 'application/json': { schema: DetectionSchema } } },
    ...problemResponses(...IMAGE_PROBLEMS, ...MODEL_ENDPOINT_PROBLEMS),
  },
});

const embedRoute = createRoute({
  method: 'post',
  path: '/faces/embed',
  operationId: 'embedFaces',
  tags: ['Faces'],
  summary: 'Find the faces in a photo and compute their embeddings',
  description:
    `As /v1/faces/detect, plus each face's ${EMBEDDING_SIZE}-d embedding from the model named with it. Embeddings from the same model compare by Euclidean distance; ` +
    '/v1/verify gives the decision and a calibrated probability. Nothing is stored.' +
    rateLimitNote('faces-embed'),
  ...modelEndpoint('faces-embed'),
  request: { body: imageBody },
  responses: {
    200: { description: 'The faces found, with embeddings.', content: { 'application/json': { schema: EmbeddingsSchema } } },
    ...problemResponses(...IMAGE_PROBLEMS, ...MODEL_ENDPOINT_PROBLEMS),
  },
});

// ---------------------------------------------------------------------------------------------
// Verify

const CHOICE_PARAMS = VERIFY_IMAGES.flatMap((f) => [`${f}_face`, `${f}_box`]);

const INDEX_DESCRIPTION = (f: VerifyImageField) =>
  `Which face of photo '${f}' to use: 0-based index into its faces, most prominent first (as /v1/faces/detect lists them: visible size x detector confidence). Default: 0, the most prominent.`;
const BOX_DESCRIPTION = (f: VerifyImageField) =>
  `Which face of photo '${f}' to use, by a box 'x,y,width,height' in the photo's pixels (EXIF orientation applied): the detected face overlapping it most (IoU >= 0.1).`;

const VerifyQuerySchema = z.object({
  a_face: z
    .string()
    .optional()
    .openapi({ description: INDEX_DESCRIPTION('a'), example: '0' }),
  b_face: z
    .string()
    .optional()
    .openapi({ description: INDEX_DESCRIPTION('b') }),
  a_box: z
    .string()
    .optional()
    .openapi({ description: BOX_DESCRIPTION('a'), example: '412,230,208,208' }),
  b_box: z
    .string()
    .optional()
    .openapi({ description: BOX_DESCRIPTION('b') }),
});

/** The two photos, with the face choices documented as body fields too. */
function verifyBody() {
  const body = imageRequestBody(
    VERIFY_IMAGES,
    'The two photos, as multipart file fields `a` and `b` or JSON string fields (base64 or data URL). Face choices may be sent as fields too.',
  );
  for (const content of Object.values(body.content)) {
    const props = content.schema.properties as Record<string, unknown>;
    for (const f of VERIFY_IMAGES) {
      props[`${f}_face`] = { type: 'integer', minimum: 0, description: INDEX_DESCRIPTION(f) };
      props[`${f}_box`] = {
        type: 'string',
        description: `${BOX_DESCRIPTION(f)} JSON also accepts {x, y, width, height} or [x, y, width, height].`,
      };
    }
  }
  return body;
}

const verifyRoute = createRoute({
  method: 'post',
  path: '/verify',
  operationId: 'verify',
  tags: ['Faces'],
  summary: 'Are the faces in two photos the same person?',
  description:
    'Each photo must show a face; with several, the largest is used (a warning says so) unless `a_face`/`b_face` (index) or `a_box`/`b_box` (box) choose another, ' +
    'in the query string or as body fields. Photos are processed in memory and never stored.' +
    rateLimitNote('verify'),
  ...modelEndpoint('verify'),
  request: { query: VerifyQuerySchema, body: verifyBody() },
  responses: {
    200: { description: 'The verdict.', content: { 'application/json': { schema: VerificationSchema } } },
    ...problemResponses(...IMAGE_PROBLEMS, 'no-face', 'face-not-found', ...MODEL_ENDPOINT_PROBLEMS),
  },
});

// ---------------------------------------------------------------------------------------------

export const faces = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(detectRoute, async (c) => {
    const limits = c.get('limits');
    const upload = await readImageUpload(c.req.raw, 'image', { limits });
    return c.json(await detectFaces(c.get('runtime'), upload, limits), 200);
  })
  .openapi(embedRoute, async (c) => {
    const limits = c.get('limits');
    const upload = await readImageUpload(c.req.raw, 'image', { limits });
    return c.json(await embedFaces(c.get('runtime'), upload, limits), 200);
  })
  .openapi(verifyRoute, async (c) => {
    const limits = c.get('limits');
    const query = c.req.valid('query');
    const { images, params } = await readImageRequest(c.req.raw, VERIFY_IMAGES, { limits, params: CHOICE_PARAMS });
    const choiceOf = (f: VerifyImageField) => faceChoiceParam({ face: `${f}_face`, box: `${f}_box`, photo: `photo '${f}'` }, query, params);
    const choices = { a: choiceOf('a'), b: choiceOf('b') };
    return c.json(await verifyFaces(c.get('runtime'), images, choices, limits), 200);
  })
  .route('/', identify);
