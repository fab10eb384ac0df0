import { describe, expect, it } from 'vitest';
import { amountsAsDigits, zhNumber } from './numerals.js';

describe('amounts in words', () => {
  it('reads Chinese numerals up to 999', () => {
    const cases: [string, number][] = [
      ['五', 5],
      ['十', 10],
      ['十五', 15],
      ['二十', 20],
      ['两', 2],
      ['三十五', 35],
      ['九十九', 99],
      ['百', 100],
      ['一百', 100],
      ['一百零五', 105],
      ['二百五十', 250],
    ];
    for (const [zh, n] of cases) expect(zhNumber(zh), zh).toBe(n);
    for (const bad of ['', '十十', '百百', '五五']) expect(zhNumber(bad), bad).toBeUndefined();
  });

  it('writes per cents and points as digits, and leaves other numbers alone', () => {
    expect(amountsAsDigits('饱和度提高百分之十五')).toBe('饱和度提高15%');
    expect(amountsAsDigits('留白百分之10')).toBe('留白10%');
    expect(amountsAsDigits('亮度调高10个点')).toBe('亮度调高10%');
    expect(amountsAsDigits('提高三个百分点')).toBe('提高3%');
    expect(amountsAsDigits('加3个点的装饰')).toBe('加3个点的装饰');
    expect(amountsAsDigits('把价格改成九十九元')).toBe('把价格改成九十九元');
    expect(amountsAsDigits('第三个点')).toBe('第三个点');
  });
});
