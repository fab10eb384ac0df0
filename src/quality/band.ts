import { distanceTo, maskBounds, type Mask } from '../image/mask.js';

/**
 * The neighbourhood of an edit mask that the fill checks read: the mask's bounding box grown by a
 * margin and clamped to the image, with the distance of every pixel in it to the mask. Working in
 * this window keeps a check at a few milliseconds however large the image around a small hole is.
 */
export interface Band {
  /** Window in image pixels: [x0, y0) to [x1, y1). */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Chamfer distance (px) to the nearest mask pixel, row-major over the window; 0 inside the mask. */
  dist: Float32Array;
}

/** Undefined when the mask is empty. Any non-zero byte of `mask` is an edited pixel. */
export function bandAround(mask: Mask, w: number, h: number, margin: number): Band | undefined {
  const box = maskBounds(mask, w, h);
  if (!box) return undefined;
  const x0 = Math.max(0, box.x - margin);
  const y0 = Math.max(0, box.y - margin);
  const x1 = Math.min(w, box.x + box.width + margin);
  const y1 = Math.min(h, box.y + box.height + margin);
  const bw = x1 - x0;
  const sub = new Uint8Array(bw * (y1 - y0));
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) sub[(y - y0) * bw + x - x0] = mask[y * w + x] ? 1 : 0;
  }
  // The window is a rectangle holding every mask pixel, so distances inside it are the image's own.
  return { x0, y0, x1, y1, dist: distanceTo(sub, bw, y1 - y0, true) };
}

/** Rec. 709 luma of one RGBA pixel (gamma-encoded, 0–255). */
export const luma = (d: Uint8Array, i: number): number =>
  0.2126 * d[i] + 0.7152 * d[i + 1] + 0.0722 * d[i + 2];
