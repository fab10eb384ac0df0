import { dilate, distanceTo, type Mask } from '../image/mask.js';
import type { Box } from '../types.js';
import type { FittedStyle } from './fit.js';
import { fromFrame, inFrame, type LineFrame } from './frame.js';
import { renderText, type TextSpec } from './render.js';
import type { Segmentation } from './segment.js';

/** Old ink to remove, in p2 coordinates: loose ink within the replaced span (and its shadow). */
export function eraseMask(
  seg: Segmentation,
  frame: LineFrame,
  p1: Box,
  p2: Box,
  a0: number,
  a1: number,
  shadow: TextSpec['shadow'],
  lineHeight: number,
  outline: number,
  exclude: Mask,
  model: Mask | undefined,
): Mask {
  const out = new Uint8Array(p2.width * p2.height);
  const grow = lineHeight * 0.15 + outline;
  const m = Math.max(1, lineHeight * 0.06) + outline;
  for (let y = 0; y < p1.height; y++) {
    for (let x = 0; x < p1.width; x++) {
      const i = y * p1.width + x;
      if (exclude[i]) continue;
      if (model) {
        // Textured background: loose ink would include texture, so erase what the fitted glyphs
        // cover (2) plus confident ink in the span close to them (1).
        if (model[i] === 2 || (model[i] === 1 && seg.ink[i] && inFrame(frame, x, y, grow, a0 - m, a1 + m))) {
          out[(y + p1.y - p2.y) * p2.width + (x + p1.x - p2.x)] = 1;
        }
        continue;
      }
      if (!seg.inkLoose[i] && !(shadow && seg.contrast[i] >= 8)) continue;
      const inSpan = inFrame(frame, x, y, grow, a0 - m, a1 + m);
      const inShadow =
        shadow !== undefined &&
        inFrame(frame, x - shadow.dx, y - shadow.dy, grow + shadow.blur, a0 - m, a1 + m);
      if (!seg.inkLoose[i] && !inShadow) continue;
      if (inSpan || inShadow) out[(y + p1.y - p2.y) * p2.width + (x + p1.x - p2.x)] = 1;
    }
  }
  return dilate(out, p2.width, p2.height, 2 + (shadow ? shadow.blur / 2 : 0));
}

/**
 * The fitted old glyphs of the erased span (fill, outline, shadow) in p1: 2 where they cover (grown
 * by a pixel), 1 within a few pixels of them, where real ink may stand if the fit was imperfect.
 */
export function oldGlyphs(
  p1: Box,
  frame: LineFrame,
  style: FittedStyle,
  a: number,
  b: number,
  text: string,
): Mask {
  const [x, y] = fromFrame(frame, a, b);
  const layer = renderText(p1.width, p1.height, {
    text,
    font: style.font,
    sizePx: style.sizePx,
    origin: { x, y },
    angle: style.angle,
    skew: style.skew,
    fill: { kind: 'solid', rgb: style.fill },
    outline: style.outline,
    shadow: style.shadow,
  });
  const m = new Uint8Array(p1.width * p1.height);
  for (let i = 0; i < m.length; i++) m[i] = layer[i * 4 + 3] > 0 ? 1 : 0;
  const dist = distanceTo(m, p1.width, p1.height, true);
  const near = Math.max(3, style.sizePx * 0.06);
  for (let i = 0; i < m.length; i++) m[i] = dist[i] <= 1 ? 2 : dist[i] <= near ? 1 : 0;
  return m;
}

/**
 * The retry's hole, in p2 coordinates: every confident old-ink pixel of the span, grown by about an
 * eighth of the line height. A soft shadow or a halo the style fit missed (a shadow on a blurred
 * photo is hard to tell from the photo) lies within that band; other lines stay out of it.
 */
export function widenErase(
  erase: Mask,
  ink: Mask,
  frame: LineFrame,
  p1: Box,
  p2: Box,
  a0: number,
  a1: number,
  exclude: Mask,
  /** A drop shadow the fit missed, seen standing after the first attempt: erased with the ink. */
  ghost?: { dx: number; dy: number },
): void {
  const add = new Uint8Array(erase.length);
  const keep = new Uint8Array(erase.length);
  const grow = frame.height * 0.15;
  // The ghost's band: wider across the line by the shadow's reach, and longer only on the side the
  // shadow falls (the word before the old text keeps its own glyphs).
  const along = ghost ? ghost.dx * frame.ux + ghost.dy * frame.uy : 0;
  const reach = ghost ? Math.hypot(ghost.dx, ghost.dy) + frame.height * 0.12 : 0;
  const inBand = (x: number, y: number) => {
    if (inFrame(frame, x, y, grow, a0, a1)) return true;
    if (!ghost) return false;
    const px = x + 0.5 - frame.ox;
    const py = y + 0.5 - frame.oy;
    const a = px * frame.ux + py * frame.uy;
    const b = px * frame.vx + py * frame.vy;
    return (
      a >= a0 - grow + Math.min(0, along) &&
      a <= a1 + grow + Math.max(0, along) &&
      b >= -grow - reach &&
      b <= frame.height + grow + reach
    );
  };
  for (let y = 0; y < p1.height; y++) {
    for (let x = 0; x < p1.width; x++) {
      const i = y * p1.width + x;
      const j = (y + p1.y - p2.y) * p2.width + x + p1.x - p2.x;
      if (exclude[i]) keep[j] = 1;
      else if (ink[i] && inFrame(frame, x, y, grow, a0, a1)) {
        add[j] = 1;
        if (!ghost) continue;
        const [gx, gy] = [x + p1.x - p2.x + ghost.dx, y + p1.y - p2.y + ghost.dy];
        if (gx >= 0 && gy >= 0 && gx < p2.width && gy < p2.height) add[gy * p2.width + gx] = 1;
      }
    }
  }
  const grown = dilate(add, p2.width, p2.height, Math.max(3, frame.height * 0.12));
  // Within the line's own band: the retry erases more of the line, not more of the picture.
  for (let y = 0; y < p2.height; y++) {
    for (let x = 0; x < p2.width; x++) {
      const j = y * p2.width + x;
      if (grown[j] && !keep[j] && inBand(x + p2.x - p1.x, y + p2.y - p1.y)) erase[j] = 1;
    }
  }
}
