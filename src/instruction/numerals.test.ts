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

  it('writes the amounts after a lead word as digits, and leaves every other number alone', () => {
    const lead = '提高|调高|留白';
    expect(amountsAsDigits('饱和度提高百分之十五', lead)).toBe('饱和度提高15%');
    expect(amountsAsDigits('留白百分之10', lead)).toBe('留白10%');
    expect(amountsAsDigits('亮度调高10个点', lead)).toBe('亮度调高10%');
    expect(amountsAsDigits('提高三个百分点', lead)).toBe('提高3%');
    // Not after a lead word: a price, a caption, decoration.
    for (const t of [
      '加3个点的装饰',
      '把价格改成九十九元',
      '第三个点',
      '把折扣改成百分之二十',
      '加文字百分之百纯棉',
    ])
      expect(amountsAsDigits(t, lead), t).toBe(t);
  });
});
