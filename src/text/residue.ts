import { dilateSquare, maskBounds, type Mask } from '../image/mask.js';
import type { Raster } from '../image/raster.js';
import { maskedBoxMean } from '../image/box-mean.js';
import { Histogram } from '../image/histogram.js';
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
  allStrokes: Mask,
  allSkip: Mask,
  fullBox: Box,
  radius: number,
  /** Index of the glyph-sized stretch an image pixel belongs to. */
  stretch: (x: number, y: number) => number,
  /** Stroke pixels a stretch needs to be judged: a glyph's worth, not a few stray ones. */
  minPixels = 20,
): Residue {
  const { strokes, skip, box } = nearStrokes(allStrokes, allSkip, fullBox, radius);
  const { x: bx, y: by, width: w, height: h } = box;
  const W = before.width;
  // What does not depend on the image, once: the background mask, the texture's ring, and each
  // stroke pixel's stretch.
  const n = w * h;
  const bg = new Uint8Array(n);
  for (let i = 0; i < n; i++) bg[i] = strokes[i] || skip[i] ? 0 : 1;
  const near = dilateSquare(strokes, w, h, Math.max(1, Math.round(radius)));
  const part = new Int32Array(n);
  let k0 = Infinity;
  for (let i = 0; i < n; i++) {
    if (!strokes[i] || skip[i]) continue;
    part[i] = stretch((i % w) + bx, Math.floor(i / w) + by);
    k0 = Math.min(k0, part[i]);
  }
  let nk = 0;
  for (let i = 0; i < n; i++) if (strokes[i] && !skip[i]) nk = Math.max(nk, (part[i] -= k0) + 1);
  const measure = (img: Raster) => {
    const luma = new Float32Array(n);
    for (let y = 0; y < h; y++) {
      for (let x = 0, g = ((y + by) * W + bx) * 4; x < w; x++, g += 4) {
        luma[y * w + x] = 0.299 * img.data[g] + 0.587 * img.data[g + 1] + 0.114 * img.data[g + 2];
      }
    }
    const local = maskedBoxMean(luma, 1, bg, w, h, radius);
    let onStroke = 0;
    let nStroke = 0;
    const textureSample = new Histogram();
    const sums = new Float64Array(nk);
    const counts = new Uint32Array(nk);
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(local[i])) continue;
      const d = Math.abs(luma[i] - local[i]);
      if (strokes[i] && !skip[i]) {
        onStroke += d;
        nStroke++;
        sums[part[i]] += d;
        counts[part[i]]++;
      } else if (bg[i] && near[i]) textureSample.add(d);
    }
    // The median: a shape's edge near the strokes (a button's rim) must not pass for texture.
    const texture = textureSample.count ? textureSample.quantile(0.5) : NaN;
    const level = (sum: number, c: number) => (c ? Math.max(0, sum / c - texture) : 0);
    const byPart = new Map<number, { level: number; n: number }>();
    for (let k = 0; k < nk; k++)
      if (counts[k]) byPart.set(k, { level: level(sums[k], counts[k]), n: counts[k] });
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

/**
 * Only pixels within two radii of a stroke enter any window the measure takes: the part of the box
 * that holds them (a patch is often twice as large, to hold the new text), with its masks.
 */
function nearStrokes(strokes: Mask, skip: Mask, box: Box, radius: number) {
  const R = Math.max(1, Math.round(radius));
  const sb = maskBounds(strokes, box.width, box.height);
  if (!sb) return { strokes, skip, box };
  const x0 = Math.max(0, sb.x - 2 * R - 1);
  const y0 = Math.max(0, sb.y - 2 * R - 1);
  const x1 = Math.min(box.width, sb.x + sb.width + 2 * R + 1);
  const y1 = Math.min(box.height, sb.y + sb.height + 2 * R + 1);
  const sub = { x: box.x + x0, y: box.y + y0, width: x1 - x0, height: y1 - y0 };
  const cut = (m: Mask) => {
    const out = new Uint8Array(sub.width * sub.height);
    for (let y = 0; y < sub.height; y++)
      out.set(m.subarray((y + y0) * box.width + x0, (y + y0) * box.width + x1), y * sub.width);
    return out;
  };
  return { strokes: cut(strokes), skip: cut(skip), box: sub };
}

const round = (v: number) => Math.round(v * 100) / 100;
