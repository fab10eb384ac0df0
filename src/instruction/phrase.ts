import { isPluralName, objectLabel } from '../perception/labels.js';
import type { Anchor, ObjectTarget, Pick } from '../types.js';
import type { RequestContext } from './context.js';
import {
  FILLERS,
  MARKS,
  MASK,
  PARTS,
  PICKS,
  PLACES,
  QUANTITY,
  ROLE_WORDS,
  SUBJECTS,
  wordSet,
} from './lexicon.js';
import { QUOTE_MARK as Q } from './quotes.js';
import type { Segment } from './segments.js';
import type { Token } from './tokens.js';

/**
 * What a target phrase names (the words a remove or recolour verb acts on), read from its tokens
 * with the lexicons:
 *   - a quoted text, whatever noun surrounds it (水印"内部资料", the 'PROOF' stamp) → text;
 *   - the user's --mask (我刷过的地方, the highlighted region, this) → mask;
 *   - a head noun: the last known noun in Chinese (桌上的杯子), the first in English (the laptop on
 *     the desk), with places (左边的 / on the left) and sizes or distances (最大的, 远处的 → smallest)
 *     around it as a pick; words inside a modifier (…的 before the head, on/from/near … after it) are
 *     landmarks and name nothing;
 *   - a place alone (右下角, the top-left corner) → a region.
 * Anything else is not understood: the caller refuses it, naming the words.
 */

export type PhraseRead =
  | { kind: 'target'; target: ObjectTarget }
  | { kind: 'background' }
  | { kind: 'several' }
  | { kind: 'unknown' };

const has = (set: ReadonlySet<string>) => (t: Token) => set.has(t.norm);
const isFiller = has(wordSet(FILLERS));
const isLink = has(wordSet(FILLERS.links));
const isCue = has(wordSet(MASK.cues));
const isArea = has(wordSet(MASK.area));
const isPart = has(wordSet(PARTS));
const isSeveral = has(wordSet(QUANTITY));
const isEveryone = has(wordSet(QUANTITY.everyone));
/** Links two targets (路人和车): the grammar splits on these before reading a phrase. */
export const isJoin = has(wordSet(FILLERS.joins));
const isSubject = has(wordSet(SUBJECTS.subject));
const isBackground = has(wordSet(SUBJECTS.background));
const isMark = has(wordSet(MARKS));
const isRole = has(wordSet(ROLE_WORDS.price, ROLE_WORDS.title));
export const LARGEST = wordSet(PICKS.largest);
export const SMALLEST = wordSet(PICKS.smallest);
export const ANCHOR = new Map<string, Anchor>(
  PLACES.flatMap(([anchor, w]) =>
    [...w.zh, ...w.en].map((x) => [x.toLowerCase().replace(/-/g, ' '), anchor] as const),
  ),
);
const latin = (t: Token) => /^[a-z]/i.test(t.text);

export type Noun =
  { kind: 'object'; label: string } | { kind: 'subject' } | { kind: 'watermark' } | { kind: 'background' };

export function nounOf(t: Token): Noun | undefined {
  if (isEveryone(t)) return { kind: 'object', label: 'person' };
  if (isMark(t)) return { kind: 'watermark' };
  if (isSubject(t)) return { kind: 'subject' };
  if (isBackground(t)) return { kind: 'background' };
  // 一只猫 / 那辆车: a measure word glued to the noun.
  const label =
    objectLabel(t.text) ??
    objectLabel(t.text.replace(/ /g, '-')) ??
    objectLabel(t.text.replace(/^(?:一|几|那|这)?[只个辆位件条张把台部盆棵头匹]/u, ''));
  return label ? { kind: 'object', label } : undefined;
}

const ZH_ORDINAL = /^第([一二两三四五六七八九十]|\d{1,2})(?:个|处|行|条)?$/u;
const EN_ORDINALS: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, fifth: 5, last: -1 };

/** 第二个 / 最后一个 / 倒数第二个 / second / 3rd / last → 2, -1, -2, 2, 3, -1. */
export function ordinal(tokens: Token[]): number | undefined {
  const joined = tokens.map((t) => t.text).join('');
  const back = /倒数第([一二两三四五六七八九十]|\d{1,2})/u.exec(joined);
  if (back) return -zhNumber(back[1]);
  if (/最后一[个处行条]|最后/u.test(joined)) return -1;
  for (const t of tokens) {
    const zh = ZH_ORDINAL.exec(t.text);
    if (zh) return zhNumber(zh[1]);
    if (EN_ORDINALS[t.norm] !== undefined) return EN_ORDINALS[t.norm];
    const en = /^(\d{1,2})(?:st|nd|rd|th)$/.exec(t.norm);
    if (en) return Number(en[1]);
  }
  const zh = /第([一二两三四五六七八九十]|\d{1,2})/u.exec(joined);
  return zh ? zhNumber(zh[1]) : undefined;
}

function zhNumber(s: string): number {
  return /\d/.test(s) ? Number(s) : s === '两' ? 2 : '一二三四五六七八九十'.indexOf(s) + 1;
}

