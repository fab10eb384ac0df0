/**
 * Reconstruction step of Wexler et al. ("Space-Time Completion of Video", 2007): every hole pixel
 * becomes the weighted mean of the values that all overlapping target patches' matches propose for
 * it. Weights favour good matches (exp(-d / 2σ²), σ² from the 75th percentile of match distances,
 * as in Newson et al. 2014), so a few poor matches cannot smear the texture.
 */
import type { Field } from './nnf.js';
import type { Level } from './pyramid.js';

export interface VoteBuffers {
  acc: Float32Array;
  wsum: Float32Array;
}

export function voteBuffers(l: Level): VoteBuffers {
  return { acc: new Float32Array(l.w * l.h * l.c), wsum: new Float32Array(l.w * l.h) };
}

/** Weights for each target's match; `uniform` when distances are stale (right after upsampling). */
function matchWeights(f: Field, uniform: boolean): Float32Array {
  const n = f.targets.length;
  const wts = new Float32Array(n);
  if (uniform) return wts.fill(1);
  const ds = new Float32Array(n);
  for (let i = 0; i < n; i++) ds[i] = f.dist[f.targets[i]];
  ds.sort();
  const s2 = Math.max(ds[Math.floor(0.75 * (n - 1))], 1e-3);
  for (let i = 0; i < n; i++) wts[i] = Math.exp(-f.dist[f.targets[i]] / (2 * s2));
  return wts;
}

/** Rewrites the hole pixels of `l` from the field's matches. */
export function vote(l: Level, f: Field, buf: VoteBuffers, uniform = false): void {
  const { w, c, img, hole } = l;
  const { acc, wsum } = buf;
  const r = f.r;
  const wts = matchWeights(f, uniform);
  const targets = f.targets;
  for (let i = 0; i < targets.length; i++) {
    const t = targets[i];
    const s = f.nnf[t];
    const wt = wts[i];
    for (let dy = -r; dy <= r; dy++) {
      for (let dx = -r; dx <= r; dx++) {
        const q = t + dy * w + dx;
        if (!hole[q]) continue;
        const sp = (s + dy * w + dx) * c;
        const qp = q * c;
        for (let k = 0; k < c; k++) acc[qp + k] += wt * img[sp + k];
        wsum[q] += wt;
      }
    }
  }
  for (let q = 0; q < hole.length; q++) {
    if (!hole[q]) continue;
    const ws = wsum[q];
    if (ws > 0) for (let k = 0; k < c; k++) img[q * c + k] = acc[q * c + k] / ws;
    wsum[q] = 0;
    for (let k = 0; k < c; k++) acc[q * c + k] = 0;
  }
}

/**
 * Final reconstruction: every hole pixel that centres a target takes its own match's centre pixel
 * instead of the weighted mean. The mean of several misaligned copies blurs fine grain away; one
 * copy keeps it, and the blend that follows smooths the layout anyway.
 */
export function copyMatches(l: Level, f: Field): void {
  const { c, img, hole } = l;
  const src = new Float32Array(img);
  for (const t of f.targets) {
    if (!hole[t]) continue;
    const s = f.nnf[t];
    for (let k = 0; k < c; k++) img[t * c + k] = src[s * c + k];
  }
}
