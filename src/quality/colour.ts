import type { Mask } from '../image/mask.js';
import type { Raster } from '../image/raster.js';
import { bandAround } from './band.js';

/**
 * Largest ΔE a fill passes with. Chosen on the fixture photos: the photo itself as the "fill" of 5%
 * square holes on one surface (the textures, the table, the cat's cheek, the astronaut's sleeve)
 * scored 0–5.6, and ≤ 6.7 at other places on the textures and the cat; the same holes 40 luma
 * levels brighter scored 14.0–17.1. A hole over a different object (the cup) scores 14–56 even
 * with its true pixels: that is what a removal must not leave, but a recolour does on purpose.
 */
export const COLOUR_MAX = 8;

/**
 * Colour consistency of a fill: CIE76 ΔE between the typical colour of the filled region and of
 * its surroundings (a ring 4–16 px outside the mask), each taken as the per-channel median of
 * L*, a*, b* (D65), so a few odd pixels (a leftover edge, a highlight) do not move it.
 *
 * The ring starts 4 px out to skip the anti-aliased rim and contact shadow that object masks leave
 * just outside; it stops at 16 px to stay local. Empty mask, or no ring (the mask covers the whole
 * image): delta_e 0.
 */
export function colourConsistency(after: Raster, mask: Mask): { delta_e: number } {
  const { width: w, height: h } = after;
  const band = bandAround(mask, w, h, RING_OUT + 1);
  if (!band) return { delta_e: 0 };
  const { x0, y0, x1, y1, dist } = band;
  const bw = x1 - x0;
  // Medians need no more than a few ten thousand samples: read large windows on a lattice.
  const step = Math.max(1, Math.round(Math.sqrt((bw * (y1 - y0)) / FULL_WINDOW)));
  const fill = new LabHistogram();
  const ring = new LabHistogram();
  for (let y = y0; y < y1; y += step) {
    for (let x = x0, k = (y - y0) * bw; x < x1; x += step, k += step) {
      const d = dist[k];
      if (d === 0) fill.add(after.data, 4 * (y * w + x));
      else if (d >= RING_IN && d <= RING_OUT) ring.add(after.data, 4 * (y * w + x));
    }
  }
  if (ring.n === 0) return { delta_e: 0 };
  const p = fill.median();
  const q = ring.median();
  return { delta_e: Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]) };
}

const RING_IN = 4;
const RING_OUT = 16;
/** Windows up to this many pixels are read whole. */
const FULL_WINDOW = 256 * 256;

/** sRGB byte → linear light, precomputed: a per-pixel pow would dominate the check. */
const LINEAR = Float32Array.from({ length: 256 }, (_, c) => {
  const v = c / 255;
  return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
});

const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 / 116) * t + 16 / 116);

/** Bins of 1/8 ΔE unit: medians precise far below a visible difference, in O(n). */
const BINS_PER_UNIT = 8;
/** L* spans 0..100 and a*, b* of sRGB colours stay within ±128: one offset range fits all three. */
const LO = -128;
const SPAN = 256 * BINS_PER_UNIT;

/** Per-channel histograms of L*, a*, b* (same formulas as image/color.ts rgbToLab). */
class LabHistogram {
  n = 0;
  private readonly bins = [new Uint32Array(SPAN), new Uint32Array(SPAN), new Uint32Array(SPAN)];

  add(d: Uint8Array, i: number): void {
    const r = LINEAR[d[i]];
    const g = LINEAR[d[i + 1]];
    const b = LINEAR[d[i + 2]];
    const fx = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047);
    const fy = f(0.2126 * r + 0.7152 * g + 0.0722 * b);
    const fz = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883);
    this.put(0, 116 * fy - 16);
    this.put(1, 500 * (fx - fy));
    this.put(2, 200 * (fy - fz));
    this.n++;
  }

  median(): [number, number, number] {
    return [this.quantile(0), this.quantile(1), this.quantile(2)];
  }

  private put(c: number, v: number): void {
    const bin = Math.round((v - LO) * BINS_PER_UNIT);
    this.bins[c][bin < 0 ? 0 : bin >= SPAN ? SPAN - 1 : bin]++;
  }

  private quantile(c: number): number {
    const h = this.bins[c];
    let seen = 0;
    let bin = 0;
    while (bin < SPAN - 1 && seen + h[bin] <= (this.n - 1) >> 1) seen += h[bin++];
    return bin / BINS_PER_UNIT + LO;
  }
}
