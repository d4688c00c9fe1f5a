// The community gallery's rules, over its store: what may be published (a known style, plain-text
// title and author, an image this service could have made), which items are visible, one like per
// visitor within a cap per address, one report per address up to the threshold that hides an
// item, deletion by the token shown once. Plain inputs in, plain data (the API's JSON) out;
// failures are DomainErrors. The HTTP side (cookies, bodies, headers) is routes.ts's.
import { DomainError, invalidField } from '../../errors';
import type { ImageLimits } from '../../image';
import { prepareGalleryImage } from '../../pipeline/gallery-image';
import { styleCatalogue } from '../../pipeline/stylize';
import {
  LIKES_PER_ADDRESS,
  type GalleryItemRecord,
  type GalleryObjectKind,
  type GallerySort,
  type GalleryStore,
} from '../../storage/gallery';
import { sha256Hex } from '../../util/sha256';
import { decodeCursor, encodeCursor } from './cursor';
import {
  AUTHOR_MAX,
  galleryItemJson,
  REPORT_REASONS,
  TITLE_MAX,
  type GalleryItemDetailJson,
  type GalleryLikesJson,
  type GalleryPageJson,
  type GalleryPublishedJson,
  type GalleryReportedJson,
} from './schema';
import { plainText } from './text';
import { ITEM_ID_PATTERN, newDeleteToken, newItemId, sameDigest } from './tokens';

export interface PublishInput {
  /** The upload; its bytes are released (replaced by an empty array) once the image is prepared,
   * so the original is not held in memory while the prepared one is stored. */
  upload: { bytes: Uint8Array };
  style: unknown;
  title: unknown;
  author: unknown;
  limits: Partial<ImageLimits>;
}

export interface ListInput {
  sort: GallerySort;
  style?: string;
  cursor?: string;
  limit: number;
}

/** A served image or thumbnail, found visible, before its bytes are read. */
export interface GalleryObjectInfo {
  id: string;
  kind: GalleryObjectKind;
  /** The quoted strong validator, as sent in ETag. */
  etag: string;
}

const knownStyles = (): Map<string, string> => new Map(styleCatalogue().map((s) => [s.id, s.title]));

const notFound = (id: string) =>
  new DomainError('gallery-item-not-found', `There is no gallery item '${id}' (it may have been deleted or hidden after reports).`, { id });

/** A style id that names a style; `where` (body or query) is reported with an unknown one. */
function checkStyle(style: unknown, styles: Map<string, string>, where: 'body' | 'query'): string {
  if (typeof style !== 'string' || !style.trim()) throw invalidField('style', `required: one of ${[...styles.keys()].join(', ')}`);
  const id = style.trim();
  if (!styles.has(id)) {
    throw new DomainError('style-not-found', `There is no style '${id}'; GET /v1/styles lists them (${[...styles.keys()].join(', ')}).`, {
      field: 'style',
      in: where,
      style: id,
      known: [...styles.keys()],
    });
  }
  return id;
}

/** A report reason code (any case, surrounding space ignored). */
function checkReason(value: unknown): string {
  const reason = typeof value === 'string' ? value.trim().toLowerCase() : value;
  if (reason === undefined || reason === null || reason === '')
    throw invalidField('reason', `required: one of ${REPORT_REASONS.join(', ')}`);
  if (typeof reason !== 'string' || !(REPORT_REASONS as readonly string[]).includes(reason))
    throw invalidField('reason', `must be one of ${REPORT_REASONS.join(', ')}`);
  return reason;
}

export class GalleryService {
  constructor(private readonly store: GalleryStore) {}

  /** Checks the fields, re-encodes the image and stores the item, visible at once. The delete token
   * is in the answer only: the store keeps its SHA-256. */
  async publish(input: PublishInput): Promise<GalleryPublishedJson> {
    const styles = knownStyles();
    const style = checkStyle(input.style, styles, 'body');
    const title = plainText('title', input.title, TITLE_MAX, true) as string;
    const author = plainText('author', input.author, AUTHOR_MAX, false);
    const prepared = await prepareGalleryImage(input.upload.bytes, { limits: input.limits, field: 'image' });
    input.upload.bytes = new Uint8Array(0);

    const id = newItemId();
    const deleteToken = newDeleteToken();
    const createdAt = Date.now();
    await this.store.publish({ id, style, title, author, createdAt, deleteTokenHash: await sha256Hex(deleteToken), ...prepared });
    const item: GalleryItemRecord = {
      id,
      style,
      title,
      author,
      createdAt,
      likes: 0,
      reports: 0,
      state: 'visible',
      width: prepared.image.width,
      height: prepared.image.height,
      imageEtag: prepared.image.etag,
      thumbEtag: prepared.thumb.etag,
      thumbWidth: prepared.thumb.width,
      thumbHeight: prepared.thumb.height,
      example: false,
    };
    const json = galleryItemJson(item, styles);
    return { id, url: json.page_url, delete_token: deleteToken, item: json };
  }

