import { dilateSquare, type Mask } from '../image/mask.js';
import { Histogram } from '../image/histogram.js';
import type { Raster } from '../image/raster.js';
import type { Box } from '../types.js';

/** Edges inside the fill of an erased line that the untouched pixels round it do not have. */
export interface Blotch {
  /** The untouched ring's own gradient (95th percentile), luma levels per pixel; null: no ring. */
  ring_gradient: number | null;
  /** The worst glyph-sized stretch: fill pixels with a gradient twice the ring's, per line height. */
  worst_edges: number;
}

const luma = (d: Uint8Array, g: number) => 0.299 * d[g * 4] + 0.587 * d[g * 4 + 1] + 0.114 * d[g * 4 + 2];

/**
 * Seams and patch edges a person sees where a line was erased: in the exposed fill (changed pixels
 * the new text does not cover), pixels whose luma gradient is well above what the untouched ring
 * round the fill has. On a defocused photo the ring is smooth, so a pasted patch's edge stands out;
 * on texture the ring's own edges set the bar. `changed`, `cover` and `skip` are masks of `box`'s size.
 */
export function fillBlotch(
  after: Raster,
  changed: Mask,
  cover: Mask,
  skip: Mask,
  box: Box,
  lineHeight: number,
  stretch: (x: number, y: number) => number,
): Blotch {
  const { x: bx, y: by, width: w, height: h } = box;
  const L = new Float32Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) L[y * w + x] = luma(after.data, (y + by) * after.width + x + bx);
  const near = dilateSquare(changed, w, h, Math.max(3, lineHeight * 0.3));
  const grad = (i: number) => {
    const x = i % w;
    const y = (i - x) / w;
    if (x < 1 || y < 1 || x >= w - 1 || y >= h - 1) return NaN;
    if (cover[i - 1] || cover[i + 1] || cover[i - w] || cover[i + w]) return NaN;
    return Math.max(Math.abs(L[i + 1] - L[i - 1]), Math.abs(L[i + w] - L[i - w])) / 2;
  };
  const ringGrad = new Histogram();
  for (let i = 0; i < w * h; i++) {
    if (!near[i] || changed[i] || cover[i] || skip[i]) continue;
    const v = grad(i);
    if (!Number.isNaN(v)) ringGrad.add(v);
  }
  const ring95 = ringGrad.count ? ringGrad.quantile(0.95) : null;
  // Twice the ring's edges, and never below a step a person notices on a flat area.
  const strong = Math.max(6, 2 * (ring95 ?? 0));
  const parts = new Map<number, { edges: number; n: number }>();
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (!changed[i] || cover[i] || skip[i]) continue;
      const k = stretch(x + bx, y + by);
      const p = parts.get(k) ?? { edges: 0, n: 0 };
      if (grad(i) > strong) p.edges++;
      p.n++;
      parts.set(k, p);
    }
  }
  let worst = 0;
  for (const p of parts.values()) if (p.n >= lineHeight) worst = Math.max(worst, p.edges / lineHeight);
  return { ring_gradient: ring95 === null ? null : round(ring95), worst_edges: round(worst) };
}

const round = (v: number) => Math.round(v * 100) / 100;
