import { dilateSquare, type Mask } from '../image/mask.js';
import type { Raster } from '../image/raster.js';
import type { Box } from '../types.js';

/** Luma levels by which the shifted glyphs stay darker than their surroundings: a shadow a person sees. */
const MIN_DARKENING = 10;

/** The old line's drop shadow, still standing where the edit left pixels as they were. */
export interface ShadowGhost {
  dx: number;
  dy: number;
  /** How much darker than its surroundings it is (luma levels, median over the line's stretches). */
  darkening: number;
  /** The surroundings' luma there: with the darkening, how opaque a shadow to draw instead. */
  background: number;
}

/**
 * Looks for the old line's drop shadow among the pixels an edit left untouched: the offset at which
 * the old glyph shapes, shifted, land on pixels darker than a ring around them, all along the line
 * (the median over glyph-sized stretches, so one dark patch of a photo is no shadow; the ring
 * cancels the background's own gradient). The style fit finds shadows by ink colour, which a soft
 * shadow over a photo does not have, so a shadow it missed stays behind when the glyphs go.
 * Masks are of `box`'s size: `ink` the old glyphs, `skip` pixels not to judge (changed by the
 * edit, under the new text, other lines).
 */
export function shadowGhost(
  img: Raster,
  ink: Mask,
  skip: Mask,
  box: Box,
  lineHeight: number,
  stretch: (x: number, y: number) => number,
): ShadowGhost | undefined {
  const { x: bx, y: by, width: w, height: h } = box;
  const L = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const g = ((y + by) * img.width + x + bx) * 4;
      L[y * w + x] = 0.299 * img.data[g] + 0.587 * img.data[g + 1] + 0.114 * img.data[g + 2];
    }
  }
  // Clear of the glyphs and of whatever the edit touched by a few pixels: the antialiased fringe
  // of an erased outline, left just outside the erase, is no shadow.
  const touched = new Uint8Array(w * h);
  for (let i = 0; i < touched.length; i++) touched[i] = ink[i] | skip[i];
  const off = dilateSquare(touched, w, h, Math.max(2, lineHeight * 0.04));
  const all: number[] = [];
  for (let i = 0; i < ink.length; i++) if (ink[i]) all.push(i);
  if (all.length === 0) return undefined;
  const every = Math.max(1, Math.floor(all.length / 1500));
  const sample = all.filter((_, k) => k % every === 0);
  const r = Math.max(3, Math.round(lineHeight * 0.1));
  const ringX = Int32Array.from([...Array(8).keys()], (k) => Math.round(r * Math.cos((k * Math.PI) / 4)));
  const ringY = Int32Array.from([...Array(8).keys()], (k) => Math.round(r * Math.sin((k * Math.PI) / 4)));
  const xs = Int32Array.from(sample, (p) => p % w);
  const ys = Int32Array.from(sample, (p) => Math.floor(p / w));
  // Which ring pixels of each sample are themselves shadow (the glyph pixel they come from is
  // ink): the same at every offset, so found once, one bit per ring pixel.
  const inked = new Uint8Array(sample.length);
  for (let j = 0; j < sample.length; j++) {
    for (let k = 0; k < 8; k++) {
      const gx = xs[j] + ringX[k];
      const gy = ys[j] + ringY[k];
      if (gx >= 0 && gy >= 0 && gx < w && gy < h && ink[gy * w + gx]) inked[j] |= 1 << k;
    }
  }
  const ringAt = Int32Array.from(ringX, (rx, k) => ringY[k] * w + rx);
  // One sample's darkening at an offset: its shifted pixel against the ring round that pixel,
  // leaving out ring pixels that are themselves shadow (a glyph pixel moved by the offset).
  const darkening = (j: number, dx: number, dy: number) => {
    const x = xs[j] + dx;
    const y = ys[j] + dy;
    if (x < r || y < r || x >= w - r || y >= h - r) return NaN;
    const q = y * w + x;
    if (off[q]) return NaN;
    let sum = 0;
    let n = 0;
    const skipRing = inked[j];
    for (let k = 0; k < 8; k++) {
      const o = q + ringAt[k];
      if (off[o] || skipRing & (1 << k)) continue;
      sum += L[o];
      n++;
    }
    if (n < 3) return NaN;
    ringLuma += sum / n;
    ringCount++;
    return sum / n - L[q];
  };
  let ringLuma = 0;
  let ringCount = 0;
  const kOf = (p: number) => stretch((p % w) + bx, Math.floor(p / w) + by);
  const k0 = Math.min(...sample.map(kOf));
  const sk = sample.map((p) => kOf(p) - k0);
  const nk = Math.max(...sk) + 1;
  const score = (dx: number, dy: number, step: number) => {
    const sum = new Float64Array(nk);
    const n = new Uint32Array(nk);
    for (let j = 0; j < sample.length; j += step) {
      const d = darkening(j, dx, dy);
      if (Number.isNaN(d)) continue;
      sum[sk[j]] += d;
      n[sk[j]]++;
    }
    const means: number[] = [];
    for (let k = 0; k < nk; k++) if (n[k] * step >= 10) means.push(sum[k] / n[k]);
    // Most of the line must show the offset: a shadow follows every glyph.
    if (means.length < Math.max(1, nk / 2)) return 0;
    means.sort((a, b) => a - b);
    return means[means.length >> 1];
  };
  // A drop shadow falls on one side; an outline's fringe, or a dark band the line runs along,
  // darkens both sides alike.
  const oneSided = (dx: number, dy: number, step: number) => {
    const s = score(dx, dy, step);
    if (s <= 0) return 0;
    // The surroundings' luma is the shadow side's, not its mirror's.
    const [kept, count] = [ringLuma, ringCount];
    const mirror = score(-dx, -dy, step);
    [ringLuma, ringCount] = [kept, count];
    return s - Math.max(0, mirror);
  };
  // Coarse to fine: shadows sit a small fraction of the line height away from their glyphs.
  const R = Math.max(3, Math.round(lineHeight * 0.15));
  let best = { dx: 0, dy: 0, s: 0 };
  for (let dy = -R; dy <= R; dy += 2) {
    for (let dx = -R; dx <= R; dx += 2) {
      if (Math.abs(dx) + Math.abs(dy) < 3) continue;
      const s = oneSided(dx, dy, 5);
      if (s > best.s) best = { dx, dy, s };
    }
  }
  const start = best;
  ringLuma = 0;
  ringCount = 0;
  best = { ...start, s: oneSided(start.dx, start.dy, 1) };
  let background = ringLuma / Math.max(1, ringCount);
  for (let dy = start.dy - 1; dy <= start.dy + 1; dy++) {
    for (let dx = start.dx - 1; dx <= start.dx + 1; dx++) {
      if ((dx === start.dx && dy === start.dy) || Math.abs(dx) + Math.abs(dy) < 3) continue;
      ringLuma = 0;
      ringCount = 0;
      const s = oneSided(dx, dy, 1);
      if (s > best.s) {
        best = { dx, dy, s };
        background = ringLuma / Math.max(1, ringCount);
      }
    }
  }
  if (best.s < MIN_DARKENING) return undefined;
  return { dx: best.dx, dy: best.dy, darkening: round(best.s), background: round(background) };
}

const round = (v: number) => Math.round(v * 10) / 10;
