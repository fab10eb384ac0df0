import type { Rgb } from '../types.js';

/**
 * sRGB ⇄ OKLab / OKLCH (Björn Ottosson, 2020: https://bottosson.github.io/posts/oklab/), built for
 * hot loops over a million pixels: table look-ups for the sRGB transfer curve, out-parameters
 * instead of allocations, and a gamut mapping that keeps lightness and hue and gives up chroma, so
 * a colour the display cannot show turns paler rather than into a different hue.
 */

const toLinear = (v: number) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
const toGamma = (v: number) => (v <= 0.0031308 ? 12.92 * v : 1.055 * v ** (1 / 2.4) - 0.055);

/** 8-bit sRGB code value → linear light in [0, 1]. */
export const SRGB_TO_LINEAR = Float64Array.from({ length: 256 }, (_, i) => toLinear(i / 255));

// Linear → sRGB through a 2^16-step table, nearest entry: within 0.03 of a code value, so every
// 8-bit value survives the round trip (tested), at a quarter of the cost of interpolating.
const STEPS = 65536;
const TO_SRGB = Float32Array.from({ length: STEPS + 1 }, (_, i) => 255 * toGamma(i / STEPS));

/** Linear light → sRGB code value as a float in [0, 255] (clamped; round it to store). */
export function linearToSrgb(v: number): number {
  return v <= 0 ? 0 : v >= 1 ? 255 : TO_SRGB[(v * STEPS + 0.5) | 0];
}

/** Writes OKLab (L in [0, 1], a, b roughly in ±0.4) of an 8-bit sRGB colour into `out`. */
export function srgbToOklab(r: number, g: number, b: number, out: Float64Array): void {
  const lr = SRGB_TO_LINEAR[r];
  const lg = SRGB_TO_LINEAR[g];
  const lb = SRGB_TO_LINEAR[b];
  const l = Math.cbrt(0.4122214708 * lr + 0.5363325363 * lg + 0.0514459929 * lb);
  const m = Math.cbrt(0.2119034982 * lr + 0.6806995451 * lg + 0.1073969566 * lb);
  const s = Math.cbrt(0.0883024619 * lr + 0.2817188376 * lg + 0.6299787005 * lb);
  out[0] = 0.2104542553 * l + 0.793617785 * m - 0.0040720468 * s;
  out[1] = 1.9779984951 * l - 2.428592205 * m + 0.4505937099 * s;
  out[2] = 0.0259040371 * l + 0.7827717662 * m - 0.808675766 * s;
}

/** Writes the linear-light RGB of an OKLab colour (may fall outside [0, 1]: out of gamut). */
export function oklabToLinear(L: number, a: number, b: number, out: Float64Array): void {
  const l1 = L + 0.3963377774 * a + 0.2158037573 * b;
  const m1 = L - 0.1055613458 * a - 0.0638541728 * b;
  const s1 = L - 0.0894841775 * a - 1.291485548 * b;
  // Products, not `** 3`: V8 compiles `**` to a general pow call, several times slower.
  const l = l1 * l1 * l1;
  const m = m1 * m1 * m1;
  const s = s1 * s1 * s1;
  out[0] = 4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s;
  out[1] = -1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s;
  out[2] = -0.0041960863 * l - 0.7034186147 * m + 1.707614701 * s;
}

const EPS = 1e-4;
const lin = new Float64Array(3);
/** LMS (cubed) → linear sRGB, row by row: the second matrix of oklabToLinear. */
const M = [
  4.0767416621, -3.3077115913, 0.2309699292, -1.2684380046, 2.6097574011, -0.3413193965, -0.0041960863,
  -0.7034186147, 1.707614701,
];

const outside = (v: Float64Array) =>
  v[0] < -EPS || v[0] > 1 + EPS || v[1] < -EPS || v[1] > 1 + EPS || v[2] < -EPS || v[2] > 1 + EPS;

/**
 * Writes the sRGB code values (floats in [0, 255]) of an OKLab colour. Out of gamut, the chroma is
 * reduced at constant L and hue until the colour fits. Returns the chroma factor kept: 1 when the
 * colour was displayable as asked.
 */
export function oklabToSrgb(L: number, a: number, b: number, out: Float64Array): number {
  const l = L < 0 ? 0 : L > 1 ? 1 : L;
  let t = 1;
  oklabToLinear(l, a, b, lin);
  if (outside(lin)) {
    t = chromaScale(l, a, b);
    oklabToLinear(l, a * t, b * t, lin);
  }
  out[0] = linearToSrgb(lin[0]);
  out[1] = linearToSrgb(lin[1]);
  out[2] = linearToSrgb(lin[2]);
  return t;
}

/**
 * The largest t in [0, 1] that makes (L, t·a, t·b) displayable: the one point where the ray from
 * grey at this lightness and hue leaves the gamut. Each linear channel is a cubic in t, so Newton
 * steps on the channel furthest out of range get there in a few steps (a plain bisection takes
 * fourteen); a step that leaves the bracket [in gamut, out of gamut] bisects instead.
 */
function chromaScale(L: number, a: number, b: number): number {
  const kl = 0.3963377774 * a + 0.2158037573 * b;
  const km = -0.1055613458 * a - 0.0638541728 * b;
  const ks = -0.0894841775 * a - 1.291485548 * b;
  let lo = 0;
  let hi = 1;
  let t = 1;
  for (let it = 0; it < 20; it++) {
    const l = L + t * kl;
    const m = L + t * km;
    const s = L + t * ks;
    // f: how far the worst channel is outside [0, 1] (negative inside), and its slope in t.
    let f = -Infinity;
    let df = 0;
    for (let c = 0; c < 9; c += 3) {
      const v = M[c] * l * l * l + M[c + 1] * m * m * m + M[c + 2] * s * s * s;
      const dv = 3 * (M[c] * kl * l * l + M[c + 1] * km * m * m + M[c + 2] * ks * s * s);
      if (v - 1 > f) {
        f = v - 1;
        df = dv;
      }
      if (-v > f) {
        f = -v;
        df = -dv;
      }
    }
    if (f <= EPS) lo = t;
    else hi = t;
    const step = (f - 0.9 * EPS) / df;
    if (f <= EPS && Math.abs(step) < 1e-4) return t;
    t = t - step > lo && t - step < hi ? t - step : (lo + hi) / 2;
    if (hi - lo < 1e-4) break;
  }
  return lo;
}

/** OKLCH of an 8-bit sRGB colour: [L, C, h in degrees [0, 360)]. */
export function rgbToOklch(c: Rgb): [number, number, number] {
  const lab = new Float64Array(3);
  srgbToOklab(c[0], c[1], c[2], lab);
  return [lab[0], Math.hypot(lab[1], lab[2]), hueDeg(lab[1], lab[2])];
}

/** The displayable 8-bit sRGB nearest an OKLCH colour (chroma reduced if needed). */
export function oklchToRgb(L: number, C: number, h: number): Rgb {
  const out = new Float64Array(3);
  const r = (h * Math.PI) / 180;
  oklabToSrgb(L, C * Math.cos(r), C * Math.sin(r), out);
  return [Math.round(out[0]), Math.round(out[1]), Math.round(out[2])];
}

/** Hue angle of (a, b) in degrees, [0, 360). */
export function hueDeg(a: number, b: number): number {
  const h = (Math.atan2(b, a) * 180) / Math.PI;
  return h < 0 ? h + 360 : h;
}

/** Smallest angle between two hues, in degrees [0, 180]. */
export function hueDistance(h1: number, h2: number): number {
  const d = Math.abs(h1 - h2) % 360;
  return d > 180 ? 360 - d : d;
}
