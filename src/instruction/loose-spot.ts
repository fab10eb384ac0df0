import type { Anchor } from '../types.js';
import { parseColor } from './colors.js';
import { FILLERS, LOOSE, MARKS, MASK, QUANTITY, SUBJECTS, VERBS, alternation, wordSet } from './lexicon.js';
import { ANCHOR, LARGEST, SMALLEST, type Noun, nounOf } from './phrase.js';
import type { Token } from './tokens.js';

/**
 * The key words of one clause, for the loose reading (loose.ts): the thing named (its head noun, place,
 * size, all), colours said for it (not those said against: not brown, too orange), a removal verb
 * or complaint, an adding verb, the background, a pronoun. Which tokens were used is kept, so the
 * words left over can be listed as ignored.
 */

export interface Thing {
  noun?: Noun;
  anchor?: Anchor;
  size?: 'largest' | 'smallest';
  all: boolean;
}

export const has = (words: { zh: string[]; en: string[] }) => {
  const set = wordSet(words);
  return (t: Token) => set.has(t.norm);
};
const isUnwanted = has(LOOSE.unwanted);
const isGone = has(LOOSE.gone);
const isPronoun = has(LOOSE.pronouns);
const isPerson = has(LOOSE.people);
const isNegator = has(LOOSE.negators);
const isAgainst = has(LOOSE.against);
const isAdd = has(LOOSE.add);
const isRemove = has(VERBS.remove);
const SPLIT_VERB = new Set(VERBS.split.verbs);
// 'up' tidies as often as it removes (tidy her hair up, clean her face up): not a removal here.
const PARTICLE = new Set(VERBS.split.particles.filter((p) => p !== 'up'));
/** take it away, wipe the logo off: a split verb whose particle ends the clause. */
const isSplitRemove = (toks: Token[], i: number) =>
  SPLIT_VERB.has(toks[i].norm) && i + 2 < toks.length && PARTICLE.has(toks[toks.length - 1].norm);
const isAll = has({
  zh: [...QUANTITY.zh, ...QUANTITY.everyone.zh],
  en: [...QUANTITY.en, ...QUANTITY.everyone.en],
});
export const isFiller = has(FILLERS);
const isLink = has(FILLERS.links);
const isMaskCue = has(MASK.cues);
const isBackground = has(SUBJECTS.background);
const isMark = (t: Token | undefined) => t !== undefined && MARK_SET.has(t.norm);
const MARK_SET = wordSet(MARKS);
const UNWANTED_EN = new RegExp(`(?<![a-z])(?:${alternation(LOOSE.unwanted.en)})(?![a-z])`, 'iu');
const BEHIND = new RegExp(alternation([...LOOSE.behind.zh, ...LOOSE.behind.en]), 'iu');

export interface Seen {
  thing: Thing;
  pronoun: boolean;
  colors: string[];
  remove: boolean;
  add: boolean;
  background: boolean;
  /** Any key word: a clause with one is a request or nothing, never context. */
  cue: boolean;
  used: Set<number>;
  /** The thing the words describe is not one Scalpel knows (the shadow under the cup). */
  unread: boolean;
}

