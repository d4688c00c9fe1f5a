// Recognition queries: who is in this photo among a collection's enrolled people (identify), the same
// for an embedding the client already has (search), and "is this the enrolled person?" (verify
// against one subject). One-shot: one enrolled photo per person is enough, because the decision is a
// threshold on the embedding distance. A face whose nearest enrolled person is beyond it is unknown
// (identity null), not the nearest stranger. The threshold depends on the collection's size: a
// stranger is compared with every enrolled face, so the 1:1 verification threshold would name more
// strangers the more people are enrolled; by default identify uses t(N) (pipeline/face/open-set.ts),
// which keeps the rate at which a never-enrolled person is given an identity at
// `max_false_identity_rate` (5 %), and reports the threshold and why in `threshold` /
// `threshold_rule`. Only embeddings of the served encoder version are searched; subjects whose faces
// were all made by another version are listed in needs_reenrolment. Photos are processed in memory,
// never stored.
import { DomainError, invalidField } from '../../errors';
import {
  MAX_FALSE_IDENTITY_RATE,
  MIN_FALSE_IDENTITY_RATE,
  reportedOpenSetThreshold,
  type OpenSetDecision,
} from '../../pipeline/face/open-set';
import { decodeForFaces, photoScale } from '../../pipeline/face/photo';
import { EmbeddingPacker, packedBytes, rankSubjects, shortlist, type PackedEmbeddings } from '../../pipeline/face/search';
import { QUALITY_ISSUE_TEXT } from '../../pipeline/face';
import { servedFaces } from '../../pipeline/face/served';
import { collectionIndex, facesByRowid, type CollectionIndex, type IndexPacking } from '../../storage/collection-index';
import { subjectEmbeddings, subjectHasFaces, type Collection } from '../../storage/collections';
import { faceJson, modelJson } from '../faces/json';
import type {
  CandidateJson,
  IdentificationJson,
  IdentityJson,
  SearchResultJson,
  SubjectVerificationJson,
  SubjectVerifyWarningJson,
} from './schema';
import { findCollection, findSubject, type FaceWork, type Photo, type TenantScope } from './service';

/** How many candidates, and which threshold: a fixed one, or the target false-identity rate (default 5 %). */
export interface SearchOptions {
  topK: number;
  threshold?: number;
  maxFalseIdentityRate?: number;
}

/** Which values the threshold options take (the routes' parsers and documents use the same). */
export const isThreshold = (n: number) => n > 0 && n <= 2;
export const isFalseIdentityRate = (n: number) => n >= MIN_FALSE_IDENTITY_RATE && n <= MAX_FALSE_IDENTITY_RATE;

/** A fixed threshold and a target rate contradict each other: validation-failed when both are given. */
export function checkThresholdOptions(options: Pick<SearchOptions, 'threshold' | 'maxFalseIdentityRate'>): void {
  if (options.threshold !== undefined && options.maxFalseIdentityRate !== undefined) {
    throw invalidField(
      'threshold',
      'not together with max_false_identity_rate: give a fixed threshold, or the target the collection-size threshold is chosen for, not both',
    );
  }
}

type Index = CollectionIndex<PackedEmbeddings>;

/** The search's packing (pipeline/face/search.ts), handed to storage, which caches the packed index. */
const PACKING: IndexPacking<PackedEmbeddings> = { packer: (dims, capacity) => new EmbeddingPacker(dims, capacity), bytes: packedBytes };

/** The collection's index of served-encoder embeddings (cached per isolate while the collection is unchanged). */
const loadIndex = (scope: TenantScope, collection: Collection): Promise<Index> =>
  collectionIndex(scope.db, collection, servedFaces.model, servedFaces.embeddingSize, PACKING);

const round4 = (v: number) => Number(v.toFixed(4));
const round3 = (v: number | null) => (v === null ? null : Number(v.toPrecision(3)));

/** The threshold for this collection: the explicit one, else t(N) for the target rate over the N enrolled faces searched (pipeline/face/open-set.ts). */
function decideThreshold(index: Index, options: SearchOptions): OpenSetDecision {
  checkThresholdOptions(options);
  return reportedOpenSetThreshold(servedFaces.head, index.packed.count, options);
}

/** Exact top-k subjects for one embedding: scan the packed index, then rank the shortlist exactly. */
async function searchOne(
  scope: TenantScope,
  index: Index,
  query: Float32Array,
  k: number,
  threshold: number,
): Promise<{ identity: IdentityJson; candidates: CandidateJson[] }> {
  const rows = shortlist(index.packed, query, k);
  const exact = await facesByRowid(
    scope.db,
    index.collectionId,
    rows.map((r) => index.rowids[r]),
    servedFaces.embeddingSize,
  );
  // Each face row is its own "subject" to rank, keyed by its subject's id, so the winner keeps its Float32Array.
  const ranked = rankSubjects(
    query,
    exact.map((row) => ({ subject: row, embedding: row.embedding, face: row.faceId })),
    k,
    (row) => row.subject.id,
  );
  const candidates = ranked.map(({ subject: row, distance }) => ({
    subject: row.subject.id,
    name: row.subject.name,
    external_id: row.subject.external_id,
    distance: round4(distance),
    probability: round4(servedFaces.probability(query, row.embedding)),
    match: distance <= threshold,
    face: row.faceId,
  }));
  const best = candidates[0];
  const identity = best?.match ? (({ match: _, ...rest }) => rest)(best) : null;
  return { identity, candidates };
}

