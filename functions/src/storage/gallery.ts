// Community gallery storage: the only code that touches D1 and R2 for the gallery.
//
// What is stored, and nothing more:
//   R2  gallery/<id>/image.jpg   the published image, re-encoded by the Worker (no EXIF, GPS, XMP,
//                                ICC or comments: the encoder writes pixels only)
//       gallery/<id>/thumb.jpg   its thumbnail
//   D1  gallery_items            id, style id, title, optional author, created time, like and
//                                report counts, state (visible / hidden / deleted), SHA-256 of the
//                                delete token, image sizes and ETags (migration 0003_gallery.sql)
//       gallery_likes            (item, SHA-256 of the anonymous visitor cookie, SHA-256 of the
//                                client address): one like per visitor, at most
//                                LIKES_PER_ADDRESS per address (migration 0005)
//       gallery_reports          (item, SHA-256 of the client address, reason code): one report
//                                per address, so one address can never hide an item alone
// No IP address in the clear, user agent, upload file name or image metadata is stored.
//
// Consistency: a publish writes both R2 objects first and the D1 row last, and only a D1 row makes
// an item listed or served. So whatever fails (an R2 put, the D1 insert, or the request being cut
// between any two steps), no listed item is ever without its image: at worst R2 holds objects with
// no row. A failed publish deletes what it wrote at once when it can; the scheduled cleanup
// (cleanupGallery in gallery-cleanup.ts, from the Worker's `scheduled` handler) removes whatever is
// left: objects older than a grace period with no row, and objects of deleted items.
//
// The store takes its bindings as an argument and uses nothing else, so tests inject failures by
// wrapping a binding (an R2 bucket whose put throws, a D1 database whose insert throws).
import type { D1Database, D1PreparedStatement, R2ObjectBody } from '@cloudflare/workers-types/latest/index';
import { DomainError } from '../errors';

import {
  COLUMNS,
  GALLERY_MEDIA_TYPE,
  type GalleryBindings,
  type GalleryItemRecord,
  type GalleryObjectKind,
  type GalleryState,
  type ItemRow,
  type ListOptions,
  type NewGalleryItem,
  objectKey,
  toRecord,
} from './gallery-records';

export * from './gallery-records';
/** Storage failures become 503 storage-unavailable (logged with the cause); domain errors pass through. */
async function guarded<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof DomainError) throw error;
    console.error(`gallery storage: ${what} failed`, error);
    throw new DomainError('storage-unavailable', `The gallery could not ${what} just now; nothing was changed. Try again in a moment.`);
  }
}

/** Likes one client address can add to one item: people behind one NAT still count, up to this. */
export const LIKES_PER_ADDRESS = 3;

/** Sets an item's like count from gallery_likes (run in the same batch as the change), returning it. */
const recountLikes = (DB: D1Database, id: string): D1PreparedStatement =>
  DB.prepare(
    `UPDATE gallery_items SET likes = (SELECT COUNT(*) FROM gallery_likes WHERE item_id = ?1)
     WHERE id = ?1 AND state = 'visible' RETURNING likes`,
  ).bind(id);

export class GalleryStore {
  constructor(private readonly env: GalleryBindings) {}

  /**
   * Stores a new item: image, then thumbnail (R2), then the row (D1) that makes it listed. On any
   * failure the objects written so far are deleted (best effort: if that fails too, the scheduled
   * cleanup removes them) and 503 storage-unavailable is thrown.
   */
  async publish(item: NewGalleryItem): Promise<void> {
    const { DB, MEDIA } = this.env;
    const written: string[] = [];
    const removeWritten = async () => {
      try {
        await MEDIA.delete(written);
      } catch (error) {
        console.error(`gallery storage: could not remove ${written.join(', ')}; the scheduled cleanup will`, error);
      }
    };
    const unavailable = () =>
      new DomainError('storage-unavailable', 'The image could not be stored just now, so it was not published. Try again in a moment.');

    try {
      for (const kind of ['image', 'thumb'] as const) {
        const key = objectKey(item.id, kind);
        written.push(key); // before the put: a put that fails midway may still leave an object
        await MEDIA.put(key, item[kind].bytes, {
          httpMetadata: { contentType: GALLERY_MEDIA_TYPE },
          customMetadata: { item: item.id, kind },
        });
      }
    } catch (error) {
      console.error(`gallery storage: storing the objects of ${item.id} failed`, error);
      await removeWritten(); // no row was written: nothing refers to these objects
      throw unavailable();
    }

    try {
      await DB.prepare(
        `INSERT INTO gallery_items (id, style, title, author, created_at, likes, reports, state, delete_token_hash,
           width, height, image_etag, thumb_etag, thumb_width, thumb_height, example)
         VALUES (?1, ?2, ?3, ?4, ?5, 0, 0, 'visible', ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)`,
      )
        .bind(
          item.id,
          item.style,
          item.title,
          item.author,
          item.createdAt,
          item.deleteTokenHash,
          item.image.width,
          item.image.height,
          item.image.etag,
          item.thumb.etag,
          item.thumb.width,
          item.thumb.height,
          item.example ? 1 : 0,
        )
        .run();
    } catch (error) {
      console.error(`gallery storage: inserting the row of ${item.id} failed`, error);
      // An error does not prove the insert did not commit (a connection lost after the commit).
      // Delete the objects only once a read confirms there is no row; if that cannot be read
      // either, leave them to the scheduled cleanup, which makes the same check.
      let exists: boolean | undefined;
      try {
        exists = (await DB.prepare('SELECT 1 AS found FROM gallery_items WHERE id = ?1').bind(item.id).first()) !== null;
      } catch (checkError) {
        console.error(`gallery storage: could not check for the row of ${item.id}`, checkError);
      }
      if (exists) return; // it did commit: published
      if (exists === false) await removeWritten();
      throw unavailable();
    }
  }