/** Reads the target tokens of one step. `phrase` is how the user wrote them, for the report. */
export function readPhrase(given: Token[], seg: Segment, ctx: RequestContext, phrase: string): PhraseRead {
  let tokens = given;
  const quotes = tokens.filter((t) => t.text.includes(Q));
  if (quotes.length > 0) {
    if (quotes.length !== 1 || seg.quotes.length !== 1) return { kind: 'unknown' };
    const nth = ordinal(tokens);
    const text = seg.quotes[0].text;
    return {
      kind: 'target',
      target: nth === undefined ? { kind: 'text', text, phrase } : { kind: 'text', text, phrase, nth },
    };
  }
  // 所有的人 / all the people: every match of an object; watermarks and quoted texts are all found anyway.
  const every = tokens.some(isSeveral) || tokens.some(isEveryone);
  if (every) tokens = tokens.filter((t) => !isSeveral(t));
  // 路人和车 / the watermark and the car: two targets, which one reading cannot hold.
  if (tokens.some(isJoin)) return { kind: 'unknown' };
  const words = tokens.filter((t) => !isFiller(t) || isCue(t));
  if (words.length === 0 || (words.some(isCue) && tokens.every((t) => isCue(t) || isArea(t) || isFiller(t))))
    return words.length === 0 && !ctx.mask
      ? { kind: 'unknown' }
      : { kind: 'target', target: { kind: 'mask', phrase } };

  // The head noun: the last one in Chinese, the first in English (where modifiers follow it).
  const nouns = tokens.map((t, i) => ({ i, noun: nounOf(t) })).filter((n) => n.noun);
  const head =
    nouns.length === 0 ? undefined : latin(tokens[nouns[0].i]) ? nouns[0] : nouns[nouns.length - 1];
  let anchor: Anchor | undefined;
  let size: Pick | undefined;
  for (const [i, t] of tokens.entries()) {
    if (i === head?.i || isFiller(t) || isPart(t) || isLink(t)) continue;
    const place = ANCHOR.get(t.norm);
    if (place) anchor ??= place;
    else if (LARGEST.has(t.norm)) size ??= { by: 'size', order: 'largest' };
    else if (SMALLEST.has(t.norm)) size ??= { by: 'size', order: 'smallest' };
    else if (!head || !(insideModifier(tokens, i, head.i) || describesHead(tokens, i, head.i)))
      return { kind: 'unknown' };
  }
  // 最左边的 with nothing after 的 leaves out what it describes: not the region itself.
  const dangling = tokens.at(-1)?.text.endsWith('的');
  if (!head?.noun)
    return anchor && !dangling && !every
      ? { kind: 'target', target: { kind: 'region', anchor, phrase } }
      : { kind: 'unknown' };
  const noun = head.noun;
  // remove the bottles: an English plural with nothing that picks one means every one.
  const plural = latin(tokens[head.i]) && isPluralName(tokens[head.i].text);
  if (plural && noun.kind === 'object' && !anchor && !size)
    return { kind: 'target', target: { kind: 'object', label: noun.label, phrase, all: true } };
  if (every) {
    if (noun.kind === 'object' && !anchor && !size)
      return { kind: 'target', target: { kind: 'object', label: noun.label, phrase, all: true } };
    if (noun.kind !== 'watermark') return { kind: 'several' };
  }
  if (noun.kind === 'background')
    return anchor || size || nouns.length > 1 ? { kind: 'unknown' } : { kind: 'background' };
  // The subject is one thing: a place or a size cannot pick among subjects.
  if (noun.kind === 'subject')
    return anchor || size ? { kind: 'unknown' } : { kind: 'target', target: { kind: 'subject', phrase } };
  // 标题那行字 / the price text: a text named by its role is read by roles.ts, not as a watermark.
  if (noun.kind === 'watermark' && tokens.some(isRole)) return { kind: 'unknown' };
  if (noun.kind === 'watermark')
    return {
      kind: 'target',
      target: anchor ? { kind: 'watermark', phrase, anchor } : { kind: 'watermark', phrase },
    };
  const pick: Pick | undefined = anchor ? { by: 'position', anchor } : size;
  return {
    kind: 'target',
    target: pick
      ? { kind: 'object', label: noun.label, phrase, pick }
      : { kind: 'object', label: noun.label, phrase },
  };
}

/**
 * True when token i sits in a modifier of the head: before it and followed by a 的-link in Chinese
 * (电线杆旁边的摩托车), after it and behind a preposition in English (the laptop on the desk).
 */
function insideModifier(tokens: Token[], i: number, head: number): boolean {
  if (i < head)
    return tokens.slice(i + 1, head).some((t) => isLink(t) && !latin(t)) || tokens[i].text.endsWith('的');
  return tokens.slice(head + 1, i).some((t) => isLink(t) && latin(t));
}

/**
 * True when token i stands right before the head, fillers aside: a word that qualifies it (抖音水印,
 * the TikTok watermark, the red car). It narrows nothing the detector can see, so it names no other thing.
 */
function describesHead(tokens: Token[], i: number, head: number): boolean {
  return i < head && tokens.slice(i + 1, head).every((t) => isFiller(t) && !isLink(t));
}
