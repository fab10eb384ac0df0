import type { AdjustPreset } from '../../types.js';

/**
 * The adjust presets as small recipes in OKLab, at strength 1. Tone moves lightness only, along
 * curves that keep black at 0 and white at 1 (so nothing new clips); colour moves a and b.
 * Every number is multiplied by the step's strength.
 */
export interface Recipe {
  /** Mid-tone brightness: L ← L^(1 / (1 + exposure)); > 0 brightens, < 0 darkens. */
  exposure: number;
  /** Blends L toward (> 0) or away from (< 0) a smoothstep S-curve pivoting at L = 0.5. */
  contrast: number;
  /** Raises black to `lift` and scales the rest (white stays): softer, airier shadows. */
  lift: number;
  /** Chroma gain for every pixel: C ← C · (1 + chroma). */
  chroma: number;
  /** Extra chroma gain for muted pixels only, fading out at C = 0.2 (already vivid ones are spared). */
  vibrance: number;
  /** Shift in b toward amber (> 0) or blue (< 0), with a little a to match, weighted to the mid-tones. */
  warmth: number;
  /** Shift in b of the highlights only (L > 0.6, rising to white): nordic's cool whites. */
  whites: number;
  /** Share of the highlights' colour cast removed (0..1): clean, "transparent" whites. */
  clean: number;
}

const NONE: Recipe = {
  exposure: 0,
  contrast: 0,
  lift: 0,
  chroma: 0,
  vibrance: 0,
  warmth: 0,
  whites: 0,
  clean: 0,
};

export const RECIPES: Readonly<Record<AdjustPreset, Readonly<Recipe>>> = Object.freeze({
  // 更通透: brighter mid-tones and lifted shadows without touching white, casts cleaned out of the
  // highlights, a touch of vibrance so the lift does not read as haze.
  airy: { ...NONE, exposure: 0.18, lift: 0.015, contrast: -0.08, vibrance: 0.12, clean: 0.5 },
  brighter: { ...NONE, exposure: 0.25 },
  darker: { ...NONE, exposure: -0.2 },
  // Amber in the mid-tones; shadows and white stay neutral, as a warm grade does.
  warmer: { ...NONE, warmth: 0.025 },
  cooler: { ...NONE, warmth: -0.025 },
  // 北欧风: light, soft, desaturated, with cool whites; mid-tones (skin) are not cooled, or faces
  // turn grey.
  nordic: { ...NONE, exposure: 0.14, lift: 0.02, contrast: -0.12, chroma: -0.25, whites: -0.025 },
  vivid: { ...NONE, chroma: 0.1, vibrance: 0.35, contrast: 0.12 },
  muted: { ...NONE, chroma: -0.35, contrast: -0.06 },
  'more-contrast': { ...NONE, contrast: 0.4 },
  'less-contrast': { ...NONE, contrast: -0.4 },
  // 黑白: every colour's chroma gone (half of it at strength 0.5), lightness as it was.
  mono: { ...NONE, chroma: -1 },
});