  /** True when no item was ever published here (deleted items still count: they were there). */
  isEmpty(): Promise<boolean> {
    return guarded(
      'read the gallery',
      async () => (await this.env.DB.prepare('SELECT 1 AS found FROM gallery_items LIMIT 1').first()) === null,
    );
  }

  /** The item in any state, or undefined. */
  get(id: string): Promise<GalleryItemRecord | undefined> {
    return guarded('read the item', async () => {
      const row = await this.env.DB.prepare(`SELECT ${COLUMNS} FROM gallery_items WHERE id = ?1`).bind(id).first<ItemRow>();
      return row ? toRecord(row) : undefined;
    });
  }

  /** The SHA-256 (hex) of the item's delete token, in any state, or undefined. */
  deleteTokenHash(id: string): Promise<string | undefined> {
    return guarded('read the item', async () => {
      const row = await this.env.DB.prepare('SELECT delete_token_hash FROM gallery_items WHERE id = ?1')
        .bind(id)
        .first<{ delete_token_hash: string }>();
      return row?.delete_token_hash;
    });
  }

  /** Visible items in keyset order: newest first, or most liked first (then newest). */
  list(options: ListOptions): Promise<GalleryItemRecord[]> {
    const where = ["state = 'visible'"];
    const args: unknown[] = [];
    const arg = (v: unknown) => {
      args.push(v);
      return `?${args.length}`;
    };
    if (options.style) where.push(`style = ${arg(options.style)}`);
    const after = options.after;
    let order: string;
    if (options.sort === 'top') {
      if (after) where.push(`(likes, created_at, id) < (${arg(after.likes ?? 0)}, ${arg(after.createdAt)}, ${arg(after.id)})`);
      order = 'likes DESC, created_at DESC, id DESC';
    } else {
      if (after) where.push(`(created_at, id) < (${arg(after.createdAt)}, ${arg(after.id)})`);
      order = 'created_at DESC, id DESC';
    }
    const sql = `SELECT ${COLUMNS} FROM gallery_items WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ${arg(options.limit)}`;
    return guarded('list items', async () => {
      const { results } = await this.env.DB.prepare(sql)
        .bind(...args)
        .all<ItemRow>();
      return results.map(toRecord);
    });
  }

  /** The stored image or thumbnail, or null when the object is missing. */
  getObject(id: string, kind: GalleryObjectKind): Promise<R2ObjectBody | null> {
    return guarded('read the image', () => this.env.MEDIA.get(objectKey(id, kind)));
  }

  /**
   * Likes a visible item once per visitor (repeating is a no-op), counting at most
   * LIKES_PER_ADDRESS likes from one client address. `liked` says whether this visitor's like is
   * counted now (false: the address had used its likes on this item). Undefined when not visible.
   */
  like(id: string, visitor: string, address: string, now = Date.now()): Promise<{ likes: number; liked: boolean } | undefined> {
    const { DB } = this.env;
    return guarded('record the like', async () => {
      const [, counted, mine] = await DB.batch<{ likes?: number; liked?: number }>([
        DB.prepare(
          `INSERT OR IGNORE INTO gallery_likes (item_id, visitor, address, created_at)
           SELECT ?1, ?2, ?3, ?4
           WHERE EXISTS (SELECT 1 FROM gallery_items WHERE id = ?1 AND state = 'visible')
             AND (SELECT COUNT(*) FROM gallery_likes WHERE item_id = ?1 AND address = ?3) < ?5`,
        ).bind(id, visitor, address, now, LIKES_PER_ADDRESS),
        recountLikes(DB, id),
        DB.prepare('SELECT EXISTS (SELECT 1 FROM gallery_likes WHERE item_id = ?1 AND visitor = ?2) AS liked').bind(id, visitor),
      ]);
      const row = counted.results[0];
      return row ? { likes: row.likes ?? 0, liked: mine.results[0]?.liked === 1 } : undefined;
    });
  }

