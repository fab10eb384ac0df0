import type { Box } from '../../types.js';
import { clampBox } from '../../image/raster.js';

/**
 * What the model is sent: a context-padded crop around the region (the article's 自动裁剪主体区域),
 * scaled to about one megapixel, the size Qwen-Image-Edit works at, with each side a multiple of 16
 * and within 512–2048 px (DashScope's documented bounds). Less to send, less for the model to drift on.
 */
export interface Frame {
  /** The crop, in input pixels. */
  crop: Box;
  /** The size it is sent at. */
  sent: { width: number; height: number };
  /** Whether the crop is the whole image. */
  whole: boolean;
}

export const TARGET_PIXELS = 1024 * 1024;
const MIN_SIDE = 512;
const MAX_SIDE = 2048;
/** Context on each side: half the region's longer side, at least this many input pixels. */
const MIN_CONTEXT = 64;
/** A crop covering more of the image than this is sent whole: cropping would save little. */
const WHOLE_ABOVE = 0.6;

export function frameFor(region: Box | undefined, width: number, height: number): Frame {
  let crop: Box = { x: 0, y: 0, width, height };
  if (region) {
    const pad = Math.max(MIN_CONTEXT, Math.round(Math.max(region.width, region.height) / 2));
    const padded = clampBox(
      {
        x: region.x - pad,
        y: region.y - pad,
        width: region.width + 2 * pad,
        height: region.height + 2 * pad,
      },
      width,
      height,
    );
    if (padded.width * padded.height <= WHOLE_ABOVE * width * height) crop = padded;
  }
  return {
    crop,
    sent: sizeFor(crop.width, crop.height),
    whole: crop.width === width && crop.height === height,
  };
}

/** About TARGET_PIXELS, sides within bounds and multiples of 16; the aspect kept as near as that allows. */
export function sizeFor(w: number, h: number): { width: number; height: number } {
  let s = Math.sqrt(TARGET_PIXELS / (w * h));
  s = Math.max(s, MIN_SIDE / Math.min(w, h));
  s = Math.min(s, MAX_SIDE / Math.max(w, h));
  const snap = (v: number) => Math.min(MAX_SIDE, Math.max(MIN_SIDE, Math.round((v * s) / 16) * 16));
  return { width: snap(w), height: snap(h) };
}
