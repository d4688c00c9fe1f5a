// POST /v1/faces/identify: who of these people is in this photo? One-shot identification with no
// collection, no API key and nothing stored: the caller sends the photo and up to 10 people, each a
// name and the embedding /v1/faces/embed made of one photo of them (the site's /recognize page keeps
// those in the visitor's browser only). Every face of the photo is embedded and compared with every
// person; a face is the nearest person only within the open-set threshold for that many people,
// decided exactly as a collection's identify decides it for its size (pipeline/face/open-set.ts),
// else unknown. The photo is decoded and analysed in memory and dropped with the answer.
import type { ImageLimits } from '../../image/limits';
import { reportedOpenSetThreshold, type OpenSetDecision } from '../../pipeline/face/open-set';
import { decodeForFaces } from '../../pipeline/face/photo';
import { rankSubjects } from '../../pipeline/face/search';
import { servedFaces } from '../../pipeline/face/served';
import type { InferenceRuntime } from '../../runtime/types';
import { faceJson, modelJson, photoSizeJson } from './json';
import { checkPeopleModels, parsePeople } from './people';
import {
  IDENTIFY_TOP_CANDIDATES,
  type FaceIdentificationJson,
  type IdentifyCandidateJson,
  type IdentifyIdentityJson,
  type IdentifyPersonJson,
  type IdentifyThresholdJson,
} from './schema';
import type { PhotoUpload } from './service';

const round4 = (v: number) => Number(v.toFixed(4));
const round3 = (v: number | null) => (v === null ? null : Number(v.toPrecision(3)));

/** A person as the search ranks them (pipeline/face/search.ts rows): index in the request, name, embedding. */
interface Enrolled {
  subject: { person: number; name: string };
  embedding: Float32Array;
  face: string;
}

/** The decision as the answer's `threshold` (no explicit threshold is offered, so the rule is never 'explicit'). */
function thresholdJson(decision: OpenSetDecision): IdentifyThresholdJson {
  return {
    value: decision.threshold,
    rule: decision.rule as IdentifyThresholdJson['rule'],
    max_false_identity_rate: decision.max_false_identity_rate ?? 0,
    compared: decision.compared,
    per_comparison_far: round3(decision.per_comparison_far),
    expected_false_identity_rate: round3(decision.expected_false_identity_rate),
  };
}

/** One face's nearest people (exact distances, nearest first) and its identity at `threshold`. */
function matchFace(
  query: Float32Array,
  people: readonly Enrolled[],
  threshold: number,
): { identity: IdentifyIdentityJson; candidates: IdentifyCandidateJson[] } {
  const ranked = rankSubjects(query, people, IDENTIFY_TOP_CANDIDATES, (s) => String(s.person));
  const candidates = ranked.map(({ subject, distance }) => ({
    person: subject.person,
    name: subject.name,
    distance: round4(distance),
    probability: round4(servedFaces.probability(query, people[subject.person].embedding)),
    match: distance <= threshold,
  }));
  const best = candidates[0];
  const identity = best?.match ? { person: best.person, name: best.name, distance: best.distance, probability: best.probability } : null;
  return { identity, candidates };
}

/**
 * Every face of `image` with the people it may be. `people` is the request's field as sent (checked
 * here, before the photo is decoded: 422 validation-failed, 409 model-mismatch).
 */
export async function identifyFaces(
  runtime: InferenceRuntime,
  request: { image: PhotoUpload; people: unknown },
  limits: Partial<ImageLimits>,
): Promise<FaceIdentificationJson> {
  const people: IdentifyPersonJson[] = parsePeople(request.people);
  checkPeopleModels(people);
  const enrolled: Enrolled[] = people.map((p, person) => ({
    subject: { person, name: p.name },
    embedding: Float32Array.from(p.embedding),
    face: String(person),
  }));
  const decision = reportedOpenSetThreshold(servedFaces.head, people.length);

  const { image } = request;
  const photo = await decodeForFaces(image.bytes, image.field, limits);
  image.bytes = new Uint8Array(0); // the encoded upload is garbage from here on
  const found = await servedFaces.analyse(runtime, photo.decoded.image, { embed: true });
  return {
    ...photoSizeJson(photo),
    faces: found.map((face) => ({ ...faceJson(photo, face), ...matchFace(face.embedding!, enrolled, decision.threshold) })),
    threshold: thresholdJson(decision),
    model: modelJson(),
  };
}
