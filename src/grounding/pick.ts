import type { Anchor, Box, Pick } from '../types.js';

/**
 * Choosing one of several matches ("去掉这个人" with three people) and naming parts of the frame.
 * With no stated position or size, the most prominent match wins: area × confidence, so a large,
 * sure detection beats a small or doubtful one. The reason is returned for the report.
 */

export interface Candidate {
  box: Box;
  confidence: number;
}

const centre = (b: Box): [number, number] => [b.x + b.width / 2, b.y + b.height / 2];

/** Where an anchor sits in a w×h frame, as a point (corners are the corners themselves). */
export function anchorPoint(anchor: Anchor, w: number, h: number): [number, number] {
  const x = anchor.endsWith('left') ? 0 : anchor.endsWith('right') ? w : w / 2;
  const y = anchor.startsWith('top') ? 0 : anchor.startsWith('bottom') ? h : h / 2;
  return [x, y];
}

/**
 * The part of the frame a region phrase names: a third of each side for the corners and edges
 * (右下角 / the bottom-right corner), the middle third for 中间 / the center.
 */
export function regionBox(anchor: Anchor, w: number, h: number): Box {
  const cw = Math.round(w / 3);
  const ch = Math.round(h / 3);
  const x = anchor.endsWith('left') ? 0 : anchor.endsWith('right') ? w - cw : cw;
  const y = anchor.startsWith('top') ? 0 : anchor.startsWith('bottom') ? h - ch : ch;
  // The edges (left, top, …) span the whole side they name.
  if (anchor === 'left' || anchor === 'right') return { x, y: 0, width: cw, height: h };
  if (anchor === 'top' || anchor === 'bottom') return { x: 0, y, width: w, height: ch };
  return { x, y, width: cw, height: ch };
}

/** The candidate the pick asks for, and why it was chosen. `items` must not be empty. */
export function choose<T extends Candidate>(
  items: readonly T[],
  pick: Pick | undefined,
  frame: { width: number; height: number },
  noun: string,
): { chosen: T; reason: string } {
  const n = items.length;
  const of = n > 1 ? ` of ${n} ${noun}s found` : '';
  if (n === 1 && !pick) return { chosen: items[0], reason: `the only ${noun} found` };
  if (pick?.by === 'size') {
    const sign = pick.order === 'largest' ? -1 : 1;
    const chosen = [...items].sort((a, b) => sign * (area(a.box) - area(b.box)))[0];
    return { chosen, reason: `the ${pick.order}${of}` };
  }
  if (pick?.by === 'position') {
    const [px, py] = anchorPoint(pick.anchor, frame.width, frame.height);
    // Edges compare one coordinate only: "the person on the left" is the leftmost, whatever its height.
    const horizontal = pick.anchor === 'left' || pick.anchor === 'right';
    const vertical = pick.anchor === 'top' || pick.anchor === 'bottom';
    const dist = (b: Box) => {
      const [cx, cy] = centre(b);
      if (horizontal) return Math.abs(cx - px);
      if (vertical) return Math.abs(cy - py);
      return Math.hypot(cx - px, cy - py);
    };
    const chosen = [...items].sort((a, b) => dist(a.box) - dist(b.box))[0];
    return { chosen, reason: `the one nearest the ${pick.anchor}${of}` };
  }
  const chosen = [...items].sort((a, b) => area(b.box) * b.confidence - area(a.box) * a.confidence)[0];
  return { chosen, reason: `the most prominent (size × confidence)${of}` };
}

/** Share of `b`'s area inside `region`. */
export function overlapShare(b: Box, region: Box): number {
  const w = Math.min(b.x + b.width, region.x + region.width) - Math.max(b.x, region.x);
  const h = Math.min(b.y + b.height, region.y + region.height) - Math.max(b.y, region.y);
  return w > 0 && h > 0 ? (w * h) / Math.max(1, area(b)) : 0;
}

const area = (b: Box) => b.width * b.height;
