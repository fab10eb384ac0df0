import { dilateSquare, type Mask } from '../image/mask.js';
import type { Raster } from '../image/raster.js';
import { median } from '../inpaint/grid-stats.js';
import type { Box } from '../types.js';

/** How visibly the old glyphs' shapes stand out, before and after an edit. */
export interface Residue {
  /** Mean stroke contrast of the original glyphs (luma levels above the background's own texture). */
  before: number;
  /** The same measure on the output, at the same stroke pixels. */
  after: number;
  /** after / before: 0 when the strokes vanished into their surroundings, 1 when they stand as they were. */
  ratio: number;
  /** Stroke pixels measured (those the new text does not cover). */
  pixels: number;
  /** The worst stretch of the line (a glyph-sized window): where half a glyph still stands. */
  worst: { before: number; after: number; ratio: number; pixels: number };
}

/**
 * What a person sees of erased glyphs: at each old stroke pixel, the distance of the output's
 * luma from the local background, estimated from the non-stroke pixels around it (a normalised box
 * blur), less the same distance measured on those non-stroke pixels (the texture's own level). A
 * clean fill blends in (≈0); standing glyphs or glyph-shaped blotches do not. `strokes` and `skip`
 * are masks of `box`'s size; `skip` marks pixels the new text covers, and pixels of other lines.
 */
export function strokeResidue(
  before: Raster,
  after: Raster,
  strokes: Mask,
  skip: Mask,
  box: Box,
  radius: number,
  /** Index of the glyph-sized stretch an image pixel belongs to. */
  stretch: (x: number, y: number) => number,
  /** Stroke pixels a stretch needs to be judged: a glyph's worth, not a few stray ones. */
  minPixels = 20,
): Residue {
  const { x: bx, y: by, width: w, height: h } = box;
  const W = before.width;
  const idx = (x: number, y: number) => (y + by) * W + x + bx;
  const measure = (img: Raster) => {
    const luma = new Float32Array(w * h);
    const bg = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const g = idx(x, y);
        luma[y * w + x] = 0.299 * img.data[g * 4] + 0.587 * img.data[g * 4 + 1] + 0.114 * img.data[g * 4 + 2];
        bg[y * w + x] = strokes[y * w + x] || skip[y * w + x] ? 0 : 1;
      }
    }
    const local = maskedMean(luma, bg, w, h, radius);
    const near = dilateSquare(strokes, w, h, Math.max(1, Math.round(radius)));
    let onStroke = 0;
    let nStroke = 0;
    const textureSample: number[] = [];
    const parts = new Map<number, { sum: number; n: number }>();
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const i = y * w + x;
        if (Number.isNaN(local[i])) continue;
        const d = Math.abs(luma[i] - local[i]);
        if (strokes[i] && !skip[i]) {
          onStroke += d;
          nStroke++;
          const k = stretch(x + bx, y + by);
          const part = parts.get(k) ?? { sum: 0, n: 0 };
          part.sum += d;
          part.n++;
          parts.set(k, part);
        } else if (bg[i] && near[i]) textureSample.push(d);
      }
    }
    // The median: a shape's edge near the strokes (a button's rim) must not pass for texture.
    const texture = median(textureSample);
    const level = (sum: number, n: number) => (n ? Math.max(0, sum / n - texture) : 0);
    const byPart = new Map([...parts].map(([k, p]) => [k, { level: level(p.sum, p.n), n: p.n }]));
    return { level: level(onStroke, nStroke), n: nStroke, byPart };
  };
  const b = measure(before);
  const a = measure(after);
  let worst = { before: 0, after: 0, ratio: 0, pixels: 0 };
  for (const [k, p] of a.byPart) {
    const was = b.byPart.get(k)?.level ?? 0;
    // A stretch needs enough stroke pixels for its mean to mean something, and glyphs that stood
    // out to begin with (a ratio of two faint levels is noise).
    if (p.n < minPixels || was < MIN_CONTRAST) continue;
    if (p.level / was > worst.ratio)
      worst = { before: round(was), after: round(p.level), ratio: round(p.level / was), pixels: p.n };
  }
  return {
    before: round(b.level),
    after: round(a.level),
    ratio: b.level > 0 ? round(a.level / b.level) : 0,
    pixels: a.n,
    worst,
  };
}

const MIN_CONTRAST = 12;

/** Mean of `v` over the pixels where `m` is set within a (2r+1)² window; NaN where none are. */
function maskedMean(v: Float32Array, m: Uint8Array, w: number, h: number, r: number): Float32Array {
  // Summed-area tables of the masked values and of the mask: every window in O(1).
  const sv = new Float64Array((w + 1) * (h + 1));
  const sm = new Float64Array((w + 1) * (h + 1));
  for (let y = 0; y < h; y++) {
    let rowV = 0;
    let rowM = 0;
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (m[i]) {
        rowV += v[i];
        rowM++;
      }
      sv[(y + 1) * (w + 1) + x + 1] = sv[y * (w + 1) + x + 1] + rowV;
      sm[(y + 1) * (w + 1) + x + 1] = sm[y * (w + 1) + x + 1] + rowM;
    }
  }
  const out = new Float32Array(w * h);
  const R = Math.max(1, Math.round(r));
  for (let y = 0; y < h; y++) {
    const y0 = Math.max(0, y - R);
    const y1 = Math.min(h, y + R + 1);
    for (let x = 0; x < w; x++) {
      const x0 = Math.max(0, x - R);
      const x1 = Math.min(w, x + R + 1);
      const at = (yy: number, xx: number) => yy * (w + 1) + xx;
      const n = sm[at(y1, x1)] - sm[at(y0, x1)] - sm[at(y1, x0)] + sm[at(y0, x0)];
      const s = sv[at(y1, x1)] - sv[at(y0, x1)] - sv[at(y1, x0)] + sv[at(y0, x0)];
      out[y * w + x] = n > 0 ? s / n : NaN;
    }
  }
  return out;
}

const round = (v: number) => Math.round(v * 100) / 100;
