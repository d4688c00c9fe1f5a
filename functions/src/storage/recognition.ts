// Recognition storage (D1, schema in migrations 0001, 0002 and 0006): tenants and their API keys
// (hashes only, each with its optional quota), galleries, subjects, and enrolled faces. A face is
// stored as its embedding (float32 little-endian, 512 bytes), the model id and version that made it,
// and its box and quality at enrolment: never a photo or any pixel. Deleting a gallery or subject
// deletes everything under it (foreign keys, ON DELETE CASCADE). Every change to a gallery's faces
// bumps galleries.revision in the same batch, which is what keeps the per-isolate copy of its
// embeddings (galleryIndex) honest.
import type { D1Database } from '@cloudflare/workers-types/latest/index';
import { EmbeddingPacker, embeddingFromBytes, embeddingToBytes, packedBytes, type PackedEmbeddings } from '../pipeline/face/search';

// ---------------------------------------------------------------------------------------------
// Ids

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * A new id with a type prefix: 12 hex digits of milliseconds since the epoch, then 16 random hex
 * digits, so ids sort by creation time (subjects are listed and paginated in id order) and do not
 * collide.
 */
export function newId(prefix: string, nowMs = Date.now()): string {
  return `${prefix}_${Math.floor(nowMs).toString(16).padStart(12, '0')}${hex(crypto.getRandomValues(new Uint8Array(8)))}`;
}

const ID_PATTERN = /^[a-z]{1,3}_[0-9a-f]{28}$/;
/** Whether a path parameter can be an id at all (anything else is a 404 without a query). */
export const isId = (value: string, prefix: string) => ID_PATTERN.test(value) && value.startsWith(`${prefix}_`);

// ---------------------------------------------------------------------------------------------
// Tenants and API keys

/** Who is calling: the tenant and the key it used. */
export interface Caller {
  tenantId: string;
  tenantName: string;
  keyId: string;
  keyPrefix: string;
  /** The key's own quota in requests per minute (migration 0006); null: the deployment default. */
  rateLimitPerMinute: number | null;
}

/** The live (not revoked) key with this hash, and its tenant. */
export async function findApiKey(db: D1Database, keyHash: string): Promise<Caller | null> {
  const row = await db
    .prepare(
      'SELECT k.id AS keyId, k.prefix AS keyPrefix, k.rate_limit_per_minute AS rateLimitPerMinute, t.id AS tenantId, t.name AS tenantName ' +
        'FROM api_keys k JOIN tenants t ON t.id = k.tenant_id WHERE k.key_hash = ?1 AND k.revoked_at IS NULL',
    )
    .bind(keyHash)
    .first<Caller>();
  return row ?? null;
}

/**
 * Adds a key (given as its hash and prefix, and optionally its quota in requests per minute) to the
 * tenant named `tenantName`, creating the tenant if new. scripts/keys-create.ts writes the same rows.
 */
export async function createTenantKey(
  db: D1Database,
  tenantName: string,
  key: { hash: string; prefix: string; rateLimitPerMinute?: number | null },
): Promise<{ tenantId: string; keyId: string }> {
  const keyId = newId('k');
  const [, tenant] = await db.batch<{ id: string }>([
    db.prepare('INSERT INTO tenants (id, name) VALUES (?1, ?2) ON CONFLICT (name) DO NOTHING').bind(newId('t'), tenantName),
    db.prepare('SELECT id FROM tenants WHERE name = ?1').bind(tenantName),
    db
      .prepare('INSERT INTO api_keys (id, tenant_id, key_hash, prefix, rate_limit_per_minute) SELECT ?1, id, ?2, ?3, ?5 FROM tenants WHERE name = ?4')
      .bind(keyId, key.hash, key.prefix, tenantName, key.rateLimitPerMinute ?? null),
  ]);
  return { tenantId: tenant.results[0].id, keyId };
}

// ---------------------------------------------------------------------------------------------
// Galleries

export interface Gallery {
  id: string;
  name: string | null;
  created_at: string;
  /** Bumped with every change to the gallery's faces. */
  revision: number;
}

export interface GallerySummary extends Omit<Gallery, 'revision'> {
  subjects: number;
  faces: number;
}

export async function createGallery(db: D1Database, tenantId: string, name: string | null): Promise<Gallery> {
  const row = await db
    .prepare('INSERT INTO galleries (id, tenant_id, name) VALUES (?1, ?2, ?3) RETURNING id, name, created_at, revision')
    .bind(newId('g'), tenantId, name)
    .first<Gallery>();
  return row!;
}

