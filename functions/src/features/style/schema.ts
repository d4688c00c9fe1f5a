// The style feature's JSON (GET /v1/styles) and stylize options (POST /v1/stylize) as zod schemas,
// and the types derived from them: the one description for the routes, the OpenAPI document, the
// site and the tests.
import { z } from '@hono/zod-openapi';
import { DEFAULT_MAX_SIDE, MAX_MAX_SIDE, STYLE_MODEL } from '../../pipeline/stylize';

/** The smallest max_side a client may ask for. */
export const MIN_MAX_SIDE = 64;

/** The stylize options, as form fields, JSON fields or query parameters. */
export const OPTION_FIELDS = ['style', 'strength', 'preserve_colors', 'max_side'] as const;
export type OptionField = (typeof OPTION_FIELDS)[number];

/** How many styles a mix may name: `style=id:w,id:w[,id:w]` (mix.ts), or a JSON object blend of at
 * most MAX_MIX_STYLES (a one-entry object, accepted before mixes had a syntax, is one style). */
export const MIN_MIX_STYLES = 2;
export const MAX_MIX_STYLES = 3;
export const MIX_SYNTAX = 'id:w,id:w[,id:w]';
/** What a mix is, said once for GET /v1/styles' `mix` and the OpenAPI descriptions of both routes. */
export const MIX_DESCRIPTION =
  `\`style\` may mix ${MIN_MIX_STYLES} or ${MAX_MIX_STYLES} different styles: \`${MIX_SYNTAX}\` (in a form field, a query parameter ` +
  'or a JSON string) with positive weights, e.g. `starry_night:2,the_scream:1`, or a JSON object {"id": weight} of at most ' +
  `${MAX_MIX_STYLES} styles. Weights are normalised to sum 1; an id without ":w" weighs 1, so \`a,b\` mixes equally. The network's ` +
  "conditional instance norm interpolates the styles' scale and shift parameters by these weights, so a mix costs one pass like a " +
  "single style. The answer's X-Style header reports the style or mix as used.";

export const StyleSchema = z
  .object({
    id: z.string().openapi({ example: 'starry_night' }),
    title: z.string().openapi({ example: 'The Starry Night' }),
    artist: z.string().openapi({ example: 'Vincent van Gogh' }),
    year: z.string().openapi({ description: 'As known: "1889", "c. 1831".', example: '1889' }),
    licence: z.string().openapi({ description: "The painting's copyright status.", example: 'Public domain (artist d. 1890)' }),
    thumbnail: z
      .string()
      .openapi({ description: 'Same-origin path of a 160 px JPEG of the painting.', example: '/styles/starry_night.jpg' }),
  })
  .openapi('Style');

export const StyleMixSchema = z
  .object({
    syntax: z.string().openapi({ example: MIX_SYNTAX }),
    min_styles: z.number().int().openapi({ example: MIN_MIX_STYLES }),
    max_styles: z.number().int().openapi({ example: MAX_MIX_STYLES }),
    example: z.string().openapi({ description: 'A `style` value that mixes two styles.', example: 'starry_night:2,the_scream:1' }),
    normalised: z.string().openapi({
      description: "The example's weights as used (normalised to sum 1): what the X-Style header of the answer reports.",
      example: 'starry_night:0.6667,the_scream:0.3333',
    }),
    description: z.string(),
  })
  .openapi('StyleMix', { description: 'How POST /v1/stylize mixes styles.' });

export const StylesSchema = z
  .object({
    styles: z.array(StyleSchema).openapi({ description: "In the model's style order." }),
    mix: StyleMixSchema,
    model: z.object({ id: z.string().openapi({ example: STYLE_MODEL }), version: z.string().openapi({ example: 'cin10-step945' }) }),
  })
  .openapi('Styles');

export const BlendSchema = z
  .record(z.string(), z.number())
  .refine((blend) => Object.keys(blend).length <= MAX_MIX_STYLES, `a blend names at most ${MAX_MIX_STYLES} styles`)
  .openapi({ example: { starry_night: 0.7, the_scream: 0.3 } });

const maxSideMessage = `must be an integer from ${MIN_MAX_SIDE} to ${MAX_MAX_SIDE}`;

/** The options after parsing form/query text (options.ts); zod checks ranges and names the failing field. */
export const OptionsSchema = z.object({
  style: z.union([z.string().min(1, 'must name a style'), BlendSchema], {
    error: `must be a style id, a mix ${MIX_SYNTAX}, or an object of {style id: weight}`,
  }),
  strength: z.number({ error: 'must be a number from 0 to 1' }).min(0, 'must be from 0 to 1').max(1, 'must be from 0 to 1').default(1),
  preserve_colors: z.boolean({ error: 'must be true or false' }).default(false),
  max_side: z
    .number({ error: maxSideMessage })
    .int(maxSideMessage)
    .min(MIN_MAX_SIDE, maxSideMessage)
    .max(MAX_MAX_SIDE, maxSideMessage)
    .default(DEFAULT_MAX_SIDE),
});

export type StyleJson = z.infer<typeof StyleSchema>;
/** The answer of GET /v1/styles. */
export type StylesJson = z.infer<typeof StylesSchema>;
/** GET /v1/styles' description of mixes. */
export type StyleMixJson = z.infer<typeof StyleMixSchema>;
/** Stylize options, validated and defaulted. */
export type StyleOptions = z.infer<typeof OptionsSchema>;
