import type { Anchor, Box } from '../types.js';

/** Where an anchor sits on each axis: -1 the left/top edge, 0 the middle, 1 the right/bottom edge. */
export function anchorAxes(anchor: Anchor): { h: -1 | 0 | 1; v: -1 | 0 | 1 } {
  const h = anchor.endsWith('left') ? -1 : anchor.endsWith('right') ? 1 : 0;
  const v = anchor.startsWith('top') ? -1 : anchor.startsWith('bottom') ? 1 : 0;
  return { h, v };
}

/** 留白10% means 10% of the shorter side, on both axes, so the gap looks the same on each edge. */
export function marginPx(margin: number, width: number, height: number): number {
  return Math.round(margin * Math.min(width, height));
}

export interface Placement {
  /** Integer box inside the image, at least `margin` from the edges it is anchored to. */
  box: Box;
  /** ≤ 1: how much the wanted size had to shrink to fit inside the margins. */
  factor: number;
}

/**
 * Puts a box of the wanted size at the anchor, `margin` pixels from the nearest edges (centred on
 * an axis the anchor does not name). A box too big for the space inside the margins on either axis
 * shrinks, keeping its aspect, until it fits.
 */
export function placeBox(
  anchor: Anchor,
  imgW: number,
  imgH: number,
  want: { width: number; height: number },
  margin: number,
): Placement {
  const availW = Math.max(1, imgW - 2 * margin);
  const availH = Math.max(1, imgH - 2 * margin);
  const factor = Math.min(1, availW / want.width, availH / want.height);
  const width = clamp(Math.round(want.width * factor), 1, availW);
  const height = clamp(Math.round(want.height * factor), 1, availH);
  const { h, v } = anchorAxes(anchor);
  const along = (axis: -1 | 0 | 1, size: number, total: number) => {
    if (axis < 0) return Math.min(margin, total - size);
    if (axis > 0) return Math.max(0, total - margin - size);
    return Math.floor((total - size) / 2);
  };
  return { box: { x: along(h, width, imgW), y: along(v, height, imgH), width, height }, factor };
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