export async function listGalleries(db: D1Database, tenantId: string): Promise<GallerySummary[]> {
  const { results } = await db
    .prepare(
      'SELECT g.id, g.name, g.created_at, ' +
        '(SELECT COUNT(*) FROM subjects s WHERE s.gallery_id = g.id) AS subjects, ' +
        '(SELECT COUNT(*) FROM faces f WHERE f.gallery_id = g.id) AS faces ' +
        'FROM galleries g WHERE g.tenant_id = ?1 ORDER BY g.id',
    )
    .bind(tenantId)
    .all<GallerySummary>();
  return results;
}

/** The tenant's gallery, or null when it does not exist or belongs to another tenant. */
export async function getGallery(db: D1Database, tenantId: string, galleryId: string): Promise<Gallery | null> {
  if (!isId(galleryId, 'g')) return null;
  return (await db.prepare('SELECT id, name, created_at, revision FROM galleries WHERE id = ?1 AND tenant_id = ?2').bind(galleryId, tenantId).first<Gallery>()) ?? null;
}

/** Deletes the tenant's gallery with its subjects and faces; false when there was none. */
export async function deleteGallery(db: D1Database, tenantId: string, galleryId: string): Promise<boolean> {
  if (!isId(galleryId, 'g')) return false;
  const result = await db.prepare('DELETE FROM galleries WHERE id = ?1 AND tenant_id = ?2').bind(galleryId, tenantId).run();
  forgetGallery(galleryId);
  return result.meta.changes > 0;
}

const bumpRevision = (db: D1Database, galleryId: string) => db.prepare('UPDATE galleries SET revision = revision + 1 WHERE id = ?1').bind(galleryId);

// ---------------------------------------------------------------------------------------------
// Subjects

export interface Subject {
  id: string;
  name: string;
  external_id: string | null;
  created_at: string;
}

export interface SubjectSummary extends Subject {
  /** Enrolled faces, any model. */
  faces: number;
  /** Enrolled faces made by the given (served) model version. */
  current_faces: number;
}

/** Creates a subject; 'conflict' when the gallery already has a subject with this external id. */
export async function createSubject(db: D1Database, galleryId: string, subject: { name: string; external_id?: string | null }): Promise<Subject | 'conflict'> {
  const externalId = subject.external_id ?? null;
  try {
    const row = await db
      .prepare('INSERT INTO subjects (id, gallery_id, name, external_id) VALUES (?1, ?2, ?3, ?4) RETURNING id, name, external_id, created_at')
      .bind(newId('s'), galleryId, subject.name, externalId)
      .first<Subject>();
    return row!;
  } catch (error) {
    if (externalId !== null && /UNIQUE constraint failed/i.test(String(error))) return 'conflict';
    throw error;
  }
}

/** A page of the gallery's subjects in id (= creation) order, after `cursor` (a subject id). */
export async function listSubjects(
  db: D1Database,
  galleryId: string,
  model: { id: string; version: string },
  page: { after?: string; limit: number },
): Promise<{ subjects: SubjectSummary[]; more: boolean }> {
  const { results } = await db
    .prepare(
      'SELECT s.id, s.name, s.external_id, s.created_at, ' +
        '(SELECT COUNT(*) FROM faces f WHERE f.subject_id = s.id) AS faces, ' +
        '(SELECT COUNT(*) FROM faces f WHERE f.subject_id = s.id AND f.model = ?2 AND f.model_version = ?3) AS current_faces ' +
        'FROM subjects s WHERE s.gallery_id = ?1 AND s.id > ?4 ORDER BY s.id LIMIT ?5',
    )
    .bind(galleryId, model.id, model.version, page.after ?? '', page.limit + 1)
    .all<SubjectSummary>();
  return { subjects: results.slice(0, page.limit), more: results.length > page.limit };
}

export async function getSubject(db: D1Database, galleryId: string, subjectId: string): Promise<Subject | null> {
  if (!isId(subjectId, 's')) return null;
  return (await db.prepare('SELECT id, name, external_id, created_at FROM subjects WHERE id = ?1 AND gallery_id = ?2').bind(subjectId, galleryId).first<Subject>()) ?? null;
}

export async function deleteSubject(db: D1Database, galleryId: string, subjectId: string): Promise<boolean> {
  if (!isId(subjectId, 's')) return false;
  const [deleted] = await db.batch([db.prepare('DELETE FROM subjects WHERE id = ?1 AND gallery_id = ?2').bind(subjectId, galleryId), bumpRevision(db, galleryId)]);
  return deleted.meta.changes > 0;
}

// ---------------------------------------------------------------------------------------------
// Faces

