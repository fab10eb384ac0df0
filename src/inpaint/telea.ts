import { loadOpenCv } from '../image/opencv.js';
import type { Mask } from '../image/mask.js';
import type { Raster } from '../image/raster.js';

/**
 * Fills the masked pixels of a patch with OpenCV's Telea inpainting (fast marching from the hole's
 * border). Good for thin holes such as text strokes; it smooths large holes.
 */
export async function inpaintTelea(patch: Raster, mask: Mask, radius = 3): Promise<Raster> {
  const { cv } = await loadOpenCv();
  const { width: w, height: h } = patch;
  const rgb = new cv.Mat(h, w, cv.CV_8UC3);
  const m = new cv.Mat(h, w, cv.CV_8UC1);
  const dst = new cv.Mat();
  try {
    // Mat.data is a getter that builds a new view on every access: take each once.
    const rd: Uint8Array = rgb.data;
    const md: Uint8Array = m.data;
    for (let i = 0; i < w * h; i++) {
      rd[i * 3] = patch.data[i * 4];
      rd[i * 3 + 1] = patch.data[i * 4 + 1];
      rd[i * 3 + 2] = patch.data[i * 4 + 2];
      md[i] = mask[i] ? 255 : 0;
    }
    cv.inpaint(rgb, m, dst, radius, cv.INPAINT_TELEA);
    const dd: Uint8Array = dst.data;
    const out = new Uint8Array(patch.data);
    for (let i = 0; i < w * h; i++) {
      if (!mask[i]) continue;
      out[i * 4] = dd[i * 3];
      out[i * 4 + 1] = dd[i * 3 + 1];
      out[i * 4 + 2] = dd[i * 3 + 2];
    }
    return { data: out, width: w, height: h };
  } finally {
    rgb.delete();
    m.delete();
    dst.delete();
  }
}
