import { describe, expect, it } from 'vitest';
import { scanQuotes } from './quotes.js';
import { looksLikeUnquotedReplacement, quoteBareTexts } from './bare-texts.js';
import { findClauses } from './replace-text.js';

/** Clauses as [old, new, inner] texts, read through the quote scanner like the parser does. */
function clauses(text: string): Array<[string, string, string]> {
  const scan = scanQuotes(text);
  if (!scan.ok) throw new Error('unbalanced quotes in test input');
  return findClauses(scan.shape).map((c) => [
    scan.quotes[c.oldQuote].text,
    scan.quotes[c.newQuote].text,
    c.inner,
  ]);
}

describe('findClauses', () => {
  it.each([
    "把'A'改成'B'",
    "把'A'改为'B'",
    '将“A”改为“B”',
    '把「A」换成「B」',
    "把'A'替换为'B'",
    '把『A』替换成『B』',
    '把《A》修改为《B》',
    '“A”改成“B”',
    '将文字“A”修改为“B”',
    '请把‘A’更改为‘B’',
    '把图中的“A”改成“B”',
    '把“A”这几个字改成“B”',
    '把"A"变成"B"',
    '用“B”替换“A”',
    '用“B”代替“A”',
  ])('zh: %s', (text) => {
    expect(clauses(text)).toEqual([['A', 'B', '']]);
  });

  it.each([
    'Change "A" to "B"',
    "Replace 'A' with 'B'",
    'change the text "A" into "B"',
    'replace "A" by "B"',
    'Please change the word "A" to "B"',
    'change the text from "A" to "B"',
    'swap "A" for "B"',
    'CHANGE "A" TO "B"',
    '"A" -> "B"',
    '"A"→"B"',
    '"A" => "B"',
    '"A" to "B"',
  ])('en: %s', (text) => {
    expect(clauses(text).map(([o, n]) => [o, n])).toEqual([['A', 'B']]);
  });

  it.each([
    "把'A'更新成'B'",
    "将标题文字'A'修改为'B'",
    "把'A'两个字改成'B'",
    "'A'应该是'B'",
    "'A' 改 'B'",
    "文案'A'改成'B'",
    "Update 'A' to read 'B'",
    "'A' should say 'B'",
    "Rename 'A' to 'B'",
    "Replace the headline 'A' with 'B'",
    "I want 'A' to say 'B'",
    "Make 'A' say 'B'",
    "'A' needs to be 'B'",
    "Substitute 'B' for 'A'",
    'Change"A"to"B"',
  ])('more wordings: %s', (text) => {
    expect(clauses(text).map(([o, n]) => [o, n])).toEqual([['A', 'B']]);
  });

  it('returns the words between the verb and the new quote', () => {
    expect(clauses("把'A'改成红色的'B'")).toEqual([['A', 'B', '红色的']]);
    expect(clauses("change 'A' to bold 'B'")).toEqual([['A', 'B', 'bold']]);
  });

  it('treats quoted colour words and verbs as text', () => {
    expect(clauses("把'红色'改成'蓝色'")).toEqual([['红色', '蓝色', '']]);
    expect(clauses("把'改成'改成'改为'")).toEqual([['改成', '改为', '']]);
    expect(clauses('Change "change A to B" to "red"')).toEqual([['change A to B', 'red', '']]);
  });

  it('finds several clauses in order', () => {
    expect(clauses("把'A'改成'B'，把'C'改成'D'，字体颜色变红")).toEqual([
      ['A', 'B', ''],
      ['C', 'D', ''],
    ]);
    expect(clauses("Change 'A' to 'B' and change 'C' to 'D'").map(([o, n]) => o + n)).toEqual(['AB', 'CD']);
    expect(clauses("Change 'A' to 'B', 'C' to 'D'").map(([o, n]) => o + n)).toEqual(['AB', 'CD']);
  });

  it('finds nothing without two quotes joined by a verb', () => {
    expect(clauses('make it pop')).toEqual([]);
    expect(clauses("把'A'和'B'")).toEqual([]);
    expect(clauses("'A''B'")).toEqual([]);
    expect(clauses("把'A'改成B")).toEqual([]);
  });
});

describe('looksLikeUnquotedReplacement', () => {
  it('spots replacements written without quotes', () => {
    expect(looksLikeUnquotedReplacement('把限时抢购改成新品首发')).toBe(true);
    expect(looksLikeUnquotedReplacement('change SALE to NEW')).toBe(true);
    expect(looksLikeUnquotedReplacement('make it pop')).toBe(false);
  });
});

describe('quoteBareTexts', () => {
  it.each([
    ['把OPEN改成CLOSED', '把“OPEN”改成“CLOSED”'],
    ['Change HOT to COLD', 'Change “HOT” to “COLD”'],
    ['把299改成259', '把“299”改成“259”'],
    ['把¥199改成¥169', '把“¥199”改成“¥169”'],
    ['把8折改成7折', '把“8折”改成“7折”'],
    ['把热卖两个字改成爆款', '把“热卖”两个字改成“爆款”'],
    ['Change SALE to NEW in red', 'Change “SALE” to “NEW” in red'],
    // Chinese words no lexicon knows are texts; the image decides whether the old one is there.
    ['把限时抢购改成新品首发', '把“限时抢购”改成“新品首发”'],
    ['把第二个特价改成秒杀', '把第二个“特价”改成“秒杀”'],
  ])('%s', (text, quoted) => {
    expect(quoteBareTexts(text)).toBe(quoted);
  });

  it('leaves alone what could be an object, a colour or a phrase', () => {
    for (const text of [
      '把杯子改成蓝色',
      'change it to red',
      'turn the car to blue',
      '把天空改成晚霞',
      'make it pop',
    ])
      expect(quoteBareTexts(text), text).toBeUndefined();
  });
});
