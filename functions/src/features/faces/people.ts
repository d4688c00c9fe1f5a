// The `people` of POST /v1/faces/identify, checked before any image work: a JSON array (a JSON text
// in a multipart field, an array or a JSON text in a JSON body) of 1..IDENTIFY_MAX_PEOPLE people
// {name, embedding, model} (schema.ts IdentifyPeopleSchema, the one description of the shape).
// Anything else is 422 validation-failed with `field: 'people'` and each problem's path in `errors`
// ("people.1.embedding"); embeddings of another model than the served one are 409 model-mismatch,
// because the request is well formed but cannot be compared (as collections' search answers).
import { DomainError } from '../../errors';
import { servedFaces } from '../../pipeline/face/served';
import { modelJson } from './json';
import { IDENTIFY_MAX_PEOPLE, IdentifyPeopleSchema, type IdentifyPersonJson } from './schema';

/** How many problems a 422 lists (a wrong embedding could otherwise list 128). */
const MAX_LISTED = 5;

const EXPECTED = `a JSON array of 1 to ${IDENTIFY_MAX_PEOPLE} people {name, embedding, model}, the embeddings from /v1/faces/embed`;

function invalidPeople(errors: { field: string; message: string }[]): DomainError {
  const [first] = errors;
  return new DomainError('validation-failed', `${first.field}: ${first.message}`, { field: 'people', errors });
}

/** The raw field as a value: multipart sends JSON text, a JSON body may send the array itself or its text. */
function peopleValue(raw: unknown): unknown {
  if (raw === undefined || raw === null) throw invalidPeople([{ field: 'people', message: `required: ${EXPECTED}` }]);
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw);
  } catch {
    throw invalidPeople([{ field: 'people', message: `must be ${EXPECTED}; the text is not valid JSON` }]);
  }
}

/** `people` as sent -> the validated people (names trimmed), in their order; 422 naming `people` otherwise. */
export function parsePeople(raw: unknown): IdentifyPersonJson[] {
  const parsed = IdentifyPeopleSchema.safeParse(peopleValue(raw));
  if (parsed.success) return parsed.data;
  const errors: { field: string; message: string }[] = [];
  const seen = new Set<string>();
  for (const issue of parsed.error.issues) {
    // One entry per field: an embedding's bad numbers are one problem, not one per number.
    const [index, key] = issue.path;
    const field = ['people', ...(index === undefined ? [] : [String(index)]), ...(key === undefined ? [] : [String(key)])].join('.');
    if (seen.has(field)) continue;
    seen.add(field);
    errors.push({ field, message: issue.message });
    if (errors.length === MAX_LISTED) break;
  }
  throw invalidPeople(errors.length ? errors : [{ field: 'people', message: `must be ${EXPECTED}` }]);
}

/** 409 model-mismatch unless every person's embedding was made by the served encoder. */
export function checkPeopleModels(people: readonly IdentifyPersonJson[]): void {
  const index = people.findIndex((p) => !servedFaces.made(p.model));
  if (index < 0) return;
  const { model } = people[index];
  const served = modelJson();
  throw new DomainError(
    'model-mismatch',
    `people.${index} ('${people[index].name}'): the embedding was made by ${model.id} v${model.version}, but faces are compared with ${served.id} v${served.version}: embeddings of different models are not comparable. Embed that person's photo again with /v1/faces/embed.`,
    { field: 'people', person: index, served_model: served },
  );
}
