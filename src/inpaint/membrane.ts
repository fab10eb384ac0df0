/**
 * Harmonic membrane over the hole: the smoothest surface through the border (Laplace's equation,
 * known pixels fixed). Far from the border it is the least-squares-safe guess of the hole's low
 * frequencies, one of the two layout guesses that blend.ts mixes under the exemplar's texture.
 */
import { downsample, onionFill, upsampleHole, type Level } from './pyramid.js';
import { distanceTo, type Mask } from '../image/mask.js';
import type { Raster } from '../image/raster.js';

/**
 * The level's pixels with the hole replaced by the membrane. Only the ring of known pixels around
 * the hole enters Laplace's equation, so it is solved on the hole's bounding box plus a margin wide
 * enough that every coarse level of the solver still has known pixels around its (grown) hole.
 */
export function membrane(l: Level): Float32Array {
  const { w, c } = l;
  const box = holeBox(l, 32);
  const [bx0, by0, bx1, by1] = box;
  const bw = bx1 - bx0;
  const bh = by1 - by0;
  const sub: Level = { w: bw, h: bh, c, img: new Float32Array(bw * bh * c), hole: new Uint8Array(bw * bh) };
  for (let y = 0; y < bh; y++) {
    const p = (by0 + y) * w + bx0;
    sub.img.set(l.img.subarray(p * c, (p + bw) * c), y * bw * c);
    sub.hole.set(l.hole.subarray(p, p + bw), y * bw);
  }
  const levels: Level[] = [sub];
  while (Math.min(levels[levels.length - 1].w, levels[levels.length - 1].h) > 24) {
    levels.push(downsample(levels[levels.length - 1]));
  }
  for (let li = levels.length - 1; li >= 0; li--) {
    const lv = levels[li];
    if (li === levels.length - 1) onionFill(lv, distanceTo(lv.hole, lv.w, lv.h, false));
    else upsampleHole(levels[li + 1], lv);
    relax(lv, li === levels.length - 1 ? 60 : 12);
  }
  const out = new Float32Array(l.img);
  for (let y = 0; y < bh; y++) {
    for (let x = 0; x < bw; x++) {
      const q = y * bw + x;
      if (!sub.hole[q]) continue;
      const p = (by0 + y) * w + bx0 + x;
      for (let k = 0; k < c; k++) out[p * c + k] = sub.img[q * c + k];
    }
  }
  return out;
}

/** Successive over-relaxation of the hole pixels towards the mean of their 4-neighbours. */
function relax(l: Level, sweeps: number): void {
  const { w, h, c, img, hole } = l;
  const idx: number[] = [];
  for (let i = 0; i < hole.length; i++) if (hole[i]) idx.push(i);
  const omega = 1.8;
  for (let s = 0; s < sweeps; s++) {
    for (const p of idx) {
      const x = p % w;
      const y = (p - x) / w;
      const l = x > 0 ? p - 1 : p + 1;
      const r = x < w - 1 ? p + 1 : p - 1;
      const u = y > 0 ? p - w : p + w;
      const d = y < h - 1 ? p + w : p - w;
      for (let k = 0; k < c; k++) {
        const avg = (img[l * c + k] + img[r * c + k] + img[u * c + k] + img[d * c + k]) / 4;
        img[p * c + k] += omega * (avg - img[p * c + k]);
      }
    }
  }
}

/** Hole bounding box grown by `pad`, clamped to the level: [x0, x1) × [y0, y1). */
export function holeBox(l: Level, pad: number): [number, number, number, number] {
  let x0 = l.w;
  let y0 = l.h;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < l.h; y++) {
    for (let x = 0; x < l.w; x++) {
      if (!l.hole[y * l.w + x]) continue;
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
    }
  }
  return [
    Math.max(0, x0 - pad),
    Math.max(0, y0 - pad),
    Math.min(l.w, x1 + 1 + pad),
    Math.min(l.h, y1 + 1 + pad),
  ];
}

/**
 * Fills the hole of an RGBA patch with the membrane: on a smooth (defocused) photo the smoothest
 * surface through the border is what the hidden pixels most likely were.
 */
export function fillMembrane(patch: Raster, hole: Mask): Raster {
  const { width: w, height: h } = patch;
  const img = new Float32Array(w * h * 3);
  for (let i = 0; i < w * h; i++) for (let k = 0; k < 3; k++) img[i * 3 + k] = patch.data[i * 4 + k];
  const filled = membrane({ w, h, c: 3, img, hole: new Uint8Array(hole) });
  const out = new Uint8Array(patch.data);
  for (let i = 0; i < w * h; i++) {
    if (!hole[i]) continue;
    for (let k = 0; k < 3; k++) out[i * 4 + k] = Math.round(Math.min(255, Math.max(0, filled[i * 3 + k])));
  }
  return { data: out, width: w, height: h };
}
