// POST /v1/stylize option parsing and Accept negotiation (functions/src/features/style/options.ts), in Node.
import { describe, expect, it } from 'vitest';
import { asProblem, type Problem } from '../../../functions/src/http/problem';
import { negotiateFormat, parseOptions } from '../../../functions/src/features/style/options';

function problem(fn: () => unknown): Problem {
  try {
    fn();
  } catch (error) {
    const problem = asProblem(error);
    expect(problem, String(error)).toBeDefined();
    return problem as Problem;
  }
  throw new Error('expected a Problem');
}

describe('negotiateFormat', () => {
  it.each([
    [undefined, 'png'],
    ['', 'png'],
    ['*/*', 'png'],
    ['image/*', 'png'],
    ['image/png, application/problem+json', 'png'],
    ['image/jpeg', 'jpeg'],
    ['image/webp,*/*;q=0.8', 'webp'],
    ['image/avif,image/webp,image/apng,*/*;q=0.8', 'webp'],
    ['image/jpeg;q=0.9, image/webp;q=0.95', 'webp'],
    ['image/png;q=0, */*', 'jpeg'],
    ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 'png'],
    ['application/json', undefined],
    ['image/gif', undefined],
  ])('%s -> %s', (accept, format) => {
    expect(negotiateFormat(accept)).toBe(format);
  });
});

describe('parseOptions', () => {
  it('applies defaults and converts form text', () => {
    expect(parseOptions({ style: 'udnie' }, {})).toEqual({ style: 'udnie', strength: 1, preserve_colors: false, max_side: 1024 });
    expect(parseOptions({ style: ' udnie ', strength: '0.25', preserve_colors: 'on', max_side: '512' }, {})).toEqual({
      style: 'udnie',
      strength: 0.25,
      preserve_colors: true,
      max_side: 512,
    });
    expect(parseOptions({ style: '{"udnie": 2, "the_scream": 1}' }, {}).style).toEqual({ udnie: 2, the_scream: 1 });
  });

  it('keeps JSON types, and takes missing options from the query', () => {
    expect(parseOptions({ style: { udnie: 1 }, strength: 0.5, preserve_colors: true }, { max_side: '256' })).toEqual({
      style: { udnie: 1 },
      strength: 0.5,
      preserve_colors: true,
      max_side: 256,
    });
    expect(parseOptions({ style: 'udnie' }, { style: 'the_scream', strength: '0' }).style).toBe('udnie');
  });

  it.each([
    [{}, 'style'],
    [{ style: '' }, 'style'],
    [{ style: 5 }, 'style'],
    [{ style: '{"udnie": ' }, 'style'],
    [{ style: 'udnie', strength: '1.5' }, 'strength'],
    [{ style: 'udnie', strength: 'strong' }, 'strength'],
    [{ style: 'udnie', strength: '' }, 'strength'],
    [{ style: 'udnie', preserve_colors: 'maybe' }, 'preserve_colors'],
    [{ style: 'udnie', preserve_colors: 1 }, 'preserve_colors'],
    [{ style: 'udnie', max_side: '100.5' }, 'max_side'],
    [{ style: 'udnie', max_side: '4096' }, 'max_side'],
    [{ style: 'udnie', max_side: '10' }, 'max_side'],
  ])('%j -> 422 naming %s', (params, field) => {
    const p = problem(() => parseOptions(params, {}));
    expect(p.status).toBe(422);
    expect(p.kind).toBe('validation-failed');
    expect(p.extensions.field).toBe(field);
    expect(p.message.startsWith(`${field}: `)).toBe(true);
  });

  it('names the style of a bad blend weight', () => {
    expect(problem(() => parseOptions({ style: { udnie: 'x' } }, {})).extensions.field).toBe('style');
  });
});
