// Face collections (D1, schema in migrations 0001, 0002 and 0007): a tenant's collections, their
// subjects (people) and enrolled faces. A face is stored as its embedding (embedding-bytes.ts), the
// model id and version that made it, and its box and quality at enrolment (JSON null for a face
// enrolled by embedding, whose photo never reached the server): never a photo or any pixel.
// Deleting a collection or subject deletes everything under it (foreign keys, ON DELETE CASCADE).
// Every change to a collection's faces bumps collections.revision in the same batch, which is what
// keeps the per-isolate copy of its embeddings (collection-index.ts) honest.
import type { D1Database } from '@cloudflare/workers-types/latest/index';
import { forgetCollection } from './collection-index';
import { blobBytes, embeddingFromBytes, embeddingToBytes } from './embedding-bytes';
import { isId, newId } from './ids';

/** Which model made an embedding (its manifest id and version). */
export interface EmbeddingModel {
  id: string;
  version: string;
}

// ---------------------------------------------------------------------------------------------
// Collections

/** Prefix of new collection ids. */
export const COLLECTION_ID_PREFIX = 'c';
/** Prefix of the ids of collections made while they were called galleries (kept by migration 0007). */
const FORMER_COLLECTION_ID_PREFIX = 'g';

/** Whether `value` can be a collection id: `c_...`, or `g_...` for one made before the rename. */
export const isCollectionId = (value: string) => isId(value, COLLECTION_ID_PREFIX) || isId(value, FORMER_COLLECTION_ID_PREFIX);

export interface Collection {
  id: string;
  name: string | null;
  created_at: string;
  /** Bumped with every change to the collection's faces. */
  revision: number;
}

export interface CollectionSummary extends Omit<Collection, 'revision'> {
  subjects: number;
  faces: number;
}

export async function createCollection(db: D1Database, tenantId: string, name: string | null): Promise<Collection> {
  const row = await db
    .prepare('INSERT INTO collections (id, tenant_id, name) VALUES (?1, ?2, ?3) RETURNING id, name, created_at, revision')
    .bind(newId(COLLECTION_ID_PREFIX), tenantId, name)
    .first<Collection>();
  return row!;
}

export async function listCollections(db: D1Database, tenantId: string): Promise<CollectionSummary[]> {
  const { results } = await db
    .prepare(
      'SELECT c.id, c.name, c.created_at, ' +
        '(SELECT COUNT(*) FROM subjects s WHERE s.collection_id = c.id) AS subjects, ' +
        '(SELECT COUNT(*) FROM faces f WHERE f.collection_id = c.id) AS faces ' +
        'FROM collections c WHERE c.tenant_id = ?1 ORDER BY c.id',
    )
    .bind(tenantId)
    .all<CollectionSummary>();
  return results;
}

/** The tenant's collection, or null when it does not exist or belongs to another tenant. */
export async function getCollection(db: D1Database, tenantId: string, collectionId: string): Promise<Collection | null> {
  if (!isCollectionId(collectionId)) return null;
  return (
    (await db
      .prepare('SELECT id, name, created_at, revision FROM collections WHERE id = ?1 AND tenant_id = ?2')
      .bind(collectionId, tenantId)
      .first<Collection>()) ?? null
  );
}

/** Deletes the tenant's collection with its subjects and faces; false when there was none. */
export async function deleteCollection(db: D1Database, tenantId: string, collectionId: string): Promise<boolean> {
  if (!isCollectionId(collectionId)) return false;
  const result = await db.prepare('DELETE FROM collections WHERE id = ?1 AND tenant_id = ?2').bind(collectionId, tenantId).run();
  forgetCollection(collectionId);
  return result.meta.changes > 0;
}

const bumpRevision = (db: D1Database, collectionId: string) =>
  db.prepare('UPDATE collections SET revision = revision + 1 WHERE id = ?1').bind(collectionId);

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

