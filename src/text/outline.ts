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
  // Outlines scale with the lettering: 3 px round 72-px text is 9 px once the poster is tripled.
  const maxWidth = Math.max(8, Math.round(spec.sizePx * 0.06));
  const bands: number[][][] = [];
  for (let i = 0; i < dist.length; i++) {
    const d = Math.ceil(dist[i] - 0.01);
    if (d >= 1 && d <= maxWidth + 4) (bands[d] ??= []).push([data[i * 4], data[i * 4 + 1], data[i * 4 + 2]]);
  }
  const stats = bands.map((b) =>
    b && b.length > 20 ? { median: medianRgb(b), spread: spread(b) } : undefined,
  );
  // The outline's steadiest band: the second for wide outlines (the first mixes in the fill's
  // anti-aliasing), the first for a 2-px one (its second is half background). Only if neither is
  // steady, the third or fourth: a resampled poster blurs its edges over a few pixels.
  const steadiest = (ds: number[]) =>
    ds
      .filter((d) => stats[d] !== undefined && stats[d]!.spread <= 30)
      .sort((a, b) => stats[a]!.spread - stats[b]!.spread)[0];
  const at = steadiest([2, 1]) ?? steadiest([3, 4]);
  if (at === undefined) return undefined;
  const first = stats[at]!;
  let width = at;
  while (
    width < maxWidth &&
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
