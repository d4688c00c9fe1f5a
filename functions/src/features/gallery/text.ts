// Titles and author names as plain text: what is stored and returned is text, never HTML, with
// nothing invisible that could disguise it.
import { invalidField } from '../../errors';

/** Bidi overrides/isolates, zero-width and other invisible formatting characters. */
const INVISIBLE = /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]/g;

/** A title or name as plain text: NFC, invisible formatting removed, whitespace collapsed, no
 * control characters, at most `max` characters. Null when absent or blank and not required;
 * 422 validation-failed naming `field` otherwise. */
export function plainText(field: string, value: unknown, max: number, required: boolean): string | null {
  if (value === undefined || value === null) {
    if (required) throw invalidField(field, `required: ${max} characters at most`);
    return null;
  }
  if (typeof value !== 'string') throw invalidField(field, 'must be text');
  const text = value
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .replace(/[\t\n\r]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (/\p{Cc}/u.test(text)) throw invalidField(field, 'must not contain control characters');
  const length = [...text].length;
  if (length > max) throw invalidField(field, `must be at most ${max} characters, got ${length}`);
  if (!text) {
    if (required) throw invalidField(field, 'must not be empty');
    return null;
  }
  return text;
}
