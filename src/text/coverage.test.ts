import { describe, expect, it } from 'vitest';
import { missingGlyphs } from './coverage.js';

describe('missingGlyphs', () => {
  it('finds nothing missing in Chinese, Latin, digits and price signs', () => {
    expect(missingGlyphs('限时抢购 新品首发 SALE 50% OFF ¥199 $49.99 €5 满300减50')).toEqual([]);
    expect(missingGlyphs('全场八折·七天无理由退换', 'serif-bold')).toEqual([]);
  });

  it('names characters the shipped faces cannot draw', () => {
    expect(missingGlyphs('¥169🔥')).toEqual(['🔥']);
    expect(missingGlyphs('a\u{10fffd}b')).toEqual(['\u{10fffd}']);
    // From the face's own cmap: a system font that has the emoji (DejaVu, Noto Color Emoji) changes nothing.
    for (const font of ['sans-regular', 'sans-bold', 'serif-regular', 'serif-bold'] as const)
      expect(missingGlyphs('新品😀¥', font)).toEqual(['😀']);
  });
});
