import type { Anchor, ColorSpec, OverlayContent } from '../types.js';
import * as W from './add-words.js';
import { parseColor } from './colors.js';
import { amountsAsDigits } from './numerals.js';
import { consume, numberOf, type Segment } from './segments.js';
import { anchorOf, combineAnchors } from './targets.js';

/** Reading one segment's add words into a State (add.ts decides what the State makes). */

export const LARGER = 1.5;
export const SMALLER = 0.6;

export interface State {
  content?: OverlayContent;
  count?: number;
  needsText?: boolean;
  anchor?: { anchor: Anchor; phrase: string };
  margin?: number;
  opacity?: number;
  scale?: number;
  relative?: number;
  color?: ColorSpec;
  verb: boolean;
  /** The place came with a verb of putting (放到左上角): an add by itself, or a follow-up's place. */
  placing?: boolean;
  /** Contradictions and out-of-range values, reported only once the segment is known to be an add. */
  problems: string[];
  /** Two different things in one add (加上LOGO和水印'样品'): each gets its own clause. */
  several?: boolean;
}

/** The words an amount of an add follows (留白百分之十, 透明度百分之三十). */
const AMOUNT_LEAD = '留白|留边|边距|页边距|间距|透明度|不透明度|大小|尺寸|宽度';

export const round = (x: number): number => Math.round(x * 1000) / 1000;

/** Consumes every add word in `text` into `s`; returns what is left. Never throws (see problems). */
export function read(text: string, s: State, seg: Segment): string {
  const once = <K extends keyof State>(key: K, value: State[K], what: string): void => {
    if (s[key] !== undefined && JSON.stringify(s[key]) !== JSON.stringify(value)) {
      if (key === 'content') s.several = true;
      else s.problems.push(`The instruction contradicts itself: it gives two different ${what}.`);
    }
    s[key] = value;
  };
  const pct = (v: string, lo: number, hi: number, what: string): number => {
    const x = round(Number(v) / 100);
    if (!(x >= lo && x <= hi))
      s.problems.push(`The ${what} ${v}% is out of range (${lo * 100}–${hi * 100}%).`);
    return x;
  };
  const relative = (x: number) => once('relative', x, 'size changes (bigger and smaller)');
  let rest = amountsAsDigits(text, AMOUNT_LEAD);
  for (const re of W.MARGIN_RES)
    rest = consume(rest, re, (m) => once('margin', pct(m[1], 0, 0.4, 'margin'), 'margins'));
  for (const [re, isOpacity] of W.OPACITY_RES) {
    rest = consume(rest, re, (m) => {
      const x = pct(m[1], isOpacity ? 0.01 : 0, isOpacity ? 1 : 0.99, isOpacity ? 'opacity' : 'transparency');
      once('opacity', isOpacity ? x : round(1 - x), 'opacities');
    });
  }
  rest = consume(rest, W.HALF_TRANSPARENT, () => once('opacity', 0.5, 'opacities'));
  for (const re of W.SIZE_RES)
    rest = consume(rest, re, (m) => once('scale', pct(m[1], 0.01, 1, 'size'), 'sizes'));
  rest = consume(rest, W.LARGER, () => relative(LARGER));
  rest = consume(rest, W.SMALLER, () => relative(SMALLER));
  for (const re of W.ANCHOR_RES) {
    rest = consume(rest, re, (m) => {
      const phrase = (m.groups?.a ?? '').trim();
      // 放到左上角 / 放在…: the place's own word is the verb of putting.
      if (/^(?:放|置)/u.test(m[0])) s.placing = true;
      const anchor = anchorOf(phrase) ?? 'bottom-right';
      if (!s.anchor) s.anchor = { anchor, phrase };
      else {
        // 底部中间 / bottom center: two words for one place.
        const both = combineAnchors(s.anchor.anchor, anchor);
        if (both) {
          const gap = /[a-z]$/i.test(s.anchor.phrase) ? ' ' : '';
          s.anchor = { anchor: both, phrase: `${s.anchor.phrase}${gap}${phrase}` };
        } else s.problems.push('The instruction contradicts itself: it gives two different places.');
      }
    });
  }
  for (const re of W.TEXT_RES) {
    rest = consume(rest, re, (m) => {
      const mark = [...m[0]].find((c) => (c.codePointAt(0) ?? 0) >= W.QUOTE_BASE) ?? '';
      const quote = seg.quotes[(mark.codePointAt(0) ?? 0) - W.QUOTE_BASE];
      once('content', { kind: 'text', text: quote?.text ?? '' }, 'things to add');
      // watermark it with 'X': the noun used as the verb of adding.
      if (/^watermark\s/iu.test(m[0].trim())) s.verb = true;
    });
  }
  rest = consume(rest, W.BARE_WATERMARK, () => (s.needsText = true));
  rest = consume(rest, W.LOGO, (m) => {
    once('content', { kind: 'asset' }, 'things to add');
    const n = m.groups?.zn ?? m.groups?.en;
    if (n) once('count', n === '几' ? W.SOME : numberOf(n), 'counts');
  });
  for (const re of W.STICKER_RES) {
    rest = consume(rest, re, (m) => {
      const g = m.groups ?? {};
      const name = W.stickerOf(g.zs ?? g.es ?? '');
      if (!name) return;
      once('content', { kind: 'sticker', name }, 'things to add');
      const n = g.zc ?? g.ec;
      const plural = g.es !== undefined && /s$/iu.test(g.es);
      const count = n
        ? (W.VAGUE[n.toLowerCase().replace(/\s+/gu, ' ')] ?? numberOf(n))
        : plural
          ? W.SOME
          : undefined;
      if (count !== undefined) once('count', count, 'counts');
      if (g.adj) relative(/big|large/iu.test(g.adj) ? LARGER : SMALLER);
      const tint = g.zcol ?? g.ecol;
      if (tint) once('color', parseColor(tint), 'colours');
    });
  }
  rest = consume(rest, W.TEXT_COLOR, (m) => once('color', parseColor(m[1]), 'colours'));
  rest = consume(rest, W.LOCATOR, () => undefined);
  return consume(rest, W.VERB, () => (s.verb = true));
}
