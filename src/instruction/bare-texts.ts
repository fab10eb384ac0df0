import { objectLabel } from '../perception/labels.js';
import { parseColor } from './colors.js';
import { ALL_WORDS, FILLERS, LEAD, MARKS, ROLES, TEXT_VERBS, wordSet } from './lexicon.js';
import { QUOTE_MARK as Q } from './quotes.js';
import { type Token, tokenize } from './tokens.js';

/**
 * Texts written without quotes (把OPEN改成CLOSED, Change HOT to COLD, 把299改成259, 把第二个特价改成秒杀,
 * 把 原价 改成 特价): a replacement whose old and new words can only be texts is read as if quoted.
 * What could be an object, a colour or a phrase (把杯子改成蓝色, change it to red) is left alone, and
 * only detected, to ask for quotes. The image decides: an old text that is not there is TARGET_NOT_FOUND.
 */

const FORWARD = wordSet(TEXT_VERBS.forward);
const LINK = wordSet(TEXT_VERBS.link, MARKS, ROLES, FILLERS);
const PREFIX = wordSet(TEXT_VERBS.prefix, LEAD, MARKS, ROLES, FILLERS, FILLERS.links);
const MARKS_SET = wordSet(MARKS);
/** Words that go with a replacing verb when said just before it: 'A' change to 'B', 'A' should be 'B'. */
const BEFORE_VERB = new Set(['change', 'replace', 'should', 'needs', 'need', 'must', 'please', 'pls']);
const CLOSING = wordSet(LEAD.tail);
const ANY_WORD = wordSet(...ALL_WORDS);
const latin = (t: Token) => /^[a-z]/i.test(t.text);
/** A word some lexicon knows (a verb, a filler, an object): not a bare text. */
const KNOWN_WORD = (w: string) =>
  LINK.has(w.toLowerCase()) ||
  PREFIX.has(w.toLowerCase()) ||
  FORWARD.has(w.toLowerCase()) ||
  objectLabel(w) !== undefined;

/** The clause shape of an unquoted sentence: its verb, and the words before and after it. */
function bareShape(
  text: string,
): { before: Token[]; verb: Token; after: Token[]; described?: number } | undefined {
  if (text.includes(Q)) return undefined;
  const toks = tokenize(text);
  const v = toks.findIndex((t, i) => i > 0 && FORWARD.has(t.norm) && (latin(t) || [...t.text].length > 1));
  if (v < 0) return undefined;
  let start = 0;
  while (start < v && PREFIX.has(toks[start].norm) && !MARKS_SET.has(toks[start].norm)) start++;
  // change the date from Dec 3 to Dec 10: the old text is what comes after 'from'.
  // What the text is (the date, the cappuccino price) is said before 'from' and set aside.
  const from = toks.findIndex((t, i) => i < v && (t.norm === 'from' || t.norm === '从'));
  if (from >= 0 && from + 1 < v && start > 0) {
    return {
      before: toks.slice(from + 1, v),
      verb: toks[v],
      after: toks.slice(v + 1),
      described: toks[start].start,
    };
  }
  // 特价两个字改成促销: a text marked by 两个字 needs no 把 before it.
  if (start === 0 && v > 1 && MARKS_SET.has(toks[v - 1].norm) && !latin(toks[0])) start = 0;
  else if (start === 0 || start === v) return undefined;
  // the ¥299 change become ¥199: a verb word said before the verb is not the text (Shop Now is).
  let end = v;
  while (end - 1 > start && BEFORE_VERB.has(toks[end - 1].norm)) end--;
  return { before: toks.slice(start, end), verb: toks[v], after: toks.slice(v + 1) };
}

/**
 * Instructions that look like a replacement but have no quotes (把标题改成红色: is 红色 the new
 * text or a colour?). Not guessed at; detected only to tell the user to add quotes.
 */
export function looksLikeUnquotedReplacement(shape: string): boolean {
  return unquotedReplacement(shape) !== undefined;
}

/** The old and new words of a replacement written without quotes (把限时抢购改成新品首发), as typed. */
export function unquotedReplacement(text: string): { old: string; new: string; latin: boolean } | undefined {
  const bare = bareShape(text);
  if (!bare || bare.after.length === 0) return undefined;
  const words = (toks: Token[]) => text.slice(toks[0].start, toks.at(-1)?.end).trim();
  const before =
    MARKS_SET.has(bare.before.at(-1)?.norm ?? '') && bare.before.length > 1
      ? bare.before.slice(0, -1)
      : bare.before;
  return { old: words(before), new: words(bare.after), latin: latin(bare.verb) };
}

