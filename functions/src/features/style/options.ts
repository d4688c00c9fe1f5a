// POST /v1/stylize's request: its options (form and query values are text; JSON values keep their
// types; a body field wins over the same query parameter) and the output format its Accept header
// prefers. `style` is one id, a mix in text (`id:w,id:w`, mix.ts: in a form, a query or a JSON
// string) or a JSON object blend {id: weight}. Pure functions, tested in Node
// (test/unit/style/options.test.ts).
import { invalidField } from '../../errors';
import { OUTPUT_MEDIA_TYPES, type OutputFormat } from '../../image';
import { styleCatalogue } from '../../pipeline/stylize';
import { isMixText, parseMixText } from './mix';
import { OPTION_FIELDS, OptionsSchema, type OptionField, type StyleOptions } from './schema';

const BOOLEAN_TEXT: Record<string, boolean> = {
  true: true,
  false: false,
  '1': true,
  '0': false,
  on: true,
  off: false,
  yes: true,
  no: false,
};

/** Converts text option values (form fields, query parameters) to the types OptionsSchema checks. */
function fromText(field: OptionField, text: string): unknown {
  const value = text.trim();
  switch (field) {
    case 'style':
      if (value.startsWith('{')) {
        try {
          return JSON.parse(value);
        } catch {
          throw invalidField('style', 'looks like a JSON blend but is not valid JSON');
        }
      }
      return isMixText(value) ? parseMixText(value) : value;
    case 'preserve_colors':
      return value.toLowerCase() in BOOLEAN_TEXT ? BOOLEAN_TEXT[value.toLowerCase()] : value;
    default:
      return value === '' ? value : Number(value);
  }
}

/** The options from the body's fields (`params`) and the query; 422 naming the first bad field. */
export function parseOptions(params: Record<string, unknown>, query: Record<string, string | undefined>): StyleOptions {
  const raw: Record<string, unknown> = {};
  for (const field of OPTION_FIELDS) {
    const value = params[field] ?? query[field];
    if (value === undefined || value === null) continue;
    raw[field] = typeof value === 'string' ? fromText(field, value) : value;
  }
  if (raw.style === undefined)
    throw invalidField(
      'style',
      `required: one of ${styleCatalogue()
        .map((s) => s.id)
        .join(', ')}`,
    );
  const result = OptionsSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    // A bad blend weight is reported as style.<id>.
    throw invalidField(issue.path.length ? issue.path.join('.') : 'body', issue.message);
  }
  return result.data;
}

// The output format the Accept header prefers: highest q, then the most specific match (image/png
// over image/* over */*), then the header's order, then PNG, JPEG, WebP. Undefined when Accept
// allows none; PNG when there is no Accept header.
export function negotiateFormat(accept: string | null | undefined): OutputFormat | undefined {
  if (!accept?.trim()) return 'png';
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
