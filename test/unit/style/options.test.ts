// POST /v1/stylize option parsing, style mixes and Accept negotiation (functions/src/features/style/
// options.ts and mix.ts), in Node.
import { describe, expect, it } from 'vitest';
import { asProblem, type Problem } from '../../../functions/src/http/problem';
import { formatMix, isMixText, normaliseMix, parseMixText } from '../../../functions/src/features/style/mix';
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

describe('style mixes in text (id:w,id:w)', () => {
  it('normalises the weights to sum 1, in the order given', () => {
    const mix = parseMixText('starry_night:2,the_scream:1');
    expect(Object.keys(mix)).toEqual(['starry_night', 'the_scream']);
    expect(mix.starry_night).toBeCloseTo(2 / 3, 12);
    expect(mix.the_scream).toBeCloseTo(1 / 3, 12);
    expect(parseMixText('udnie:0.5,the_scream:0.5')).toEqual({ udnie: 0.5, the_scream: 0.5 });
    expect(parseMixText(' udnie : .25 , the_scream:0.25, mondrian:5e-1 ')).toEqual({ udnie: 0.25, the_scream: 0.25, mondrian: 0.5 });
    // Huge weights still normalise (no Infinity sum).
    expect(parseMixText('udnie:1e308,the_scream:1e308')).toEqual({ udnie: 0.5, the_scream: 0.5 });
  });

  it('takes an id without a weight as weight 1: a bare a,b is an equal mix', () => {
    expect(parseMixText('udnie,the_scream')).toEqual({ udnie: 0.5, the_scream: 0.5 });
    expect(parseMixText('udnie:2,the_scream,mondrian')).toEqual({ udnie: 0.5, the_scream: 0.25, mondrian: 0.25 });
  });

  it('tells a mix from one id', () => {
    expect(isMixText('starry_night')).toBe(false);
    expect(isMixText('starry_night:1,udnie:1')).toBe(true);
    expect(isMixText('starry_night,udnie')).toBe(true);
  });

  it('formats a mix as the X-Style header reports it', () => {
    expect(formatMix(normaliseMix({ starry_night: 2, the_scream: 1 }))).toBe('starry_night:0.6667,the_scream:0.3333');
    expect(formatMix({ udnie: 0.5, the_scream: 0.5 })).toBe('udnie:0.5,the_scream:0.5');
    expect(formatMix({ udnie: 1 })).toBe('udnie');
  });

  it('parseOptions reads a mix from a form field, the query or a JSON string', () => {
    expect(parseOptions({ style: 'starry_night:3,the_scream:1' }, {}).style).toEqual({ starry_night: 0.75, the_scream: 0.25 });
    expect(parseOptions({}, { style: 'udnie:1,mondrian:1' }).style).toEqual({ udnie: 0.5, mondrian: 0.5 });
    // A single id stays a string; the JSON object form is kept as sent (the pipeline normalises it).
    expect(parseOptions({ style: 'udnie' }, {}).style).toBe('udnie');
    expect(parseOptions({ style: { udnie: 3, the_scream: 1, mondrian: 0 } }, {}).style).toEqual({ udnie: 3, the_scream: 1, mondrian: 0 });
  });

  it.each([
    ['udnie:0,the_scream:1', /weight of udnie must be a positive number, got '0'/],
    ['udnie:-1,the_scream:1', /weight of udnie must be a positive number/],
    ['udnie:lots,the_scream:1', /got 'lots'/],
    ['udnie:,the_scream:1', /got ''/],
    ['udnie:Infinity,the_scream:1', /positive number/],
    ['udnie:1e400,the_scream:1', /positive number/],
    ['udnie:0x10,the_scream:1', /positive number/],
    ['udnie:NaN,the_scream:1', /positive number/],
    ['udnie:1,the_scream:1,mondrian:1,great_wave:1', /at most 3 styles/],
    ['udnie:1,udnie:2', /udnie is named twice/],
    ['udnie,the_scream,udnie', /udnie is named twice/],
    ['udnie:1', /needs 2 or 3 different styles; for one style send its id alone \('udnie'\)/],
    ['udnie:1,', /empty entry/],
    [',', /empty entry/],
    [':1,udnie:1', /has no style id/],
  ])('%s -> 422 naming style (%s)', (style, message) => {
    const p = problem(() => parseOptions({ style }, {}));
    expect(p.status).toBe(422);
    expect(p.kind).toBe('validation-failed');
    expect(p.extensions.field).toBe('style');
    expect(p.message).toMatch(message);
  });

  it('limits the JSON object form to 3 styles too; one entry stays one style', () => {
    const p = problem(() => parseOptions({ style: { udnie: 1, the_scream: 1, mondrian: 1, great_wave: 1 } }, {}));
    expect(p.status).toBe(422);
    expect(p.extensions.field).toBe('style');
    expect(p.message).toMatch(/at most 3 styles/);
    expect(problem(() => parseOptions({ style: '{"a":1,"b":1,"c":1,"d":1}' }, {})).extensions.field).toBe('style');
    expect(parseOptions({ style: { udnie: 1 } }, {}).style).toEqual({ udnie: 1 });
  });
});
