// The page cursor of GET /v1/gallery: the last item's sort keys (keyset pagination), as opaque
// base64url JSON. A cursor is checked as untrusted input: it reaches the store's SQL as bound
// parameters only, and one made for the other sort is refused rather than silently misread.
import { invalidField } from '../../errors';
import type { GalleryCursor, GalleryItemRecord, GallerySort } from '../../storage/gallery';
import { base64url, ITEM_ID_PATTERN } from './tokens';

export interface CursorPayload extends GalleryCursor {
  sort: GallerySort;
}

const NOT_OURS = 'is not a cursor from this API (pass next_cursor unchanged)';

/** The cursor that continues after `item` (the last of a page) in `sort` order. */
export function encodeCursor(sort: GallerySort, item: GalleryItemRecord): string {
  const payload = sort === 'top' ? [sort, item.likes, item.createdAt, item.id] : [sort, item.createdAt, item.id];
  return base64url(new TextEncoder().encode(JSON.stringify(payload)));
}

/** The keyset position a cursor holds; 422 validation-failed (field `cursor`) for anything else. */
export function decodeCursor(cursor: string, sort: GallerySort): CursorPayload {
  let payload: unknown;
  try {
    const text = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
    payload = JSON.parse(new TextDecoder().decode(Uint8Array.from(text, (ch) => ch.charCodeAt(0))));
  } catch {
    throw invalidField('cursor', NOT_OURS);
  }
  if (!Array.isArray(payload) || (payload[0] !== 'new' && payload[0] !== 'top')) throw invalidField('cursor', NOT_OURS);
  if (payload[0] !== sort) throw invalidField('cursor', `was made for sort=${payload[0]}; keep the same sort while paging`);
  const [likes, createdAt, id] = sort === 'top' ? payload.slice(1) : [undefined, ...payload.slice(1)];
  const int = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
  if (!int(createdAt) || typeof id !== 'string' || !ITEM_ID_PATTERN.test(id) || (sort === 'top' && !int(likes)))
    throw invalidField('cursor', NOT_OURS);
  return { sort, createdAt: createdAt as number, id, ...(sort === 'top' ? { likes: likes as number } : {}) };
}
