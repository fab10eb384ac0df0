import { describe, expect, it } from 'vitest';
import { QUOTE_MARK as Q } from './quotes.js';
import { tokenize } from './tokens.js';

const words = (s: string) => tokenize(s).map((t) => t.text);

describe('tokenize', () => {
  it.each<[string, string[]]>([
    ['把桌上的杯子拿掉', ['把', '桌', '上的', '杯子', '拿掉']],
    ['把右下角的水印去掉', ['把', '右下角', '的', '水印', '去掉']],
    ['帮忙P掉路人甲', ['帮忙', 'P掉', '路人甲']],
    ['擦掉我涂的地方', ['擦掉', '我', '涂', '的', '地方']],
    ['get rid of the teddy bear', ['get rid of', 'the', 'teddy bear']],
    ['remove the person on the top-left, thx', ['remove', 'the', 'person', 'on', 'the', 'top left', 'thx']],
    [`去掉右上角那行${Q}字`, ['去掉', '右上角', '那', '行', Q, '字']],
  ])('%s', (text, expected) => {
    expect(words(text)).toEqual(expected);
  });

  it('keeps where each token stands, so a phrase can be quoted as typed', () => {
    const text = 'remove the passer-by, thanks';
    const toks = tokenize(text);
    const person = toks.find((t) => t.norm === 'passer by');
    expect(person && text.slice(person.start, person.end)).toBe('passer-by');
    expect(toks.map((t) => text.slice(t.start, t.end)).join(' ')).toBe('remove the passer-by thanks');
  });

  it('lowercases Latin words for lookups and drops punctuation and spaces', () => {
    expect(tokenize('ＲＥＭＯＶＥ  The  Car!!'.normalize('NFKC')).map((t) => t.norm)).toEqual([
      'remove',
      'the',
      'car',
    ]);
  });
});
