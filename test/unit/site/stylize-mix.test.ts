// The stylize page's `style` field for a mix (site/src/scripts/stylize/api.ts, styleParam): what the
// page sends must be what POST /v1/stylize parses (functions/src/features/style/mix.ts).
import { describe, expect, it } from 'vitest';
import { parseMixText } from '../../../functions/src/features/style/mix';
import { styleParam } from '../../../site/src/scripts/stylize/api';

describe('styleParam', () => {
  it('sends one id without a mix, and a:w,b:w with one', () => {
    expect(styleParam('the_scream')).toBe('the_scream');
    expect(styleParam('the_scream', { id: 'udnie', share: 0.3 })).toBe('the_scream:0.7,udnie:0.3');
    expect(styleParam('the_scream', { id: 'udnie', share: 0.55 })).toBe('the_scream:0.45,udnie:0.55');
    expect(parseMixText(styleParam('the_scream', { id: 'udnie', share: 0.3 }))).toEqual({ the_scream: 0.7, udnie: 0.3 });
  });

  it('sends one style at 0 % or 100 %, or when both are the same (the API refuses a mix of one style)', () => {
    expect(styleParam('the_scream', { id: 'udnie', share: 0 })).toBe('the_scream');
    expect(styleParam('the_scream', { id: 'udnie', share: 1 })).toBe('udnie');
    expect(styleParam('the_scream', { id: 'the_scream', share: 0.5 })).toBe('the_scream');
  });

  it('every 5 % step is a valid mix whose weights sum to 1', () => {
    for (let percent = 5; percent < 100; percent += 5) {
      const mix = parseMixText(styleParam('a', { id: 'b', share: percent / 100 }));
      expect(mix.b).toBeCloseTo(percent / 100, 12);
      expect(mix.a + mix.b).toBeCloseTo(1, 12);
    }
  });
});
