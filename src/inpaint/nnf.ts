/**
 * Nearest-neighbour field (Barnes et al. 2009, PatchMatch) for one pyramid level: for every target
 * patch (a patch that overlaps the hole) the centre of a fully known source patch, found by
 * propagation from scan-order neighbours plus a shrinking random search.
 */
import type { Level } from './pyramid.js';

export interface Field {
  r: number;
  /** Target patch centres, in scan order. */
  targets: Int32Array;
  /** Source centre per pixel (-1 where the pixel is not a target). */
  nnf: Int32Array;
  /** Sum of squared differences of each target's current match. */
  dist: Float32Array;
  /** 1 where a patch centred here lies inside the level and contains no hole pixel. */
  valid: Uint8Array;
  sources: Int32Array;
}

/** Targets and valid sources of a level, from an integral image of its hole. */
export function prepareField(l: Level, r: number): Field {
  const { w, h } = l;
  const sat = new Int32Array((w + 1) * (h + 1));
  for (let y = 0; y < h; y++) {
    let row = 0;
    for (let x = 0; x < w; x++) {
      row += l.hole[y * w + x];
      sat[(y + 1) * (w + 1) + x + 1] = sat[y * (w + 1) + x + 1] + row;
    }
  }
  const valid = new Uint8Array(w * h);
  const targets = new Int32Array(w * h);
  const sources = new Int32Array(w * h);
  let nt = 0;
  let ns = 0;
  for (let y = r; y < h - r; y++) {
    for (let x = r; x < w - r; x++) {
      const a = (y - r) * (w + 1) + x - r;
      const b = (y + r + 1) * (w + 1) + x - r;
      const n = sat[b + 2 * r + 1] - sat[b] - sat[a + 2 * r + 1] + sat[a];
      const p = y * w + x;
      if (n > 0) targets[nt++] = p;
      else {
        valid[p] = 1;
        sources[ns++] = p;
      }
    }
  }
  const nnf = new Int32Array(w * h).fill(-1);
  return {
    r,
    targets: targets.slice(0, nt),
    nnf,
    dist: new Float32Array(w * h),
    valid,
    sources: sources.slice(0, ns),
  };
}

/** SSD between the patches centred at t and s; stops early once it exceeds `best`. */
export function patchDist(l: Level, r: number, t: number, s: number, best: number): number {
  const { img, c } = l;
  const stride = l.w * c;
  const len = (2 * r + 1) * c;
  let ti = (t - r * l.w - r) * c;
  let si = (s - r * l.w - r) * c;
  let sum = 0;
  for (let dy = -r; dy <= r; dy++, ti += stride, si += stride) {
    for (let k = 0; k < len; k++) {
      const d = img[ti + k] - img[si + k];
      sum += d * d;
    }
    if (sum >= best) return sum;
  }
  return sum;
}

export function initRandom(f: Field, rng: () => number): void {
  for (const t of f.targets) f.nnf[t] = f.sources[Math.floor(rng() * f.sources.length)];
}

/** Coarse match ×2 plus the pixel's parity; an invalid result falls back to a random source. */
export function upsampleField(coarse: Field, cl: Level, f: Field, fl: Level, rng: () => number): void {
  for (const t of f.targets) {
    const x = t % fl.w;
    const y = (t - x) / fl.w;
    const cx = Math.min(x >> 1, cl.w - 1);
    const cy = Math.min(y >> 1, cl.h - 1);
    let s = coarse.nnf[cy * cl.w + cx];
    if (s >= 0) {
      const sx = (s % cl.w) * 2 + (x & 1);
      const sy = Math.floor(s / cl.w) * 2 + (y & 1);
      s = sx < fl.w && sy < fl.h ? sy * fl.w + sx : -1;
    }
    f.nnf[t] = s >= 0 && f.valid[s] ? s : f.sources[Math.floor(rng() * f.sources.length)];
  }
}

/** Distances of the current matches against the current fill (the fill changes after each vote). */
export function refreshDistances(f: Field, l: Level): void {
  for (const t of f.targets) f.dist[t] = patchDist(l, f.r, t, f.nnf[t], Infinity);
}

/**
 * One PatchMatch pass: scan forward (or backward), try the neighbours' shifted matches, then random
 * candidates in windows halving from `radius` down to one pixel.
 */
export function sweep(f: Field, l: Level, rng: () => number, reverse: boolean, radius: number): void {
  const { targets, nnf, dist, valid, r } = f;
  const { w, h } = l;
  const n = targets.length;
  const step = reverse ? -1 : 1;
  for (let i = reverse ? n - 1 : 0; i >= 0 && i < n; i += step) {
    const t = targets[i];
    let best = nnf[t];
    let bd = dist[t];
    // Propagation: the left/up (or right/down) neighbour's match, shifted by one pixel.
    for (const off of [step, step * w]) {
      const q = nnf[t - off];
      if (q < 0) continue;
      const s = q + off;
      if (s === best || s < 0 || s >= w * h || !valid[s]) continue;
      const d = patchDist(l, r, t, s, bd);
      if (d < bd) {
        bd = d;
        best = s;
      }
    }
    // Random search around the current best.
    const bx = best % w;
    const by = (best - bx) / w;
    for (let rad = radius; rad >= 1; rad >>= 1) {
      const x = Math.min(w - 1 - r, Math.max(r, bx + Math.floor((rng() * 2 - 1) * rad)));
      const y = Math.min(h - 1 - r, Math.max(r, by + Math.floor((rng() * 2 - 1) * rad)));
      const s = y * w + x;
      if (s === best || !valid[s]) continue;
      const d = patchDist(l, r, t, s, bd);
      if (d < bd) {
        bd = d;
        best = s;
      }
    }
    nnf[t] = best;
    dist[t] = bd;
  }
}
