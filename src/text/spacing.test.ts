import { describe, expect, it } from 'vitest';
import { spacingCandidates } from './spacing.js';

describe('spacingCandidates', () => {
  it('offers a space where Han meets Latin with only a little extra room', () => {
    // Recogniser centres of "新品NEW" on benchmark case p59 (a 345-px line), where the poster
    // has "新品 NEW": the gap before N is wider than the advances explain, though by less than half
    // of the usual threshold.
    const got = spacingCandidates('新品NEW', [0.0833, 0.3167, 0.55, 0.7167, 0.8833], 345);
    expect(got.map((c) => c.text)).toEqual(['新品NEW', '新品 NEW']);
    expect(got[1].spaces).toEqual([2]);
  });

  it('offers nothing when the characters stand as close as their advances say', () => {
    const chars = [...'满300减50'];
    // Evenly spread centres for evenly spread glyphs: no gap stands out.
    const even = chars.map((_, i) => (i + 0.5) / chars.length);
    expect(spacingCandidates('满300减50', even, 300).map((c) => c.text)).toEqual(['满300减50']);
  });

  it('keeps the text alone for a single character or mismatched positions', () => {
    expect(spacingCandidates('新', [0.5], 50)).toEqual([{ text: '新', spaces: [] }]);
    expect(spacingCandidates('新品', [0.5], 50)).toEqual([{ text: '新品', spaces: [] }]);
  });
});