export interface EnrolledFace {
  id: string;
  model: string;
  model_version: string;
  box: unknown;
  quality: unknown;
  created_at: string;
}

export interface NewFace {
  galleryId: string;
  subjectId: string;
  model: { id: string; version: string };
  embedding: Float32Array;
  box: unknown;
  quality: unknown;
}

export async function addFace(db: D1Database, face: NewFace): Promise<{ id: string; created_at: string }> {
  const [inserted] = await db.batch<{ id: string; created_at: string }>([
    db
      .prepare('INSERT INTO faces (id, subject_id, gallery_id, model, model_version, embedding, box, quality) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id, created_at')
      .bind(newId('f'), face.subjectId, face.galleryId, face.model.id, face.model.version, embeddingToBytes(face.embedding), JSON.stringify(face.box), JSON.stringify(face.quality)),
    bumpRevision(db, face.galleryId),
  ]);
  return inserted.results[0];
}

export async function subjectFaces(db: D1Database, subjectId: string): Promise<EnrolledFace[]> {
  const { results } = await db
    .prepare('SELECT id, model, model_version, box, quality, created_at FROM faces WHERE subject_id = ?1 ORDER BY id')
    .bind(subjectId)
    .all<EnrolledFace & { box: string; quality: string }>();
  return results.map((f) => ({ ...f, box: JSON.parse(f.box), quality: JSON.parse(f.quality) }));
}

export async function deleteFace(db: D1Database, galleryId: string, subjectId: string, faceId: string): Promise<boolean> {
  if (!isId(faceId, 'f')) return false;
  const [deleted] = await db.batch([
    db.prepare('DELETE FROM faces WHERE id = ?1 AND subject_id = ?2 AND gallery_id = ?3').bind(faceId, subjectId, galleryId),
    bumpRevision(db, galleryId),
  ]);
  return deleted.meta.changes > 0;
}

/** A subject's embeddings made by `model` (for verification against the subject). */
export async function subjectEmbeddings(db: D1Database, subjectId: string, model: { id: string; version: string }, dims: number): Promise<{ id: string; embedding: Float32Array }[]> {
  const { results } = await db
    .prepare('SELECT id, embedding FROM faces WHERE subject_id = ?1 AND model = ?2 AND model_version = ?3 ORDER BY id')
    .bind(subjectId, model.id, model.version)
    .all<{ id: string; embedding: unknown }>();
  return results.map((r) => ({ id: r.id, embedding: embeddingFromBytes(blobBytes(r.embedding), dims) }));
}

/** Whether the subject has any enrolled face, of any model. */
export async function subjectHasFaces(db: D1Database, subjectId: string): Promise<boolean> {
  return (await db.prepare('SELECT 1 AS one FROM faces WHERE subject_id = ?1 LIMIT 1').bind(subjectId).first()) !== null;
}

/** D1 returns BLOBs as ArrayBuffer or as an array of byte values, depending on the path. */
function blobBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (Array.isArray(value)) return Uint8Array.from(value as number[]);
  throw new TypeError(`unexpected BLOB value of type ${typeof value}`);
}

// ---------------------------------------------------------------------------------------------
// The gallery index: a gallery's embeddings of one model version, packed for the search scan
// (pipeline/face/search.ts) and cached per isolate while the gallery's revision is unchanged.

export interface StaleSubject {
  id: string;
  name: string;
  external_id: string | null;
  /** The models ("id vVERSION") its faces were made with, none of them the served one. */
  models: string[];
}

export interface GalleryIndex {
  galleryId: string;
  revision: number;
  model: { id: string; version: string };
  packed: PackedEmbeddings;
  /** Per packed row: the face's rowid in D1, to fetch its exact embedding. */
  rowids: Float64Array;
  /** Per subject index: the subject id. */
  subjectIds: string[];
  /** Subjects with faces, but none made by the served model: they need re-enrolment. */
  stale: StaleSubject[];
  /** Milliseconds spent loading (for logs and the benchmark). */
  loadMs: number;
}

/** Rows per query while loading a gallery: bounds the memory of one D1 result. */
const LOAD_CHUNK = 5000;
/** Packed bytes kept per isolate across galleries (100,000 faces are about 15 MB). */
const CACHE_BUDGET_BYTES = 48 * 1024 * 1024;

interface CacheEntry {
  loading: Promise<GalleryIndex>;
  /** Packed bytes, once loaded. */
  bytes?: number;
}

/** Per isolate: gallery id -> its index (Map order = least recently used first). */
const indexCache = new Map<string, CacheEntry>();

