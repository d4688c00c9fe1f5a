// The collection index: a collection's embeddings of one model version, packed for the search scan
// and cached per isolate while the collection's revision is unchanged (every change to its faces
// bumps it, collections.ts). The packing itself is the search's (pipeline/face/search.ts
// EmbeddingPacker), handed in by the caller as an IndexPacking: storage reads the rows and feeds
// them to it, so it needs nothing from the pipeline.
import type { D1Database } from '@cloudflare/workers-types/latest/index';
import type { Collection, EmbeddingModel, Subject } from './collections';
import { blobBytes, embeddingFromBytes } from './embedding-bytes';

/** Builds the packed form of a collection one row at a time. */
export interface IndexPacker<P> {
  /** Adds one embedding of subject index `subject` (0-based, assigned here); returns its row. */
  add(vector: Float32Array, subject: number): number;
  finish(): P;
}

/** How the search packs embeddings: a packer for `capacity` rows, and the bytes a packed collection holds (for the cache budget). */
export interface IndexPacking<P extends { count: number }> {
  packer(dims: number, capacity: number): IndexPacker<P>;
  bytes(packed: P): number;
}

export interface StaleSubject {
  id: string;
  name: string;
  external_id: string | null;
  /** The models ("id vVERSION") its faces were made with, none of them the served one. */
  models: string[];
}

export interface CollectionIndex<P> {
  collectionId: string;
  revision: number;
  model: EmbeddingModel;
  packed: P;
  /** Per packed row: the face's rowid in D1, to fetch its exact embedding. */
  rowids: Float64Array;
  /** Per subject index: the subject id. */
  subjectIds: string[];
  /** Subjects with faces, but none made by the served model: they need re-enrolment. */
  stale: StaleSubject[];
  /** Milliseconds spent loading (for logs and the benchmark). */
  loadMs: number;
}

/** Rows per query while loading a collection: bounds the memory of one D1 result. */
const LOAD_CHUNK = 5000;
/** Packed bytes kept per isolate across collections (100,000 faces are about 15 MB). */
const CACHE_BUDGET_BYTES = 48 * 1024 * 1024;

interface CacheEntry {
  loading: Promise<CollectionIndex<unknown>>;
  packing: IndexPacking<never>;
  /** Packed bytes, once loaded. */
  bytes?: number;
}

/** Per isolate: collection id -> its index (Map order = least recently used first). */
const indexCache = new Map<string, CacheEntry>();

/** Drops the isolate's copy of a collection (it was deleted). */
export function forgetCollection(collectionId: string): void {
  indexCache.delete(collectionId);
}

/** The collection's index for `model`, from this isolate's cache while `collection.revision` is unchanged. */
export async function collectionIndex<P extends { count: number }>(
  db: D1Database,
  collection: Pick<Collection, 'id' | 'revision'>,
  model: EmbeddingModel,
  dims: number,
  packing: IndexPacking<P>,
): Promise<CollectionIndex<P> & { cached: boolean }> {
  const entry = indexCache.get(collection.id);
  if (entry && entry.packing === (packing as IndexPacking<never>)) {
    const index = (await entry.loading.catch(() => undefined)) as CollectionIndex<P> | undefined;
    if (index && index.revision === collection.revision && index.model.id === model.id && index.model.version === model.version) {
      indexCache.delete(collection.id); // most recently used: to the end
      indexCache.set(collection.id, entry);
      return { ...index, cached: true };
    }
  }
  const loading = loadCollectionIndex(db, collection, model, dims, packing);
  const fresh: CacheEntry = { loading, packing: packing as IndexPacking<never> };
  indexCache.set(collection.id, fresh);
  try {
    const index = await loading;
    fresh.bytes = packing.bytes(index.packed) + index.rowids.byteLength;
    evict();
    return { ...index, cached: false };
  } catch (error) {
    if (indexCache.get(collection.id) === fresh) indexCache.delete(collection.id);
    throw error;
  }
}

/** Drops least recently used collections until the loaded ones fit CACHE_BUDGET_BYTES (the newest always stays). */
function evict(): void {
  let total = 0;
  for (const entry of indexCache.values()) total += entry.bytes ?? 0;
  for (const [id, entry] of indexCache) {
    if (total <= CACHE_BUDGET_BYTES || indexCache.size <= 1) break;
    if (entry.bytes === undefined) continue;
    indexCache.delete(id);
    total -= entry.bytes;
  }
}

