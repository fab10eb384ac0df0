import { needsNewContent } from './generative.js';
import { parseColor } from './colors.js';
import { FILLERS, LEAD, LOOSE, MARKS, ROLES, SUBJECTS, TEXT_VERBS, VERBS, wordSet } from './lexicon.js';
import { objectLabel } from '../perception/labels.js';
import { STICKER_RES } from './add-words.js';
import { scanQuotes } from './quotes.js';
import { type Token, tokenize } from './tokens.js';

/**
 * Requests often come with why (老板说价格写错了，把'¥299'改成'¥259'吧 / Make it black and white for
 * the memorial post / Remove the guy on the left, he's not part of the campaign). A clause that
 * says why asks for nothing: when a sentence is not understood as a whole, it is read again without
 * such clauses, and without a trailing purpose (for …, to match …, so …, …用), and the words set
 * aside are kept in the plan (`ignored`) so nothing is dropped silently. A clause with a quoted
 * text, or one asking for new content, is never set aside.
 */

// 1,280 is a number, not two clauses.
const BREAKS = /(?!(?<=\d),\d{3}(?!\d))[,，;；。!！?？\n]|\s[-–—]\s/gu;
/** A trailing purpose or reason in English (for the memorial post, to match the brand guide, so it pops). */
const PURPOSE_EN =
  /\s+(?:for\s+(?:the|our|a|an|this|that|these|those|my|some|[a-z]+\s+[a-z]+)\b|to\s+(?:match|fit|go\s+with)\b|so\s+(?:that\s+)?(?:it|the|they|we|people)\b|because\b|since\b|as\s+(?:it|the)\b).*$/iu;
/** A trailing purpose in Chinese (做怀旧专题用, 跟秋季主题搭一点, 显得高级一点, 喜庆一点). */
const PURPOSE_ZH =
  /(?:做|给|为了|用于|跟|和|显得|看起来|更|要)?[\p{Script=Han}\w]{0,10}(?:用|搭一点|搭|一点|一些|些)$/u;

/** A clause that is a purpose by its form (做怀旧专题用, 给客户看的): what the picture is for. */
const PURPOSE_CLAUSE =
  /^(?:这张图?是|这是|图是|我要|我想|要|想)?(?:(?:做|给|为了?|用于|作为|拿去)[\p{Script=Han}\w]{0,10}(?:用|用的|看的|发的)|(?:拿去|用来|准备)[\p{Script=Han}\w]{1,10})$/u;

export interface Reading {
  text: string;
  ignored: string[];
}

/** The clauses of a sentence, cut at breaks outside quotes, each with its break kept out. */
export function clauses(text: string): string[] {
  const scan = scanQuotes(text);
  if (!scan.ok) return [text];
  const out: string[] = [];
  let from = 0;
  for (const m of text.matchAll(BREAKS)) {
    if (scan.quotes.some((q) => m.index > q.start && m.index < q.end)) continue;
    out.push(text.slice(from, m.index));
    from = m.index + m[0].length;
  }
  out.push(text.slice(from));
  return out.map((c) => c.trim()).filter((c) => c !== '');
}

