import { deltaE, medianRgb } from '../image/color.js';
import { distanceTo, type Mask } from '../image/mask.js';
import type { Raster } from '../image/raster.js';
import type { Rgb } from '../types.js';
import { fitPlane, planeAt, type PlaneModel } from './background.js';
import { inFrame, type LineFrame } from './frame.js';

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
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      let worst = 0;
      for (let c = 0; c < 3; c++)
        worst = Math.max(worst, Math.abs(data[i * 4 + c] - planeAt(plane, x, y, c)));
      contrast[i] = worst;
      if (region[i]) values.push(worst);
    }
  }
  const tight = Math.min(128, Math.max(12, 3 * plane.noise, otsu(values)));
  const loose = Math.max(8, 2.5 * plane.noise);
  const ink = new Uint8Array(n);
  const inkLoose = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (!region[i]) continue;
    if (contrast[i] >= tight) ink[i] = 1;
    if (contrast[i] >= loose) inkLoose[i] = 1;
  }
  return { plane, contrast, ink, inkLoose, ...inkColours(patch, ink, contrast) };
}

function inkColours(
  patch: Raster,
  ink: Mask,
  contrast: Float32Array,
): Pick<Segmentation, 'fill' | 'outline'> {
  const { width: w, height: h, data } = patch;
  const depth = distanceTo(ink, w, h, false);
  const px = (i: number) => [data[i * 4], data[i * 4 + 1], data[i * 4 + 2]];
  let maxDepth = 0;
  for (let i = 0; i < depth.length; i++) if (ink[i] && depth[i] > maxDepth) maxDepth = depth[i];
  if (maxDepth >= 3) {
    // Median colour of each one-pixel-deep band from the ink's border inwards.
    const bands: number[][][] = [];
    for (let i = 0; i < depth.length; i++) {
      if (!ink[i]) continue;
      const k = Math.min(Math.ceil(depth[i]), 12);
      (bands[k] ??= []).push(px(i));
    }
    const core: number[][] = [];
    for (let i = 0; i < depth.length; i++)
      if (ink[i] && depth[i] >= Math.max(2.5, maxDepth * 0.6)) core.push(px(i));
    const fill = medianRgb(core);
    const edge = medianRgb(bands[2] ?? bands[1] ?? []);
    if (deltaE(edge, fill) > 20) {
      let width = 1;
      while (width < bands.length - 1 && bands[width + 1]) {
        const m = medianRgb(bands[width + 1]);
        if (deltaE(m, edge) >= deltaE(m, fill)) break;
        width++;
      }
      const ring = bands.slice(width >= 2 ? 2 : 1, width + 1).flat();
      if (maxDepth >= width + 1.5) return { fill, outline: { rgb: medianRgb(ring), width } };
    }
  }
  // No outline: the fill is what stands out most from the background (anti-aliased rims excluded).
  const strong: number[] = [];
  for (let i = 0; i < ink.length; i++) if (ink[i]) strong.push(contrast[i]);
  strong.sort((a, b) => a - b);
  const cut = strong[Math.floor(strong.length * 0.6)] ?? 0;
  const core: number[][] = [];
  for (let i = 0; i < ink.length; i++) if (ink[i] && contrast[i] >= cut) core.push(px(i));
  return { fill: medianRgb(core) };
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