/** Creates a subject; 'conflict' when the collection already has a subject with this external id. */
export async function createSubject(
  db: D1Database,
  collectionId: string,
  subject: { name: string; external_id?: string | null },
): Promise<Subject | 'conflict'> {
  const externalId = subject.external_id ?? null;
  try {
    const row = await db
      .prepare(
        'INSERT INTO subjects (id, collection_id, name, external_id) VALUES (?1, ?2, ?3, ?4) RETURNING id, name, external_id, created_at',
      )
      .bind(newId('s'), collectionId, subject.name, externalId)
      .first<Subject>();
    return row!;
  } catch (error) {
    if (externalId !== null && /UNIQUE constraint failed/i.test(String(error))) return 'conflict';
    throw error;
  }
}

/** A page of the collection's subjects in id (= creation) order, after `cursor` (a subject id). */
export async function listSubjects(
  db: D1Database,
  collectionId: string,
  model: EmbeddingModel,
  page: { after?: string; limit: number },
): Promise<{ subjects: SubjectSummary[]; more: boolean }> {
  const { results } = await db
    .prepare(
      'SELECT s.id, s.name, s.external_id, s.created_at, ' +
        '(SELECT COUNT(*) FROM faces f WHERE f.subject_id = s.id) AS faces, ' +
        '(SELECT COUNT(*) FROM faces f WHERE f.subject_id = s.id AND f.model = ?2 AND f.model_version = ?3) AS current_faces ' +
        'FROM subjects s WHERE s.collection_id = ?1 AND s.id > ?4 ORDER BY s.id LIMIT ?5',
    )
    .bind(collectionId, model.id, model.version, page.after ?? '', page.limit + 1)
    .all<SubjectSummary>();
  return { subjects: results.slice(0, page.limit), more: results.length > page.limit };
}

export async function getSubject(db: D1Database, collectionId: string, subjectId: string): Promise<Subject | null> {
  if (!isId(subjectId, 's')) return null;
  return (
    (await db
      .prepare('SELECT id, name, external_id, created_at FROM subjects WHERE id = ?1 AND collection_id = ?2')
      .bind(subjectId, collectionId)
      .first<Subject>()) ?? null
  );
}

export async function deleteSubject(db: D1Database, collectionId: string, subjectId: string): Promise<boolean> {
  if (!isId(subjectId, 's')) return false;
  const [deleted] = await db.batch([
    db.prepare('DELETE FROM subjects WHERE id = ?1 AND collection_id = ?2').bind(subjectId, collectionId),
    bumpRevision(db, collectionId),
  ]);
  return deleted.meta.changes > 0;
}

// ---------------------------------------------------------------------------------------------
// Enrolled faces

export interface EnrolledFace {
  id: string;
  model: string;
  model_version: string;
  box: unknown;
  quality: unknown;
  created_at: string;
}

export interface NewFace {
  collectionId: string;
  subjectId: string;
  model: EmbeddingModel;
  embedding: Float32Array;
  box: unknown;
  quality: unknown;
}

export async function addFace(db: D1Database, face: NewFace): Promise<{ id: string; created_at: string }> {
  const [inserted] = await db.batch<{ id: string; created_at: string }>([
    db
      .prepare(
        'INSERT INTO faces (id, subject_id, collection_id, model, model_version, embedding, box, quality) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id, created_at',
      )
      .bind(
        newId('f'),
        face.subjectId,
        face.collectionId,
        face.model.id,
        face.model.version,
        embeddingToBytes(face.embedding),
        JSON.stringify(face.box),
        JSON.stringify(face.quality),
      ),
    bumpRevision(db, face.collectionId),
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

export async function deleteFace(db: D1Database, collectionId: string, subjectId: string, faceId: string): Promise<boolean> {
  if (!isId(faceId, 'f')) return false;
  const [deleted] = await db.batch([
    db.prepare('DELETE FROM faces WHERE id = ?1 AND subject_id = ?2 AND collection_id = ?3').bind(faceId, subjectId, collectionId),
    bumpRevision(db, collectionId),
  ]);
  return deleted.meta.changes > 0;
}

/** A subject's embeddings made by `model` (for verification against the subject). */
export async function subjectEmbeddings(
  db: D1Database,
  subjectId: string,
  model: EmbeddingModel,
  dims: number,
): Promise<{ id: string; embedding: Float32Array }[]> {
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
