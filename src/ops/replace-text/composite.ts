// Here, not in common/: only redraw.ts composites a patch (remove's text erase goes through it).
import type { Mask } from '../../image/mask.js';
import { cloneRaster, type Raster } from '../../image/raster.js';
import type { Box } from '../../types.js';

/**
 * Writes an edited patch back into a copy of the image through the edit mask: erased pixels take
 * the filled background, then the new layer is blended over it. Every pixel outside the mask (and
 * outside the user's mask, when given) is copied from the input untouched.
 */
export function composite(
  img: Raster,
  at: Box,
  filled: Raster,
  erase: Mask,
  layer: Uint8Array,
  userMask?: Mask,
): { raster: Raster; mask: Mask } {
  const out = cloneRaster(img);
  const mask = new Uint8Array(img.width * img.height);
  for (let y = 0; y < at.height; y++) {
    for (let x = 0; x < at.width; x++) {
      const i = y * at.width + x;
      const a = layer[i * 4 + 3];
      if (!erase[i] && a === 0) continue;
      const gi = (y + at.y) * img.width + (x + at.x);
      if (userMask && !userMask[gi]) continue;
      mask[gi] = 1;
      // Under erased pixels the background is the fill (patch coordinates); elsewhere it is the
      // input itself (image coordinates).
      const [src, at4] = erase[i] ? [filled.data, i * 4] : [img.data, gi * 4];
      // The layer comes from canvas as premultiplied-then-unpremultiplied RGBA: blend straight alpha.
      for (let c = 0; c < 3; c++) {
        const bg = src[at4 + c];
        out.data[gi * 4 + c] = Math.round(bg + ((layer[i * 4 + c] - bg) * a) / 255);
      }
    }
  }
  return { raster: out, mask };
}
