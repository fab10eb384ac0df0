import { rgbToLab } from '../image/color.js';
import { dilateSquare, distanceTo, type Mask } from '../image/mask.js';
import type { Raster } from '../image/raster.js';

/**
 * Whether a fill had to invent what it shows: a hole thick enough that copying from the rest of the
 * photo cannot simply continue its border, bordered by several clearly different surfaces (a cup on
 * a saucer on a table), must make up where those surfaces meet inside it. Copying does that badly
 * and no seam or colour check sees it: each patch matches its neighbours, the layout is wrong.
 */
export interface Invention {
  /** Twice the deepest point of the hole: the widest stretch the fill spans, px. */
  thickness: number;
  /** Surfaces round the hole: colour clusters of its border, each a real share of it. */
  surfaces: number;
  invented: boolean;
}

/** Colours this far apart (CIE76) are different surfaces, not shading of one. */
const APART = 18;
/** A surface takes at least this share of the hole's border. */
const SHARE = 0.12;
/** Thickness, as a share of the image's shorter side, from which the fill spans real layout. */
const THICK = 0.1;

export function invention(img: Raster, hole: Mask): Invention {
  const { width: w, height: h } = img;
  const depth = distanceTo(hole, w, h, false);
  let deepest = 0;
  for (let i = 0; i < depth.length; i++) if (hole[i] && depth[i] > deepest) deepest = depth[i];
  const thickness = Math.round(2 * deepest);
  const surfaces = borderSurfaces(img, hole);
  return { thickness, surfaces, invented: surfaces >= 2 && thickness >= THICK * Math.min(w, h) };
}

/**
 * Clusters of the border band's colours (k-means, k ≤ 4, farthest-point start) holding a real
 * share. Each sample is the mean colour of the known pixels round it, so a texture's own light and
 * dark (stones and the gaps between them) averages into one surface.
 */
function borderSurfaces(img: Raster, hole: Mask): number {
  const { width: w, height: h } = img;
  const band = dilateSquare(hole, w, h, 4);
  const idx: number[] = [];
  for (let i = 0; i < band.length; i++) if (band[i] && !hole[i]) idx.push(i);
  if (idx.length === 0) return 0;
  const every = Math.max(1, Math.floor(idx.length / 2000));
  // Only the samples' windows are averaged: full-image tables would cost gigabytes at 40 MP.
  const r = Math.max(6, Math.round(0.02 * Math.min(w, h)));
  const labs = idx
    .filter((_, k) => k % every === 0)
    .map((i) => rgbToLab(knownMean(img, hole, i % w, Math.floor(i / w), r)));
  const dist = (a: number[], b: number[]) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
  // Farthest-point seeding: each new centre is the sample farthest from those chosen, while it is
  // a different surface at all.
  const centres: number[][] = [labs[0]];
  while (centres.length < 4) {
    let far = labs[0];
    let farD = -1;
    for (const l of labs) {
      const d = Math.min(...centres.map((c) => dist(l, c)));
      if (d > farD) [far, farD] = [l, d];
    }
    if (farD < APART) break;
    centres.push(far);
  }
  const of = new Array<number>(labs.length).fill(0);
  for (let iter = 0; iter < 8; iter++) {
    for (const [j, l] of labs.entries()) {
      let best = 0;
      for (let c = 1; c < centres.length; c++) if (dist(l, centres[c]) < dist(l, centres[best])) best = c;
      of[j] = best;
    }
    for (let c = 0; c < centres.length; c++) {
      const mine = labs.filter((_, j) => of[j] === c);
      if (mine.length) centres[c] = [0, 1, 2].map((k) => mine.reduce((s, l) => s + l[k], 0) / mine.length);
    }
  }
  // Clusters that ended close together are one surface in light and shade.
  const shares = centres.map((_, c) => of.filter((o) => o === c).length / labs.length);
  const kept: { c: number[]; share: number }[] = [];
  for (const [c, centre] of centres.entries()) {
    const same = kept.find((k) => dist(k.c, centre) < APART);
    if (same) same.share += shares[c];
    else kept.push({ c: centre, share: shares[c] });
  }
  return kept.filter((k) => k.share >= SHARE).length;
}

/** Mean colour of the pixels outside the hole in the (2r+1)² window round (x, y), as RGB. */
function knownMean(img: Raster, hole: Mask, x: number, y: number, r: number): [number, number, number] {
  const { width: w, height: h, data } = img;
  const sum = [0, 0, 0];
  let n = 0;
  for (let yy = Math.max(0, y - r); yy <= Math.min(h - 1, y + r); yy++) {
    for (let xx = Math.max(0, x - r); xx <= Math.min(w - 1, x + r); xx++) {
      const i = yy * w + xx;
      if (hole[i]) continue;
      for (let c = 0; c < 3; c++) sum[c] += data[i * 4 + c];
      n++;
    }
  }
  return [sum[0] / n, sum[1] / n, sum[2] / n];
}
