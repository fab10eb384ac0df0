import type { Mask } from '../image/mask.js';
import type { Raster } from '../image/raster.js';
import { planeAt, type PlaneModel } from '../text/background.js';

/**
 * Fills masked pixels from the fitted background plane: exact for solid fills and linear gradients,
 * which is what most poster backgrounds are.
 */
export function fillPlane(base: Raster, mask: Mask, plane: PlaneModel, dx: number, dy: number): Raster {
  const out = new Uint8Array(base.data);
  for (let y = 0; y < base.height; y++) {
    for (let x = 0; x < base.width; x++) {
      const i = y * base.width + x;
      if (!mask[i]) continue;
      for (let c = 0; c < 3; c++)
        out[i * 4 + c] = Math.max(0, Math.min(255, Math.round(planeAt(plane, x + dx, y + dy, c))));
    }
  }
  return { data: out, width: base.width, height: base.height };
}
