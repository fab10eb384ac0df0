import type { Anchor, EditStep } from '../types.js';
import * as BW from './background-words.js';
import * as AW from './add-words.js';
import { parseColor } from './colors.js';
import type { RequestContext } from './context.js';
import { asks, clauses } from './context-clauses.js';
import {
  FILLERS,
  LOOSE,
  MASK,
  PLACES,
  QUANTITY,
  ROLE_WORDS,
  SUBJECTS,
  VERBS,
  alternation,
  wordSet,
} from './lexicon.js';
import { negated } from './objects.js';
import { ANCHOR, LARGEST, SMALLEST, type Noun, nounOf } from './phrase.js';
import { scanQuotes } from './quotes.js';
import { type Token, tokenize } from './tokens.js';

/**
 * The last reading, for a sentence no grammar reads in full: people describe what they see (后面那个
 * 糊糊的、正在走过去的男的去掉), say what is wrong (那个水印好扎眼啊, her handbag should be burgundy,
 * not brown) or point back (there's a random dude on the left, lose him). Each clause is read by the
 * grammar if it can be; otherwise its key words are spotted with the lexicons (a thing, a place, a
 * size, a colour, a verb or a complaint that asks for removal, a sticker, a role), the request is
 * said again in the grammar's own words, and the grammar reads that. A clause with no key word is
 * context; every word not used is listed in the plan's `ignored`. A clause with key words that make
 * no request fails the whole reading, so nothing is guessed.
 */

type Parse = (text: string) => EditStep[] | undefined;
interface Thing {
  noun?: Noun;
  anchor?: Anchor;
  size?: 'largest' | 'smallest';
  all: boolean;
}

const has = (words: { zh: string[]; en: string[] }) => {
  const set = wordSet(words);
  return (t: Token) => set.has(t.norm);
};
const isUnwanted = has(LOOSE.unwanted);
const isPronoun = has(LOOSE.pronouns);
const isPerson = has(LOOSE.people);
const isNegator = has(LOOSE.negators);
const isAdd = has(LOOSE.add);
const isRemove = has(VERBS.remove);
const isAll = has({
  zh: [...QUANTITY.zh, ...QUANTITY.everyone.zh],
  en: [...QUANTITY.en, ...QUANTITY.everyone.en],
});
const isFiller = has(FILLERS);
const isLink = has(FILLERS.links);
const isMaskCue = has(MASK.cues);
const isPrice = has(ROLE_WORDS.price);
const isTitle = has(ROLE_WORDS.title);
const isBackground = has(SUBJECTS.background);
const UNWANTED_EN = new RegExp(`(?<![a-z])(?:${alternation(LOOSE.unwanted.en)})(?![a-z])`, 'iu');
const BEHIND = new RegExp(alternation([...LOOSE.behind.zh, ...LOOSE.behind.en]), 'iu');
const PLACE_ZH = alternation(PLACES.flatMap(([, w]) => w.zh));
const BREAKS = new RegExp(
  `\\s+(?:${alternation(LOOSE.breaks.en)})\\s+|(?<!(?:${PLACE_ZH})的?)(?:${alternation(LOOSE.breaks.zh)})(?=\\p{Script=Han})|` +
    '\\s+and\\s+(?=(?:put|add|make|remove|change|blur|turn|give|stick|place|erase|delete)\\s)',
  'giu',
);
const isJoin = has(FILLERS.joins);
/** 画面右边那只狗不要: 不要 at the end says the thing is unwanted, not that the edit is. */
const UNWANTED_END = /(?:不要|不想要|不需要)[了啦吧啊呀]*$/u;
const GRADIENT = /渐变|gradient/iu;
const NUMBER = /[¥$€£￥]?\d+(?:[.,]\d+)?(?:元|块|折|%)?/u;
const words = (a: Anchor) => a.replace('-', ' ');
// The grammars' patterns are global (consumed in place); here each is only tested, so without state.
const once = (re: RegExp) => new RegExp(re.source, 'iu');
const [ASSET, BLUR, TRANSPARENT, HALF_TRANSPARENT, LOGO] = [
  BW.ASSET,
  BW.BLUR,
  BW.TRANSPARENT,
  AW.HALF_TRANSPARENT,
  AW.LOGO,
].map(once);
const [HORIZONTAL, VERTICAL] = [once(BW.HORIZONTAL), once(BW.VERTICAL)];
const [ANY_HORIZONTAL, ANY_VERTICAL] = [BW.HORIZONTAL, BW.VERTICAL];