  /** Takes back a visitor's like (a no-op when there was none); undefined when not visible. */
  unlike(id: string, visitor: string): Promise<{ likes: number } | undefined> {
    const { DB } = this.env;
    return guarded('remove the like', async () => {
      const [, counted] = await DB.batch<{ likes: number }>([
        DB.prepare('DELETE FROM gallery_likes WHERE item_id = ?1 AND visitor = ?2').bind(id, visitor),
        recountLikes(DB, id),
      ]);
      const row = counted.results[0];
      return row ? { likes: row.likes } : undefined;
    });
  }

  hasLiked(id: string, visitor: string): Promise<boolean> {
    return guarded('read the like', async () => {
      const row = await this.env.DB.prepare('SELECT 1 AS liked FROM gallery_likes WHERE item_id = ?1 AND visitor = ?2')
        .bind(id, visitor)
        .first();
      return row !== null;
    });
  }

  /**
   * Records one report per client address (a repeat changes nothing, whatever cookie it carries);
   * once `threshold` addresses have reported a visible item it is hidden pending review. Undefined
   * when the item is not visible.
   */
  report(
    id: string,
    reporter: string,
    reason: string,
    threshold: number,
    now = Date.now(),
  ): Promise<{ reports: number; state: GalleryState } | undefined> {
    const { DB } = this.env;
    return guarded('record the report', async () => {
      const [, counted] = await DB.batch<{ reports: number; state: GalleryState }>([
        DB.prepare(
          `INSERT OR IGNORE INTO gallery_reports (item_id, reporter, reason, created_at)
           SELECT ?1, ?2, ?3, ?4 WHERE EXISTS (SELECT 1 FROM gallery_items WHERE id = ?1 AND state = 'visible')`,
        ).bind(id, reporter, reason, now),
        DB.prepare(
          `UPDATE gallery_items SET
             reports = (SELECT COUNT(*) FROM gallery_reports WHERE item_id = ?1),
             state = CASE WHEN (SELECT COUNT(*) FROM gallery_reports WHERE item_id = ?1) >= ?2 THEN 'hidden' ELSE state END
           WHERE id = ?1 AND state = 'visible' RETURNING reports, state`,
        ).bind(id, threshold),
      ]);
      return counted.results[0];
    });
  }

  /**
   * Reinstates a hidden item after review: visible again, with its reports cleared (so one more
   * report does not hide it again at once). Returns the item's state before, or undefined when
   * there is no such item; only a hidden item changes.
   */
  reinstate(id: string): Promise<GalleryState | undefined> {
    const { DB } = this.env;
    return guarded('reinstate the item', async () => {
      const [before] = await DB.batch<{ state: GalleryState }>([
        DB.prepare('SELECT state FROM gallery_items WHERE id = ?1').bind(id),
        ...REINSTATE_SQL.map((sql) => DB.prepare(sql).bind(id)),
      ]);
      return before.results[0]?.state;
    });
  }

  /**
   * Deletes an item: the row becomes a 'deleted' tombstone at once (unlisted, title and author
   * cleared, likes and reports removed), then its objects are deleted. If deleting the objects
   * fails the item is still gone for everyone; the scheduled cleanup deletes the objects later.
   */
  async delete(id: string): Promise<void> {
    const { DB, MEDIA } = this.env;
    await guarded('delete the item', () =>
      DB.batch([
        DB.prepare(`UPDATE gallery_items SET state = 'deleted', title = '', author = NULL WHERE id = ?1`).bind(id),
        DB.prepare('DELETE FROM gallery_likes WHERE item_id = ?1').bind(id),
        DB.prepare('DELETE FROM gallery_reports WHERE item_id = ?1').bind(id),
      ]),
    );
    try {
      await MEDIA.delete([objectKey(id, 'image'), objectKey(id, 'thumb')]);
    } catch (error) {
      console.error(`gallery storage: objects of deleted item ${id} not removed yet; the scheduled cleanup will`, error);
    }
  }
}

export const galleryStore = (env: GalleryBindings) => new GalleryStore(env);

/** Reinstating a hidden item (?1: its id), as one batch; `npm run gallery:reinstate -- --remote`
 * runs the same statements through `wrangler d1 execute`. Reports go first: the item must not be
 * visible with the reports that hid it. */
export const REINSTATE_SQL = [
  `DELETE FROM gallery_reports WHERE item_id = ?1 AND EXISTS (SELECT 1 FROM gallery_items WHERE id = ?1 AND state = 'hidden')`,
  `UPDATE gallery_items SET state = 'visible', reports = 0 WHERE id = ?1 AND state = 'hidden'`,
] as const;
