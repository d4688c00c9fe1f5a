// Typed client for the community gallery API (/v1/gallery, see functions/src/features/gallery/).
// Errors are RFC 9457 problems, surfaced as ApiProblem (status 0 for a network failure).
// Titles and names in answers are plain text: render them with textContent, never as HTML.
import type { GalleryItemJson, GalleryPageJson, GalleryPublishedJson } from '../../../../functions/src/features/gallery/schema';
import { type ApiProblem, fetchText, NETWORK_PROBLEM, unexpectedAnswer } from '../shared/problem';

/** Answer shapes, derived from the API's own schemas (functions/src/features/gallery/schema.ts). */
export type GalleryItem = GalleryItemJson;
export type GalleryPage = GalleryPageJson;
export type Published = GalleryPublishedJson;

export type GallerySort = 'new' | 'top';

export const REPORT_REASONS: { value: string; label: string }[] = [
  { value: 'spam', label: 'Spam or advertising' },
  { value: 'offensive', label: 'Offensive or insulting' },
  { value: 'sexual', label: 'Sexual content' },
  { value: 'violence', label: 'Violence or gore' },
  { value: 'hate', label: 'Hate or harassment' },
  { value: 'copyright', label: 'Copyright: not theirs to share' },
  { value: 'privacy', label: 'Shows someone without consent' },
  { value: 'other', label: 'Something else' },
];

/** Largest upload the API accepts (GALLERY_MAX_BYTES). */
export const MAX_PUBLISH_BYTES = 4 * 1024 * 1024;
export const TITLE_MAX = 80;
export const AUTHOR_MAX = 40;

async function request<T>(path: string, init: RequestInit = {}, parse = true): Promise<T> {
  const { status, body } = await fetchText(path, {
    credentials: 'same-origin',
    ...init,
    headers: { accept: 'application/json', ...(init.headers ?? {}) },
  });
  if (!parse) return undefined as T;
  try {
    return JSON.parse(body) as T;
  } catch {
    throw unexpectedAnswer(status);
  }
}

export function listGallery(opts: {
  style?: string;
  sort: GallerySort;
  cursor?: string | null;
  limit?: number;
  signal?: AbortSignal;
}): Promise<GalleryPage> {
  const q = new URLSearchParams({ sort: opts.sort });
  if (opts.style) q.set('style', opts.style);
  if (opts.cursor) q.set('cursor', opts.cursor);
  if (opts.limit) q.set('limit', String(opts.limit));
  return request<GalleryPage>(`/v1/gallery?${q}`, { signal: opts.signal });
}

export const getItem = (id: string) => request<GalleryItem>(`/v1/gallery/${encodeURIComponent(id)}`);

export const setLike = (id: string, liked: boolean) =>
  request<{ id: string; likes: number; liked: boolean }>(`/v1/gallery/${encodeURIComponent(id)}/like`, {
    method: liked ? 'POST' : 'DELETE',
  });

export const reportItem = (id: string, reason: string) =>
  request<{ id: string; hidden: boolean }>(`/v1/gallery/${encodeURIComponent(id)}/report`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ reason }),
  });

export const deleteItem = (id: string, token: string) =>
  request<void>(
    `/v1/gallery/${encodeURIComponent(id)}`,
    { method: 'DELETE', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ delete_token: token }) },
    false,
  );

export function publishImage(
  image: Blob,
  fields: { style: string; title: string; author?: string },
  filename = 'stylized.png',
): Promise<Published> {
  const form = new FormData();
  form.append('image', image, filename);
  form.append('style', fields.style);
  form.append('title', fields.title);
  if (fields.author) form.append('author', fields.author);
  return request<Published>('/v1/gallery', { method: 'POST', body: form });
}

/* ------------------------------------------------------------------ delete tokens kept in this browser */

const OWNED_KEY = 'likeness.gallery.owned';

function readOwned(): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(OWNED_KEY) ?? '{}');
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/** Remembers the delete token of an item published from this browser (localStorage only). */
export function rememberOwned(id: string, token: string): void {
  try {
    localStorage.setItem(OWNED_KEY, JSON.stringify({ ...readOwned(), [id]: token }));
  } catch {
    /* storage disabled: the token is still shown once */
  }
}

export const ownedToken = (id: string): string | undefined => {
  const token = readOwned()[id];
  return typeof token === 'string' ? token : undefined;
};

export function forgetOwned(id: string): void {
  try {
    const owned = readOwned();
    delete owned[id];
    localStorage.setItem(OWNED_KEY, JSON.stringify(owned));
  } catch {
    /* ignore */
  }
}

/** One sentence for a problem, for the gallery's status lines. */
export function galleryMessage(p: ApiProblem): string {
  switch (p.kind) {
    case 'rate-limited': {
      const wait = Number(p.problem.retry_after);
      return `Too many requests from this connection. Try again${Number.isFinite(wait) && wait > 0 ? ` in ${wait < 90 ? `${Math.ceil(wait)} seconds` : `${Math.ceil(wait / 60)} minutes`}` : ' later'}.`;
    }
    case 'gallery-item-not-found':
      return 'This picture is no longer in the gallery: it was deleted, or hidden after reports.';
    case 'invalid-delete-token':
      return 'This browser does not hold the right delete token for this picture.';
    case 'like-limit-reached':
      return 'This picture already counts the most likes one network can add, so yours was not added.';
    case 'cross-site-request':
      return 'This request came from another site and was refused. Open the gallery on this site and try again.';
    case 'storage-unavailable':
      return 'The gallery is not available just now. Nothing was changed; try again in a moment.';
    case 'validation-failed':
      return p.problem.detail ? `Please check the form: ${p.problem.detail}` : 'Please check the form.';
    case 'image-too-large':
    case 'payload-too-large':
      return 'This picture is too large for the gallery (at most 1024 px per side and 4 MB).';
    case NETWORK_PROBLEM:
      return 'The server could not be reached. Check your connection and try again.';
    default:
      return p.problem.detail || p.problem.title || 'Something went wrong.';
  }
}
