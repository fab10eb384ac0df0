import { clampBox, type Raster } from '../image/raster.js';
import type { Box, Rgb } from '../types.js';

const toLinear = (c: number) => {
  const v = c / 255;
  return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
};
const toSrgb = (v: number) => 255 * (v <= 0.0031308 ? v * 12.92 : 1.055 * v ** (1 / 2.4) - 0.055);

/** WCAG 2 relative luminance of an sRGB colour (0 black … 1 white). */
export function luminance(c: Rgb): number {
  return 0.2126 * toLinear(c[0]) + 0.7152 * toLinear(c[1]) + 0.0722 * toLinear(c[2]);
}

/** WCAG 2 contrast ratio, 1 … 21; 3 is the minimum for large text, 4.5 for body text. */
export function contrastRatio(a: Rgb, b: Rgb): number {
  return luminanceRatio(luminance(a), luminance(b));
}

/** The same ratio from two relative luminances. */
export function luminanceRatio(a: number, b: number): number {
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}

/** What lies under a box: its mean colour (averaged in linear light) and how much it varies. */
export interface Background {
  mean: Rgb;
  /** Luminance of the darkest and the brightest tenth of the pixels. */
  dark: number;
  bright: number;
}

/** Samples the image under the box, every `step`-th pixel on each axis (the mean barely moves). */
export function backgroundUnder(img: Raster, box: Box): Background {
  const b = clampBox(box, img.width, img.height);
  const step = Math.max(1, Math.floor(Math.sqrt((b.width * b.height) / 20_000)));
  const sum = [0, 0, 0];
  const lums: number[] = [];
  for (let y = b.y; y < b.y + b.height; y += step) {
    for (let x = b.x; x < b.x + b.width; x += step) {
      const i = (y * img.width + x) * 4;
      const lin = [toLinear(img.data[i]), toLinear(img.data[i + 1]), toLinear(img.data[i + 2])];
      for (let c = 0; c < 3; c++) sum[c] += lin[c];
      lums.push(0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]);
    }
  }
  const n = Math.max(1, lums.length);
  lums.sort((p, q) => p - q);
  const at = (q: number) => lums[Math.min(lums.length - 1, Math.floor(q * lums.length))] ?? 0;
  return { mean: sum.map((s) => Math.round(toSrgb(s / n))) as Rgb, dark: at(0.1), bright: at(0.9) };
}

/** White stays pure so it holds up on mid-tones; a charcoal reads softer on photos than pure black. */
export const LIGHT_TEXT: Rgb = [255, 255, 255];
export const DARK_TEXT: Rgb = [28, 28, 32];

/**
 * Picks the text colour that stands out from the background under the box: light on dark, dark on
 * light. Judged against the mean and both extremes, so a busy background gets the colour whose
 * worst case is better.
 */
export function pickTextColour(bg: Background): Rgb {
  const score = (c: Rgb) => {
    const vs = (b: number) => luminanceRatio(luminance(c), b);
    return Math.min(vs(luminance(bg.mean)), vs(bg.dark), vs(bg.bright)) + vs(luminance(bg.mean));
  };
  return score(LIGHT_TEXT) >= score(DARK_TEXT) ? LIGHT_TEXT : DARK_TEXT;
}

/** The colour a viewer sees: `fg` at `opacity` over `bg`, mixed in sRGB like the compositor does. */
export function seenColour(fg: Rgb, bg: Rgb, opacity: number): Rgb {
  return fg.map((v, i) => Math.round(bg[i] + (v - bg[i]) * opacity)) as Rgb;
}
