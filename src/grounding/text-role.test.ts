import { describe, expect, it } from 'vitest';
import { priceLike } from './text-role.js';

describe('priceLike', () => {
  it.each([
    ['¥199', '99元', '¥99'],
    ['¥199', '99', '¥99'],
    ['$49.99', '39.99', '$39.99'],
    ['199元', '99', '99元'],
    ['¥199', '$99', '$99'],
    ['¥199', '到手价99', '到手价99'],
  ])('%s with %s → %s', (old, typed, out) => expect(priceLike(old, typed)).toBe(out));
});
