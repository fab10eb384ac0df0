import { medianRgb } from '../image/color.js';
import { dilate } from '../image/mask.js';
import type { Raster } from '../image/raster.js';
import { alphaMask } from './fit-util.js';
import { renderText, type TextSpec } from './render.js';
import type { Segmentation } from './segment.js';

/** A drop shadow is ink the glyphs do not explain that matches the glyphs shifted by some offset. */
export function fitShadow(patch: Raster, seg: Segmentation, spec: TextSpec): TextSpec['shadow'] {
  const { width: w, height: h } = patch;
  const glyph = alphaMask(renderText(w, h, spec, { outline: true, fill: true }));
  const near = dilate(glyph, w, h, 1.5);
  const rest: number[] = [];
  let glyphCount = 0;
  for (let i = 0; i < near.length; i++) {
    if (glyph[i]) glyphCount++;
    if (seg.inkLoose[i] && !near[i]) rest.push(i);
  }
  if (rest.length < glyphCount * 0.2) return undefined;
  const restMask = new Uint8Array(w * h);
  for (const i of rest) restMask[i] = 1;
  const pts = (every: number) => {
    const out: [number, number][] = [];
    for (let i = 0, k = 0; i < glyph.length; i++)
      if (glyph[i] && k++ % every === 0) out.push([i % w, Math.floor(i / w)]);
    return out;
  };
  const hitsAt = (sample: [number, number][], dx: number, dy: number) => {
    let hits = 0;
    for (const [px, py] of sample) {
      const x = px + dx;
      const y = py + dy;
      if (x >= 0 && y >= 0 && x < w && y < h && restMask[y * w + x]) hits++;
    }
    return hits / sample.length;
  };
  // Coarse to fine: a 2-px grid over sparse glyph points, then the neighbourhood of the best offset.
  const reach = Math.max(3, Math.round(spec.sizePx * 0.25));
  const sparse = pts(8);
  let best = { dx: 0, dy: 0, score: 0 };
  for (let dy = -reach; dy <= reach; dy += 2) {
    for (let dx = -reach; dx <= reach; dx += 2) {
      if (dx === 0 && dy === 0) continue;
      const score = hitsAt(sparse, dx, dy);
      if (score > best.score) best = { dx, dy, score };
    }
  }
  const dense = pts(2);
  const start = best;
  best = { ...start, score: 0 };
  for (let dy = start.dy - 2; dy <= start.dy + 2; dy++) {
    for (let dx = start.dx - 2; dx <= start.dx + 2; dx++) {
      if (dx === 0 && dy === 0) continue;
      const score = hitsAt(dense, dx, dy);
      if (score > best.score) best = { dx, dy, score };
    }
  }
  // A real shadow repeats the glyphs: a good share of the shifted glyph lands on unexplained ink.
  if (best.score < 0.3) return undefined;
  const strong = rest.filter((i) => seg.contrast[i] >= seg.contrast[rest[rest.length >> 1]]);
  const rgb = medianRgb(strong.map((i) => [patch.data[i * 4], patch.data[i * 4 + 1], patch.data[i * 4 + 2]]));
  // Blur: a sharp shadow covers about as many pixels as the glyphs; a soft one spreads wider.
  const spread = rest.length / Math.max(1, glyphCount);
  const blur = spread < 0.6 ? 0 : Math.min(12, Math.round(spread * 3));
  return { rgb, alpha: 1, dx: best.dx, dy: best.dy, blur };
}