const ASKING =
  /把|将|请|帮我|帮忙|麻烦|给我|不要|别|然后|接着|(?<![a-z])(?:don'?t|do\s+not|never|then)(?![a-z])/iu;
/**
 * Verbs of editing. The replacement's links are not (for, to, says, 是, 为 link the old text to the
 * new one, and are as common in context: "For the 618 campaign", "Boss says", "图是从网上下的").
 */
const VERB = wordSet(VERBS.remove, VERBS.edit, {
  zh: [...TEXT_VERBS.forward.zh, ...TEXT_VERBS.reverse.zh].filter((w) => [...w].length > 1),
  en: [],
});
const HAN = /\p{Script=Han}/u;
const STATEMENT =
  /^(?:they|it|this|that|these|those|he|she)(?:'s|'re|\s+(?:is|are|was|were|make|makes|look|looks|seem|seems|feel|feels))\b/iu;
/** Verbs of adding, whole words only (写 is in 写错了, which asks for nothing). */
const ADD = wordSet(LOOSE.add);
const THING = wordSet(SUBJECTS.subject, SUBJECTS.background, MARKS, ROLES);
const FILLER = wordSet(FILLERS, LEAD.tail);
/**
 * Part of the request, not context: asking words or a negation (把…, 请…, 不要变红), a verb of editing
 * anywhere (字体改成黑体, make the table fancier) or a colour: what no grammar read is then refused,
 * never set aside.
 */
export function asks(c: string, colors = true): boolean {
  if (ASKING.test(c) || STICKER_RES.some((re) => new RegExp(re.source, 'iu').test(c))) return true;
  // they make it look so cluttered: a statement about the picture, whatever its verb.
  const toks = tokenize(c);
  if (STATEMENT.test(c)) return colors && toks.some((t) => parseColor(t.text)) && colorAsks(toks);
  const verb = toks.some(
    (t) =>
      VERB.has(t.norm) || ADD.has(t.norm) || (HAN.test(t.norm) && [...t.norm].some((ch) => VERB.has(ch))),
  );
  return verb || (colors && toks.some((t) => parseColor(t.text) !== undefined) && colorAsks(toks));
}

/**
 * A colour asks when it is said of something Scalpel knows (背景白色, the cup red) or stands nearly
 * alone (红色的); in "we just launched a red variant" or "Our Black Friday promo" it only describes.
 */
function colorAsks(toks: Token[]): boolean {
  const named = toks.some((t) => objectLabel(t.text) || THING.has(t.norm));
  const other = toks.filter((t) => !parseColor(t.text) && !FILLER.has(t.norm));
  return named || other.length <= 1;
}

/** A clause with a quoted text in it is part of the request. */
const quoted = (c: string) => {
  const scan = scanQuotes(c);
  return !scan.ok || scan.quotes.length > 0;
};

/**
 * Readings of `text` that set aside clauses saying why, fewest set aside first; `parses` tells
 * whether a reading is understood. Clauses that `alone` reads are never set aside.
 */
export function withoutContext(
  text: string,
  alone: (clause: string) => boolean,
  parses: (reading: string) => boolean,
): Reading | undefined {
  const parts = clauses(text);
  // Each clause as typed, or with its trailing purpose cut off (the cut words are set aside).
  const variants = parts.map((c) => {
    const cut = c.replace(PURPOSE_EN, '');
    const zh = c.length > 4 ? c.replace(PURPOSE_ZH, '') : c;
    return [...new Set([c, cut, zh])].filter((v) => v.trim() !== '');
  });
  const droppable = parts.map(
    (c) =>
      !quoted(c) && (!asks(c) || PURPOSE_CLAUSE.test(c)) && !(needsNewContent(c) && asks(c)) && !alone(c),
  );
  const candidates: Reading[] = [];
  // Set aside any mix of the droppable clauses (never all of them), or cut one purpose off.
  const free = parts.flatMap((_, i) => (droppable[i] ? [i] : []));
  if (free.length <= 6) {
    for (let mask = 1; mask < 1 << free.length; mask++) {
      const out = new Set(free.filter((_, k) => mask & (1 << k)));
      if (out.size === parts.length) continue;
      candidates.push({
        text: parts.filter((_, i) => !out.has(i)).join('，'),
        ignored: parts.filter((_, i) => out.has(i)),
      });
    }
  }
  for (const [i, vs] of variants.entries()) {
    for (const v of vs.slice(1)) {
      const rest = parts.map((p, k) => (k === i ? v : p));
      candidates.push({ text: rest.join('，'), ignored: [parts[i].slice(v.length).trim()] });
    }
  }
  candidates.sort((a, b) => a.ignored.join('').length - b.ignored.join('').length);
  return candidates.find((c) => c.ignored.length > 0 && c.ignored.join('') !== '' && parses(c.text));
}

/** `f()`, or undefined when it throws: a reading tried that may not be understood. */
export function attempt<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}
