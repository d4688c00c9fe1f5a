// Style transfer: the style catalogue and POST /v1/stylize. Thin: options are validated here, the
// work is pipeline/stylize.ts. Photos are processed in memory and never stored.
//
// CONTRACT (for the site and other clients; the OpenAPI document at /v1/openapi.json says the same)
//
// GET /v1/styles
//   200 application/json
//   {"styles": [{"id": "starry_night", "title": "The Starry Night", "artist": "Vincent van Gogh",
//                "year": "1889", "licence": "Public domain (artist d. 1890)",
//                "thumbnail": "/styles/starry_night.jpg"}, ...],
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
//     style            required. A style id from GET /v1/styles, or a blend: a JSON object
//                      {"starry_night": 0.7, "the_scream": 0.3} (in a form or query: that JSON as
//                      text). Weights >= 0, not all 0; they are normalised to sum 1.
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
//     Headers: Vary: Accept, Cache-Control: no-store, Content-Disposition: inline; filename="stylized.<ext>".
//   Errors (application/problem+json, `type` = https://likeness.dev/problems/<kind>):
//     404 style-not-found      unknown style id (`style`: the id, `known`: the valid ids)
//     406 not-acceptable       Accept lists none of image/png, image/jpeg, image/webp, image/*, */*
//     422 validation-failed    a bad option; `field` and errors[].field name it (style, strength,
//                              preserve_colors, max_side, style.<id> for a bad blend weight)
//     400 missing-image, 413 payload-too-large / image-too-large, 415 unsupported-media-type /
//     unsupported-image, 422 invalid-image, 400 bad-request: as every image endpoint.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../config';
import { validationHook } from '../http/errors';
import { IMAGE_PROBLEMS, problemResponses } from '../http/openapi';
import { Problem } from '../http/problem';
import { MODEL_ENDPOINT_PROBLEMS, modelEndpoint } from '../http/model-endpoint';
import { rateLimitNote } from '../http/rate-limit';
import { decodeImage, encodeImage, OUTPUT_MEDIA_TYPES, type OutputFormat } from '../image';
import { readImageRequest } from '../http/image-upload';
import { findModel } from '../runtime/manifest';
import {
  DEFAULT_MAX_SIDE,
  MAX_MAX_SIDE,
  STYLE_MODEL,
  StyleOptionError,
  styleCatalogue,
  stylize,
  TILE,
  UnknownStyleError,
  type StyleChoice,
} from '../pipeline/stylize';

export const MIN_MAX_SIDE = 64;
const OPTION_FIELDS = ['style', 'strength', 'preserve_colors', 'max_side'] as const;

// ---------------------------------------------------------------------------------------------
// Schemas

const StyleSchema = z
  .object({
    id: z.string().openapi({ example: 'starry_night' }),
    title: z.string().openapi({ example: 'The Starry Night' }),
    artist: z.string().openapi({ example: 'Vincent van Gogh' }),
    year: z.string().openapi({ description: 'As known: "1889", "c. 1831".', example: '1889' }),
    licence: z.string().openapi({ description: "The painting's copyright status.", example: 'Public domain (artist d. 1890)' }),
    thumbnail: z.string().openapi({ description: 'Same-origin path of a 160 px JPEG of the painting.', example: '/styles/starry_night.jpg' }),
  })
  .openapi('Style');

const StylesSchema = z
  .object({
    styles: z.array(StyleSchema).openapi({ description: "In the model's style order." }),
    model: z.object({ id: z.string().openapi({ example: STYLE_MODEL }), version: z.string().openapi({ example: 'cin10-step945' }) }),
  })
  .openapi('Styles');

const BlendSchema = z.record(z.string(), z.number()).openapi({ example: { starry_night: 0.7, the_scream: 0.3 } });

/** The options after parsing form/query text; zod checks ranges and names the failing field. */
const OptionsSchema = z.object({
  style: z.union([z.string().min(1, 'must name a style'), BlendSchema], { error: 'must be a style id or an object of {style id: weight}' }),
  strength: z.number({ error: 'must be a number from 0 to 1' }).min(0, 'must be from 0 to 1').max(1, 'must be from 0 to 1').default(1),
  preserve_colors: z.boolean({ error: 'must be true or false' }).default(false),
  max_side: z
    .number({ error: `must be an integer from ${MIN_MAX_SIDE} to ${MAX_MAX_SIDE}` })
    .int(`must be an integer from ${MIN_MAX_SIDE} to ${MAX_MAX_SIDE}`)
    .min(MIN_MAX_SIDE, `must be an integer from ${MIN_MAX_SIDE} to ${MAX_MAX_SIDE}`)
    .max(MAX_MAX_SIDE, `must be an integer from ${MIN_MAX_SIDE} to ${MAX_MAX_SIDE}`)
    .default(DEFAULT_MAX_SIDE),
});

