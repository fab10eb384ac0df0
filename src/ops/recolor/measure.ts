import { hueDeg, srgbToOklab } from '../../image/oklab.js';
import type { Raster } from '../../image/raster.js';
import type { Box } from '../../types.js';

/** Measurements recolor reports: a region's colour in OKLCH, and how well its shading survived. */

/** Below this OKLCH chroma a pixel counts as grey: its hue is noise. */
export const GREY_CHROMA = 0.025;

/**
 * A region's colour: median L, median C, median saturation S = C / L (what shading leaves alone),
 * and the circular median hue of its chromatic pixels (null when fewer than 5% have a hue).
 */
export interface RegionColour {
  L: number;
  C: number;
  S: number;
  h: number | null;
}

/** OKLab of the pixels at `idx` (indices into the raster), three floats a pixel. */
export function labAt(img: Raster, idx: Int32Array): Float32Array {
  const lab = new Float32Array(idx.length * 3);
  const px = new Float64Array(3);
  for (let k = 0; k < idx.length; k++) {
    const p = idx[k] * 4;
    srgbToOklab(img.data[p], img.data[p + 1], img.data[p + 2], px);
    lab[k * 3] = px[0];
    lab[k * 3 + 1] = px[1];
    lab[k * 3 + 2] = px[2];
  }
  return lab;
}

/** Summarises the rows `rows` of `lab` (from labAt). */
export function regionColour(lab: Float32Array, rows: Int32Array): RegionColour {
  const n = rows.length;
  const Ls = new Float32Array(n);
  const Cs = new Float32Array(n);
  const Ss = new Float32Array(n);
  let sa = 0;
  let sb = 0;
  let chromatic = 0;
  for (let k = 0; k < n; k++) {
    const r = rows[k] * 3;
    const a = lab[r + 1];
    const b = lab[r + 2];
    Ls[k] = lab[r];
    Cs[k] = Math.sqrt(a * a + b * b);
    Ss[k] = Cs[k] / Math.max(Ls[k], 0.05);
    if (Cs[k] >= GREY_CHROMA) {
      sa += a;
      sb += b;
      chromatic++;
    }
  }
  const colour = { L: median(Ls, n, 0, 1), C: median(Cs, n, 0, 0.5), S: median(Ss, n, 0, 2), h: null };
  if (chromatic < Math.max(1, 0.05 * n)) return colour;
  // Circular median: signed deviations from the chroma-weighted mean direction, then their median.
  const mean = hueDeg(sa, sb);
  const dev = new Float32Array(chromatic);
  for (let k = 0, j = 0; k < n; k++) {
    if (Cs[k] < GREY_CHROMA) continue;
    const r = rows[k] * 3;
    const d = hueDeg(lab[r + 1], lab[r + 2]) - mean;
    dev[j++] = d > 180 ? d - 360 : d < -180 ? d + 360 : d;
  }
  const h = (mean + median(dev, chromatic, -180, 180) + 360) % 360;
  return { ...colour, h };
}

/** Median of v[0..n) over [lo, hi] from a 4096-bin histogram: O(n), exact to (hi − lo) / 4096. */
function median(v: Float32Array, n: number, lo: number, hi: number): number {
  const bins = 4096;
  const hist = new Uint32Array(bins);
  const scale = (bins - 1) / (hi - lo);
  for (let i = 0; i < n; i++) {
    const x = (v[i] - lo) * scale + 0.5;
    hist[x <= 0 ? 0 : x >= bins ? bins - 1 : x | 0]++;
  }
  for (let b = 0, seen = 0; b < bins; b++) {
    seen += hist[b];
    if (seen >= n / 2) return lo + b / scale;
  }
  return hi;
}

/**
 * Mean SSIM of the luma (BT.601) of two same-size rasters inside `box`: 8×8 windows at stride 4,
 * uniform weights, the constants of Wang et al. 2004. 1 when the box's luma is unchanged.
 */
export function lumaSsim(a: Raster, b: Raster, box: Box): number {
  const ya = luma(a, box);
  const yb = luma(b, box);
  const { width: bw, height: bh } = box;
  const win = Math.max(1, Math.min(8, bw, bh));
  const step = Math.max(1, win >> 1);
  const C1 = (0.01 * 255) ** 2;
  const C2 = (0.03 * 255) ** 2;
  const n = win * win;
  let total = 0;
  let windows = 0;
  for (let y0 = 0; y0 + win <= bh; y0 += step) {
    for (let x0 = 0; x0 + win <= bw; x0 += step) {
      let mx = 0;
      let my = 0;
      let xx = 0;
      let yy = 0;
      let xy = 0;
      for (let y = y0; y < y0 + win; y++) {
        for (let x = x0, i = y * bw + x0; x < x0 + win; x++, i++) {
          mx += ya[i];
          my += yb[i];
          xx += ya[i] * ya[i];
          yy += yb[i] * yb[i];
          xy += ya[i] * yb[i];
        }
      }
      mx /= n;
      my /= n;
      const vx = xx / n - mx * mx;
      const vy = yy / n - my * my;
      const cxy = xy / n - mx * my;
      total += ((2 * mx * my + C1) * (2 * cxy + C2)) / ((mx * mx + my * my + C1) * (vx + vy + C2));
      windows++;
    }
  }
  return total / windows;
}

function luma(r: Raster, box: Box): Float32Array {
  const out = new Float32Array(box.width * box.height);
  for (let y = 0; y < box.height; y++) {
    for (let x = 0; x < box.width; x++) {
      const p = ((box.y + y) * r.width + box.x + x) * 4;
      out[y * box.width + x] = 0.299 * r.data[p] + 0.587 * r.data[p + 1] + 0.114 * r.data[p + 2];
    }
  }
  return out;
}