function forgetGallery(galleryId: string): void {
  indexCache.delete(galleryId);
}

/** The gallery's index for `model`, from this isolate's cache while `gallery.revision` is unchanged. */
export async function galleryIndex(db: D1Database, gallery: Pick<Gallery, 'id' | 'revision'>, model: { id: string; version: string }, dims: number): Promise<GalleryIndex & { cached: boolean }> {
  const entry = indexCache.get(gallery.id);
  if (entry) {
    const index = await entry.loading.catch(() => undefined);
    if (index && index.revision === gallery.revision && index.model.id === model.id && index.model.version === model.version) {
      indexCache.delete(gallery.id); // most recently used: to the end
      indexCache.set(gallery.id, entry);
      return { ...index, cached: true };
    }
  }
  const fresh: CacheEntry = { loading: loadGalleryIndex(db, gallery, model, dims) };
  indexCache.set(gallery.id, fresh);
  try {
    const index = await fresh.loading;
    fresh.bytes = packedBytes(index.packed) + index.rowids.byteLength;
    evict();
    return { ...index, cached: false };
  } catch (error) {
    if (indexCache.get(gallery.id) === fresh) indexCache.delete(gallery.id);
    throw error;
  }
}

/** Drops least recently used galleries until the loaded ones fit CACHE_BUDGET_BYTES (the newest always stays). */
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

async function loadGalleryIndex(db: D1Database, gallery: Pick<Gallery, 'id' | 'revision'>, model: { id: string; version: string }, dims: number): Promise<GalleryIndex> {
  const started = Date.now();
  const [countResult, staleResult] = await db.batch<Record<string, unknown>>([
    db.prepare('SELECT COUNT(*) AS n FROM faces WHERE gallery_id = ?1 AND model = ?2 AND model_version = ?3').bind(gallery.id, model.id, model.version),
    db
      .prepare(
        "SELECT s.id, s.name, s.external_id, group_concat(DISTINCT f.model || ' v' || f.model_version) AS models " +
          'FROM subjects s JOIN faces f ON f.subject_id = s.id WHERE s.gallery_id = ?1 ' +
          'GROUP BY s.id HAVING SUM(f.model = ?2 AND f.model_version = ?3) = 0 ORDER BY s.id',
      )
      .bind(gallery.id, model.id, model.version),
  ]);
  const count = Number(countResult.results[0].n);
  const packer = new EmbeddingPacker(dims, count);
  const rowids = new Float64Array(count);
  const subjectIds: string[] = [];
  const subjectIndex = new Map<string, number>();
  let after = 0;
  let loaded = 0;
  // Pages in rowid order, which is the order of the (gallery_id, model, model_version) index.
  while (loaded < count) {
    const rows = await db
      .prepare('SELECT rowid, subject_id, embedding FROM faces WHERE gallery_id = ?1 AND model = ?2 AND model_version = ?3 AND rowid > ?4 ORDER BY rowid LIMIT ?5')
      .bind(gallery.id, model.id, model.version, after, LOAD_CHUNK)
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
  const stale = (staleResult.results as { id: string; name: string; external_id: string | null; models: string }[]).map((r) => ({ ...r, models: r.models.split(',') }));
  return { galleryId: gallery.id, revision: gallery.revision, model, packed, rowids: rowids.subarray(0, packed.count), subjectIds, stale, loadMs: Date.now() - started };
}

export interface FaceMatchRow {
  faceId: string;
  subject: Subject;
  embedding: Float32Array;
}

/** The exact embeddings and subjects of the given face rows (the search shortlist) of a gallery. */
export async function facesByRowid(db: D1Database, galleryId: string, rowids: readonly number[], dims: number): Promise<FaceMatchRow[]> {
  const out: FaceMatchRow[] = [];
  for (let start = 0; start < rowids.length; start += 90) {
    const chunk = rowids.slice(start, start + 90);
    const { results } = await db
      .prepare(
        `SELECT f.id AS face_id, f.embedding, s.id, s.name, s.external_id, s.created_at FROM faces f JOIN subjects s ON s.id = f.subject_id ` +
          `WHERE f.gallery_id = ?1 AND f.rowid IN (${chunk.map((_, i) => `?${i + 2}`).join(',')})`,
      )
      .bind(galleryId, ...chunk)
      .all<Subject & { face_id: string; embedding: unknown }>();
    for (const r of results) {
      out.push({ faceId: r.face_id, subject: { id: r.id, name: r.name, external_id: r.external_id, created_at: r.created_at }, embedding: embeddingFromBytes(blobBytes(r.embedding), dims) });
    }
  }
  return out;
}