export function readLoosely(
  instruction: string,
  ctx: RequestContext,
  parse: Parse,
): { steps: EditStep[]; ignored: string[] } | undefined {
  const parts = clauses(instruction).flatMap((c) =>
    c
      .split(BREAKS)
      .map((p) => p.trim())
      .filter(Boolean),
  );
  const steps: EditStep[] = [];
  const ignored: string[] = [];
  // What was talked about before: a later clause may only say what to do with it (lose him, 换成浅灰).
  let topic: Thing | 'background' | undefined;
  let role: 'price' | 'title' | undefined;
  let prev: { text: string; count: number } | undefined;
  for (const part of parts) {
    const read = readPart(part);
    if (read?.steps) {
      steps.push(...read.steps);
      if (read.unused) ignored.push(read.unused);
      prev = { text: read.said ?? part, count: read.steps.length };
      continue;
    }
    // 弄成红色，再加粗: a clause that only modifies the request before it is read with it.
    const joined = prev && parse(`${prev.text}，${part}`);
    if (prev && joined) {
      steps.splice(steps.length - prev.count, prev.count, ...joined);
      prev = { text: `${prev.text}，${part}`, count: joined.length };
      continue;
    }
    // A colour said against (not brown, too orange) asks for nothing; spot() kept the ones that do.
    if (read === undefined || asks(part, false)) return undefined;
    ignored.push(part);
  }
  return steps.length > 0 ? { steps: unique(steps), ignored } : undefined;

  /** Steps for one clause; `{}` when it asks for nothing (context); undefined when it asks but is not read. */
  function readPart(part: string): { steps?: EditStep[]; unused?: string; said?: string } | undefined {
    const strict = parse(part);
    if (strict) return { steps: strict };
    const scan = scanQuotes(part);
    if (!scan.ok) return undefined;
    const quotes = scan.quotes.map((q) => q.text);
    // from top to bottom, 左右方向: a gradient's direction, not a place.
    const toks = tokenize(scan.shape.replace(ANY_HORIZONTAL, ' ').replace(ANY_VERTICAL, ' '));
    const seen = spot(toks, part);
    // What the grammar refuses stays refused: two things joined (LOGO和水印), a negated request
    // (不要去掉水印; "not brown" beside a request is only a contrast).
    if (toks.some(isJoin)) return undefined;
    if (negated(part) && !UNWANTED_END.test(part))
      return seen.remove || seen.add || seen.thing.noun || quotes.length > 0 ? undefined : {};
    if (quotes.length > 0) seen.cue = true;
    const thing = seen.thing.noun || seen.thing.anchor ? seen.thing : undefined;
    role = toks.some(isPrice) ? 'price' : toks.some(isTitle) ? 'title' : role;
    // Nothing named here: the clause speaks of what was named before.
    const about = thing ?? (seen.thing.noun === undefined && !seen.unread ? topic : undefined);
    if (about === 'background') seen.background = true;
    const said = restate(
      seen,
      quotes,
      about === 'background' ? undefined : about,
      role,
      part,
      instruction,
      ctx,
    );
    topic = thing ?? (seen.background ? 'background' : topic);
    if (said === undefined) return seen.cue ? undefined : {};
    const steps = parse(said);
    if (!steps) return undefined;
    const unused = toks.filter((t, i) => !seen.used.has(i) && !isFiller(t)).map((t) => t.text);
    return { steps, said, unused: unused.join(/\p{Script=Han}/u.test(part) ? '' : ' ') };
  }
}

/** The same step said twice (there's a dude on the left, lose him) is one step. */
function unique(steps: EditStep[]): EditStep[] {
  const key = (s: EditStep) => JSON.stringify([s.op, { ...s.target, phrase: '' }, s.params]);
  return steps.filter((s, i) => steps.findIndex((o) => key(o) === key(s)) === i);
}

