import type { Anchor } from '../types.js';
import * as AW from './add-words.js';
import * as BW from './background-words.js';
import type { RequestContext } from './context.js';
import type { Seen, Thing } from './loose-spot.js';
import { ordinal } from './phrase.js';
import { tokenize } from './tokens.js';

/**
 * The request a clause's key words make (loose-spot.ts), said again in the grammar's own words
 * (make the background a gradient from pink to purple, remove every person, add hearts in the top),
 * so the one grammar builds the plan.
 */

const GRADIENT = /渐变|gradient/iu;
const BOLD = /加粗|粗体|粗一点|bold/iu;
const SMALLER = /缩小|小一点|小一些|改小|shrink|smaller/iu;
const BIGGER = /放大|大一点|大一些|改大|enlarge|bigger|larger/iu;
/** A price or number said as a text (99元, NT$1,280, 8折). */
export const NUMBER = /(?:[A-Z]{1,3})?[¥$€£￥]?\d+(?:[.,]\d+)*(?:元|块|折|%)?/u;
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

/** The request in the grammar's own words, or undefined when the words spotted make none. */
export function restate(
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
  if (role && !value && color && !s.background)
    return `make the ${role} ${color}${BOLD.test(text) ? ' and bold' : ''}`;
  if (role && !value && BOLD.test(text) && !s.remove && !s.add) return `make the ${role} bold`;
  if (role && !value && !s.remove && !s.add && SMALLER.test(text)) return `make the ${role} smaller`;
  if (role && !value && !s.remove && !s.add && BIGGER.test(text)) return `make the ${role} bigger`;
  if (s.background) {
    if (s.colors.length === 2) {
      const dir = HORIZONTAL.test(whole) ? ', left to right' : VERTICAL.test(whole) ? ', top to bottom' : '';
      return `make the background a gradient from ${s.colors[0]} to ${s.colors[1]}${dir}`;
    }
    if (color) return `make the background ${GRADIENT.test(text) ? `a ${color} gradient` : color}`;
    if (BLUR.test(text)) return 'blur the background';
    if (TRANSPARENT.test(text)) return 'make the background transparent';
    if (ctx.asset && (ASSET.test(text) || s.colors.length === 0))
      return 'use the uploaded image as the background';
    return undefined;
  }
  const target = thing ? phrase(thing) : ctx.mask && s.pronoun ? 'the painted area' : undefined;
  // the last "NEW" delete it: which occurrence is said of the text, and kept.
  if (s.remove && quotes.length === 1 && !s.add) return `remove the ${which(text)}'${quotes[0]}'`;
  if (s.remove && !s.add && (target || ctx.mask)) return `remove ${target ?? 'the painted area'}`;
  // One hue recolours (a gradient does not); stickers and logos keep their own colours.
  if (color && target && !s.remove && !s.add && !GRADIENT.test(text)) return `recolor ${target} to ${color}`;
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
  // 后面的游客全都: with all, how far says which ones the user sees, not which one to take.
  if (t.all) return t.anchor ? undefined : `every ${n.label}`;
  return `the ${t.size ? `${t.size} ` : ''}${n.label}${at}`;
}

/** 'last ', '2nd ' or 'text ': the occurrence a clause names, in words the grammar reads. */
function which(text: string): string {
  // Outside the quotes only: '1st Anniversary' names no occurrence.
  const n = ordinal(tokenize(text.replace(/["“'‘「][^"”'’」]*["”'’」]/gu, ' ')));
  if (n === -1) return 'last ';
  if (n === undefined || n < 1) return 'text ';
  const suffix =
    n % 10 === 1 && n !== 11
      ? 'st'
      : n % 10 === 2 && n !== 12
        ? 'nd'
        : n % 10 === 3 && n !== 13
          ? 'rd'
          : 'th';
  return `${n}${suffix} `;
}