/** A word that can only be a text on the image: a number or price (299, ¥199, 8折), or a capitalised Latin word no lexicon knows (OPEN, HOT). */
function textLike(toks: Token[], text: string): boolean {
  const words = text.slice(toks[0].start, toks.at(-1)?.end).trim();
  // ¥199, 8折, 50% OFF, NT$1,280, HK$ 99.
  if (/^(?:[A-Z]{1,3}\s?)?[¥$€£]?\s?\d+(?:[.,]\d+)*\s*(?:折|元|块|%)?\s*(?:off)?$/iu.test(words)) return true;
  // Dates: Dec 3, 3 December, 3月1日, 12/25.
  if (
    /^(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?|\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*|\d{1,2}月\d{1,2}[日号]?|\d{1,2}\/\d{1,2})$/iu.test(
      words,
    )
  )
    return true;
  // Latin words are a text when written as one, in capitals or Title Case (OPEN, FREE SHIPPING, 50% OFF,
  // Summer Clearance); "the date" names a thing.
  const shout = (w: string) =>
    (/^[A-Z0-9][A-Z0-9&'%-]*$/.test(w) && /[A-Z]/.test(w)) || /^[A-Z][a-z]+(?:'s)?$/.test(w); // SALE, Summer
  const number = (w: string) => /^(?:[A-Z]{1,3})?[¥$€£]?\d+(?:[.,]\d+)*%?$/.test(w);
  return (
    toks.length <= 4 &&
    toks.every((t) => shout(t.text) || number(t.text)) &&
    toks.some((t) => shout(t.text) && [...t.text].length > 1) &&
    !toks.some((t) => KNOWN_WORD(t.text) || parseColor(t.text))
  );
}

/**
 * 把OPEN改成CLOSED / Change HOT to COLD / 把299改成259 / 把热卖两个字改成爆款: when both texts are
 * unambiguous (numbers, prices, Latin words that are no object, colour or command, or a text marked
 * by 两个字), the sentence with both put in quotes; else undefined. The image then decides: an old
 * text that is not there is TARGET_NOT_FOUND.
 */
export function quoteBareTexts(text: string): string | undefined {
  const spaced = spacedTexts(text);
  if (spaced) return spaced;
  const bare = bareShape(text);
  if (!bare || bare.after.length === 0) return undefined;
  let { before } = bare;
  const marked = before.length > 1 && MARKS_SET.has(before.at(-1)?.norm ?? '');
  if (marked) before = before.slice(0, -1);
  // the word BRUNCH: a mark word before the text names it, like 两个字 after it.
  if (before.length > 1 && /^(?:word|words|text|label)$/iu.test(before[0].norm)) before = before.slice(1);
  // The new text runs to the first word of a modifier (in red, 字体变红) or the end.
  // The new text: the longest run of its first words (up to three: ¥ 199, 8 折) that is one text.
  // 把标题改成双十一大促 / 把第二个特价改成秒杀: Chinese words no lexicon knows, on both sides, are texts.
  const words = (toks: Token[]) => text.slice(toks[0].start, toks.at(-1)?.end);
  const kept =
    /^ROLEX/u.test(words(before)) || !textLike(before, text)
      ? before.filter((t) => !/^(?:第|最后|倒数)/u.test(t.norm))
      : [];
  if (
    kept.length > 0 &&
    (/^ROLEX/u.test(words(kept)) || plainText(words(kept))) &&
    plainText(words(bare.after))
  )
    before = kept;
  const plain = before === kept && plainText(words(bare.after));
  const after = plain
    ? bare.after
    : ([3, 2, 1].map((n) => bare.after.slice(0, n)).find((g) => g.length > 0 && textLike(g, text)) ??
      bare.after.slice(0, 1));
  if (!plain && (!(marked || textLike(before, text)) || (!marked && !textLike(after, text))))
    return undefined;
  const rest = text.slice(after.at(-1)?.end ?? after[0].end);
  const closing = CLOSING.has(
    rest
      .trim()
      .toLowerCase()
      .replace(/[!！.。]+$/u, ''),
  );
  if (
    rest.trim() !== '' &&
    !closing &&
    !/^\s*(?:[,，;；]|in\b|and\b|with\b|字体|颜色|并|加粗|bold|bigger|smaller)/iu.test(rest)
  )
    return undefined;
  const quote = (s: string) => `“${s}”`;
  const [b0, b1] = [before[0].start, before.at(-1)?.end ?? before[0].end];
  const [a0, a1] = [after[0].start, after.at(-1)?.end ?? after[0].end];
  // 把标题字改成大红色: a colour after the verb is the colour, never the new text.
  if (parseColor(text.slice(a0, a1))) return undefined;
  const lead = bare.described === undefined ? text.slice(0, b0) : text.slice(0, bare.described);
  return lead + quote(text.slice(b0, b1)) + text.slice(b1, a0) + quote(text.slice(a0, a1)) + rest;
}

/**
 * 把 新品上市 改成 新品首发: Chinese words set apart by spaces around the verb are the texts, when
 * neither is a colour, an object or a word of the lexicons (把 杯子 换成 蓝色 is a recolour).
 */
function spacedTexts(text: string): string | undefined {
  const m =
    /^(?<lead>(?:把|将)\s*)(?:[\p{Script=Han}]{1,6}\s+)?(?<a>\S+)(?<mid>\s+(?:改成|换成|改为|换为|替换成|替换为|变成)\s+)(?<b>\S+)\s*$/u.exec(
      text,
    );
  const g = m?.groups;
  if (!g) return undefined;
  // Set apart by spaces, the words are the texts even when a lexicon knows them (把 原价 改成 特价).
  const isText = (w: string) => /^[\p{Script=Han}\d¥$%.]+$/u.test(w) && !parseColor(w) && !objectLabel(w);
  if (!isText(g.a) || !isText(g.b)) return undefined;
  return `${g.lead}“${g.a}”${g.mid}“${g.b}”`;
}

/** Chinese words (and numbers) that name nothing a lexicon knows: no colour, object, verb or cue. */
function plainText(w: string): boolean {
  const toks = tokenize(w);
  return (
    [...w].length <= 16 &&
    /^[\p{Script=Han}\d¥$%.]+$/u.test(w) &&
    /\p{Script=Han}/u.test(w) &&
    !parseColor(w) &&
    !toks.some((t) => KNOWN_WORD(t.text) || ANY_WORD.has(t.norm) || parseColor(t.text))
  );
}
