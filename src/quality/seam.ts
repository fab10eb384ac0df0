import type { Mask } from '../image/mask.js';
import type { Raster } from '../image/raster.js';
import { bandAround, luma } from './band.js';

/**
 * Largest seam score a fill passes with. Chosen on the fixture photos: the photo itself as the
 * "fill" of square holes (5% and 100×100; centre, off-centre, on an edge, in a corner) scored
 * 0.25–1.33, and 0–1.50 over 144 random squares and discs (median 0.93, 95th percentile 1.23); a
 * flat fill in the surroundings' mean colour scored ≥ 1.54 on 100×100 holes in brick, grass and
 * gravel (grass is the hard case: ≈ 1.5–2.4, brick and gravel ≥ 2.6), a +40 luma offset ≥ 2.31 at
 * the fixed holes and ≥ 1.79 at the random ones.
 */
export const SEAM_MAX = 1.5;

/**
 * Seam score of a masked edit: how much harder the output steps across the mask's border than the
 * input steps near it.
 *
 *   crossing = median |Y_after(p) − Y_after(q)| over all 4-neighbour pairs with p in the mask and q
 *              outside it, inside the image: the 1-px step across the boundary, in the output.
 *   texture  = median |Y_before(u) − Y_before(v)| over all right and down 4-neighbour pairs with u
 *              2–8 px outside the mask and v ≥ 2 px outside: the same 1-px step, in the untouched
 *              surroundings of the input.
 *   score    = crossing / max(texture, FLOOR)
 *
 * Y is Rec. 709 luma (0–255). Both terms are the same kind of sample, so the score is a pure ratio,
 * free of image size, mask size and contrast: a fill that continues the photo crosses its border
 * like the photo does (≈ 1); an offset, a hard edge or a flat patch steps harder (a pixel of a real,
 * spatially correlated texture is further from the mean colour than from its neighbour).
 * Medians, not means: a photo edge that happens to run along part of the border (a mortar line, a
 * shuttle's side) makes big steps on that stretch only, while a seam goes round the fill (with means,
 * the untouched photo scored up to 3.1 at such holes). The price: a seam along less than half of the
 * border is not seen. FLOOR stands in for the texture of flat
 * areas (sky, a studio wall): a step of up to 3 levels there (ΔL* ≈ 1.2 at mid-grey, about one
 * just-noticeable difference) passes; 4 fails.
 *
 * Empty mask, or no border inside the image (the mask covers it all): score 0, border_px 0.
 * border_px counts mask pixels with a 4-neighbour outside the mask.
 */
export function seamScore(before: Raster, after: Raster, mask: Mask): { score: number; border_px: number } {
  const { width: w, height: h } = after;
  const band = bandAround(mask, w, h, OUTER + 1);
  if (!band) return { score: 0, border_px: 0 };
  const { x0, y0, x1, y1, dist } = band;
  const bw = x1 - x0;
  const a = after.data;
  const b = before.data;
  const crossing = new Steps();
  const texture = new Steps();
  let border = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0, k = (y - y0) * bw; x < x1; x++, k++) {
      const i = y * w + x;
      const d = dist[k];
      if (d === 0) {
        // A mask pixel on the window's edge is on the image's edge: the window has a margin elsewhere.
        const ya = luma(a, 4 * i);
        const n = crossing.n;
        if (x > x0 && dist[k - 1] > 0) crossing.add(ya - luma(a, 4 * (i - 1)));
        if (x < x1 - 1 && dist[k + 1] > 0) crossing.add(ya - luma(a, 4 * (i + 1)));
        if (y > y0 && dist[k - bw] > 0) crossing.add(ya - luma(a, 4 * (i - w)));
        if (y < y1 - 1 && dist[k + bw] > 0) crossing.add(ya - luma(a, 4 * (i + w)));
        if (crossing.n > n) border++;
      } else if (d >= INNER && d <= OUTER) {
        const yb = luma(b, 4 * i);
        if (x < x1 - 1 && dist[k + 1] >= INNER) texture.add(yb - luma(b, 4 * (i + 1)));
        if (y < y1 - 1 && dist[k + bw] >= INNER) texture.add(yb - luma(b, 4 * (i + w)));
      }
    }
  }
  if (crossing.n === 0) return { score: 0, border_px: 0 };
  return { score: crossing.median() / Math.max(texture.median(), FLOOR), border_px: border };
}

/** The surroundings' band, in px outside the mask: clear of the boundary's own pixels, yet local. */
const INNER = 2;
const OUTER = 8;
/** Texture of a flat area, in luma levels: quantisation and sensor noise step by 1–2. */
const FLOOR = 2;

/** Histogram of absolute luma steps in 1/16-level bins: an O(n) median, exact to far below FLOOR. */
const BINS_PER_LEVEL = 16;
class Steps {
  n = 0;
  private readonly bins = new Uint32Array(256 * BINS_PER_LEVEL);

  add(step: number): void {
    this.bins[Math.min(this.bins.length - 1, Math.round(Math.abs(step) * BINS_PER_LEVEL))]++;
    this.n++;
  }

  /** Lower median; 0 when empty. */
  median(): number {
    let seen = 0;
    let bin = 0;
    while (bin < this.bins.length - 1 && seen + this.bins[bin] <= (this.n - 1) >> 1) seen += this.bins[bin++];
    return bin / BINS_PER_LEVEL;
  }
}
