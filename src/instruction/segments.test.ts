import { describe, expect, it } from 'vitest';
import { QUOTE_MARK as Q, scanQuotes } from './quotes.js';
import { clean, consume, numberOf, residue, splitSegments, spell } from './segments.js';

function split(text: string): string[] {
  const scan = scanQuotes(text);
  if (!scan.ok) throw new Error('unbalanced quotes in test input');
  return splitSegments(scan.shape, scan.quotes).map((s) => spell(s.text, s));
}

describe('splitSegments', () => {
  it.each([
    ['背景换成白色，再把杯子换成蓝色', ['背景换成白色', '把杯子换成蓝色']],
    ['去掉水印，然后右下角加上LOGO', ['去掉水印', '右下角加上LOGO']],
    ['去掉水印然后加LOGO', ['去掉水印', '加LOGO']],
    ['去掉水印；加LOGO。', ['去掉水印', '加LOGO']],
    ['remove the watermark, then make the cup blue', ['remove the watermark', 'make the cup blue']],
    ['remove the watermark and then make the cup blue', ['remove the watermark', 'make the cup blue']],
    ['remove the logo and make the cup blue', ['remove the logo', 'make the cup blue']],
    ['add a logo with 10.5% margin.', ['add a logo with 10.5% margin']],
    ['make it light and airy', ['make it light and airy']],
    ['请去掉水印，谢谢', ['去掉水印']],
    ['please remove the watermark, thanks', ['remove the watermark']],
  ])('%s', (text, segments) => {
    expect(split(text)).toEqual(segments);
  });

  it('never splits inside quotes, and gives each segment its own quotes', () => {
    expect(split("去掉文字'A，然后B'，加上水印'C'")).toEqual(["去掉文字'A，然后B'", "加上水印'C'"]);
    const scan = scanQuotes("去掉'A'，加上'B'");
    if (!scan.ok) throw new Error('unbalanced');
    const segs = splitSegments(scan.shape, scan.quotes);
    expect(segs.map((s) => s.quotes.map((q) => q.text))).toEqual([['A'], ['B']]);
    expect(segs[1].text).toBe(`加上${Q}`);
  });

  it('splits a range of the shape, counting the quotes before it', () => {
    const scan = scanQuotes("把'A'改成'B'，去掉'C'");
    if (!scan.ok) throw new Error('unbalanced');
    const segs = splitSegments(scan.shape, scan.quotes, scan.shape.indexOf('，'));
    expect(segs).toHaveLength(1);
    expect(segs[0].quotes.map((q) => q.text)).toEqual(['C']);
  });

  it('drops empty segments', () => {
    expect(split('，，再，')).toEqual([]);
  });
});

describe('lexing helpers', () => {
  it('clean strips politeness at both ends', () => {
    expect(clean('请帮我去掉水印一下')).toBe('去掉水印');
    expect(clean('could you remove it please')).toBe('remove it');
  });

  it('consume reports matches with groups and blanks them out', () => {
    const seen: string[] = [];
    const rest = consume('a1 b2 c', /(?<l>[a-z])(\d)/gu, (m) =>
      seen.push(`${m.groups?.l}${m[2]}@${m.index}`),
    );
    expect(seen).toEqual(['a1@0', 'b2@3']);
    expect(residue(rest)).toBe('c');
    const plain: string[] = [];
    consume('x9', /([a-z])(\d)/gu, (m) => plain.push(m[1] + m[2]));
    expect(plain).toEqual(['x9']);
  });

  it('residue drops separators and fillers', () => {
    expect(residue(' ,，。 ')).toBe('');
    expect(residue('the cup', /the/gu)).toBe('cup');
  });

  it.each([
    ['3', 3],
    ['三', 3],
    ['两', 2],
    ['十', 10],
    ['十二', 12],
    ['二十', 20],
    ['three', 3],
    ['a', 1],
    ['', undefined],
    ['几', undefined],
    ['三十三', 33],
  ])('numberOf(%s) = %s', (word, n) => {
    expect(numberOf(word)).toBe(n);
  });
});
