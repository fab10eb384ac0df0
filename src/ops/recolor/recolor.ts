import { toHex } from '../../image/color.js';
import { hueDistance, oklabToSrgb, rgbToOklch } from '../../image/oklab.js';
import { cloneRaster, type Raster } from '../../image/raster.js';
import { ScalpelError } from '../../errors.js';
import type { Rgb } from '../../types.js';
import { GREY_CHROMA, labAt, lumaSsim, regionColour, type RegionColour } from './measure.js';

/**
 * Recolours a soft-masked region in OKLCH: every pixel takes the target's hue, a chroma that follows
 * its own saturation and lightness, and a lightness on a curve through the region's median, so
 * shading, folds and highlights survive. Pixels the mask does not touch are never written.
 */

export interface RecolorResult {
  raster: Raster;
  /** 1 where the soft mask is non-zero: the only pixels that may differ from the input. */
  mask: Uint8Array;
  details: Record<string, unknown>;
  warnings: string[];
}

/** Soft-mask level from which a pixel is measured as part of the object (edges only blend). */
const CORE_ALPHA = 128;
/** Saturation offset that keeps relative saturation sane on near-grey regions (a white cup). */
const S0 = 0.05;

export function recolor(img: Raster, alpha: Uint8Array, target: Rgb): RecolorResult {
  const { width: w, height: h } = img;
  if (alpha.length !== w * h) {
    throw new ScalpelError('INVALID_ARGUMENT', 'The recolor mask does not match the image size.', {
      stage: 'edit',
      details: { mask_pixels: alpha.length, image_pixels: w * h },
    });
  }
  const mask = new Uint8Array(w * h);
  const all = new Int32Array(w * h);
  let count = 0;
  // The mask's bounding box, found on the way (the SSIM is measured inside it).
  const box = { x: w, y: h, width: 0, height: 0 };
  for (let y = 0, i = 0; y < h; y++) {
    for (let x = 0; x < w; x++, i++) {
      if (!alpha[i]) continue;
      mask[i] = 1;
      all[count++] = i;
      if (x < box.x) box.x = x;
      if (x >= box.width) box.width = x + 1;
      if (y < box.y) box.y = y;
      box.height = y + 1;
    }
  }
  box.width -= box.x;
  box.height -= box.y;
  const [tL, tC, tH] = rgbToOklch(target);
  const achromatic = tC < GREY_CHROMA;
  const out = cloneRaster(img);
  const base = { target: toHex(target), target_oklch: lch(tL, tC, tH), pixels: count };
  if (count === 0) {
    return { raster: out, mask, details: base, warnings: ['The mask is empty: nothing was recoloured.'] };
  }
  const idx = all.subarray(0, count);
  const rows = coreRows(alpha, idx);
  const lab = labAt(img, idx);
  const before = regionColour(lab, rows);
  const cos = Math.cos((tH * Math.PI) / 180);
  const sin = Math.sin((tH * Math.PI) / 180);
  const { Lm2, Cm2, k, curve } = toneFor(before.L, tL, tC);
  const rgb = new Float64Array(3);
  for (let j = 0; j < count; j++) {
    const L = lab[j * 3];
    const C = Math.sqrt(lab[j * 3 + 1] * lab[j * 3 + 1] + lab[j * 3 + 2] * lab[j * 3 + 2]);
    const s = C / Math.max(L, 0.05);
    // Relative saturation keeps specular glints pale and stops deep shadows turning neon; chroma
    // also scales with the new lightness, as it does under real shading.
    const rel = Math.min(1.6, (s + S0) / (before.S + S0));
    const L2 = curve(L);
    const C2 = Cm2 * (L2 / Math.max(Lm2, 1e-3)) * rel;
    oklabToSrgb(L2, C2 * cos, C2 * sin, rgb);
    const p = idx[j] * 4;
    const a = alpha[idx[j]] / 255;
    for (let c = 0; c < 3; c++)
      out.data[p + c] = (img.data[p + c] + (rgb[c] - img.data[p + c]) * a + 0.5) | 0;
  }
  const after = regionColour(labAt(out, idx), rows);
  const hueError = achromatic || after.h === null ? null : hueDistance(after.h, tH);
  const details = {
    ...base,
    before: colour(before),
    after: colour(after),
    lightness_k: round(k, 2),
    hue_error_deg: hueError === null ? null : round(hueError, 1),
    luminance_ssim: round(lumaSsim(img, out, box), 4),
  };
  const warnings: string[] = [];
  if (achromatic) {
    warnings.push(
      `The target ${base.target} is achromatic (white, grey or black): the region loses its colour and ` +
        `keeps its shading, its median lightness going from ${round(before.L, 2)} to ${round(after.L, 2)} ` +
        `(the target's is ${round(tL, 2)}); no hue error is measured.`,
    );
  } else if (after.C < 0.6 * Cm2) {
    warnings.push(
      `The target's chroma cannot be shown at this region's lightness: the result is paler (chroma ` +
        `${round(after.C, 3)} of ${round(Cm2, 3)}).`,
    );
  }
  if (hueError !== null && hueError > 10)
    warnings.push(`The result's hue is ${Math.round(hueError)}° off the target's.`);
  return { raster: out, mask, details, warnings };
}

