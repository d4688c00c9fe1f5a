// The style feature: the catalogue of paintings, and a photo repainted in one of them (or a mix).
// Plain inputs and outputs; the work is pipeline/stylize.ts, whose errors become domain errors
// here. The photo is processed in memory and never stored.
import { DomainError, invalidField } from '../../errors';
import { decodeImage, encodeImage, type OutputFormat } from '../../image';
import type { ImageLimits } from '../../image/limits';
import { STYLE_MODEL, StyleOptionError, styleCatalogue, stylize, UnknownStyleError, type StyleChoice } from '../../pipeline/stylize';
import { findModel } from '../../runtime/manifest';
import type { InferenceRuntime } from '../../runtime/types';
import { formatMix, normaliseMix } from './mix';
import {
  MAX_MIX_STYLES,
  MIN_MIX_STYLES,
  MIX_DESCRIPTION,
  MIX_SYNTAX,
  type StyleMixJson,
  type StyleOptions,
  type StylesJson,
} from './schema';

/** How to ask for a mix, with an example made of the catalogue's first two styles. */
function mixHelp(ids: readonly string[]): StyleMixJson {
  const [a = 'starry_night', b = 'the_scream'] = ids;
  return {
    syntax: MIX_SYNTAX,
    min_styles: MIN_MIX_STYLES,
    max_styles: MAX_MIX_STYLES,
    example: `${a}:2,${b}:1`,
    normalised: formatMix(normaliseMix({ [a]: 2, [b]: 1 })),
    description: MIX_DESCRIPTION,
  };
}

/** The styles the served model knows, in its order, how to mix them, and the model. */
export function styleList(): StylesJson {
  const entry = findModel(STYLE_MODEL);
  const catalogue = styleCatalogue();
  return {
    styles: catalogue.map(({ id, title, artist, year, licence }) => ({
      id,
      title,
      artist,
      year,
      licence,
      thumbnail: `/styles/${id}.jpg`,
    })),
    mix: mixHelp(catalogue.map((s) => s.id)),
    model: { id: STYLE_MODEL, version: entry?.version ?? 'unavailable' },
  };
}

function styleNotFound(styleId: string, known: readonly string[]): DomainError {
  return new DomainError('style-not-found', `There is no style '${styleId}'; GET /v1/styles lists them (${known.join(', ')}).`, {
    field: 'style',
    style: styleId,
    known,
  });
}

/** The stylize pipeline's own errors as domain errors (404 for an unknown style, 422 naming the option). */
function domainError(error: unknown): unknown {
  if (error instanceof UnknownStyleError) return styleNotFound(error.styleId, error.known);
  if (error instanceof StyleOptionError) return invalidField(error.field, error.message);
  return error;
}

/** Refuses a style (or a blend naming one) the model does not know, before the (costly) decode. */
function checkStyle(style: StyleChoice): void {
  const known = styleCatalogue().map((s) => s.id);
  const ids = typeof style === 'string' ? [style] : Object.keys(style);
  const unknown = ids.find((id) => !known.includes(id));
  if (unknown !== undefined) throw styleNotFound(unknown, known);
}

/** An uploaded photo: its bytes and the request field it came from (named in errors). */
export interface PhotoUpload {
  field: string;
  bytes: Uint8Array;
}

/** A stylized photo, encoded, and the styles it was painted in. */
export interface StylizedPhoto {
  bytes: Uint8Array;
  /** The style, or the mix as used (weights normalised to sum 1), as text: `udnie`, `udnie:0.75,the_scream:0.25`. */
  style: string;
}

/**
 * The photo repainted, encoded as `format`. The upload's bytes are released (`upload.bytes`
 * emptied) once decoded, so they do not stay alive through the network passes.
 */
export async function stylizePhoto(
  runtime: InferenceRuntime,
  upload: PhotoUpload,
  options: StyleOptions,
  format: OutputFormat,
  limits: Partial<ImageLimits>,
): Promise<StylizedPhoto> {
  checkStyle(options.style);
  const decoded = await decodeImage(upload.bytes, { limits, maxSide: options.max_side, field: upload.field });
  upload.bytes = new Uint8Array(0); // the upload is not needed once decoded (peak memory)
  let result;
  try {
    result = await stylize(runtime, decoded.image, {
      style: options.style,
      strength: options.strength,
      preserveColors: options.preserve_colors,
      maxSide: options.max_side,
    });
  } catch (error) {
    throw domainError(error);
  }
  return { bytes: await encodeImage(result.image, format), style: formatMix(result.weights) };
}