type Options = z.infer<typeof OptionsSchema>;

const optionProperties = {
  style: {
    description: 'A style id from GET /v1/styles, or a blend {id: weight} (in a form: that JSON object as text).',
    oneOf: [{ type: 'string' as const, example: 'starry_night' }, { type: 'object' as const, additionalProperties: { type: 'number' as const, minimum: 0 } }],
  },
  strength: { type: 'number' as const, minimum: 0, maximum: 1, default: 1, description: '0 = the photo, 1 = the full style; in between a pixel blend.' },
  preserve_colors: { type: 'boolean' as const, default: false, description: "Keep the photo's colours; take only luminance from the stylized image." },
  max_side: { type: 'integer' as const, minimum: MIN_MAX_SIDE, maximum: MAX_MAX_SIDE, default: DEFAULT_MAX_SIDE, description: 'Longest side of the result in px.' },
};

const binary = { type: 'string' as const, format: 'binary', description: 'The stylized image.' };

const stylesRoute = createRoute({
  method: 'get',
  path: '/styles',
  tags: ['Style transfer'],
  summary: 'The paintings whose style can be applied',
  responses: { 200: { description: 'The style catalogue.', content: { 'application/json': { schema: StylesSchema } } } },
});

const stylizeRoute = createRoute({
  method: 'post',
  path: '/stylize',
  tags: ['Style transfer'],
  summary: 'Repaint a photo in the style of a painting',
  description:
    `Returns the stylized photo as PNG, or JPEG/WebP when the Accept header prefers them. Photos over ${TILE} px are processed in overlapping tiles ` +
    'normalised with whole-image statistics, so memory stays bounded and no seams show. The photo is processed in memory and never stored. ' +
    'A raw image body takes its options from the query string.' +
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
            properties: { image: { type: 'string' as const, description: 'The image as base64 or as a data: URL (data:image/jpeg;base64,...)' }, ...optionProperties },
            required: ['image', 'style'],
          },
        },
      },
    },
  },
  responses: {
    200: {
      description: 'The stylized image (PNG unless Accept prefers JPEG or WebP).',
      headers: { Vary: { schema: { type: 'string' as const, example: 'Accept' } } },
      content: { 'image/png': { schema: binary }, 'image/jpeg': { schema: binary }, 'image/webp': { schema: binary } },
    },
    ...problemResponses('style-not-found', 'not-acceptable', ...IMAGE_PROBLEMS, ...MODEL_ENDPOINT_PROBLEMS),
  },
});

// ---------------------------------------------------------------------------------------------
// Option parsing: form and query values are text; JSON values keep their types.

function fail(field: string, message: string): never {
  throw new Problem('validation-failed', `${field}: ${message}`, { field, errors: [{ field, message }] });
}

const BOOLEAN_TEXT: Record<string, boolean> = { true: true, false: false, '1': true, '0': false, on: true, off: false, yes: true, no: false };

/** Converts text option values (form fields, query parameters) to the types OptionsSchema checks. */
function fromText(field: (typeof OPTION_FIELDS)[number], text: string): unknown {
  const value = text.trim();
  switch (field) {
    case 'style':
      if (value.startsWith('{')) {
        try {
          return JSON.parse(value);
        } catch {
          fail('style', 'looks like a JSON blend but is not valid JSON');
        }
      }
      return value;
    case 'preserve_colors':
      return value.toLowerCase() in BOOLEAN_TEXT ? BOOLEAN_TEXT[value.toLowerCase()] : value;
    default:
      return value === '' ? value : Number(value);
  }
}