/** The fields identify and search answers share: the threshold and why, the model, what was searched. */
const answerCommon = (index: Index, decision: OpenSetDecision) => ({
  threshold: decision.threshold,
  threshold_rule: {
    rule: decision.rule,
    max_false_identity_rate: decision.max_false_identity_rate,
    compared: decision.compared,
    per_comparison_far: round3(decision.per_comparison_far),
    expected_false_identity_rate: round3(decision.expected_false_identity_rate),
  },
  model: modelJson(),
  searched: { faces: index.packed.count, subjects: index.subjectIds.length },
  needs_reenrolment: index.stale.map((s) => ({ subject: s.id, name: s.name, external_id: s.external_id, models: s.models })),
});

/**
 * Every face of a photo with its candidates and identity. The photo and the options are read
 * (`read`) once the collection is found; the options are checked before any image work.
 */
export async function identifyPhoto(
  scope: TenantScope,
  work: FaceWork,
  collectionId: string,
  read: () => Promise<{ photo: Photo; options: SearchOptions }>,
): Promise<IdentificationJson> {
  const collection = await findCollection(scope, collectionId);
  const { photo: upload, options } = await read();
  checkThresholdOptions(options);
  const photo = await decodeForFaces(upload.bytes, upload.field, work.limits);
  upload.bytes = new Uint8Array(0); // the encoded upload is garbage from here on
  const found = await servedFaces.analyse(work.runtime, photo.decoded.image, { embed: true });
  const scale = photoScale(photo);
  const index = await loadIndex(scope, collection);
  const decision = decideThreshold(index, options);
  const faces = [];
  for (const face of found)
    faces.push({ ...faceJson(scale, face), ...(await searchOne(scope, index, face.embedding!, options.topK, decision.threshold)) });
  return { faces, ...answerCommon(index, decision) };
}

/** identifyPhoto for one embedding the client already has; it must come from the served encoder (model-mismatch). */
export async function searchEmbedding(
  scope: TenantScope,
  collectionId: string,
  query: { embedding: number[]; model: { id: string; version: string } },
  options: SearchOptions,
): Promise<SearchResultJson> {
  const collection = await findCollection(scope, collectionId);
  const model = modelJson();
  if (!servedFaces.made(query.model)) {
    throw new DomainError(
      'model-mismatch',
      `The embedding was made by ${query.model.id} v${query.model.version}, but the collection is searched with ${model.id} v${model.version}: embeddings of different models are not comparable. Embed the photo again with /v1/faces/embed.`,
      { served_model: model },
    );
  }
  const index = await loadIndex(scope, collection);
  const decision = decideThreshold(index, options);
  const result = await searchOne(scope, index, Float32Array.from(query.embedding), options.topK, decision.threshold);
  return { ...result, ...answerCommon(index, decision) };
}

/**
 * The /v1/verify answer for a photo's most prominent face against the subject's enrolled faces of
 * the served encoder (the nearest counts). no-enrolled-face, before the photo is read, when the
 * subject has none (none yet, or only older versions').
 */
export async function verifySubject(
  scope: TenantScope,
  work: FaceWork,
  collectionId: string,
  subjectId: string,
  read: () => Promise<Photo>,
): Promise<SubjectVerificationJson> {
  const { subject } = await findSubject(scope, collectionId, subjectId);
  const enrolled = await subjectEmbeddings(scope.db, subject.id, servedFaces.model, servedFaces.embeddingSize);
  if (enrolled.length === 0) {
    const any = await subjectHasFaces(scope.db, subject.id);
    const { id, version } = servedFaces.model;
    throw new DomainError(
      'no-enrolled-face',
      any
        ? `Subject '${subjectId}' was enrolled with another encoder version than the served ${id} v${version}; enrol a photo again to verify against them.`
        : `Subject '${subjectId}' has no enrolled face yet; enrol one with POST /v1/collections/${collectionId}/subjects/${subjectId}/faces.`,
      { subject: subjectId, needs_reenrolment: Boolean(any) },
    );
  }
  const upload = await read();
  const chosen = await servedFaces.faceFromPhoto(work.runtime, upload.bytes, { field: upload.field, limits: work.limits });
  const query = chosen.face.embedding!;
  let best = { face: enrolled[0], verdict: servedFaces.compare(query, enrolled[0].embedding) };
  for (const e of enrolled.slice(1)) {
    const verdict = servedFaces.compare(query, e.embedding);
    if (verdict.distance < best.verdict.distance) best = { face: e, verdict };
  }
  const warnings: SubjectVerifyWarningJson[] = [];
  if (chosen.found > 1)
    warnings.push({
      code: 'multiple_faces',
      detail: `The photo has ${chosen.found} faces; the most prominent (index ${chosen.index}) was used.`,
    });
  for (const issue of chosen.face.quality.issues)
    warnings.push({ code: issue, detail: `The face used ${QUALITY_ISSUE_TEXT[issue]}; the answer is less reliable.` });
  return {
    match: best.verdict.match,
    distance: round4(best.verdict.distance),
    threshold: servedFaces.head.threshold,
    probability: round4(best.verdict.probability),
    subject: { id: subject.id, name: subject.name, external_id: subject.external_id },
    enrolled_face: best.face.id,
    faces_compared: enrolled.length,
    face: { ...faceJson(chosen.photo, chosen.face), index: chosen.index, faces_found: chosen.found },
    model: modelJson(),
    ...(warnings.length ? { warnings } : {}),
  };
}
