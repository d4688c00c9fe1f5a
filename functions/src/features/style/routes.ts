// Style transfer over HTTP: GET /v1/styles and POST /v1/stylize. Only adapts HTTP: options are
// parsed by options.ts, the work is service.ts (and pipeline/stylize.ts). Photos are processed in
// memory and never stored.
//
// CONTRACT (for the site and other clients; the OpenAPI document at /v1/openapi.json says the same)
//
// GET /v1/styles
//   200 application/json
//   {"styles": [{"id": "starry_night", "title": "The Starry Night", "artist": "Vincent van Gogh",
//                "year": "1889", "licence": "Public domain (artist d. 1890)",
//                "thumbnail": "/styles/starry_night.jpg"}, ...],
//    "mix": {"syntax": "id:w,id:w[,id:w]", "min_styles": 2, "max_styles": 3,
//            "example": "starry_night:2,the_scream:1", "normalised": "starry_night:0.6667,the_scream:0.3333",
//            "description": "..."},
//    "model": {"id": "style-cin10", "version": "cin10-step945"}}
//   `year` is a string ("c. 1831"); `thumbnail` is a same-origin path to a 160 px JPEG.
//   Order = the model's style order (stable for a model version).
//
// POST /v1/stylize
//   Body, one of:
//     multipart/form-data: `image` (file; or a text field with base64 / a data: URL), and text
//       fields `style`, `strength`, `preserve_colors`, `max_side`
//     application/json: {"image": "<base64 or data:image/...;base64,...>", "style": ...,
//       "strength": 0.8, "preserve_colors": false, "max_side": 1024}
//     image/jpeg | image/png | image/webp | application/octet-stream: the raw photo, options in the
//       query string (?style=udnie&strength=0.8)
//   Options (a body field wins over the same query parameter):
//     style            required. A style id from GET /v1/styles, or a mix of 2 or 3 different
//                      styles as text, `starry_night:2,the_scream:1` (form, query or JSON string;
//                      positive weights; an id without `:w` weighs 1, so `a,b` is an equal mix), or
//                      a JSON object {"starry_night": 0.7, "the_scream": 0.3} of at most 3 styles (in
//                      a form or query: that JSON as text; weights >= 0, not all 0; one entry is one
//                      style). Weights are normalised to sum 1 and interpolate the conditional
//                      instance norm's parameters (mix.ts).
//     strength         0..1, default 1. 0 returns the photo, 1 the full style; in between a pixel
//                      blend of the two. Form/query: a decimal string ("0.75").
//     preserve_colors  boolean, default false: keep the photo's colours, take only the painting's
//                      luminance texture. Form/query: true/false, 1/0, on/off, yes/no.
//     max_side         integer 64..1024, default 1024: longest side of the result. Larger photos
//                      are downscaled (clients should send at most 2048 px); smaller ones are not
//                      enlarged.
//   Response 200: the stylized image, the photo's size after EXIF orientation (capped at
//     max_side). Content-Type by the Accept header: image/png (default, also for */* or no Accept),
//     image/jpeg or image/webp (quality 85) when preferred (q-values honoured).
//     Headers: Vary: Accept, Cache-Control: no-store, Content-Disposition: inline; filename="stylized.<ext>",
//     X-Style: the style as used, or the normalised mix (`starry_night:0.6667,the_scream:0.3333`).
//   Errors (application/problem+json, `type` = https://likeness.dev/problems/<kind>):
//     404 style-not-found      unknown style id (`style`: the id, `known`: the valid ids)
//     406 not-acceptable       Accept lists none of image/png, image/jpeg, image/webp, image/*, */*
//     404 style-not-found      also for an unknown id in a mix
//     422 validation-failed    a bad option; `field` and errors[].field name it (style, strength,
//                              preserve_colors, max_side, style.<id> for a bad weight in a JSON
//                              object; `style` for a bad text mix: a weight that is not a positive
//                              number, over 3 styles, a style named twice, a mix of one style)
//     400 missing-image, 413 payload-too-large / image-too-large, 415 unsupported-media-type /
//     unsupported-image, 422 invalid-image, 400 bad-request: as every image endpoint.
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../config';
import { validationHook } from '../../http/errors';
import { readImageRequest } from '../../http/image-upload';
import { MODEL_ENDPOINT_PROBLEMS, modelEndpoint } from '../../http/model-endpoint';
import { IMAGE_PROBLEMS, problemResponses } from '../../http/openapi';
import { Problem } from '../../http/problem';
import { rateLimitNote } from '../../http/rate-limit';
import { OUTPUT_MEDIA_TYPES } from '../../image';
import { DEFAULT_MAX_SIDE, MAX_MAX_SIDE, TILE } from '../../pipeline/stylize';
import { negotiateFormat, parseOptions } from './options';
import { MAX_MIX_STYLES, MIN_MAX_SIDE, MIX_DESCRIPTION, OPTION_FIELDS, StylesSchema } from './schema';
import { styleList, stylizePhoto } from './service';