  /** A page of visible items; `next_cursor` is null on the last page. One row more than the page is
   * read, to know whether another page follows without a second query. */
  async list(input: ListInput): Promise<GalleryPageJson> {
    const styles = knownStyles();
    const style = input.style === undefined || input.style === '' ? undefined : checkStyle(input.style, styles, 'query');
    const after = input.cursor ? decodeCursor(input.cursor, input.sort) : undefined;
    const rows = await this.store.list({ sort: input.sort, style, after, limit: input.limit + 1 });
    const page = rows.slice(0, input.limit);
    const next = rows.length > input.limit ? encodeCursor(input.sort, page[page.length - 1]) : null;
    return { items: page.map((item) => galleryItemJson(item, styles)), next_cursor: next };
  }

  /** The item if it is listed (visible); 404 otherwise, without a storage read for malformed ids. */
  private async visibleItem(id: string): Promise<GalleryItemRecord> {
    if (!ITEM_ID_PATTERN.test(id)) throw notFound(id);
    const item = await this.store.get(id);
    if (item?.state !== 'visible') throw notFound(id);
    return item;
  }

  /** A visible item, with whether `visitor` (a hashed visitor id, if the request had one) likes it. */
  async get(id: string, visitor: string | undefined): Promise<GalleryItemDetailJson> {
    const item = await this.visibleItem(id);
    const liked = visitor ? await this.store.hasLiked(id, visitor) : false;
    return { ...galleryItemJson(item, knownStyles()), liked };
  }

  /** The validator of a visible item's image or thumbnail, so a conditional GET is answered before
   * the object is read. */
  async objectInfo(id: string, kind: GalleryObjectKind): Promise<GalleryObjectInfo> {
    const item = await this.visibleItem(id);
    return { id, kind, etag: `"${kind === 'image' ? item.imageEtag : item.thumbEtag}"` };
  }

  /** The stored bytes of an object found by objectInfo. */
  async readObject({ id, kind }: GalleryObjectInfo) {
    const object = await this.store.getObject(id, kind);
    if (!object) {
      // Not expected: rows are written after their objects, and objects are removed only after the row.
      console.error(`gallery: item ${id} is listed but its ${kind} object is missing`);
      throw notFound(id);
    }
    return object;
  }

  /**
   * Likes a visible item for a visitor (idempotent). `who` gives the hashed visitor and address; it
   * is asked for only once the item is known to be visible (the caller may set a cookie then).
   * 409 like-limit-reached when the address has used its likes on this item.
   */
  async like(id: string, who: () => Promise<{ visitor: string; address: string }>): Promise<GalleryLikesJson> {
    await this.visibleItem(id);
    const { visitor, address } = await who();
    const result = await this.store.like(id, visitor, address);
    if (!result) throw notFound(id);
    if (!result.liked) {
      throw new DomainError(
        'like-limit-reached',
        `This item already counts ${LIKES_PER_ADDRESS} likes from your network, the most one address can add.`,
        { id, likes: result.likes },
      );
    }
    return { id, likes: result.likes, liked: true };
  }

  /** Takes back a visitor's like (a no-op when there was none); `visitor` as for like. */
  async unlike(id: string, visitor: () => Promise<string>): Promise<GalleryLikesJson> {
    await this.visibleItem(id);
    const result = await this.store.unlike(id, await visitor());
    if (!result) throw notFound(id);
    return { id, likes: result.likes, liked: false };
  }

  /** Records a report from a (hashed) client address; `hidden` when it reached `threshold`
   * addresses and so hid the item pending review. The reason is checked before the item. */
  async report(id: string, reason: unknown, address: string, threshold: number): Promise<GalleryReportedJson> {
    const code = checkReason(reason);
    await this.visibleItem(id);
    const result = await this.store.report(id, address, code, threshold);
    if (!result) throw notFound(id);
    return { id, hidden: result.state === 'hidden' };
  }

  /** Deletes an item, hidden ones too, given its delete token; deleting it again with the right
   * token succeeds without changing anything. 403 invalid-delete-token for a missing or wrong token. */
  async delete(id: string, token: unknown): Promise<void> {
    if (!ITEM_ID_PATTERN.test(id)) throw notFound(id);
    const item = await this.store.get(id);
    if (!item) throw notFound(id);
    if (typeof token !== 'string' || !token) {
      throw new DomainError(
        'invalid-delete-token',
        'Send the delete token you were given when publishing, as Authorization: Bearer <token> or JSON {"delete_token": "..."}.',
      );
    }
    const hash = await sha256Hex(token);
    const stored = (await this.store.deleteTokenHash(id)) ?? '';
    if (!sameDigest(hash, stored)) throw new DomainError('invalid-delete-token', 'This delete token does not belong to this item.');
    if (item.state !== 'deleted') await this.store.delete(id);
  }
}
