import { deltaE, medianRgb } from '../image/color.js';
import type { Mask } from '../image/mask.js';
import type { Raster } from '../image/raster.js';
import type { Rgb } from '../types.js';
import type { Segmentation } from './segment.js';

/** Whether `c` lies (within a few levels) on the straight line between colours a and b. */
function isBlend(c: Rgb, a: Rgb, b: Rgb): boolean {
  const ab = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
  const len2 = ab[0] ** 2 + ab[1] ** 2 + ab[2] ** 2;
  if (len2 < 1) return false;
  const t = ((c[0] - a[0]) * ab[0] + (c[1] - a[1]) * ab[1] + (c[2] - a[2]) * ab[2]) / len2;
  const off = Math.hypot(...[0, 1, 2].map((k) => c[k] - (a[k] + t * ab[k])));
  return t > 0.05 && t < 0.95 && off < 20;
}

/** The ink's fill colour, and its outline's when a ring of another colour lines the ink's border. */
export function inkColours(
  patch: Raster,
  ink: Mask,
  contrast: Float32Array,
  bg: Rgb,
): Pick<Segmentation, 'fill' | 'outline'> {
  const { width: w, data } = patch;
  const idx: number[] = [];
  for (let i = 0; i < ink.length; i++) if (ink[i]) idx.push(i);
  const px = (i: number): Rgb => [data[i * 4], data[i * 4 + 1], data[i * 4 + 2]];
  const split = twoMeans(idx.map(px));
  if (split && deltaE(split.centres[0], split.centres[1]) > 25) {
    // The outline is the colour that lines the ink's border; the fill sits inside it.
    const edge = [0, 0];
    const size = [0, 0];
    let boundary = 0;
    idx.forEach((i, k) => {
      const x = i % w;
      const onEdge = x === 0 || x === w - 1 || !ink[i - 1] || !ink[i + 1] || !ink[i - w] || !ink[i + w];
      size[split.label[k]]++;
      if (onEdge) {
        edge[split.label[k]]++;
        boundary++;
      }
    });
    const share = size.map((n) => n / idx.length);
    const edgeRate = edge.map((n, c) => n / Math.max(1, size[c]));
    const o = edgeRate[0] > edgeRate[1] ? 0 : 1;
    const f = 1 - o;
    if (Math.min(...share) > 0.12 && edgeRate[o] > 1.5 * edgeRate[f] && edge[o] > 0.7 * boundary) {
      const fill = medianRgb(idx.filter((_, k) => split.label[k] === f).map(px));
      const ring = medianRgb(idx.filter((_, k) => split.label[k] === o).map(px));
      // Anti-aliased edges of plain text also line the border, in a blend of fill and background:
      // that is not an outline.
      if (!isBlend(ring, fill, bg)) {
        return {
          fill,
          outline: { rgb: ring, width: Math.max(1, Math.round(size[o] / Math.max(1, boundary))) },
        };
      }
    }
  }
  // No outline: the fill is what stands out most from the background (anti-aliased rims excluded).
  const strong = idx.map((i) => contrast[i]).sort((a, b) => a - b);
  const cut = strong[Math.floor(strong.length * 0.6)] ?? 0;
  return { fill: medianRgb(idx.filter((i) => contrast[i] >= cut).map(px)) };
}

/** Two-colour k-means (RGB), seeded with the two most different samples; undefined if too few. */
function twoMeans(samples: Rgb[]): { centres: [Rgb, Rgb]; label: Uint8Array } | undefined {
  if (samples.length < 30) return undefined;
  const d2 = (a: number[], b: number[]) => (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2 + (a[2] - b[2]) ** 2;
  const mean = [0, 1, 2].map((c) => samples.reduce((s, p) => s + p[c], 0) / samples.length);
  let c0 = samples.reduce((best, p) => (d2(p, mean) > d2(best, mean) ? p : best), samples[0]) as number[];
  let c1 = samples.reduce((best, p) => (d2(p, c0) > d2(best, c0) ? p : best), samples[0]) as number[];
  const label = new Uint8Array(samples.length);
  for (let iter = 0; iter < 8; iter++) {
    const sum = [
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ];
    samples.forEach((p, k) => {
      const l = d2(p, c0) <= d2(p, c1) ? 0 : 1;
      label[k] = l;
      for (let c = 0; c < 3; c++) sum[l][c] += p[c];
      sum[l][3]++;
    });
    if (!sum[0][3] || !sum[1][3]) return undefined;
    c0 = sum[0].slice(0, 3).map((v) => v / sum[0][3]);
    c1 = sum[1].slice(0, 3).map((v) => v / sum[1][3]);
  }
  return { centres: [c0 as Rgb, c1 as Rgb], label };
}

/** Otsu's threshold over 0–255 values. */
export function otsu(values: number[]): number {
  const hist = new Float64Array(256);
  for (const v of values) hist[Math.min(255, Math.round(v))]++;
  const total = values.length;
  if (!total) return 0;
  let sum = 0;
  for (let t = 0; t < 256; t++) sum += t * hist[t];
  let sumB = 0;
  let wB = 0;
  let best = 0;
  let bestVar = -1;
  for (let t = 0; t < 256; t++) {
    wB += hist[t];
    if (!wB) continue;
    const wF = total - wB;
    if (!wF) break;
    sumB += t * hist[t];
    const mB = sumB / wB;
    const mF = (sum - sumB) / wF;
    const between = wB * wF * (mB - mF) ** 2;
    if (between > bestVar) {
      bestVar = between;
      best = t;
    }
  }
  return best + 0.5;
}