export function spot(toks: Token[], text: string): Seen {
  const used = new Set<number>();
  const thing: Thing = { all: false };
  let [head, bg] = [-1, -1];
  const colors: string[] = [];
  let [pronoun, remove, add, background] = [false, UNWANTED_EN.test(text), false, BEHIND.test(text)];
  let verb = false;
  for (const [i, t] of toks.entries()) {
    if (used.has(i)) continue;
    // 浅|灰色, navy blue: a colour of two words first; 从粉到紫: 从 or 到 glued to the colour.
    const next = toks[i + 1];
    const pair = next && parseColor(`${t.text}${/\p{Script=Han}/u.test(t.text) ? '' : ' '}${next.text}`);
    const color =
      pair ?? parseColor(t.text) ?? parseColor(t.text.replace(/^[从到至和或与跟]|[从到至和或与跟]$/gu, ''));
    // not brown, 而不是灰色, too orange; 黑色太闷了, 其实是灰的但是…: the colour there is, not the one asked.
    const negated =
      toks.slice(Math.max(0, i - 2), i).some(isNegator) ||
      toks.slice(i + (pair ? 2 : 1), i + (pair ? 4 : 3)).some(isAgainst);
    if (color && color.kind === 'solid') {
      if (!negated) colors.push(color.name ?? t.text);
      used.add(i);
      if (pair) used.add(i + 1);
      continue;
    }
    const noun = isPerson(t) ? ({ kind: 'object', label: 'person' } as const) : nounOf(t);
    const place = /^\p{Script=Han}$/u.test(t.text) ? undefined : ANCHOR.get(t.norm);
    let hit = true;
    // Chinese: the last noun is the head (草地上那几只羊); English: the first (the man on the left).
    if (noun && noun.kind !== 'background') {
      if (!thing.noun || /\p{Script=Han}/u.test(t.text)) [thing.noun, head] = [noun, i];
      if (isAll(t)) thing.all = true; // everyone, 所有人
    } else if (noun || isBackground(t)) [background, bg] = [true, i];
    // 孩子后面 / 桌子左边: a place right after a Chinese noun says where the thing is from it.
    else if ((place || LARGEST.has(t.norm) || SMALLEST.has(t.norm)) && after(toks, i)) hit = true;
    else if (place) thing.anchor = place;
    else if (LARGEST.has(t.norm)) thing.size = 'largest';
    else if (SMALLEST.has(t.norm)) thing.size = 'smallest';
    else if (isAll(t)) thing.all = true;
    // 去深圳: a bare 去 is going somewhere unless a mark or 掉/了 follows (去水印, 去掉).
    else if ((isRemove(t) && (t.norm !== '去' || goesOn(toks, i))) || isSplitRemove(toks, i))
      [remove, verb] = [true, true];
    else if (isUnwanted(t) || (isGone(t) && i > 0 && nounOf(toks[i - 1]) !== undefined)) remove = true;
    // the place I painted: an English verb after an article is a noun.
    else if (isAdd(t) && !(i > 0 && /^(?:the|a|an|this|that)$/u.test(toks[i - 1].norm))) add = true;
    else if (isPronoun(t) || isMaskCue(t)) pronoun = true;
    else hit = false;
    if (hit) used.add(i);
  }
  // What the words describe is not read: no thing, and no place of one.
  const unread = head >= 0 && landmark(toks, head, used);
  if (unread) [thing.noun, thing.anchor] = [undefined, undefined];
  // The man walking through the background / 背景里的路人: the background is where the thing is.
  if (bg >= 0 && thing.noun && (bg > head ? toks.slice(head, bg).some(isLink) : landmark(toks, bg, used)))
    background = false;
  // 拍全家福的时候乱入了: a complaint that names nothing is the reason for a removal said elsewhere.
  const reason = remove && !verb && !add && colors.length === 0 && !thing.noun && !thing.anchor && !pronoun;
  const cue = (remove && !reason) || add || colors.length > 0 || thing.noun?.kind === 'watermark';
  return { thing, pronoun, colors, remove, add, background, cue, used, unread };
}

/** 去掉, 去了, 去水印, 去个水印: what makes a bare 去 a removal. */
function goesOn(toks: Token[], i: number): boolean {
  const [a, b] = [toks[i + 1], toks[i + 2]];
  return (
    /^(?:掉|了|一下|除|吧)$/u.test(a?.norm ?? '') ||
    isMark(a) ||
    (a !== undefined && isFiller(a) && isMark(b))
  );
}

/** True when token i follows a Chinese noun directly (孩子后面): a postposition, not a pick. */
function after(toks: Token[], i: number): boolean {
  const before = toks[i - 1];
  return i > 0 && /\p{Script=Han}/u.test(toks[i].text) && nounOf(before) !== undefined && !isAll(before);
}

/**
 * A noun inside a modifier names where the thing is, not the thing (the shadow under the cup,
 * 杯子下面的影子): in English a link word stands before it, in Chinese a link and an unread word after it.
 */
function landmark(toks: Token[], head: number, used: Set<number>): boolean {
  if (!/\p{Script=Han}/u.test(toks[head].text)) {
    // the shadow under the cup: an unread word, a link, then the noun (the out-of-focus man is not).
    let j = head - 1;
    while (j >= 0 && isFiller(toks[j]) && !isLink(toks[j])) j--;
    return j > 0 && isLink(toks[j]) && toks.slice(0, j).some((t, i) => !used.has(i) && !isFiller(t));
  }
  // 杯子下面的影子: only places and fillers between the noun and its link, then an unread word.
  let k = head + 1;
  while (k < toks.length && !isLink(toks[k]) && (used.has(k) || isFiller(toks[k]))) k++;
  if (k >= toks.length || !isLink(toks[k])) return false;
  while (k < toks.length && (isLink(toks[k]) || isFiller(toks[k]))) k++;
  return k < toks.length && !used.has(k);
}
