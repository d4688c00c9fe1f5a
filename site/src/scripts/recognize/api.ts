// The recognize page's two API calls, typed from the faces feature's own schemas
// (functions/src/features/faces/schema.ts): POST /v1/faces/embed to enrol a person from one photo
// (the page keeps the embedding in memory), POST /v1/faces/identify to look for the enrolled people
// in a new photo. The embeddings travel only in the identify request; nothing asks the server to
// keep anything. Errors are RFC 9457 problems, surfaced as ApiProblem (../shared/problem.ts).
import type {
  BoxJson,
  EmbeddedFaceJson,
  EmbeddingJson,
  FaceIdentificationJson,
  IdentifyCandidateJson,
  IdentifyFaceJson,
  IdentifyPersonJson,
  IdentifyThresholdJson,
} from '../../../../functions/src/features/faces/schema';
import { fetchText, unexpectedAnswer } from '../shared/problem';

/** Answer shapes, derived from the API's schemas. */
export type Embedding = EmbeddingJson;
export type EmbeddedFace = EmbeddedFaceJson;
export type Identification = FaceIdentificationJson;
export type IdentifiedFace = IdentifyFaceJson;
export type Candidate = IdentifyCandidateJson;
export type Threshold = IdentifyThresholdJson;
/** A person as the identify request carries them. */
export type PersonJson = IdentifyPersonJson;
export type Box = BoxJson;
/** A quality issue of a face (face_too_small, blurry...). */
export type QualityIssue = EmbeddedFace['quality']['issues'][number];

/** At most this many people the page enrols (the API takes up to 10). */
export const MAX_PEOPLE = 5;
/** At least this many before identifying: recognition chooses between people. */
export const MIN_PEOPLE = 2;
/** The API's limit on a name's length (schema.ts PERSON_NAME_MAX). */
export const NAME_MAX = 80;

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isBox = (v: unknown): v is Box => {
  const b = v as Box;
  return !!b && isNum(b.x) && isNum(b.y) && isNum(b.width) && isNum(b.height);
};

/** POST a multipart form; the JSON answer, or an ApiProblem (an AbortError DOMException when cancelled). */
async function postForm(path: string, form: FormData, signal?: AbortSignal): Promise<unknown> {
  const { status, body } = await fetchText(path, {
    method: 'POST',
    body: form,
    headers: { accept: 'application/json, application/problem+json' },
    signal,
  });
  try {
    return JSON.parse(body);
  } catch {
    throw unexpectedAnswer(status);
  }
}

/** Check an embed answer well enough to use it: every face has a box, an embedding and a model. */
export function parseEmbedding(json: unknown): Embedding {
  const r = json as Embedding;
  const ok =
    !!r &&
    isNum(r.width) &&
    isNum(r.height) &&
    Array.isArray(r.faces) &&
    r.faces.every((f) => isBox(f?.box) && Array.isArray(f.embedding) && f.embedding.every(isNum) && typeof f.model?.id === 'string');
  if (!ok) throw unexpectedAnswer(200);
  return r;
}

/** Check an identify answer well enough to render it. */
export function parseIdentification(json: unknown): Identification {
  const r = json as Identification;
  const ok =
    !!r &&
    Array.isArray(r.faces) &&
    r.faces.every((f) => isBox(f?.box) && Array.isArray(f.candidates)) &&
    !!r.threshold &&
    isNum(r.threshold.value) &&
    isNum(r.threshold.compared);
  if (!ok) throw unexpectedAnswer(200);
  return r;
}

/** Every face of one photo with its embedding (POST /v1/faces/embed), most prominent first. */
export async function embedPhoto(photo: Blob, signal?: AbortSignal): Promise<Embedding> {
  const form = new FormData();
  form.append('image', photo, 'photo.jpg');
  return parseEmbedding(await postForm('/v1/faces/embed', form, signal));
}

/** Who of `people` is in `photo` (POST /v1/faces/identify): the only request that carries the embeddings. */
export async function identifyPhoto(photo: Blob, people: readonly PersonJson[], signal?: AbortSignal): Promise<Identification> {
  const form = new FormData();
  form.append('image', photo, 'photo.jpg');
  form.append('people', JSON.stringify(people.map(({ name, embedding, model }) => ({ name, embedding, model }))));
  return parseIdentification(await postForm('/v1/faces/identify', form, signal));
}
