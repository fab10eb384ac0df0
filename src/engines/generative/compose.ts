import type { Box } from '../../types.js';
import { distanceTo, type Mask } from '../../image/mask.js';
import type { Raster } from '../../image/raster.js';

/**
 * Only the region comes back from the model: its mask grown by a few pixels (the model redraws edges
 * too), feathered inward so the seam blends, and pasted over the input. Where the weight is 0 the
 * input's pixel is kept as it was, bit for bit; the returned mask is exactly where it is not 0.
 */
export function pasteRegion(
  img: Raster,
  crop: Box,
  drawn: Raster,
  region: Mask,
  grow: number,
  feather: number,
  /** The user's --mask: nothing lands outside it, even the grown edge. */
  limit?: Mask,
): { raster: Raster; mask: Mask; edge: number } {
  const { width: W } = img;
  const { x: ox, y: oy, width: w, height: h } = crop;
  const local = new Uint8Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) local[y * w + x] = region[(oy + y) * W + ox + x] ? 1 : 0;
  // Grown: distance from the region below `grow`; weight: depth into the grown shape over `feather`.
  const out = distanceTo(local, w, h, true);
  const grown = new Uint8Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      grown[i] = out[i] <= grow && (!limit || limit[(oy + y) * W + ox + x]) ? 1 : 0;
    }
  const depth = distanceTo(grown, w, h, false);
  const data = new Uint8Array(img.data);
  const mask = new Uint8Array(img.width * img.height);
  let edgeSum = 0;
  let edgeN = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (!grown[i]) continue;
      const a = Math.min(1, depth[i] / Math.max(1, feather));
      if (a <= 0) continue;
      const o = ((oy + y) * W + ox + x) * 4;
      for (let c = 0; c < 3; c++)
        data[o + c] = Math.round(img.data[o + c] * (1 - a) + drawn.data[i * 4 + c] * a);
      mask[(oy + y) * W + ox + x] = 1;
      // The feathered margin outside the region: there the model's pixels and the photo's should agree.
      if (a < 1 && !local[i]) {
        for (let c = 0; c < 3; c++) edgeSum += Math.abs(img.data[o + c] - drawn.data[i * 4 + c]);
        edgeN += 3;
      }
    }
  }
  return { raster: { data, width: img.width, height: img.height }, mask, edge: edgeN ? edgeSum / edgeN : 0 };
}
