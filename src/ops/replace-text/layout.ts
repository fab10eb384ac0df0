import type { Raster } from '../../image/raster.js';
import type { FittedStyle } from '../../text/fit.js';
import type { FontId } from '../../text/fonts.js';
import { fromFrame, toFrame } from '../../text/frame.js';
import { freeSpan, inferAlignment, type Alignment } from '../../text/layout.js';
import { advance, measureInk, type InkBox, type TextSpec } from '../../text/render.js';
import type { ShadowGhost } from '../../text/shadow-ghost.js';
import type { ReplaceTextStep } from '../../types.js';
import type { Analysed } from './analyse.js';
import { shiftQuad } from './geometry.js';
import type { TextTarget } from './target.js';

/** Where and how the new text goes on the old line. Positions are along the line, in frame units. */
export interface Layout {
  /** The fitted style, at the detector's angle on a retry. */
  style: FittedStyle;
  /** The line as fitted, split around the old text. */
  prefix: string;
  old: string;
  suffix: string;
  /** What is drawn: the new text, followed by the old suffix when the new width moves it. */
  drawn: string;
  /** The old text is the whole line. */
  whole: boolean;
  /** The fitted baseline, across the line. */
  ob: number;
  /** Where the old text starts, and where the erase of what is redrawn ends. */
  oldA0: number;
  eraseA1: number;
  font: FontId;
  /** The size drawn at: the fitted one, scaled as asked, shrunk when the line has no room. */
  size: number;
  /** Where the drawn text starts, and its ink at that size. */
  at: number;
  ink: InkBox;
  align: Alignment;
  reason: string;
  spec: TextSpec;
}

const BOLD: Partial<Record<FontId, FontId>> = { 'sans-regular': 'sans-bold', 'serif-regular': 'serif-bold' };

/**
 * Lays the new text out where the old one stood: aligned as the line was, shrunk to the free span
 * when wider than it (with a warning), in the fitted style, with a shadow like the one a retry saw.
 */
export function layOut(
  img: Raster,
  t: TextTarget,
  params: ReplaceTextStep['params'],
  analysed: Analysed,
  warnings: string[],
  retry?: { ghost?: ShadowGhost },
): Layout {
  const { p1, frame } = analysed;
  const style = retry ? { ...analysed.style, angle: frame.angle } : analysed.style;

  // Geometry along the line, in frame units, from the fitted baseline origin. Indices shift by the
  // spaces the fit put back; a space just before the old text stays with the prefix.
  const shift = (i: number) => i + style.spaces.filter((s) => s <= i).length;
  const chars = [...style.text];
  const start = shift(t.start);
  const end = shift(t.end - 1) + 1;
  const prefix = chars.slice(0, start).join('');
  const old = chars.slice(start, end).join('');
  const suffix = chars.slice(end).join('');
  const [oa, ob] = toFrame(frame, style.origin.x, style.origin.y);
  const font = params.bold ? (BOLD[style.font] ?? style.font) : style.font;
  let size = style.sizePx * (params.scale ?? 1);
  const oldA0 = oa + advance(prefix, style.font, style.sizePx);
  const oldA1 = oa + advance(prefix + old, style.font, style.sizePx);
  const whole = prefix === '' && suffix === '';
  const keepSuffix =
    suffix !== '' &&
    Math.abs(advance(params.text, font, size) - advance(old, style.font, style.sizePx)) < 0.5;
  const drawn = whole || keepSuffix || suffix === '' ? params.text : params.text + suffix;
  const eraseA1 = drawn === params.text ? oldA1 : oa + advance(style.text, style.font, style.sizePx);

  const bounds = { x: -p1.x, y: -p1.y, width: img.width, height: img.height };
  const { align, reason } = whole
    ? inferAlignment(
        frame,
        t.others.map((q) => shiftQuad(q, p1)),
        bounds,
      )
    : { align: 'left' as const, reason: 'continues the rest of its line' };
  const span = freeSpan(
    frame,
    { a0: oldA0, a1: eraseA1 },
    t.others.map((q) => shiftQuad(q, p1)),
    bounds,
  );
  const startFor = (s: number) => {
    const w = advance(drawn, font, s);
    if (align === 'left') return oldA0;
    if (align === 'right') return eraseA1 - w;
    return (oldA0 + eraseA1) / 2 - w / 2;
  };
  let at = startFor(size);
  let ink = measureInk(drawn, font, size);
  const need = { a0: at + ink.left, a1: at + ink.right };
  if (need.a0 < span.lo - 0.5 || need.a1 > span.hi + 0.5) {
    const room =
      align === 'left'
        ? span.hi - oldA0
        : align === 'right'
          ? eraseA1 - span.lo
          : 2 * Math.min((oldA0 + eraseA1) / 2 - span.lo, span.hi - (oldA0 + eraseA1) / 2);
    const factor = Math.max(0.3, Math.min(1, room / Math.max(1, ink.right - ink.left)));
    size *= factor;
    at = startFor(size);
    ink = measureInk(drawn, font, size);
    warnings.push(
      `The new text is wider than the space available; it was shrunk to ${Math.round(factor * 100)}% to fit.`,
    );
  }
  const k = size / style.sizePx;
  const [gx, gy] = fromFrame(frame, at, ob);
  const spec: TextSpec = {
    text: drawn,
    font,
    sizePx: size,
    origin: { x: gx + p1.x, y: gy + p1.y },
    angle: style.angle,
    skew: style.skew,
    fill: params.color ?? style.fillSpec,
    outline: style.outline && { rgb: style.outline.rgb, width: Math.max(1, style.outline.width * k) },
    shadow: style.shadow
      ? { ...style.shadow, dx: style.shadow.dx * k, dy: style.shadow.dy * k }
      : retry?.ghost && ghostShadow(retry.ghost, style.sizePx, k),
  };
  return {
    style,
    prefix,
    old,
    suffix,
    drawn,
    whole,
    ob,
    oldA0,
    eraseA1,
    font,
    size,
    at,
    ink,
    align,
    reason,
    spec,
  };
}

/**
 * A black shadow as dark as the one seen: a shadow of opacity a darkens luma B by about a·B at its
 * core, and the measure, taken across the soft edge too, sees about half of that.
 */
function ghostShadow(g: ShadowGhost, sizePx: number, k: number): TextSpec['shadow'] {
  const alpha = Math.min(0.85, (2 * g.darkening) / Math.max(40, g.background));
  return {
    rgb: [0, 0, 0],
    alpha: round(alpha),
    dx: g.dx * k,
    dy: g.dy * k,
    blur: Math.max(2, sizePx * 0.08 * k),
  };
}

const round = (v: number) => Math.round(v * 100) / 100;
