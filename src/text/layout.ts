import type { Quad } from '../types.js';
import type { Box } from '../types.js';
import { fromFrame, toFrame, type LineFrame } from './frame.js';

export type Alignment = 'left' | 'center' | 'right';

interface Span {
  a0: number;
  a1: number;
  b0: number;
  b1: number;
}

function spanOf(frame: LineFrame, quad: Quad): Span {
  const pts = quad.map(([x, y]) => toFrame(frame, x, y));
  const a = pts.map((p) => p[0]);
  const b = pts.map((p) => p[1]);
  return { a0: Math.min(...a), a1: Math.max(...a), b0: Math.min(...b), b1: Math.max(...b) };
}

/**
 * Infers how a line is aligned from the lines stacked above and below it (shared left edge, centre
 * or right edge), then from the image's centre line; posters default to centred.
 */
export function inferAlignment(
  frame: LineFrame,
  others: Quad[],
  image: Box,
): { align: Alignment; reason: string } {
  // Compare OCR boxes with OCR boxes: both carry the detector's padding, so their edges line up
  // exactly when the texts do.
  const me = { a0: 0, a1: frame.length };
  const votes = { left: 0, center: 0, right: 0 };
  for (const q of others) {
    const s = spanOf(frame, q);
    if (s.b1 > 0 && s.b0 < frame.height) continue; // same row: a neighbour, not a stacked line
    const tol = Math.max(3, 0.12 * Math.max(frame.height, s.b1 - s.b0));
    if (Math.abs(s.a0 - me.a0) < tol) votes.left++;
    if (Math.abs((s.a0 + s.a1) / 2 - (me.a0 + me.a1) / 2) < tol) votes.center++;
    if (Math.abs(s.a1 - me.a1) < tol) votes.right++;
  }
  // Where the line sits on the image counts as one more vote, measured across the image in image
  // x: on a tilted line, positions along the line's own axis drift with its height on the image.
  const [mid] = fromFrame(frame, (me.a0 + me.a1) / 2, frame.height / 2);
  const [start] = fromFrame(frame, me.a0, frame.height / 2);
  const [end] = fromFrame(frame, me.a1, frame.height / 2);
  const where =
    Math.abs(mid - (image.x + image.width / 2)) < image.width * 0.04
      ? 'center'
      : Math.min(start, end) - image.x < image.width * 0.15
        ? 'left'
        : image.x + image.width - Math.max(start, end) < image.width * 0.15
          ? 'right'
          : undefined;
  const score = (k: Alignment) => votes[k] + (where === k ? 1 : 0);
  const best = (['center', 'left', 'right'] as const).reduce((p, q) => (score(q) > score(p) ? q : p));
  if (score(best) === 0) return { align: 'center', reason: 'default: keeps the text centred where it was' };
  const parts = [
    votes[best] ? `shares its ${best} edge with ${votes[best]} other line(s)` : '',
    where === best ? (best === 'center' ? 'centred on the image' : `near the ${best} edge of the image`) : '',
  ].filter(Boolean);
  return { align: best, reason: parts.join('; ') };
}

/**
 * The free run along the line for new text: up to the nearest other text on the same row or the
 * image edge, keeping at least the margin the original had (capped at 2% of the image).
 */
export function freeSpan(
  frame: LineFrame,
  ink: { a0: number; a1: number },
  others: Quad[],
  image: Box,
): { lo: number; hi: number } {
  const [left] = toFrame(frame, image.x, image.y + image.height / 2);
  const [right] = toFrame(frame, image.x + image.width, image.y + image.height / 2);
  const edge = Math.max(image.width, image.height) * 0.02;
  let lo = Math.min(ink.a0, left + edge);
  let hi = Math.max(ink.a1, right - edge);
  const gap = frame.height * 0.3;
  for (const q of others) {
    const s = spanOf(frame, q);
    if (s.b1 <= frame.height * 0.2 || s.b0 >= frame.height * 0.8) continue;
    if (s.a1 <= ink.a0) lo = Math.max(lo, Math.min(ink.a0, s.a1 + gap));
    else if (s.a0 >= ink.a1) hi = Math.min(hi, Math.max(ink.a1, s.a0 - gap));
  }
  return { lo, hi };
}
