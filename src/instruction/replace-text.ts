import { QUOTE_MARK as Q } from './quotes.js';
import { ZH_DIGITS } from './segments.js';

/**
 * Replace-text clause grammar. It runs on the "shape" of an instruction (every quoted span
 * replaced by one QUOTE_MARK), so quoted words can never be read as verbs or colours: 把'红色'改成
 * '蓝色' is a text replacement, full stop. A clause is exactly two quotes joined by a verb:
 *
 *   zh: [请][把|将][图中的][文字] Q [这几个字] 改成|改为|换成|替换为|修改为|变成… [modifiers] Q
 *       改 Q 为 Q
 *       用 Q 替换|代替|取代 Q            (reversed: the second quote is the old text)
 *   en: change|replace|update|swap|turn… [the text] [from] Q to|into|with|by|for [modifiers] Q
 *       Q ->|→|=>|to|into Q
 *
 * The optional [modifiers] between verb and new quote cover 把'A'改成红色的'B'; the text there is
 * returned as `inner` for the modifier grammar. Everything else between clauses is the caller's.
 */

export interface ClauseMatch {
  /** Offsets in the shape string. */
  start: number;
  end: number;
  /** Index (in order of appearance) of the quote holding the old text. */
  oldQuote: number;
  newQuote: number;
  /** Words between the verb and the new-text quote, for the modifier grammar. */
  inner: string;
  /** Which occurrence (第二个 / the second: 2; the last: -1); undefined means every one. */
  nth?: number;
}

interface ClausePattern {
  re: RegExp;
  /** 用 Q 替换 Q: the first quote is the new text. */
  reversed: boolean;
}

/** Between the verb and the new quote: short, no quote, no clause break. */
const INNER = `(?<inner>[^${Q},，;；。]{0,24}?)`;

/** 第二个 / 第2处 / 最后一个 before the old quote; the second / 2nd / last in English. */
const ZH_NTH = '(?:第(?<nth>[一二两三四五六七八九十]|\\d{1,2})(?:个|处|行|条)?|(?<last>最后一个|最后一处))?';
const EN_NTH = '(?:(?<ennth>first|second|third|fourth|fifth|last|\\d{1,2}(?:st|nd|rd|th))\\s+)?';

const ZH_VERB =
  '(?:替换成|替换为|修改成|修改为|更改成|更改为|改写成|改写为|更换成|更换为|改成|改为|换成|换为|变成|变为)';
const ZH_PREFIX =
  '(?:请|麻烦)?(?:帮我|帮忙)?(?:把|将)?(?:图片?|海报|画面)?(?:中|上|里)?(?:的)?(?:文字|文本|字样|标题)?(?:的)?';
const ZH_DEMONSTRATIVE = '(?:这几个字|这个词|这段文字|这句话|这行字|几个字|字样|文字)?';

const EN_VERB = '(?:change|replace|rewrite|update|edit|swap|switch|turn|modify)';
const EN_NOUN = '(?:text|word|words|wording|phrase|label|title|caption|string|heading)';
const ARROW = '(?:->|→|=>|⇒|⟶|➔|➡)';

const PATTERNS: readonly ClausePattern[] = [
  {
    re: new RegExp(
      `${ZH_PREFIX}${ZH_NTH}\\s*${Q}\\s*${ZH_DEMONSTRATIVE}\\s*(?:也)?${ZH_VERB}${INNER}${Q}`,
      'gu',
    ),
    reversed: false,
  },
  { re: new RegExp(`(?:请)?(?:修改|更改|改|换)\\s*${Q}\\s*(?:为|成)${INNER}${Q}`, 'gu'), reversed: false },
  {
    re: new RegExp(`(?:请)?(?:用|以)\\s*${Q}\\s*(?:来)?(?:替换|代替|替代|取代|换掉)(?:掉)?\\s*${Q}`, 'gu'),
    reversed: true,
  },
  {
    re: new RegExp(
      `(?<![A-Za-z])(?:please\\s+)?${EN_VERB}\\s+(?:the\\s+)?${EN_NTH}(?:${EN_NOUN}\\s*)?(?:from\\s+)?${Q}` +
        `\\s*(?:to|into|with|by|for|${ARROW})(?![A-Za-z])${INNER}${Q}`,
      'giu',
    ),
    reversed: false,
  },
  { re: new RegExp(`${Q}\\s*(?:${ARROW}|(?<=\\s)(?:to|into)(?=\\s))${INNER}${Q}`, 'giu'), reversed: false },
];

function countQuotes(text: string): number {
  let n = 0;
  for (const ch of text) if (ch === Q) n++;
  return n;
}

/** The earliest (then longest) clause starting at or after `from`, or undefined. */
function nextClause(shape: string, from: number): ClauseMatch | undefined {
  let best: { m: RegExpExecArray; reversed: boolean } | undefined;
  for (const { re, reversed } of PATTERNS) {
    re.lastIndex = from;
    const m = re.exec(shape);
    if (!m) continue;
    if (!best || m.index < best.m.index || (m.index === best.m.index && m[0].length > best.m[0].length)) {
      best = { m, reversed };
    }
  }
  if (!best) return undefined;
  const { m, reversed } = best;
  // Every pattern holds exactly two quotes, so the clause's first quote is the next one in order.
  const first = countQuotes(shape.slice(0, m.index));
  return {
    start: m.index,
    end: m.index + m[0].length,
    oldQuote: reversed ? first + 1 : first,
    newQuote: reversed ? first : first + 1,
    inner: (m.groups?.inner ?? '').trim(),
    nth: ordinal(m.groups),
  };
}

const EN_WORDS: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, fifth: 5, last: -1 };

function ordinal(g: Record<string, string | undefined> | undefined): number | undefined {
  if (!g) return undefined;
  if (g.last) return -1;
  if (g.nth) return ZH_DIGITS[g.nth] ?? Number(g.nth);
  if (g.ennth) return EN_WORDS[g.ennth.toLowerCase()] ?? parseInt(g.ennth, 10);
  return undefined;
}

/** All replace-text clauses in the shape string, left to right, non-overlapping. */
export function findClauses(shape: string): ClauseMatch[] {
  const clauses: ClauseMatch[] = [];
  let from = 0;
  for (let c = nextClause(shape, from); c; c = nextClause(shape, from)) {
    clauses.push(c);
    from = c.end;
  }
  return clauses;
}

/**
 * Instructions that look like a replacement but have no quotes (把标题改成红色: is 红色 the new
 * text or a colour?). Not guessed at; detected only to tell the user to add quotes.
 */
export function looksLikeUnquotedReplacement(shape: string): boolean {
  return (
    !shape.includes(Q) &&
    (new RegExp(`(?:把|将).+${ZH_VERB}.+`, 'u').test(shape) ||
      new RegExp(`(?<![A-Za-z])${EN_VERB}\\s+.+\\s+(?:to|into|with|by)\\s+.+`, 'iu').test(shape))
  );
}
