import { alternation, LEAD as REQUEST, PLACES } from './lexicon.js';
import { QUOTE_MARK as Q, type QuotedSpan } from './quotes.js';

/**
 * Sentence splitting for several edits in one instruction ("背景换成白色，再把杯子换成蓝色", "remove the
 * watermark, then make the cup blue"). Works on the shape string (quotes already cut out), so a
 * comma or a 然后 inside quoted text never splits anything. Each segment keeps its own quotes.
 *
 * Also the small lexing helpers every object-level grammar shares: consume-and-check-the-residue,
 * as in modifiers.ts, so a word no grammar understood is reported, never silently dropped.
 */

export interface Segment {
  /** The segment's shape text, trimmed, politeness stripped; quoted spans are QUOTE_MARKs. */
  text: string;
  /** The quoted spans inside the segment, in order. */
  quotes: QuotedSpan[];
}

/** English verbs that start a new edit after "and" (remove the logo and make the cup blue). */
const EN_VERBS =
  'remove|erase|delete|get\\s+rid|make|turn|add|put|place|insert|replace|change|swap|blur|use|paint|colou?r|' +
  'recolou?r|set|brighten|darken|warm|cool|increase|decrease|boost|reduce';
const SPLIT = new RegExp(
  [
    // Not inside brackets: rgb(200, 30, 30) is one colour.
    // Not inside a number either: NT$1,280.
    '(?:(?!(?<=\\d),\\d{3}(?!\\d))[,，;；。!！?？\\n])+(?![^(（]*[)）])',
    '(?<!\\d)\\.(?!\\d)',
    // 右上角再加个星星: a place said before 再 belongs to what follows.
    `然后|接着|随后|之后|并且|同时|另外|(?<!(?:${alternation(PLACES.flatMap(([, w]) => w.zh))})(?:的)?)(?:再|并)`,
    '(?<![A-Za-z])(?:and\\s+then|then|after\\s+that|afterwards|also)(?![A-Za-z])',
    `(?<![A-Za-z])and(?=\\s+(?:${EN_VERBS})(?![A-Za-z]))`,
    // remove the man and background change to white: and, a thing, then its own verb.
    '(?<![A-Za-z])and(?=\\s+(?:the\\s+)?[a-z]+\\s+(?:change|changes|become|becomes|turn|turns)(?![A-Za-z]))',
    // 把水印去掉和照片亮一点: 和 after a finished removal joins two requests (去除和文字重叠的水印
    // is one: 和 there begins what the watermark overlaps).
    '(?<=掉)(?:和|跟|以及)',
  ].join('|'),
  'giu',
);

/** Asking words at the start, and whom it is done for (帮奶奶把…). */
const LEAD =
  /^(?:\s|请你?|麻烦你?|帮[\p{Script=Han}]{1,3}?(?=把|将)|帮我|帮忙|给我|能不能|可以|(?:please|pls|kindly|(?:can|could|would)\s+you)(?![A-Za-z]))+/iu;
/** Closing words of a request (lexicon/lead.json `tail`), longest first. */
const TRAIL = new RegExp(
  `(?:\\s|${[...REQUEST.tail.zh, ...REQUEST.tail.en.map((w) => `(?<![A-Za-z])${w.replace(/ /g, '\\s+')}`)]
    .sort((a, b) => b.length - a.length)
    .join('|')})+$`,
  'iu',
);

/** Strips politeness at both ends: 请…一下, please … thanks. */
export function clean(text: string): string {
  return text.replace(TRAIL, '').replace(LEAD, '').replace(TRAIL, '').trim();
}

/** Splits shape[from, to) into segments, handing each the quotes it holds (counted from the start). */
export function splitSegments(shape: string, quotes: QuotedSpan[], from = 0, to = shape.length): Segment[] {
  const out: Segment[] = [];
  let base = [...shape.slice(0, from)].filter((c) => c === Q).length;
  for (const part of shape.slice(from, to).split(SPLIT)) {
    const n = [...part].filter((c) => c === Q).length;
    const text = clean(part ?? '');
    if (text !== '') out.push({ text, quotes: quotes.slice(base, base + n) });
    base += n;
  }
  return out;
}

/** The phrase with its quote marks spelled out as the user typed them (文字'仅供参考'). */
export function spell(phrase: string, seg: Segment): string {
  let i = 0;
  return phrase.replace(new RegExp(Q, 'gu'), () => {
    const q = seg.quotes[i++];
    return q ? `${q.open}${q.text}${q.close}` : '';
  });
}

/** Runs `re` (global) over `text`, calls `hit` per match, returns the text with matches blanked out. */
export function consume(text: string, re: RegExp, hit: (m: RegExpExecArray) => void): string {
  return text.replace(re, (...args) => {
    // (match, ...captures, offset, input[, groups]): groups only when the pattern names some.
    const named = typeof args.at(-1) === 'object';
    const m = Object.assign(args.slice(0, named ? -3 : -2), {
      index: args.at(named ? -3 : -2) as number,
      input: text,
      groups: named ? args.at(-1) : undefined,
    }) as unknown as RegExpExecArray;
    hit(m);
    return ' ';
  });
}

/** The text without the phrases `re` accepts (residue form), and whether there was any. */
export function strip(text: string, re: RegExp): { rest: string; any: boolean } {
  let any = false;
  const rest = consume(text, re, () => (any = true));
  return { rest: residue(rest), any };
}

/** What is left once separators and `fillers` are removed; '' when every word was understood. */
export function residue(text: string, fillers?: RegExp): string {
  const rest = fillers ? text.replace(fillers, ' ') : text;
  return rest.replace(/[\s,，;；.。、!！?？:：~～&+=]+/gu, ' ').trim();
}

/** Latin word boundaries that also work next to CJK text (\b does not). */
export const B = '(?<![A-Za-z])';
export const E = '(?![A-Za-z])';

/** Chinese numerals people write for small counts and ordinals (三朵, 第二个). */
export const ZH_DIGITS: Record<string, number> = {
  一: 1,
  两: 2,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  十: 10,
};
const EN_NUMBERS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  twelve: 12,
  twenty: 20,
};

/** 3 / 三 / 十二 / 二十 / three → the number; undefined for anything else. */
export function numberOf(word: string): number | undefined {
  const w = word.trim().toLowerCase();
  if (/^\d{1,3}$/.test(w)) return Number(w);
  if (EN_NUMBERS[w] !== undefined) return EN_NUMBERS[w];
  const zh = /^([一两二三四五六七八九])?(十)?([一二三四五六七八九])?$/u.exec(w);
  if (!zh || w === '') return undefined;
  if (!zh[2]) return zh[3] ? undefined : ZH_DIGITS[zh[1]];
  return (zh[1] ? ZH_DIGITS[zh[1]] : 1) * 10 + (zh[3] ? ZH_DIGITS[zh[3]] : 0);
}
