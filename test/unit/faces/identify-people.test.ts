// The `people` of POST /v1/faces/identify (features/faces/people.ts): what is accepted (an array or
// its JSON text, names trimmed), what is 422 naming `people` with each problem's path, and embeddings
// of another model (409 model-mismatch).
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../functions/src/errors';
import { checkPeopleModels, parsePeople } from '../../../functions/src/features/faces/people';
import { IDENTIFY_MAX_PEOPLE, PERSON_NAME_MAX } from '../../../functions/src/features/faces/schema';
import { EMBEDDING_SIZE } from '../../../functions/src/pipeline/face';
import { servedFaces } from '../../../functions/src/pipeline/face/served';

const embedding = (seed = 0) => Array.from({ length: EMBEDDING_SIZE }, (_, i) => Math.sin(i + seed) / 10);
const person = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  embedding: embedding(name.length),
  model: { ...servedFaces.model },
  ...extra,
});

/** The DomainError `fn` throws. */
function thrown(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected a DomainError');
}

/** The 422 for `raw`: its fields, in order. */
function invalid(raw: unknown): string[] {
  const error = thrown(() => parsePeople(raw));
  expect(error.kind).toBe('validation-failed');
  expect(error.extensions.field).toBe('people');
  const errors = error.extensions.errors as { field: string; message: string }[];
  expect(error.message).toBe(`${errors[0].field}: ${errors[0].message}`);
  return errors.map((e) => e.field);
}

describe('parsePeople', () => {
  it('accepts an array, or its JSON text (a multipart field), keeping order and trimming names', () => {
    const people = [person('  Ada  '), person('Grace Hopper')];
    for (const raw of [people, JSON.stringify(people)]) {
      const parsed = parsePeople(raw);
      expect(parsed.map((p) => p.name)).toEqual(['Ada', 'Grace Hopper']);
      expect(parsed[0].embedding).toEqual(people[0].embedding);
      expect(parsed[1].model).toEqual(servedFaces.model);
    }
  });

  it(`accepts 1 to ${IDENTIFY_MAX_PEOPLE} people, names up to ${PERSON_NAME_MAX} characters, any script`, () => {
    expect(parsePeople([person('Zoë')])).toHaveLength(1);
    const many = Array.from({ length: IDENTIFY_MAX_PEOPLE }, (_, i) => person(`Person ${i}`));
    expect(parsePeople(many)).toHaveLength(IDENTIFY_MAX_PEOPLE);
    expect(parsePeople([person('x'.repeat(PERSON_NAME_MAX)), person('李小龍'), person('محمد')]).map((p) => p.name.length)).toEqual([
      PERSON_NAME_MAX,
      3,
      4,
    ]);
  });

  it('refuses a missing field, text that is not JSON, and what is not an array of 1..10', () => {
    expect(invalid(undefined)).toEqual(['people']);
    expect(invalid('[{"name": "Ada"')).toEqual(['people']);
    expect(invalid({ name: 'Ada' })).toEqual(['people']);
    expect(invalid([])).toEqual(['people']);
    expect(invalid(Array.from({ length: IDENTIFY_MAX_PEOPLE + 1 }, (_, i) => person(`P${i}`)))).toEqual(['people']);
    expect(thrown(() => parsePeople([])).message).toMatch(/1 to 10 people/);
  });

  it('names each bad field by its path: empty, too long or not plain-text names', () => {
    expect(invalid([person('Ada'), person('   ')])).toEqual(['people.1.name']);
    expect(invalid([person('x'.repeat(PERSON_NAME_MAX + 1))])).toEqual(['people.0.name']);
    expect(invalid([person('Ada\u0000')])).toEqual(['people.0.name']);
    expect(invalid([person('Ada\u202Eevil')])).toEqual(['people.0.name']);
    expect(invalid([{ ...person('Ada'), name: 42 }])).toEqual(['people.0.name']);
  });

  it('refuses embeddings of the wrong length or with non-numbers, once per embedding', () => {
    expect(invalid([person('Ada', { embedding: embedding().slice(1) })])).toEqual(['people.0.embedding']);
    const withText = embedding().map((v, i) => (i < 20 ? String(v) : v));
    expect(invalid([person('Ada', { embedding: withText })])).toEqual(['people.0.embedding']);
    // JSON text can carry a number too large for a double: it parses as Infinity, which is refused.
    const text = JSON.stringify([person('Ada')]).replace(/"embedding":\[[^,]+/, '"embedding":[1e999');
    expect(invalid(text)).toEqual(['people.0.embedding']);
    expect(invalid([person('Ada', { embedding: undefined })])).toEqual(['people.0.embedding']);
  });

  it('refuses a missing or malformed model, and lists several problems', () => {
    expect(invalid([person('Ada', { model: undefined })])).toEqual(['people.0.model']);
    expect(invalid([person('Ada', { model: 'dlib' })])).toEqual(['people.0.model']);
    expect(invalid([person(''), person('Bo', { embedding: [] })])).toEqual(['people.0.name', 'people.1.embedding']);
  });
});

describe('checkPeopleModels', () => {
  it('passes embeddings of the served model', () => {
    expect(() => checkPeopleModels(parsePeople([person('Ada'), person('Bo')]))).not.toThrow();
  });

  it('is 409 model-mismatch naming the first person of another model and the served model', () => {
    const people = parsePeople([person('Ada'), person('Bo', { model: { id: servedFaces.model.id, version: 'other' } })]);
    const error = thrown(() => checkPeopleModels(people));
    expect(error.kind).toBe('model-mismatch');
    expect(error.extensions).toMatchObject({ field: 'people', person: 1, served_model: servedFaces.model });
    expect(error.message).toContain("people.1 ('Bo')");
    expect(error.message).toContain('/v1/faces/embed');
  });
});
