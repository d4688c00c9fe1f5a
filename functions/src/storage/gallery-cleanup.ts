// The community gallery's scheduled cleanup (the Worker's `scheduled` handler runs it): removes R2
// objects that no listed item refers to. A publish writes its objects before the D1 row that lists
// it, and a delete removes the row (to a tombstone) before its objects, so a failure or a cut
// request between the steps leaves objects behind, never a listed item without its image
// (storage/gallery.ts says how). Rows are never touched here.
import { GALLERY_PREFIX, type GalleryBindings, type GalleryState } from './gallery';

/** Objects without a row are removed only once they are this old, so a publish in flight (objects
 * written, row not yet) is never touched. A publish takes seconds; an hour is generous. */
export const CLEANUP_GRACE_MS = 60 * 60 * 1000;

export interface CleanupOptions {
  /** The time the run is for (the cron's scheduled time); objects are aged against it. */
  now?: number;
  graceMs?: number;
  /** Most objects examined in one run; a run that stops early continues there next time (KV). */
  maxObjects?: number;
}

export interface CleanupReport {
  scanned: number;
  /** Keys removed: objects with no row (failed or cut publishes) and objects of deleted items. */
  removed: string[];
  /** True when the whole prefix was scanned (the next run starts from the beginning). */
  complete: boolean;
}

const CURSOR_KEY = 'gallery:cleanup:start-after';
const LIST_PAGE = 1000;
/** D1 allows 100 bound parameters per statement. */
const ID_CHUNK = 90;

/**
 * Removes leftover gallery objects: those whose item has no row and that are older than the grace
 * period (a publish that failed or was cut after writing to R2), and those of deleted items (a
 * delete whose object removal failed). Rows are never touched, so a listed item keeps its image.
 */
export async function cleanupGallery(env: GalleryBindings, options: CleanupOptions = {}): Promise<CleanupReport> {
  const now = options.now ?? Date.now();
  const graceMs = options.graceMs ?? CLEANUP_GRACE_MS;
  const maxObjects = options.maxObjects ?? 20_000;
  const startAfter = (await env.KV?.get(CURSOR_KEY).catch(() => null)) ?? undefined;

  const report: CleanupReport = { scanned: 0, removed: [], complete: false };
  let cursor: string | undefined;
  let last: string | undefined;
  for (;;) {
    const page = await env.MEDIA.list({
      prefix: GALLERY_PREFIX,
      limit: LIST_PAGE,
      ...(cursor ? { cursor } : startAfter ? { startAfter } : {}),
    });
    report.scanned += page.objects.length;
    if (page.objects.length) last = page.objects[page.objects.length - 1].key;

    const byItem = new Map<string, { key: string; old: boolean }[]>();
    for (const object of page.objects) {
      const id = object.key.slice(GALLERY_PREFIX.length).split('/')[0];
      if (!id) continue;
      const list = byItem.get(id) ?? [];
      list.push({ key: object.key, old: now - object.uploaded.getTime() >= graceMs });
      byItem.set(id, list);
    }
    const ids = [...byItem.keys()];
    const states = new Map<string, GalleryState>();
    for (let i = 0; i < ids.length; i += ID_CHUNK) {
      const chunk = ids.slice(i, i + ID_CHUNK);
      const { results } = await env.DB.prepare(
        `SELECT id, state FROM gallery_items WHERE id IN (${chunk.map((_, j) => `?${j + 1}`).join(', ')})`,
      )
        .bind(...chunk)
        .all<{ id: string; state: GalleryState }>();
      for (const r of results) states.set(r.id, r.state);
    }
    const doomed: string[] = [];
    for (const [id, objects] of byItem) {
      const state = states.get(id);
      if (state === 'deleted') doomed.push(...objects.map((o) => o.key));
      else if (state === undefined) doomed.push(...objects.filter((o) => o.old).map((o) => o.key));
    }
    if (doomed.length) {
      await env.MEDIA.delete(doomed);
      report.removed.push(...doomed);
    }

    if (!page.truncated) {
      report.complete = true;
      break;
    }
    cursor = page.cursor;
    if (report.scanned >= maxObjects) break;
  }
  if (env.KV) {
    if (report.complete) await env.KV.delete(CURSOR_KEY).catch(() => {});
    else if (last) await env.KV.put(CURSOR_KEY, last).catch(() => {});
  }
  return report;
}
