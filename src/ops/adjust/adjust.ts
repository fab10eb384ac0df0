import { ScalpelError } from '../../errors.js';
import { oklabToSrgb, srgbToOklab } from '../../image/oklab.js';
import { cloneRaster, type Raster } from '../../image/raster.js';
import { ADJUST_PRESETS, type AdjustPreset } from '../../types.js';
import { RECIPES, type Recipe } from './presets.js';

/**
 * Global tone and colour grading (更通透, 暖一点, 北欧风, …): every pixel may change, the alpha
 * channel never does. One pass in OKLab: lightness goes through a precomputed tone curve, a and b
 * through the recipe's chroma and temperature moves, and colours the display cannot show give up
 * chroma at constant lightness and hue instead of clipping.
 */

export interface AdjustResult {
  raster: Raster;
  details: Record<string, unknown>;
  warnings: string[];
}

const BINS = 4096;
const MEMO_BITS = 18;
/** A pixel this close to white in every channel is a blown highlight: its detail is gone. */
const CLIP = 254;
/** Chroma at which vibrance has faded out. */
const VIBRANT = 0.2;

export function adjust(img: Raster, preset: AdjustPreset, strength: number): AdjustResult {
  if (!Object.hasOwn(RECIPES, preset)) {
    throw new ScalpelError('INVALID_ARGUMENT', `Unknown adjust preset '${preset}'.`, {
      stage: 'edit',
      details: { preset, valid: ADJUST_PRESETS },
    });
  }
  if (!(strength > 0 && strength <= 2)) {
    throw new ScalpelError('INVALID_ARGUMENT', `Adjust strength must be in (0, 2], not ${strength}.`, {
      stage: 'edit',
      details: { strength, min_exclusive: 0, max: 2 },
    });
  }
  const r = scaled(RECIPES[preset], strength);
  const { tone, gain, high, mid } = curves(r);
  // Warm is amber (a quarter of the b shift in a); cool leans to blue-cyan, so that reds do not
  // turn magenta on the way.
  const tint = r.warmth * (r.warmth > 0 ? 0.25 : 0.4);
  const { chroma, vibrance, clean, warmth, whites } = r;
  const out = cloneRaster(img);
  const src = img.data;
  const dst = out.data;
  const lab = new Float64Array(3);
  const rgb = new Float64Array(3);
  // A photo repeats colours (flat areas, smooth gradients): a direct-mapped memo of the exact result
  // per 24-bit colour skips the conversions for about half of the pixels.
  const keys = new Int32Array(1 << MEMO_BITS).fill(-1);
  const memo = new Int32Array(1 << MEMO_BITS);
  for (let p = 0; p < src.length; p += 4) {
    const key = (src[p] << 16) | (src[p + 1] << 8) | src[p + 2];
    const h = Math.imul(key, 0x9e3779b1) >>> (32 - MEMO_BITS);
    if (keys[h] !== key) {
      keys[h] = key;
      srgbToOklab(src[p], src[p + 1], src[p + 2], lab);
      const x = lab[0] * (BINS - 1) + 0.5;
      const i = x <= 0 ? 0 : x >= BINS - 1 ? BINS - 1 : x | 0;
      const C = Math.sqrt(lab[1] * lab[1] + lab[2] * lab[2]);
      // Chroma follows lightness halfway (gain[i]), as exposure does; vibrance favours muted pixels.
      const v = C < VIBRANT ? 1 - C / VIBRANT : 0;
      const g = gain[i] * Math.max(0, 1 + chroma + vibrance * v) * (1 - clean * high[i]);
      oklabToSrgb(tone[i], lab[1] * g + tint * mid[i], lab[2] * g + warmth * mid[i] + whites * high[i], rgb);
      memo[h] = (((rgb[0] + 0.5) | 0) << 16) | (((rgb[1] + 0.5) | 0) << 8) | ((rgb[2] + 0.5) | 0);
    }
    const c = memo[h];
    dst[p] = c >>> 16;
    dst[p + 1] = (c >>> 8) & 255;
    dst[p + 2] = c & 255;
  }
  const before = measure(img);
  const after = measure(out);
  const pair = (k: keyof typeof before) => ({ before: before[k], after: after[k] });
  const warnings: string[] = [];
  const more = after.clipped - before.clipped;
  if (more > 0.005) {
    warnings.push(
      `The adjustment turned ${round(100 * more, 1)}% more of the image pure white (blown highlights).`,
    );
  }
  return {
    raster: out,
    details: {
      preset,
      strength,
      scope: 'global',
      mean_L: pair('L'),
      mean_chroma: pair('C'),
      mean_b: pair('b'),
      clipped_highlights: pair('clipped'),
    },
    warnings,
  };
}

/**
 * Means of OKLab L, chroma and b over a regular sample of at most 2^16 pixels (plenty for a
 * report), and the exact share of blown pixels: every channel at 254 or more.
 */
function measure(img: Raster) {
  const d = img.data;
  const n = d.length / 4;
  const stride = Math.max(1, Math.floor(n / 65536)) * 4;
  const lab = new Float64Array(3);
  let L = 0;
  let C = 0;
  let b = 0;
  let samples = 0;
  for (let p = 0; p < d.length; p += stride, samples++) {
    srgbToOklab(d[p], d[p + 1], d[p + 2], lab);
    L += lab[0];
    C += Math.sqrt(lab[1] * lab[1] + lab[2] * lab[2]);
    b += lab[2];
  }
  let clipped = 0;
  for (let p = 0; p < d.length; p += 4) if (d[p] >= CLIP && d[p + 1] >= CLIP && d[p + 2] >= CLIP) clipped++;
  const k = Math.max(samples, 1);
  return {
    L: round(L / k, 4),
    C: round(C / k, 4),
    b: round(b / k, 4),
    clipped: round(clipped / Math.max(n, 1), 4),
  };
}

function scaled(r: Recipe, s: number): Recipe {
  const out = { ...r };
  for (const k of Object.keys(out) as (keyof Recipe)[]) out[k] *= s;
  // Keep the tone curve monotone and chroma non-negative at any strength.
  out.contrast = Math.max(-0.9, Math.min(0.9, out.contrast));
  out.clean = Math.min(1, out.clean);
  out.exposure = Math.max(-0.6, out.exposure);
  return out;
}

/** Tables indexed by input L: new L, chroma gain from the lightness change, highlight and mid-tone weights. */
function curves(r: Recipe) {
  const tone = new Float64Array(BINS);
  const gain = new Float64Array(BINS);
  const high = new Float64Array(BINS);
  const mid = new Float64Array(BINS);
  for (let i = 0; i < BINS; i++) {
    const L = i / (BINS - 1);
    let y = L ** (1 / (1 + r.exposure));
    y += r.contrast * (y * y * (3 - 2 * y) - y);
    y = r.lift + (1 - r.lift) * y;
    tone[i] = y;
    gain[i] = L > 1e-3 ? Math.min(1.25, Math.sqrt(y / L)) : 1;
    const t = Math.min(1, Math.max(0, (y - 0.6) / 0.4));
    high[i] = t * t * (3 - 2 * t);
    mid[i] = 4 * y * (1 - y);
  }
  return { tone, gain, high, mid };
}

const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;
