import { describe, expect, it } from 'vitest';
import { QUOTE_MARK as Q, scanQuotes } from './quotes.js';

describe('scanQuotes', () => {
  it.each([
    ['‘A’', '‘', '’'],
    ['“A”', '“', '”'],
    ["'A'", "'", "'"],
    ['"A"', '"', '"'],
    ['「A」', '「', '」'],
    ['『A』', '『', '』'],
    ['《A》', '《', '》'],
  ])('reads %s', (text, open, close) => {
    expect(scanQuotes(`把${text}改成`)).toEqual({
      ok: true,
      quotes: [{ text: 'A', open, close, start: 1, end: 4 }],
      shape: `把${Q}改成`,
    });
  });

  it('lets curly and ASCII quotes of one family close each other', () => {
    const scan = scanQuotes('“A"改成\'B’');
    expect(scan.ok && scan.quotes.map((q) => q.text)).toEqual(['A', 'B']);
  });

  it('keeps quoted words out of the shape, so they cannot be read as grammar', () => {
    expect(scanQuotes("把'红色'改成'蓝色'，加粗")).toMatchObject({ shape: `把${Q}改成${Q}，加粗` });
  });

  it('nests different quote families', () => {
    const scan = scanQuotes('把“他说‘好’”改成“B”');
    expect(scan.ok && scan.quotes.map((q) => q.text)).toEqual(['他说‘好’', 'B']);
  });

  it('treats an apostrophe between Latin letters as part of a word', () => {
    const scan = scanQuotes("Change 'don't' to 'do', it's fine");
    expect(scan.ok && scan.quotes.map((q) => q.text)).toEqual(["don't", 'do']);
    expect(scan.ok && scan.shape).toBe(`Change ${Q} to ${Q}, it's fine`);
  });

  it('trims the quoted text and keeps empty quotes', () => {
    const scan = scanQuotes("' A B '''");
    expect(scan.ok && scan.quotes.map((q) => q.text)).toEqual(['A B', '']);
  });

  it('reports an unclosed quote with its position', () => {
    expect(scanQuotes('把"A"改成"B')).toEqual({ ok: false, quote: '"', index: 6 });
    expect(scanQuotes('把「A改成B')).toEqual({ ok: false, quote: '「', index: 1 });
  });

  it('does not let a literal placeholder character pose as a quote', () => {
    expect(scanQuotes(`a${Q}b`)).toEqual({ ok: true, quotes: [], shape: 'a b' });
  });
});