const optionProperties = {
  style: {
    description:
      'A style id from GET /v1/styles; or a mix of 2 or 3 styles, `id:w,id:w[,id:w]` (e.g. `starry_night:2,the_scream:1`); ' +
      'or a JSON object {id: weight} (in a form: that JSON object as text). Weights are normalised to sum 1.',
    oneOf: [
      { type: 'string' as const, example: 'starry_night' },
      { type: 'string' as const, description: 'A mix: `id:w,id:w[,id:w]`.', example: 'starry_night:2,the_scream:1' },
      { type: 'object' as const, additionalProperties: { type: 'number' as const, minimum: 0 }, maxProperties: MAX_MIX_STYLES },
    ],
  },
  strength: {
    type: 'number' as const,
    minimum: 0,
    maximum: 1,
    default: 1,
    description: '0 = the photo, 1 = the full style; in between a pixel blend.',
  },
  preserve_colors: {
    type: 'boolean' as const,
    default: false,
    description: "Keep the photo's colours; take only luminance from the stylized image.",
  },
  max_side: {
    type: 'integer' as const,
    minimum: MIN_MAX_SIDE,
    maximum: MAX_MAX_SIDE,
    default: DEFAULT_MAX_SIDE,
    description: 'Longest side of the result in px.',
  },
};

const binary = { type: 'string' as const, format: 'binary', description: 'The stylized image.' };

const stylesRoute = createRoute({
  method: 'get',
  path: '/styles',
  operationId: 'listStyles',
  tags: ['Style transfer'],
  summary: 'The paintings whose style can be applied',
  description: `The styles in the model's order, each with its painting's title, artist, year, licence and thumbnail, and \`mix\`: how to mix them. ${MIX_DESCRIPTION}`,
  responses: { 200: { description: 'The style catalogue.', content: { 'application/json': { schema: StylesSchema } } } },
});

const stylizeRoute = createRoute({
  method: 'post',
  path: '/stylize',
  operationId: 'stylize',
  tags: ['Style transfer'],
  summary: 'Repaint a photo in the style of a painting',
  description:
    `Returns the stylized photo as PNG, or JPEG/WebP when the Accept header prefers them. Photos over ${TILE} px are processed in overlapping tiles ` +
    'normalised with whole-image statistics, so memory stays bounded and no seams show. The photo is processed in memory and never stored. ' +
    'A raw image body takes its options from the query string. ' +
    MIX_DESCRIPTION +
    rateLimitNote('stylize'),
  ...modelEndpoint('stylize'),
  request: {
    body: {
      required: true,
      description: 'The photo (`image`) and the options.',
      content: {
        'multipart/form-data': {
          schema: {
            type: 'object' as const,
            properties: {
              image: { type: 'string' as const, format: 'binary', description: 'JPEG, PNG or WebP file' },
              ...optionProperties,
              strength: { ...optionProperties.strength, type: 'string' as const, example: '0.8' },
              preserve_colors: { ...optionProperties.preserve_colors, type: 'string' as const, enum: ['true', 'false'] },
              max_side: { ...optionProperties.max_side, type: 'string' as const, example: '1024' },
              style: { type: 'string' as const, description: optionProperties.style.description, example: 'starry_night' },
            },
            required: ['image', 'style'],
          },
        },
        'application/json': {
          schema: {
            type: 'object' as const,
            properties: {
              image: { type: 'string' as const, description: 'The image as base64 or as a data: URL (data:image/jpeg;base64,...)' },
              ...optionProperties,
            },
            required: ['image', 'style'],
          },
        },
      },
    },
  },
  responses: {
    200: {
      description: 'The stylized image (PNG unless Accept prefers JPEG or WebP).',
      headers: {
        Vary: { schema: { type: 'string' as const, example: 'Accept' } },
        'X-Style': {
          description: 'The style as used: its id, or the mix with its weights normalised to sum 1 (4 decimals).',
          schema: { type: 'string' as const, example: 'starry_night:0.6667,the_scream:0.3333' },
        },
      },
      content: { 'image/png': { schema: binary }, 'image/jpeg': { schema: binary }, 'image/webp': { schema: binary } },
    },
    ...problemResponses('style-not-found', 'not-acceptable', ...IMAGE_PROBLEMS, ...MODEL_ENDPOINT_PROBLEMS),
  },
});

// ---------------------------------------------------------------------------------------------

export const styles = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(stylesRoute, (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(styleList(), 200);
  })
  .openapi(stylizeRoute, async (c) => {
    const format = negotiateFormat(c.req.header('accept'));
    if (!format) {
      throw new Problem(
        'not-acceptable',
        'This endpoint answers with image/png, image/jpeg or image/webp; the Accept header allows none of them.',
        {
          accepted: Object.values(OUTPUT_MEDIA_TYPES),
        },
      );
    }
    const limits = c.get('limits');
    const { images, params } = await readImageRequest(c.req.raw, ['image'], { limits, params: OPTION_FIELDS });
    const options = parseOptions(params, c.req.query());
    const { bytes, style } = await stylizePhoto(c.get('runtime'), images.image, options, format, limits);
    const extension = format === 'jpeg' ? 'jpg' : format;
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      'X-Style': style,
      'Content-Type': OUTPUT_MEDIA_TYPES[format],
      Vary: 'Accept',
      'Cache-Control': 'no-store',
      'Content-Disposition': `inline; filename="stylized.${extension}"`,
    });
  });
