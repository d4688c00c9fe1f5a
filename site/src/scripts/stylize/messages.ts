// Plain-words messages for everything that can go wrong on the stylize page: one per problem type
// the API returns, plus the browser-side cases (a file that is not a photo, or that cannot be opened).
// `target` says which control the message is about, so the page can mark it and offer a way to fix it.
import { type ApiProblem, NETWORK_PROBLEM } from '../shared/problem';

export type Target = 'photo' | 'style' | 'strength' | 'preserve_colors';

export interface Message {
  title: string;
  advice: string;
  target?: Target;
  /** The problem kind it came from ("unsupported-image"...), for tests and diagnostics. */
  kind: string;
}

const FORMATS = 'Use a JPEG, PNG or WebP photo.';

/** The form control a problem's `field` names, if any ("strength", "options.strength", "preserve-colors"...). */
export function fieldTarget(field: string | undefined): Target | undefined {
  const TARGETS: Record<string, Target> = {
    image: 'photo',
    file: 'photo',
    photo: 'photo',
    style: 'style', // also "style.<id>": a blend weight
    style_id: 'style',
    strength: 'strength',
    preserve_colors: 'preserve_colors',
    preserve_colours: 'preserve_colors',
  };
  const segments =
    field
      ?.toLowerCase()
      .replace(/-/g, '_')
      .split(/[.[\]/]/)
      .filter(Boolean) ?? [];
  for (const s of segments) if (TARGETS[s]) return TARGETS[s];
  return undefined;
}

/** Whether a 404 is about the chosen style (rather than the route itself being absent). */
function isUnknownStyle(p: ApiProblem): boolean {
  if (p.kind === 'unknown-style' || p.kind === 'style-not-found') return true;
  if (p.status !== 404) return false;
  return fieldTarget(p.field) === 'style' || /\bstyle\b/i.test(p.problem.detail ?? '');
}

/** A clear message per problem type. */
export function problemMessage(p: ApiProblem): Message {
  const kind = p.kind;
  if (isUnknownStyle(p)) {
    return {
      kind: 'unknown-style',
      target: 'style',
      title: 'That style is no longer available',
      advice: 'The list of styles has been refreshed: pick another style and press Stylize again.',
    };
  }
  switch (kind) {
    case 'unsupported-image':
    case 'unsupported-media-type':
      return {
        kind,
        target: 'photo',
        title: 'This photo’s format isn’t supported',
        advice: `${FORMATS} On an iPhone, choose “Most Compatible” in Camera › Formats, or take a screenshot of the photo.`,
      };
    case 'invalid-image':
      return {
        kind,
        target: 'photo',
        title: 'The photo looks damaged or incomplete',
        advice: 'It could not be read as a picture. Choose another photo, or save this one again.',
      };
    case 'payload-too-large':
      return {
        kind,
        target: 'photo',
        title: 'The photo is too large to upload',
        advice: 'Uploads must be under 10 MB. Choose a smaller photo.',
      };
    case 'image-too-large':
      return {
        kind,
        target: 'photo',
        title: 'The photo has too many pixels',
        advice: 'Choose a smaller photo (at most about 6 megapixels).',
      };
    case 'missing-image':
      return { kind, target: 'photo', title: 'Choose a photo first', advice: 'Drop a photo in the box, or click it to choose a file.' };
    case 'validation-failed':
    case 'bad-request': {
      const target = fieldTarget(p.field);
      const detail = p.problem.detail;
      if (target === 'strength')
        return { kind, target, title: 'The strength was not accepted', advice: detail || 'Set a strength between 0% and 100%.' };
      if (target === 'preserve_colors')
        return {
          kind,
          target,
          title: 'The colour setting was not accepted',
          advice: detail || 'Switch “Keep my photo’s colours” off and on, then try again.',
        };
      if (target === 'style')
        return { kind, target, title: 'Choose a style', advice: detail || 'Pick one of the paintings, then press Stylize again.' };
      if (target === 'photo') return { kind, target, title: 'The photo was not accepted', advice: detail || FORMATS };
      return { kind, title: 'A setting was not accepted', advice: detail || 'Check the settings, then try again.' };
    }
    case 'rate-limited':
    case 'too-many-requests':
      return { kind, title: 'Too many requests', advice: 'Please wait a minute, then try again.' };
    case NETWORK_PROBLEM:
      return { kind, title: 'The server could not be reached', advice: 'Check your connection and try again.' };
    default:
      if (p.status === 429) return { kind, title: 'Too many requests', advice: 'Please wait a minute, then try again.' };
      if (p.status === 404 || p.status === 405 || p.status === 501)
        return { kind, title: 'Stylize is not available here', advice: 'This server does not offer style transfer yet.' };
      if (p.status >= 500)
        return {
          kind,
          title: 'Something went wrong on our side',
          advice: 'The photo could not be painted this time. Please try again in a moment.',
        };
      return {
        kind,
        title: p.problem.title || 'The photo could not be stylized',
        advice: p.problem.detail || 'Please try again, or choose another photo.',
      };
  }
}

/** The chosen file is plainly not a picture (a PDF, a text file...). */
export function notAnImageMessage(name: string): Message {
  return { kind: 'not-an-image', target: 'photo', title: `“${name}” isn’t a photo`, advice: `${FORMATS} Drop or choose an image file.` };
}

/** The browser could not decode the file (damaged, or a format it cannot read, like HEIC outside Safari). */
export function unreadableMessage(name: string): Message {
  return {
    kind: 'unreadable-image',
    target: 'photo',
    title: `“${name}” can’t be opened`,
    advice: `It is not a picture this browser can read, or it is damaged. ${FORMATS}`,
  };
}

/** Message when the style catalogue cannot be loaded. */
export function stylesUnavailableMessage(p: ApiProblem): Message {
  if (p.kind === NETWORK_PROBLEM)
    return {
      kind: p.kind,
      target: 'style',
      title: 'The styles could not be loaded',
      advice: 'The server could not be reached. Check your connection, then retry.',
    };
  if (p.status === 404 || p.status === 405 || p.status === 501)
    return {
      kind: p.kind,
      target: 'style',
      title: 'No styles are available here',
      advice: 'This server does not offer style transfer yet.',
    };
  return { kind: p.kind, target: 'style', title: 'The styles could not be loaded', advice: 'Please retry in a moment.' };
}

/* ------------------------------------------------------------------ small formatting helpers */

const EXT: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp', 'image/avif': 'avif' };

/** "IMG_2041.HEIC" + "starry_night" + image/png -> "IMG_2041-starry-night.png". */
export function downloadName(original: string, styleId: string, type: string): string {
  const slug = (s: string) =>
    s
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60);
  const base = slug(original.replace(/\.[^./\\]*$/, '')) || 'photo';
  const style = slug(styleId).toLowerCase() || 'stylized';
  return `${base}-${style}.${EXT[type] ?? 'png'}`;
}

/** "Vincent van Gogh, 1889" (either part may be missing). */
export function byline(artist: string, year: string): string {
  return [artist, year].filter(Boolean).join(', ');
}
