// POST /v1/faces/identify, HTTP only: read the photo and the `people` field from one body, call
// identify-service.ts, answer its JSON. Mounted under the faces router (routes.ts).
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../config';
import { validationHook } from '../../http/errors';
import { readImageRequest } from '../../http/image-upload';
import { MODEL_ENDPOINT_PROBLEMS, modelEndpoint } from '../../http/model-endpoint';
import { IMAGE_PROBLEMS, imageRequestBody, problemResponses } from '../../http/openapi';
import { rateLimitNote } from '../../http/rate-limit';
import { identifyFaces } from './identify-service';
import { FaceIdentificationSchema, IDENTIFY_MAX_PEOPLE, IdentifyPersonSchema } from './schema';

const PEOPLE_DESCRIPTION =
  `The people to look for, 1 to ${IDENTIFY_MAX_PEOPLE}: {name, embedding, model}, the embedding and model as /v1/faces/embed returned them for one photo of the person ` +
  '(its most prominent face, say). Sent with each request and kept by the caller, not by the server.';

/** The photo and the people: multipart (people as JSON text) or JSON (people as an array). */
function identifyBody() {
  const body = imageRequestBody(
    ['image'],
    'The photo to search, as a multipart file field `image` or a JSON string field `image` (base64 or data URL), and `people`: in a multipart body a text field holding the JSON array, in a JSON body the array itself.',
  );
  const { 'multipart/form-data': form, 'application/json': json } = body.content;
  Object.assign(form.schema.properties, { people: { type: 'string', description: `${PEOPLE_DESCRIPTION} As JSON text.` } });
  Object.assign(json.schema.properties, {
    people: {
      type: 'array',
      minItems: 1,
      maxItems: IDENTIFY_MAX_PEOPLE,
      items: { $ref: '#/components/schemas/IdentifyPerson' },
      description: PEOPLE_DESCRIPTION,
    },
  });
  form.schema.required.push('people');
  json.schema.required.push('people');
  return body;
}

const identifyRoute = createRoute({
  method: 'post',
  path: '/faces/identify',
  operationId: 'identifyFaces',
  tags: ['Faces'],
  summary: 'Who of these people is in this photo? (keyless one-shot identification)',
  description:
    'One-shot identification without a collection or an API key, and with nothing stored: the request carries the photo and the people to look for, each a name and ' +
    "the embedding /v1/faces/embed made of one photo of them; the caller keeps those (the site's /recognize page keeps them in the visitor's browser only), so no face of anyone is held by the server. " +
    "Every face of the photo is compared with every person. A face's `identity` is the nearest person when the distance is at or below `threshold.value`, else null (unknown): " +
    "a stranger comes back unknown, not as the most similar person. The threshold is set for the number of people exactly as /v1/collections/{c}/identify sets it for a collection's size " +
    '(at most the verification threshold, stricter as more people are compared, so that a stranger is named at most about 5 % of the time); `threshold` says which rule applied and why. ' +
    '`people` is checked before the photo is read: 422 `validation-failed` naming `people` (not an array of 1 to 10, a name that is empty, too long or not plain text, an embedding of the wrong length or with non-numbers); ' +
    '409 `model-mismatch` for an embedding another model made (embed the photo again). The photo is processed in memory and discarded.' +
    rateLimitNote('faces-identify'),
  ...modelEndpoint('faces-identify'),
  request: { body: identifyBody() },
  responses: {
    200: { description: 'The faces and who they are.', content: { 'application/json': { schema: FaceIdentificationSchema } } },
    ...problemResponses(...IMAGE_PROBLEMS, 'model-mismatch', ...MODEL_ENDPOINT_PROBLEMS),
  },
});

export const identify = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(identifyRoute, async (c) => {
  const limits = c.get('limits');
  const { images, params } = await readImageRequest(c.req.raw, ['image'], { limits, params: ['people'] });
  return c.json(await identifyFaces(c.get('runtime'), { image: images.image, people: params.people }, limits), 200);
});
identify.openAPIRegistry.register('IdentifyPerson', IdentifyPersonSchema);
