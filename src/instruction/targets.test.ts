import { describe, expect, it } from 'vitest';
import type { ObjectTarget, Pick as TargetPick } from '../types.js';
import { scanQuotes } from './quotes.js';
import { anchorOf, combineAnchors, parseTarget } from './targets.js';

/** parseTarget over a phrase as the grammar sees it (quotes cut out). */
function target(words: string): ObjectTarget | undefined {
  const scan = scanQuotes(words);
  if (!scan.ok) throw new Error('unbalanced quotes in test input');
  return parseTarget(scan.shape, { text: scan.shape, quotes: scan.quotes }, words, 'remove');
}

describe('parseTarget', () => {
  it.each<[string, ObjectTarget]>([
    ['这个人', { kind: 'object', label: 'person', phrase: '这个人' }],
    ['路人', { kind: 'object', label: 'person', phrase: '路人' }],
    ['图中的车', { kind: 'object', label: 'car', phrase: '图中的车' }],
    ['这只狗', { kind: 'object', label: 'dog', phrase: '这只狗' }],
    ['the passer-by', { kind: 'object', label: 'person', phrase: 'the passer-by' }],
    ['the cars in the photo', { kind: 'object', label: 'car', phrase: 'the cars in the photo', all: true }],
    ['主体', { kind: 'subject', phrase: '主体' }],
    ['商品', { kind: 'subject', phrase: '商品' }],
    ['the product', { kind: 'subject', phrase: 'the product' }],
    ['水印', { kind: 'watermark', phrase: '水印' }],
    ['文字', { kind: 'watermark', phrase: '文字' }],
    ['the logo', { kind: 'watermark', phrase: 'the logo' }],
    ['右下角的水印', { kind: 'watermark', phrase: '右下角的水印', anchor: 'bottom-right' }],
    ["文字'仅供参考'", { kind: 'text', text: '仅供参考', phrase: "文字'仅供参考'" }],
    ["'A'这几个字", { kind: 'text', text: 'A', phrase: "'A'这几个字" }],
    ["第二个'A'", { kind: 'text', text: 'A', phrase: "第二个'A'", nth: 2 }],
    ['the text "SALE"', { kind: 'text', text: 'SALE', phrase: 'the text "SALE"' }],
    ['the last "SALE"', { kind: 'text', text: 'SALE', phrase: 'the last "SALE"', nth: -1 }],
    ['右下角', { kind: 'region', anchor: 'bottom-right', phrase: '右下角' }],
    ['图片的左上角', { kind: 'region', anchor: 'top-left', phrase: '图片的左上角' }],
    ['顶部', { kind: 'region', anchor: 'top', phrase: '顶部' }],
    ['中间', { kind: 'region', anchor: 'center', phrase: '中间' }],
    ['the top-left corner', { kind: 'region', anchor: 'top-left', phrase: 'the top-left corner' }],
    [
      'the bottom right corner',
      { kind: 'region', anchor: 'bottom-right', phrase: 'the bottom right corner' },
    ],
    ['这个', { kind: 'mask', phrase: '这个' }],
    ['这里', { kind: 'mask', phrase: '这里' }],
    ['this', { kind: 'mask', phrase: 'this' }],
    ['it', { kind: 'mask', phrase: 'it' }],
    ['the selected area', { kind: 'mask', phrase: 'the selected area' }],
  ])('%s', (words, expected) => {
    expect(target(words)).toEqual(expected);
  });

  it.each<[string, string, TargetPick]>([
    ['左边的人', 'person', { by: 'position', anchor: 'left' }],
    ['最左边的人', 'person', { by: 'position', anchor: 'left' }],
    ['右边那个人', 'person', { by: 'position', anchor: 'right' }],
    ['中间的杯子', 'cup', { by: 'position', anchor: 'center' }],
    ['右下角的人', 'person', { by: 'position', anchor: 'bottom-right' }],
    ['最大的车', 'car', { by: 'size', order: 'largest' }],
    ['最小的那个杯子', 'cup', { by: 'size', order: 'smallest' }],
    ['the person on the left', 'person', { by: 'position', anchor: 'left' }],
    ['the car on the far right', 'car', { by: 'position', anchor: 'right' }],
    ['the leftmost person', 'person', { by: 'position', anchor: 'left' }],
    ['the dog in the top left corner', 'dog', { by: 'position', anchor: 'top-left' }],
    ['the biggest car', 'car', { by: 'size', order: 'largest' }],
    ['the smallest cup', 'cup', { by: 'size', order: 'smallest' }],
  ])('%s picks a %s', (words, label, pick) => {
    expect(target(words)).toEqual({ kind: 'object', label, phrase: words, pick });
  });

  it('names nothing for unknown words, empty phrases, several quotes or a picked subject', () => {
    for (const words of ['独角兽', '衣服', 'the shirt', '', '  ', "'A''B'", '左边的商品', '最左边的']) {
      expect(target(words), words).toBeUndefined();
    }
  });
});

describe('anchorOf', () => {
  it.each([
    ['右下角', 'bottom-right'],
    ['左上', 'top-left'],
    ['底部', 'bottom'],
    ['正中间', 'center'],
    ['最右边', 'right'],
    ['bottom right', 'bottom-right'],
    ['upper-left', 'top-left'],
    ['centre', 'center'],
    ['far left', 'left'],
    ['rightmost', 'right'],
  ])('%s → %s', (word, anchor) => {
    expect(anchorOf(word)).toBe(anchor);
  });

  it('is undefined for anything else', () => {
    expect(anchorOf('somewhere')).toBeUndefined();
    expect(anchorOf('')).toBeUndefined();
  });
});

describe('combineAnchors', () => {
  it.each([
    ['bottom', 'center', 'bottom'],
    ['center', 'left', 'left'],
    ['top', 'right', 'top-right'],
    ['bottom-left', 'left', 'bottom-left'],
    ['center', 'center', 'center'],
  ] as const)('%s + %s = %s', (a, b, both) => {
    expect(combineAnchors(a, b)).toBe(both);
    expect(combineAnchors(b, a)).toBe(both);
  });

  it('is undefined for places that disagree', () => {
    expect(combineAnchors('top', 'bottom')).toBeUndefined();
    expect(combineAnchors('top-left', 'right')).toBeUndefined();
  });
});
