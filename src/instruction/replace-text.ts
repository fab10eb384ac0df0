import { FILLERS, LEAD, MARKS, ROLES, TEXT_VERBS, wordSet } from './lexicon.js';
import { ordinal } from './phrase.js';
import { QUOTE_MARK as Q } from './quotes.js';
import { type Token, tokenize } from './tokens.js';

/**
 * Replace-text clauses, read from tokens with lexicon/text-verbs.json. They run on the "shape" of
 * an instruction (every quoted span one QUOTE_MARK), so quoted words are never read as verbs or
 * colours: 把'红色'改成'蓝色' replaces a text. A clause is two quotes with a verb between them:
 *
 *   [prefix] Q [link] forward-verb [modifiers] Q      把'A'改成'B' / 将标题文字'A'修改为'B' / 'A'这几个字也改成红色的'B'
 *                                                     Change "A" to "B" / Update 'A' to read 'B' / 'A' should say 'B'
 *   用|substitute Q reverse-verb Q                    用'B'替换'A' / Substitute 'B' for 'A' (the second quote is the old text)
 *   Q -> Q                                            "A" -> "B"
 *
 * The [prefix] (把, 将, 第二个, change the headline) belongs to the clause; the [modifiers] between the
 * verb and the new quote (把'A'改成红色的'B') are returned as `inner` for the modifier grammar.
 * Everything else between clauses is the caller's. A clause never crosses a comma or a full stop.
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

const FORWARD = wordSet(TEXT_VERBS.forward);
const REVERSE = wordSet(TEXT_VERBS.reverse);
const REVERSE_LEAD = wordSet(TEXT_VERBS.reverseLead);
const LINK = wordSet(TEXT_VERBS.link, MARKS, ROLES, FILLERS);
const PREFIX = wordSet(TEXT_VERBS.prefix, LEAD, MARKS, ROLES, FILLERS, FILLERS.links);
const CLOSING = wordSet(LEAD.tail);
const ARROW = /^\s*(?:->|→|=>|⇒|⟶|➔|➡)\s*$/u;
const BREAK = /[,，;；。!！?？\n]/u;
/** Pieces of an ordinal as the segmenter cuts them: 第 2 处, 最后 一个, 倒数 第二个, the 3rd. */
const ORDINAL =
  /^(?:第.*|最后.*|倒数.*|\d{1,2}|[一二两三四五六七八九十]|[个处行条]|一[个处行条]|\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|last)$/u;

/**
 * 把'早餐'换掉，换成'午餐' / 把'周六'改一下，改成'周日': a verb said twice across a comma, the first
 * time with nothing but the words that go with it (掉, 一下), is one clause.
 */
function restated(between: Token[]): boolean {
  const cut = between.findIndex((t) => BREAK.test(t.text));
  if (cut <= 0 || between.slice(cut + 1).some((t) => BREAK.test(t.text))) return false;
  const first = between.slice(0, cut);
  const second = between.slice(cut + 1);
  const verbish = (t: Token) =>
    FORWARD.has(t.norm) || LINK.has(t.norm) || CLOSING.has(t.norm) || RESTATE.has(t.norm);
  return (
    first.some((t) => FORWARD.has(t.norm)) &&
    first.every(verbish) &&
    second.length > 0 &&
    FORWARD.has(second[0].norm)
  );
}
const RESTATE = new Set(['一下', '下', '掉', '一下子']);

/** All replace-text clauses in the shape string, left to right, non-overlapping. */
export function findClauses(shape: string): ClauseMatch[] {
  const toks = tokenize(shape);
  const quotes = toks.flatMap((t, i) => (t.text === Q ? [i] : []));
  const out: ClauseMatch[] = [];
  let used = -1;
  for (let k = 0; k + 1 < quotes.length; k++) {
    const [a, b] = [quotes[k], quotes[k + 1]];
    if (a <= used) continue;
    const gap = shape.slice(toks[a].end, toks[b].start);
    if (BREAK.test(gap) && !restated(toks.slice(a + 1, b))) continue;
    // The words before the old text that belong to the clause: 把, 将标题文字, change the, 第二个.
    let p = a;
    while (
      p - 1 > used &&
      (PREFIX.has(toks[p - 1].norm) ||
        REVERSE_LEAD.has(toks[p - 1].norm) ||
        ORDINAL.test(toks[p - 1].norm)) &&
      !BREAK.test(shape.slice(toks[p - 1].end, toks[p].start))
    )
      p--;
    const prefix = toks.slice(p, a);
    const link = toks.slice(a + 1, b).filter((t) => !BREAK.test(t.text));
    const v = link.findIndex((t) => FORWARD.has(t.norm) || REVERSE.has(t.norm));
    const reversed = prefix.some((t) => REVERSE_LEAD.has(t.norm)) && link.some((t) => REVERSE.has(t.norm));
    if (!ARROW.test(gap) && (v < 0 || !link.slice(0, v).every((t) => LINK.has(t.norm)))) continue;
    // After the verb (and words that go with it: 更新 成, should say): modifiers of the new text.
    let w = v;
    while (w >= 0 && w + 1 < link.length && (FORWARD.has(link[w + 1].norm) || LINK.has(link[w + 1].norm)))
      w++;
    const inner = w < 0 ? '' : shape.slice(link[w].end, toks[b].start).trim();
    out.push({
      start: toks[p].start,
      end: toks[b].end,
      oldQuote: reversed ? k + 1 : k,
      newQuote: reversed ? k : k + 1,
      inner,
      nth: ordinal(prefix),
    });
    used = b;
  }
  return out;
}
