import { deltaE, medianRgb } from '../image/color.js';
import type { Mask } from '../image/mask.js';
import type { Raster } from '../image/raster.js';
import type { Rgb } from '../types.js';
import { fitPlane, planeAt, type PlaneModel } from './background.js';
import { inFrame, toFrame, type LineFrame } from './frame.js';

/** Ink of one text line separated from its background, with the colours it is drawn in. */
export interface Segmentation {
  plane: PlaneModel;
  /** Per pixel: largest channel difference from the background model. */
  contrast: Float32Array;
  /** Confident ink pixels (for fitting and colour). */
  ink: Mask;
  /** Ink including faint anti-aliased and shadow pixels (for erasing). */
  inkLoose: Mask;
  fill: Rgb;
  outline?: { rgb: Rgb; width: number };
  /** Other plausible readings of the ink (busy backgrounds): the style fit picks the best. */
  alternatives?: Segmentation[];
}

/**
 * Separates glyph pixels from the background around a line: the background is modelled from the
 * pixels outside the line's quad; ink is whatever differs from it clearly. An outline shows up as a
 * band of one colour at the ink's border around a core of another.
 */
export function segmentLine(patch: Raster, frame: LineFrame, exclude: Mask): Segmentation {
  const { width: w, height: h, data } = patch;
  const n = w * h;
  const bgSample = new Uint8Array(n);
  const region = new Uint8Array(n);
  const grow = Math.max(2, frame.height * 0.15);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (inFrame(frame, x, y, grow)) region[i] = 1;
      else if (!exclude[i] && !inFrame(frame, x, y, 1)) bgSample[i] = 1;
    }
  }
  const plane = fitPlane(patch, bgSample);
  const contrast = new Float32Array(n);
  const values: number[] = [];
  const [kr, kg, kb] = plane.coef;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const worst = Math.max(
        Math.abs(data[i * 4] - (kr[0] + kr[1] * x + kr[2] * y)),
        Math.abs(data[i * 4 + 1] - (kg[0] + kg[1] * x + kg[2] * y)),
        Math.abs(data[i * 4 + 2] - (kb[0] + kb[1] * x + kb[2] * y)),
      );
      contrast[i] = worst;
      if (region[i]) values.push(worst);
    }
  }
  if (plane.noise > BUSY) return byColour(patch, frame, region, bgSample, plane);
  const tight = Math.min(128, Math.max(12, 3 * plane.noise, otsu(values)));
  const loose = Math.max(8, 2.5 * plane.noise);
  const ink = new Uint8Array(n);
  const inkLoose = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (!region[i]) continue;
    if (contrast[i] >= tight) ink[i] = 1;
    if (contrast[i] >= loose) inkLoose[i] = 1;
  }
  const bg: Rgb = [0, 1, 2].map((c) => planeAt(plane, w / 2, h / 2, c)) as Rgb;
  return { plane, contrast, ink, inkLoose, ...inkColours(patch, ink, contrast, bg) };
}

/** Residual spread above which the background is a photo: contrast to a plane then means nothing. */
const BUSY = 12;

/**
 * On a busy photo the text is the one steady colour inside its box that the surroundings lack:
 * take the colour most over-represented in the line's middle band compared with the background
 * around the line as the fill, and as ink every pixel close to it. (An outline, if any, is found
 * later around the fitted glyphs.)
 */
