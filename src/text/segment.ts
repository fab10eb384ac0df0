import type { Mask } from '../image/mask.js';
import type { Raster } from '../image/raster.js';
import type { Rgb } from '../types.js';
import { fitPlane, planeAt, type PlaneModel } from './background.js';
import { inFrame, type LineFrame } from './frame.js';
import { byColour } from './segment-busy.js';
import { inkColours, otsu } from './segment-colours.js';

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
