import { dilate, type Mask } from '../image/mask.js';
import type { Raster } from '../image/raster.js';
import { fitPlane, planeAt } from '../text/background.js';

/** Ring pixels must fit one plane this closely (levels)… */
const FLAT_NOISE = 3;
/** …all but this share of them (where the ring crosses the shape's edge). */
const FLAT_SHARE = 0.85;

/**
 * A hole whose immediate surroundings are one flat colour or gradient (glyphs on a button, a price
 * tag, a banner) is filled as that flat shape: a plane fitted to a thin ring around the hole. The
 * wider patch may be busy (the button's edge, the photo behind it), which is why the line's own
 * background model called it textured; an exemplar fill there copies edges into the letters'
 * places as glyph-shaped blotches. Returns undefined when the ring is not flat.
 */
export function fillFlat(patch: Raster, hole: Mask, ringWidth: number): Raster | undefined {
  const { width: w, height: h } = patch;
  const outer = dilate(hole, w, h, Math.max(2, ringWidth));
  const inner = dilate(hole, w, h, 1);
  const ring = new Uint8Array(w * h);
  let n = 0;
  for (let i = 0; i < ring.length; i++) if (outer[i] && !inner[i]) n += ring[i] = 1;
  if (n < 30) return undefined;
  const plane = fitPlane(patch, ring);
  if (plane.noise > FLAT_NOISE) return undefined;
  const cut = Math.max(6, 3 * plane.noise);
  let fit = 0;
  for (let i = 0; i < ring.length; i++) {
    if (!ring[i]) continue;
    const x = i % w;
    const y = (i - x) / w;
    let worst = 0;
    for (let c = 0; c < 3; c++)
      worst = Math.max(worst, Math.abs(patch.data[i * 4 + c] - planeAt(plane, x, y, c)));
    if (worst <= cut) fit++;
  }
  if (fit / n < FLAT_SHARE) return undefined;
  const out = new Uint8Array(patch.data);
  for (let i = 0; i < hole.length; i++) {
    if (!hole[i]) continue;
    const x = i % w;
    const y = (i - x) / w;
    for (let c = 0; c < 3; c++)
      out[i * 4 + c] = Math.max(0, Math.min(255, Math.round(planeAt(plane, x, y, c))));
  }
  return { data: out, width: w, height: h };
}
