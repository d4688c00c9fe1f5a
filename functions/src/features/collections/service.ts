// Face collections: a tenant's collections, their subjects (people) and the faces enrolled for them.
// Every operation sees only the caller's tenant: another tenant's collection is collection-not-found,
// exactly like one that does not exist. Enrolment keeps the face's embedding, model version, box and
// quality; the photo itself is processed in memory and never stored. Enrolment by embedding (made on
// the caller's device) keeps the embedding and model version only: box and quality are null.
// Identify, search and subject verify are search-service.ts. Plain inputs and JSON-shaped answers
// (schema.ts); failures are DomainErrors.
import type { D1Database } from '@cloudflare/workers-types/latest/index';
import { DomainError, invalidField } from '../../errors';
import type { ImageLimits } from '../../image/limits';
import { QUALITY_ISSUE_TEXT } from '../../pipeline/face';
import { chosenInPhoto, type PhotoFaceChoice } from '../../pipeline/face/photo';
import { servedFaces } from '../../pipeline/face/served';
import type { InferenceRuntime } from '../../runtime/types';
import * as store from '../../storage/collections';
import type { BoxJson, QualityJson } from '../faces/schema';
import { faceJson, modelJson } from '../faces/json';
import type {
  CollectionJson,
  CollectionListJson,
  EmbeddingEnrolmentJson,
  EnrolmentJson,
  NewEmbeddingJson,
  SubjectDetailJson,
  SubjectJson,
  SubjectPageJson,
} from './schema';

/** Whose collections: the database and the caller's tenant. */
export interface TenantScope {
  db: D1Database;
  tenantId: string;
}

/** What model work needs: the isolate's inference runtime and the image limits. */
export interface FaceWork {
  runtime: InferenceRuntime;
  limits: Partial<ImageLimits>;
}

/** An uploaded photo: its bytes and the request field it came from (named in errors). */
export interface Photo {
  bytes: Uint8Array;
  field: string;
}

/** A subject with the collection it belongs to. */
export interface SubjectRef {
  collection: store.Collection;
  subject: store.Subject;
}

// ---------------------------------------------------------------------------------------------
// Lookups

const noCollection = (collectionId: string) =>
  new DomainError('collection-not-found', `No collection '${collectionId}' for this API key.`, { collection: collectionId });
const noSubject = (collectionId: string, subjectId: string) =>
  new DomainError('subject-not-found', `No subject '${subjectId}' in collection '${collectionId}'.`, { subject: subjectId });

/** The caller's collection, or collection-not-found (also for another tenant's collection). */
export async function findCollection(scope: TenantScope, collectionId: string): Promise<store.Collection> {
  const collection = await store.getCollection(scope.db, scope.tenantId, collectionId);
  if (!collection) throw noCollection(collectionId);
  return collection;
}

/** A subject of the caller's collection, or collection-not-found / subject-not-found. */
export async function findSubject(scope: TenantScope, collectionId: string, subjectId: string): Promise<SubjectRef> {
  const collection = await findCollection(scope, collectionId);
  const subject = await store.getSubject(scope.db, collection.id, subjectId);
  if (!subject) throw noSubject(collectionId, subjectId);
  return { collection, subject };
}

// ---------------------------------------------------------------------------------------------
// Collections

export async function createCollection(scope: TenantScope, name: string | null): Promise<CollectionJson> {
  const collection = await store.createCollection(scope.db, scope.tenantId, name);
  return { id: collection.id, name: collection.name, created_at: collection.created_at };
}

export async function listCollections(scope: TenantScope): Promise<CollectionListJson> {
  return { collections: await store.listCollections(scope.db, scope.tenantId) };
}

/** Deletes the collection with its subjects and their faces, at once. */
export async function deleteCollection(scope: TenantScope, collectionId: string): Promise<void> {
  if (!(await store.deleteCollection(scope.db, scope.tenantId, collectionId))) throw noCollection(collectionId);
}

// ---------------------------------------------------------------------------------------------
// Subjects

/** Adds a person; conflict when the collection already has one with this external_id. */
export async function createSubject(
  scope: TenantScope,
  collectionId: string,
  person: { name: string; external_id?: string },
): Promise<SubjectJson> {
  const collection = await findCollection(scope, collectionId);
  const subject = await store.createSubject(scope.db, collection.id, person);
  if (subject === 'conflict')
    throw new DomainError('conflict', `Collection '${collectionId}' already has a subject with external_id '${person.external_id}'.`, {
      field: 'external_id',
    });
  return subject;
}

/** A page of subjects in creation order; next_cursor is the last one's id while more follow. */
export async function listSubjects(
  scope: TenantScope,
  collectionId: string,
  page: { cursor?: string; limit: number },
): Promise<SubjectPageJson> {
  const collection = await findCollection(scope, collectionId);
  const found = await store.listSubjects(scope.db, collection.id, servedFaces.model, { after: page.cursor, limit: page.limit });
  const subjects = found.subjects.map(({ current_faces, ...s }) => ({ ...s, needs_reenrolment: s.faces > 0 && current_faces === 0 }));
  return { subjects, next_cursor: found.more ? subjects[subjects.length - 1].id : null };
}

