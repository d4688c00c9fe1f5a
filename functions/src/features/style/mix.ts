// Style mixes in text: `style=starry_night:2,the_scream:1` in a form field, a query parameter or a
// JSON string. The model's conditional instance norm takes a weight per style and interpolates the
// styles' scale and shift parameters by them (pipeline/stylize.ts), so a mix costs the same single
// pass as one style; what is checked here is only that the text names 2 or 3 distinct styles with
// positive weights. Unknown ids are left to the service, which answers them as it answers an unknown
// single id (404 style-not-found with the known ids). Pure functions, tested in Node
// (test/unit/style/options.test.ts).
import { invalidField } from '../../errors';
import { MAX_MIX_STYLES, MIN_MIX_STYLES } from './schema';

/** Weights by style id, normalised to sum 1, in the order the request named them. */
export type StyleMix = Record<string, number>;

/** A plain decimal weight: "2", "0.5", ".5", "1e-2"; not "", "0x10", "Infinity" or "-1". */
const WEIGHT_TEXT = /^(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

/** Whether a text style value is a mix (`id:w,...` or `id,id`) rather than one style id. */
export function isMixText(text: string): boolean {
  return text.includes(',') || text.includes(':');
}

/** Weights divided by their sum (the caller has checked they are positive and finite). */
export function normaliseMix(weights: ReadonlyMap<string, number> | Readonly<Record<string, number>>): StyleMix {
  const entries = weights instanceof Map ? [...weights] : Object.entries(weights);
  // Scaled by the largest first, so huge weights (1e308 + 1e308) do not sum to Infinity.
  const largest = Math.max(...entries.map(([, w]) => w));
  const total = entries.reduce((sum, [, w]) => sum + w / largest, 0);
  return Object.fromEntries(entries.map(([id, w]) => [id, w / largest / total]));
}

/**
 * Parses `id:w,id:w[,id:w]`: 2 or 3 distinct ids, each with a positive finite weight; an entry
 * without `:w` weighs 1, so `a,b` is an equal mix. Returns the weights normalised to sum 1, e.g.
 * `starry_night:2,the_scream:1` -> {starry_night: 2/3, the_scream: 1/3}. Anything else is a 422
 * naming `style` whose message says what to send instead.
 */
export function parseMixText(text: string): StyleMix {
  const entries = text.split(',').map((entry) => entry.trim());
  if (entries.length > MAX_MIX_STYLES)
    throw invalidField('style', `a mix names at most ${MAX_MIX_STYLES} styles; '${text}' names ${entries.length}`);
  const weights = new Map<string, number>();
  for (const entry of entries) {
    if (!entry) throw invalidField('style', `'${text}' has an empty entry; write a mix as id:weight,id:weight`);
    const colon = entry.indexOf(':');
    const id = (colon < 0 ? entry : entry.slice(0, colon)).trim();
    const weightText = colon < 0 ? '1' : entry.slice(colon + 1).trim();
    if (!id) throw invalidField('style', `'${entry}' has no style id; write a mix as id:weight,id:weight`);
    const weight = WEIGHT_TEXT.test(weightText) ? Number(weightText) : Number.NaN;
    if (!(Number.isFinite(weight) && weight > 0))
      throw invalidField('style', `the weight of ${id} must be a positive number, got '${weightText}'`);
    if (weights.has(id)) throw invalidField('style', `${id} is named twice in the mix; name each style once`);
    weights.set(id, weight);
  }
  if (weights.size < MIN_MIX_STYLES) {
    const [id] = weights.keys();
    throw invalidField(
      'style',
      `a mix needs ${MIN_MIX_STYLES} or ${MAX_MIX_STYLES} different styles; for one style send its id alone ('${id}')`,
    );
  }
  return normaliseMix(weights);
}

/**
 * A mix as text in the request's syntax, weights rounded to 4 decimals (`starry_night:0.6667,
 * the_scream:0.3333`); one style at weight 1 is its id alone. What the X-Style header reports.
 */
export function formatMix(weights: Readonly<Record<string, number>>): string {
  const entries = Object.entries(weights);
  if (entries.length === 1 && entries[0][1] === 1) return entries[0][0];
  return entries.map(([id, w]) => `${id}:${Number(w.toFixed(4))}`).join(',');
}