/**
 * The lightness rule. The region's median L moves k of the way toward the target's, then is kept
 * within [0.18, 0.96] so shading stays visible. k = 0.9 for achromatic targets: "make it white" or
 * "black" must read as white or black. For colours, k is asymmetric. Darkening (a white mug made
 * blue), k = 0.6: a colour needs room below white to show any chroma, and multiplying L darkens
 * shadows and lit parts alike, which looks natural. Lightening (a dark red cup made blue),
 * k = 0.25: mid and dark colours are recognised by hue at any lightness, and lifting shadows is
 * what makes a recolour look pasted on, so the photo's own lighting wins. Light targets (yellow,
 * sky blue, pink) are recognised by lightness too (a yellow as dark as a red cup reads as olive),
 * so k rises toward 0.9 as the target's L goes from 0.65 to 0.9.
 * Every pixel then follows one curve through that median. Diffuse shading multiplies linear light
 * and OKLab L is its cube root, so scaling L by f keeps every shading ratio (folds, shadows).
 * Lightening, values past 0.8 roll off toward 1 instead of clipping (f is solved so the median still
 * lands on target); darkening, pixels near white keep part of their lightness, as a black glossy
 * cup still shows a white glint.
 */
function toneFor(Lm: number, tL: number, tC: number) {
  const kBase = tL < Lm ? 0.6 : 0.25;
  const kColour = kBase + (0.9 - kBase) * smoothstep(0.65, 0.9, tL);
  const k = kColour + (0.9 - kColour) * (1 - Math.min(1, tC / 0.1));
  const Lm2 = clamp(Lm + k * (tL - Lm), Math.min(Lm, 0.18), Math.max(Lm, 0.96));
  // The median pixel's chroma: the target's saturation at the new lightness, never more chroma than
  // the target itself (a light region turned navy must not become neon blue).
  const Cm2 = tL > 0.05 ? tC * Math.min(1, Lm2 / tL) : tC;
  const m = Math.max(Lm, 0.02);
  if (Lm2 >= Lm) {
    const f = unshoulder(Lm2) / m;
    return { Lm2, Cm2, k, curve: (L: number) => shoulder(L * f) };
  }
  const f = Lm2 / m;
  const knee = Lm + 0.5 * (1 - Lm);
  return { Lm2, Cm2, k, curve: (L: number) => L * (f + (1 - f) * smoothstep(knee, 1, L)) };
}

const KNEE = 0.8;
const shoulder = (x: number) => (x <= KNEE ? x : KNEE + (1 - KNEE) * (1 - Math.exp((KNEE - x) / (1 - KNEE))));
const unshoulder = (y: number) => (y <= KNEE ? y : KNEE - (1 - KNEE) * Math.log(1 - (y - KNEE) / (1 - KNEE)));

function smoothstep(e0: number, e1: number, x: number): number {
  const t = clamp((x - e0) / (e1 - e0), 0, 1);
  return t * t * (3 - 2 * t);
}

/** Rows of the solidly masked pixels (what the region's colour is measured on), or all of them. */
function coreRows(alpha: Uint8Array, idx: Int32Array): Int32Array {
  const rows = new Int32Array(idx.length);
  let n = 0;
  for (let k = 0; k < idx.length; k++) if (alpha[idx[k]] >= CORE_ALPHA) rows[n++] = k;
  if (n === 0) for (; n < idx.length; n++) rows[n] = n;
  return rows.subarray(0, n);
}

const clamp = (v: number, lo: number, hi: number) => (v < lo ? lo : v > hi ? hi : v);
const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;
const lch = (L: number, C: number, h: number | null) => ({
  L: round(L, 4),
  C: round(C, 4),
  h: h === null ? null : round(h, 1),
});
const colour = (c: RegionColour) => lch(c.L, c.C, c.h);
