// POST /v1/images/stats: brightness, contrast and sharpness of a photo, so a client can tell a user
// to retake a dark, flat or blurred photo before sending it anywhere. Nothing is stored.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../config';
import { validationHook } from '../http/errors';
import { IMAGE_PROBLEMS, imageRequestBody, problemResponses } from '../http/openapi';
import { MODEL_ENDPOINT_PROBLEMS, modelEndpoint } from '../http/model-endpoint';
import { rateLimitNote } from '../http/rate-limit';
import { decodeImage } from '../image';
import { readImageUpload } from '../http/image-upload';
import { swapsAxes } from '../image/orientation';
import { measureImageStats } from '../pipeline/image-stats';

/** Stats are measured on the photo scaled to this longest side, so sharpness is comparable. */
const ANALYSIS_SIDE = 512;

const StatsSchema = z
  .object({
    width: z.number().int().openapi({ description: 'Width of the uploaded image after EXIF orientation.', example: 1280 }),
    height: z.number().int().openapi({ example: 960 }),
    format: z.enum(['jpeg', 'png', 'webp']),
    analysed: z.object({ width: z.number().int(), height: z.number().int() }).openapi({ description: `The image is analysed scaled to at most ${ANALYSIS_SIDE} px on its longest side.` }),
    brightness: z.number().openapi({ description: 'Mean luma, 0 (black) to 1 (white).', example: 0.46 }),
    contrast: z.number().openapi({ description: 'Standard deviation of luma, 0 to 0.5.', example: 0.21 }),
    sharpness: z.number().openapi({ description: 'Variance of the Laplacian of luma at the analysed size; higher is sharper.', example: 0.0041 }),
  })
  .openapi('ImageStats');

const route = createRoute({
  method: 'post',
  path: '/images/stats',
  tags: ['Images'],
  summary: 'Measure brightness, contrast and sharpness of a photo',
  description: `The photo is decoded, analysed in memory and discarded; nothing is stored.${rateLimitNote('images-stats')}`,
  ...modelEndpoint('images-stats'),
  request: { body: imageRequestBody(['image'], 'The photo, as a multipart file field `image` or a JSON string field `image` (base64 or data URL).') },
  responses: {
    200: { description: 'The measurements.', content: { 'application/json': { schema: StatsSchema } } },
    ...problemResponses(...IMAGE_PROBLEMS, ...MODEL_ENDPOINT_PROBLEMS),
  },
});

export const images = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(route, async (c) => {
  const limits = c.get('limits');
  const upload = await readImageUpload(c.req.raw, 'image', { limits });
  const decoded = await decodeImage(upload.bytes, { limits, maxSide: ANALYSIS_SIDE, field: upload.field });
  const stats = await measureImageStats(c.get('runtime'), decoded.image);
  const upright = swapsAxes(decoded.orientation);
  return c.json(
    {
      width: upright ? decoded.sourceHeight : decoded.sourceWidth,
      height: upright ? decoded.sourceWidth : decoded.sourceHeight,
      format: decoded.format,
      analysed: { width: decoded.image.width, height: decoded.image.height },
      ...stats,
    },
    200,
  );
});
