import { maskBounds, type Mask } from '../image/mask.js';
import type { Box } from '../types.js';
import { toFrame, type LineFrame } from './frame.js';

/** Small helpers shared by the style fit and its outline and shadow estimators. */

export function alphaMask(layer: Uint8Array, cut = 127): Mask {
  const m = new Uint8Array(layer.length / 4);
  for (let i = 0; i < m.length; i++) m[i] = layer[i * 4 + 3] > cut ? 1 : 0;
  return m;
}

export function overlap(layer: Uint8Array, ink: Mask): number {
  let inter = 0;
  let union = 0;
  for (let i = 0; i < ink.length; i++) {
    const a = layer[i * 4 + 3] > 127;
    const b = ink[i] !== 0;
    if (a && b) inter++;
    if (a || b) union++;
  }
  return union ? inter / union : 0;
}

export function inkBounds(mask: Mask, w: number, h: number): Box {
  return maskBounds(mask, w, h) ?? { x: 0, y: 0, width: w, height: h };
}

export function maskPoints(mask: Mask, w: number, frame: LineFrame): [number, number][] {
  const pts: [number, number][] = [];
  for (let i = 0; i < mask.length; i++)
    if (mask[i]) pts.push(toFrame(frame, (i % w) + 0.5, Math.floor(i / w) + 0.5));
  return pts;
}

/** Ink extents along and across the line, ignoring a stray pixel in a thousand. */
export function extents(pts: [number, number][]) {
  const a = pts.map((p) => p[0]).sort((x, y) => x - y);
  const b = pts.map((p) => p[1]).sort((x, y) => x - y);
  const q = (v: number[], p: number) =>
    v[Math.min(v.length - 1, Math.max(0, Math.round(p * (v.length - 1))))] ?? 0;
  return { a0: q(a, 0.001) - 0.5, a1: q(a, 0.999) + 0.5, b0: q(b, 0.001) - 0.5, b1: q(b, 0.999) + 0.5 };
}
