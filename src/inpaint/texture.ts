/**
 * Texture energy of a fill: the mean luma gradient magnitude over the masked pixels. A diffusion fill
 * scores well on PSNR because it blurs; this is the number that shows the blur (compare it with the
 * same measure on the untouched photo).
 */
import type { Mask } from '../image/mask.js';
import type { Raster } from '../image/raster.js';

/** Mean |∇Y| (central differences, BT.601 luma, clamped at the image edge) over set mask pixels. */
export function meanGradient(img: Raster, mask: Mask): number {
  const { width: w, height: h, data } = img;
  const lum = (x: number, y: number) => {
    const i = (Math.min(h - 1, Math.max(0, y)) * w + Math.min(w - 1, Math.max(0, x))) * 4;
    return 0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2];
  };
  let sum = 0;
  let n = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (!mask[y * w + x]) continue;
      const gx = (lum(x + 1, y) - lum(x - 1, y)) / 2;
      const gy = (lum(x, y + 1) - lum(x, y - 1)) / 2;
      sum += Math.hypot(gx, gy);
      n++;
    }
  }
  return n ? sum / n : 0;
}

/** Texture ratio of a fill: its mean gradient in the hole over the ground truth's (1 = same energy). */
export function textureRatio(fill: Raster, truth: Raster, mask: Mask): number {
  const g = meanGradient(truth, mask);
  return g > 0 ? meanGradient(fill, mask) / g : NaN;
}
