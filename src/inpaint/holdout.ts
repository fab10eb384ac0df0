/**
 * Which diffusion guess to trust for the hole's layout, decided on evidence: hide a band of known
 * pixels round the hole, let the membrane and Telea fill hole and band, and weight each guess by
 * how well it rebuilt the hidden band (inverse squared error). Beside the coffee cup's rim Telea
 * continues the edge and earns about two thirds; on a smooth ramp the membrane is exact and takes
 * nearly all. Cost: one more membrane and Telea (5% squares, median 613 -> 660 ms in bench/INPAINT.md).
 */
import { dilate } from '../image/mask.js';
import type { Raster } from '../image/raster.js';
import { teleaLevel } from './blend.js';
import { membrane } from './membrane.js';
import type { Level } from './pyramid.js';

/** Telea's share of the layout for the hole of `l` (the crop of `img` at x0, y0), in [0, 1]. */
export async function teleaShareByHoldout(
  img: Raster,
  l: Level,
  x0: number,
  y0: number,
  band: number,
): Promise<number> {
  const grown = dilate(l.hole, l.w, l.h, band);
  const hidden: Level = { ...l, hole: grown };
  const [m, t] = [membrane(hidden), await teleaLevel(img, hidden, x0, y0)];
  let em = 0;
  let et = 0;
  for (let p = 0; p < grown.length; p++) {
    if (!grown[p] || l.hole[p]) continue;
    for (let k = 0; k < l.c; k++) {
      const truth = l.img[p * l.c + k];
      em += (m[p * l.c + k] - truth) ** 2;
      et += (t[p * l.c + k] - truth) ** 2;
    }
  }
  // Neither erred (both exact, or no band to hide): nothing to choose between.
  if (em + et === 0) return 0.5;
  return em / (em + et);
}