async function loadCollectionIndex<P extends { count: number }>(
  db: D1Database,
  collection: Pick<Collection, 'id' | 'revision'>,
  model: EmbeddingModel,
  dims: number,
  packing: IndexPacking<P>,
): Promise<CollectionIndex<P>> {
  const started = Date.now();
  const [countResult, staleResult] = await db.batch<Record<string, unknown>>([
    db
      .prepare('SELECT COUNT(*) AS n FROM faces WHERE collection_id = ?1 AND model = ?2 AND model_version = ?3')
      .bind(collection.id, model.id, model.version),
    db
      .prepare(
        "SELECT s.id, s.name, s.external_id, group_concat(DISTINCT f.model || ' v' || f.model_version) AS models " +
          'FROM subjects s JOIN faces f ON f.subject_id = s.id WHERE s.collection_id = ?1 ' +
          'GROUP BY s.id HAVING SUM(f.model = ?2 AND f.model_version = ?3) = 0 ORDER BY s.id',
      )
      .bind(collection.id, model.id, model.version),
  ]);
  const count = Number(countResult.results[0].n);
  const packer = packing.packer(dims, count);
  const rowids = new Float64Array(count);
  const subjectIds: string[] = [];
  const subjectIndex = new Map<string, number>();
  let after = 0;
  let loaded = 0;
  // Pages in rowid order, which is the order of the (collection_id, model, model_version) index.
  while (loaded < count) {
    const rows = await db
      .prepare(
        'SELECT rowid, subject_id, embedding FROM faces WHERE collection_id = ?1 AND model = ?2 AND model_version = ?3 AND rowid > ?4 ORDER BY rowid LIMIT ?5',
      )
      .bind(collection.id, model.id, model.version, after, LOAD_CHUNK)
      .raw<[number, string, unknown]>();
    if (rows.length === 0) break;
    for (const [rowid, subjectId, blob] of rows) {
      if (loaded >= count) break; // faces enrolled while loading belong to the next revision
      let s = subjectIndex.get(subjectId);
      if (s === undefined) {
        s = subjectIds.length;
        subjectIndex.set(subjectId, s);
        subjectIds.push(subjectId);
      }
      const bytes = blobBytes(blob);
      const row = packer.add(new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + dims * 4)), s);
      rowids[row] = rowid;
      loaded++;
    }
    after = rows[rows.length - 1][0];
  }
  const packed = packer.finish();
  const stale = (staleResult.results as { id: string; name: string; external_id: string | null; models: string }[]).map((r) => ({
    ...r,
    models: r.models.split(','),
  }));
  return {
    collectionId: collection.id,
    revision: collection.revision,
    model,
    packed,
    rowids: rowids.subarray(0, packed.count),
    subjectIds,
    stale,
    loadMs: Date.now() - started,
  };
}

export interface FaceMatchRow {
  faceId: string;
  subject: Subject;
  embedding: Float32Array;
}

/** The exact embeddings and subjects of the given face rows (the search shortlist) of a collection. */
export async function facesByRowid(db: D1Database, collectionId: string, rowids: readonly number[], dims: number): Promise<FaceMatchRow[]> {
  const out: FaceMatchRow[] = [];
  // D1 binds at most 100 parameters a statement.
  for (let start = 0; start < rowids.length; start += 90) {
    const chunk = rowids.slice(start, start + 90);
    const { results } = await db
      .prepare(
        `SELECT f.id AS face_id, f.embedding, s.id, s.name, s.external_id, s.created_at FROM faces f JOIN subjects s ON s.id = f.subject_id ` +
          `WHERE f.collection_id = ?1 AND f.rowid IN (${chunk.map((_, i) => `?${i + 2}`).join(',')})`,
      )
      .bind(collectionId, ...chunk)
      .all<Subject & { face_id: string; embedding: unknown }>();
    for (const r of results) {
      out.push({
        faceId: r.face_id,
        subject: { id: r.id, name: r.name, external_id: r.external_id, created_at: r.created_at },
        embedding: embeddingFromBytes(blobBytes(r.embedding), dims),
      });
    }
  }
  return out;
}
