import { deltaE, medianRgb } from '../image/color.js';
import { distanceTo } from '../image/mask.js';
import type { Raster } from '../image/raster.js';
import { alphaMask } from './fit-util.js';
import { renderText, type TextSpec } from './render.js';

/**
 * On a busy photo a dark outline can read as background, so colour clustering misses it. Look at
 * the bands just outside the fitted glyphs instead: an outline is a run of one steady colour there,
 * unlike the background further out.
 */
export function ringOutline(patch: Raster, spec: TextSpec): TextSpec['outline'] {
  const { width: w, height: h, data } = patch;
  const glyph = alphaMask(renderText(w, h, spec, { fill: true }));
  const dist = distanceTo(glyph, w, h, true);
  const bands: number[][][] = [];
  for (let i = 0; i < dist.length; i++) {
    const d = Math.ceil(dist[i] - 0.01);
    if (d >= 1 && d <= 12) (bands[d] ??= []).push([data[i * 4], data[i * 4 + 1], data[i * 4 + 2]]);
  }
  const stats = bands.map((b) =>
    b && b.length > 20 ? { median: medianRgb(b), spread: spread(b) } : undefined,
  );
  // The outline's steadiest band: the second for wide outlines (the first mixes in the fill's
  // anti-aliasing), the first for a 2-px one (its second is half background).
  const first = [stats[2], stats[1]].filter((b) => b !== undefined).sort((a, b) => a.spread - b.spread)[0];
  if (!first || first.spread > 30) return undefined;
  let width = 1;
  while (
    width < 8 &&
    stats[width + 1] &&
    stats[width + 1]!.spread < 30 &&
    deltaE(stats[width + 1]!.median, first.median) < 15
  ) {
    width++;
  }
  const outer = stats[width + 3];
  if (!outer || deltaE(outer.median, first.median) < 20 || width < 1) return undefined;
  return { rgb: first.median, width };
}

/** Median absolute deviation from the median, worst channel. */
function spread(samples: number[][]): number {
  const m = medianRgb(samples);
  // The deviations are themselves colour-like (0–255 per channel), so the same O(n) median serves.
  const dev = medianRgb(
    samples.map((p) => [Math.abs(p[0] - m[0]), Math.abs(p[1] - m[1]), Math.abs(p[2] - m[2])]),
  );
  return Math.max(...dev);
}