interface Seen {
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
    // 从粉到紫: the segmenter may glue 从 or 到 to the colour.
    const color = parseColor(t.text) ?? parseColor(t.text.replace(/^[从到至和或与跟]/u, ''));
    const negated = toks.slice(Math.max(0, i - 2), i).some(isNegator);
    // A colour word is a colour; orange names the fruit only where nothing else is named.
    if (color && !negated && color.kind === 'solid') {
      colors.push(color.name ?? t.text);
      used.add(i);
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
    else if (isRemove(t)) [remove, verb] = [true, true];
    else if (isUnwanted(t)) remove = true;
    else if (isAdd(t)) add = true;
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

/** The request in the grammar's own words, or undefined when the words spotted make none. */
function restate(
  s: Seen,
  quotes: string[],
  thing: Thing | undefined,
  role: 'price' | 'title' | undefined,
  text: string,
  whole: string,
  ctx: RequestContext,
): string | undefined {
  const color = s.colors.length === 1 ? s.colors[0] : undefined;
  const value = quotes.length === 1 ? quotes[0] : quotes.length === 0 ? NUMBER.exec(text)?.[0] : undefined;
  if (role && quotes.length <= 1 && value && !s.remove && !s.add)
    return `change the ${role} to '${value}'${color ? `, in ${color}` : ''}`;
  if (role && !value && color && !s.background) return `make the ${role} ${color}`;
  if (s.background) {
    if (s.colors.length === 2) {
      const dir = HORIZONTAL.test(whole) ? ', left to right' : VERTICAL.test(whole) ? ', top to bottom' : '';
      return `make the background a gradient from ${s.colors[0]} to ${s.colors[1]}${dir}`;
    }
    if (color) return `make the background ${color}`;
    if (BLUR.test(text)) return 'blur the background';
    if (TRANSPARENT.test(text)) return 'make the background transparent';
    if (ctx.asset && (ASSET.test(text) || s.colors.length === 0))
      return 'use the uploaded image as the background';
    return undefined;
  }
  const target = thing ? phrase(thing) : ctx.mask && s.pronoun ? 'the painted area' : undefined;
  if (s.remove && quotes.length === 1 && !s.add) return `remove the text '${quotes[0]}'`;
  if (s.remove && !s.add && (target || ctx.mask)) return `remove ${target ?? 'the painted area'}`;
  // One hue recolours (a gradient does not); stickers and logos keep their own colours.
  if (color && target && !s.remove && !s.add && !GRADIENT.test(text)) return `make ${target} ${color}`;
  if (s.colors.length > 0 && quotes.length === 0) return undefined;
  const sticker = AW.STICKER_RES.map((re) => once(re).exec(text)).find(Boolean);
  const name = sticker && AW.stickerOf(sticker.groups?.zs ?? sticker.groups?.es ?? '');
  const at = thing?.anchor ? ` in the ${words(thing.anchor)}` : '';
  if (s.add && quotes.length === 1 && !GRADIENT.test(text))
    return `add the text '${quotes[0]}'${at}${color ? ` in ${color}` : ''}`;
  if (name) return `add ${name === 'confetti' ? name : `${name}s`}${at}`;
  if (s.add && ctx.asset && LOGO.test(text)) {
    const opacity = AW.OPACITY_RES.map(([re]) => once(re).exec(text)?.[0]).find(Boolean);
    const half = HALF_TRANSPARENT.test(text) || /see[\s-]?through/iu.test(text) ? ', semi-transparent' : '';
    return `add the logo${at}${half}${opacity ? `, ${opacity}` : ''}`;
  }
  return undefined;
}

function phrase(t: Thing): string | undefined {
  const n = t.noun;
  const at = t.anchor ? ` in the ${words(t.anchor)}` : '';
  if (!n) return t.anchor ? `the ${words(t.anchor)} corner` : undefined;
  if (n.kind === 'watermark') return `the watermark${at}`;
  if (n.kind === 'subject') return t.all ? undefined : 'the product';
  if (n.kind !== 'object') return undefined;
  if (t.all) return t.anchor || t.size ? undefined : `every ${n.label}`;
  return `the ${t.size ? `${t.size} ` : ''}${n.label}${at}`;
}