function byColour(
  patch: Raster,
  frame: LineFrame,
  region: Mask,
  bgSample: Mask,
  plane: PlaneModel,
): Segmentation {
  const { width: w, height: h, data } = patch;
  const inside = new Map<number, number[]>();
  const outside = new Map<number, number>();
  let nIn = 0;
  let nOut = 0;
  const key = (i: number) =>
    ((data[i * 4] >> 4) << 8) | ((data[i * 4 + 1] >> 4) << 4) | (data[i * 4 + 2] >> 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (bgSample[i]) {
        outside.set(key(i), (outside.get(key(i)) ?? 0) + 1);
        nOut++;
      }
      if (!region[i]) continue;
      const [, b] = toFrame(frame, x + 0.5, y + 0.5);
      if (b < frame.height * 0.3 || b > frame.height * 0.7) continue;
      let list = inside.get(key(i));
      if (!list) inside.set(key(i), (list = []));
      list.push(i);
      nIn++;
    }
  }
  const ranked = [...inside.entries()]
    .map(([k, list]) => ({
      list,
      gain: list.length / Math.max(1, nIn) - (outside.get(k) ?? 0) / Math.max(1, nOut),
    }))
    .sort((a, b) => b.gain - a.gain);
  const px = (i: number): Rgb => [data[i * 4], data[i * 4 + 1], data[i * 4 + 2]];
  const fills = ranked.slice(0, 1).map((r) => medianRgb(r.list.map(px)));
  // An outlined line has two such colours (fill and outline); offer the next distinct one too,
  // and let the style fit decide which is the fill.
  const second = ranked
    .slice(1)
    .find((r) => r.gain > 0 && deltaE(medianRgb(r.list.map(px)), fills[0] ?? [0, 0, 0]) > 25);
  if (second) fills.push(medianRgb(second.list.map(px)));
  const [first, ...rest] = fills.map((fill) => inkOfColour(patch, frame, region, plane, fill));
  return { ...first, alternatives: rest };
}

function inkOfColour(
  patch: Raster,
  frame: LineFrame,
  region: Mask,
  plane: PlaneModel,
  fill: Rgb,
): Segmentation {
  const { width: w, height: h, data } = patch;
  const contrast = new Float32Array(w * h);
  const near = new Uint8Array(w * h);
  for (let i = 0; i < near.length; i++) {
    const d = Math.hypot(data[i * 4] - fill[0], data[i * 4 + 1] - fill[1], data[i * 4 + 2] - fill[2]);
    // "Contrast" here is closeness to the text colour, so that stronger still means inkier.
    contrast[i] = Math.max(0, 255 - d);
    if (d < 48) near[i] = 1;
  }
  const ink = keepGlyphBlobs(near, frame, w, h);
  for (let i = 0; i < ink.length; i++) if (!region[i]) ink[i] = 0;
  return { plane, contrast, ink, inkLoose: ink, fill };
}

/** Whether `c` lies (within a few levels) on the straight line between colours a and b. */
function isBlend(c: Rgb, a: Rgb, b: Rgb): boolean {
  const ab = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
  const len2 = ab[0] ** 2 + ab[1] ** 2 + ab[2] ** 2;
  if (len2 < 1) return false;
  const t = ((c[0] - a[0]) * ab[0] + (c[1] - a[1]) * ab[1] + (c[2] - a[2]) * ab[2]) / len2;
  const off = Math.hypot(...[0, 1, 2].map((k) => c[k] - (a[k] + t * ab[k])));
  return t > 0.05 && t < 0.95 && off < 20;
}

/**
 * Keeps the blobs of the text's colour that stay within the line's box (grown by half a height):
 * glyphs sit inside the detected box, while a photo's patches of the same colour run on past it.
 */
function keepGlyphBlobs(near: Mask, frame: LineFrame, w: number, h: number): Mask {
  const out = new Uint8Array(near.length);
  const seen = new Uint8Array(near.length);
  const reach = frame.height * 0.5;
  const stack: number[] = [];
  for (let start = 0; start < near.length; start++) {
    if (!near[start] || seen[start]) continue;
    const blob: number[] = [];
    let strays = false;
    stack.push(start);
    seen[start] = 1;
    while (stack.length) {
      const i = stack.pop()!;
      blob.push(i);
      const x = i % w;
      const y = (i - x) / w;
      if (!inFrame(frame, x, y, reach)) strays = true;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
          const j = ny * w + nx;
          if (near[j] && !seen[j]) {
            seen[j] = 1;
            stack.push(j);
          }
        }
      }
    }
    if (!strays) for (const i of blob) out[i] = 1;
  }
  return out;
}

function inkColours(
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
function otsu(values: number[]): number {
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
