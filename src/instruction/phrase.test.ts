import { describe, expect, it } from 'vitest';
import type { RequestContext } from './context.js';
import { readPhrase } from './phrase.js';
import { scanQuotes } from './quotes.js';
import { tokenize } from './tokens.js';

/** readPhrase over words as a grammar hands them over (quotes cut out); the target without its phrase. */
function read(words: string, ctx: RequestContext = {}): Record<string, unknown> | string {
  const scan = scanQuotes(words);
  if (!scan.ok) throw new Error('unbalanced quotes in test input');
  const r = readPhrase(tokenize(scan.shape), { text: scan.shape, quotes: scan.quotes }, ctx, words);
  if (r.kind !== 'target') return r.kind;
  const { phrase, ...rest } = r.target;
  expect(phrase).toBe(words);
  return rest;
}

describe('readPhrase', () => {
  it.each<[string, Record<string, unknown> | string]>([
    // the head noun, with landmarks around it
    ['桌上的杯子', { kind: 'object', label: 'cup' }],
    ['电线杆旁边的摩托车', { kind: 'object', label: 'motorcycle' }],
    ['模特手里的手机', { kind: 'object', label: 'cell phone' }],
    ['the laptop from the desk', { kind: 'object', label: 'laptop' }],
    ['抖音水印', { kind: 'watermark' }],
    ['the TikTok watermark', { kind: 'watermark' }],
    // places, sizes and distances pick one
    ['画面上方的飞机', { kind: 'object', label: 'airplane', pick: { by: 'position', anchor: 'top' } }],
    ['the big umbrella', { kind: 'object', label: 'umbrella', pick: { by: 'size', order: 'largest' } }],
    ['远处的行人', { kind: 'object', label: 'person', pick: { by: 'size', order: 'smallest' } }],
    ['背景里的路人', { kind: 'object', label: 'person', pick: { by: 'size', order: 'smallest' } }],
    ['the cars in the distance', { kind: 'object', label: 'car', pick: { by: 'size', order: 'smallest' } }],
    [
      'the person closest to the camera',
      { kind: 'object', label: 'person', pick: { by: 'size', order: 'largest' } },
    ],
    ['中间那个大水印', { kind: 'watermark', anchor: 'center' }],
    // a quoted text is the target whatever noun surrounds it
    ['水印"内部资料"', { kind: 'text', text: '内部资料' }],
    ["the 'PROOF' stamp", { kind: 'text', text: 'PROOF' }],
    ["倒数第二个'A'", { kind: 'text', text: 'A', nth: -2 }],
    // parts of the frame
    ['图片底部那一块', { kind: 'region', anchor: 'bottom' }],
    ['the top-left corner', { kind: 'region', anchor: 'top-left' }],
    // the subject and the background
    ['商品', { kind: 'subject' }],
    ['背景', 'background'],
    // not understood, or several things
    ['最左边的', 'unknown'],
    ['左边的商品', 'unknown'],
    ['独角兽', 'unknown'],
    ['路人和车', 'unknown'],
    ['所有的水印', { kind: 'watermark' }],
    ['all the people', { kind: 'object', label: 'person', all: true }],
    ['所有左边的人', 'several'],
    ['所有的商品', 'several'],
  ])('%s', (words, expected) => {
    expect(read(words)).toEqual(expected);
  });

  it('reads words that point at the painting as the mask, and only those', () => {
    for (const words of [
      '我刷过的地方',
      '圈出来的部分',
      'the highlighted region',
      'what I painted',
      '这里',
      'this',
    ]) {
      expect(read(words, { mask: true }), words).toEqual({ kind: 'mask' });
      // Without a mask it is still a mask reference: checkContext then asks for one.
      expect(read(words), words).toEqual({ kind: 'mask' });
    }
    expect(read('这个人', { mask: true })).toEqual({ kind: 'object', label: 'person' });
  });
});