/** The subject with its enrolled faces (model, box and quality; never embeddings or photos). */
export async function subjectDetail(scope: TenantScope, collectionId: string, subjectId: string): Promise<SubjectDetailJson> {
  const { subject } = await findSubject(scope, collectionId, subjectId);
  const faces = await store.subjectFaces(scope.db, subject.id);
  const current = faces.filter((f) => servedFaces.made({ id: f.model, version: f.model_version })).length;
  return {
    ...subject,
    faces: faces.map((f) => ({
      id: f.id,
      model: { id: f.model, version: f.model_version },
      // A face enrolled by embedding has neither (stored as JSON null).
      source: f.box === null ? ('embedding' as const) : ('photo' as const),
      box: f.box as BoxJson | null,
      quality: f.quality as QualityJson | null,
      created_at: f.created_at,
    })),
    needs_reenrolment: faces.length > 0 && current === 0,
  };
}

export async function deleteSubject(scope: TenantScope, collectionId: string, subjectId: string): Promise<void> {
  const collection = await findCollection(scope, collectionId);
  if (!(await store.deleteSubject(scope.db, collection.id, subjectId))) throw noSubject(collectionId, subjectId);
}

// ---------------------------------------------------------------------------------------------
// Enrolled faces

/** What an enrolment request carries besides the ids: the photo, `force`, and which face is meant. */
export interface EnrolmentUpload {
  photo: Photo;
  force: boolean;
  /** `face` (index) or `box`; without one the photo must show exactly one face. */
  choice?: PhotoFaceChoice;
}

/** How the multiple-faces problem tells the caller to say which face is meant. */
const CHOOSE_A_FACE =
  'Choose one with face=<index> (into `boxes`, most prominent first) or box=x,y,width,height, or crop the photo to one face.';

/**
 * Enrols one face of a photo for the subject. The photo is read (`read`) only once the subject is
 * found, so a wrong id costs no upload. Without a choice it must show exactly one face (no-face,
 * multiple-faces); with `face` or `box` the chosen face is enrolled however many there are
 * (face-not-found when the choice names none). A face with quality issues is refused (poor-quality)
 * unless `force`.
 */
export async function enrolFace(
  scope: TenantScope,
  work: FaceWork,
  collectionId: string,
  subjectId: string,
  read: () => Promise<EnrolmentUpload>,
): Promise<EnrolmentJson> {
  const { collection, subject } = await findSubject(scope, collectionId, subjectId);
  const { photo: upload, force, choice } = await read();
  const { photo, face, index, found } = await servedFaces.faceFromPhoto(work.runtime, upload.bytes, {
    field: upload.field,
    limits: work.limits,
    require: choice ? 'largest' : 'only',
    choose: chosenInPhoto(choice),
    choiceField: choice && 'index' in choice ? 'face' : 'box',
    multipleFacesAdvice: CHOOSE_A_FACE,
  });
  const json = faceJson(photo, face);
  const issues = face.quality.issues;
  if (issues.length && !force) {
    const reasons = issues.map((i) => `the face ${QUALITY_ISSUE_TEXT[i]}`).join('; ');
    throw new DomainError(
      'poor-quality',
      `The face is a poor enrolment photo: ${reasons}. Send a better photo, or enrol it anyway with force=true (identification will be less reliable).`,
      {
        issues,
        quality: json.quality,
        box: json.box,
      },
    );
  }
  const model = modelJson();
  const stored = await store.addFace(scope.db, {
    collectionId: collection.id,
    subjectId: subject.id,
    model,
    embedding: face.embedding!,
    box: json.box,
    quality: json.quality,
  });
  return {
    id: stored.id,
    subject: subject.id,
    source: 'photo',
    index,
    faces_found: found,
    model,
    box: json.box,
    quality: json.quality,
    created_at: stored.created_at,
    ...(issues.length ? { forced_issues: issues } : {}),
  };
}

/**
 * Enrols an embedding made elsewhere (on the caller's device, or by /v1/faces/embed) for the subject:
 * no photo reaches the server, so there is no box or quality to keep, and nothing to check the
 * embedding's quality by. It must come from the served encoder (model-mismatch otherwise), the one
 * identify and search compare with.
 */
export async function enrolEmbedding(
  scope: TenantScope,
  collectionId: string,
  subjectId: string,
  input: NewEmbeddingJson,
): Promise<EmbeddingEnrolmentJson> {
  const { collection, subject } = await findSubject(scope, collectionId, subjectId);
  const model = modelJson();
  if (!servedFaces.made(input.model)) {
    throw new DomainError(
      'model-mismatch',
      `The embedding was made by ${input.model.id} v${input.model.version}, but this collection is searched with ${model.id} v${model.version}: embeddings of different models are not comparable. Make it with the face-embedding model GET /v1/models lists (or /v1/faces/embed).`,
      { field: 'model', served_model: model },
    );
  }
  if (input.embedding.length !== servedFaces.embeddingSize || !input.embedding.every(Number.isFinite))
    throw invalidField('embedding', `must be ${servedFaces.embeddingSize} finite numbers`);
  const stored = await store.addFace(scope.db, {
    collectionId: collection.id,
    subjectId: subject.id,
    model,
    embedding: Float32Array.from(input.embedding),
    box: null,
    quality: null,
  });
  return { id: stored.id, subject: subject.id, model, source: 'embedding', box: null, quality: null, created_at: stored.created_at };
}

export async function deleteFace(scope: TenantScope, collectionId: string, subjectId: string, faceId: string): Promise<void> {
  const { collection, subject } = await findSubject(scope, collectionId, subjectId);
  if (!(await store.deleteFace(scope.db, collection.id, subject.id, faceId))) {
    throw new DomainError('enrolled-face-not-found', `No enrolled face '${faceId}' for subject '${subjectId}'.`, { face: faceId });
  }
}