export function parseOptions(params: Record<string, unknown>, query: Record<string, string | undefined>): Options {
  const raw: Record<string, unknown> = {};
  for (const field of OPTION_FIELDS) {
    const value = params[field] ?? query[field];
    if (value === undefined || value === null) continue;
    raw[field] = typeof value === 'string' ? fromText(field, value) : value;
  }
  if (raw.style === undefined) fail('style', `required: one of ${styleCatalogue().map((s) => s.id).join(', ')}`);
  const result = OptionsSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue.path.length ? issue.path.join('.') : 'body';
    // A bad blend weight is reported as style.<id>.
    fail(field, issue.message);
  }
  return result.data;
}

// The output format the Accept header prefers: highest q, then the most specific match (image/png
// over image/* over */*), then the header's order, then PNG, JPEG, WebP. Undefined when Accept
// allows none; PNG when there is no Accept header.
export function negotiateFormat(accept: string | null | undefined): OutputFormat | undefined {
  if (!accept || !accept.trim()) return 'png';
  const ranges = accept.split(',').map((part, order) => {
    const [type, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const quality = q === undefined ? 1 : Number(q.slice(2));
    return { type: type.trim(), q: Number.isFinite(quality) ? quality : 0, order };
  });
  const candidates = (['png', 'jpeg', 'webp'] as const).map((format, preference) => {
    const exact = ranges.find((r) => r.type === OUTPUT_MEDIA_TYPES[format]);
    const image = ranges.find((r) => r.type === 'image/*');
    const any = ranges.find((r) => r.type === '*/*');
    const range = exact ?? image ?? any;
    const specificity = exact ? 2 : image ? 1 : 0;
    return { format, q: range?.q ?? 0, specificity, order: range?.order ?? Infinity, preference };
  });
  const best = candidates
    .filter((c) => c.q > 0)
    .sort((a, b) => b.q - a.q || b.specificity - a.specificity || a.order - b.order || a.preference - b.preference)[0];
  return best?.format;
}

function styleProblem(error: unknown): never {
  if (error instanceof UnknownStyleError) {
    throw new Problem('style-not-found', `There is no style '${error.styleId}'; GET /v1/styles lists them (${error.known.join(', ')}).`, {
      field: 'style',
      style: error.styleId,
      known: error.known,
    });
  }
  if (error instanceof StyleOptionError) fail(error.field, error.message);
  throw error;
}

// ---------------------------------------------------------------------------------------------

export const styles = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(stylesRoute, (c) => {
    const entry = findModel(STYLE_MODEL);
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(
      {
        styles: styleCatalogue().map(({ id, title, artist, year, licence }) => ({ id, title, artist, year, licence, thumbnail: `/styles/${id}.jpg` })),
        model: { id: STYLE_MODEL, version: entry?.version ?? 'unavailable' },
      },
      200,
    );
  })
  .openapi(stylizeRoute, async (c) => {
    const format = negotiateFormat(c.req.header('accept'));
    if (!format) {
      throw new Problem('not-acceptable', 'This endpoint answers with image/png, image/jpeg or image/webp; the Accept header allows none of them.', {
        accepted: Object.values(OUTPUT_MEDIA_TYPES),
      });
    }
    const limits = c.get('limits');
    const { images, params } = await readImageRequest(c.req.raw, ['image'], { limits, params: OPTION_FIELDS });
    const options = parseOptions(params, c.req.query());
    const style: StyleChoice = options.style;
    // Check the style before the (costly) decode.
    try {
      const known = styleCatalogue().map((s) => s.id);
      const ids = typeof style === 'string' ? [style] : Object.keys(style);
      const unknown = ids.find((id) => !known.includes(id));
      if (unknown !== undefined) throw new UnknownStyleError(unknown, known);
    } catch (error) {
      styleProblem(error);
    }
    const upload = images.image;
    const decoded = await decodeImage(upload.bytes, { limits, maxSide: options.max_side, field: upload.field });
    upload.bytes = new Uint8Array(0); // the upload is not needed once decoded (peak memory)
    let result;
    try {
      result = await stylize(c.get('runtime'), decoded.image, {
        style,
        strength: options.strength,
        preserveColors: options.preserve_colors,
        maxSide: options.max_side,
      });
    } catch (error) {
      styleProblem(error);
    }
    const bytes = await encodeImage(result.image, format);
    const extension = format === 'jpeg' ? 'jpg' : format;
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': OUTPUT_MEDIA_TYPES[format],
      'Vary': 'Accept',
      'Cache-Control': 'no-store',
      'Content-Disposition': `inline; filename="stylized.${extension}"`,
    });
  });
