import sharp from 'sharp';
import type { Mask } from '../../image/mask.js';
import type { Raster } from '../../image/raster.js';
import type { Box } from '../../types.js';

/** Pixel plumbing between our rasters and what providers send and return. */

export async function resizeRaw(r: Raster, width: number, height: number): Promise<Raster> {
  if (r.width === width && r.height === height) return r;
  const data = await sharp(r.data, { raw: { width: r.width, height: r.height, channels: 4 } })
    .resize(width, height, { fit: 'fill', kernel: 'lanczos3' })
    .raw()
    .toBuffer();
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width, height };
}

/** Opaque PNG: providers are sent colour only. */
export function png(r: Raster): Promise<Buffer> {
  return sharp(r.data, { raw: { width: r.width, height: r.height, channels: 4 } })
    .removeAlpha()
    .png()
    .toBuffer();
}

/** A binary mask as a PNG, white where the model may draw. */
export function maskPng(m: Mask, width: number, height: number): Promise<Buffer> {
  const grey = Uint8Array.from(m, (v) => (v ? 255 : 0));
  return sharp(grey, { raw: { width, height, channels: 1 } })
    .png()
    .toBuffer();
}

export function cropMask(m: Mask, width: number, box: Box): Mask {
  const out = new Uint8Array(box.width * box.height);
  for (let y = 0; y < box.height; y++)
    out.set(m.subarray((box.y + y) * width + box.x, (box.y + y) * width + box.x + box.width), y * box.width);
  return out;
}

/** Nearest-neighbour: a mask stays binary. */
export function resizeMask(m: Mask, from: Box, to: { width: number; height: number }): Mask {
  const out = new Uint8Array(to.width * to.height);
  for (let y = 0; y < to.height; y++) {
    const sy = Math.min(from.height - 1, Math.floor(((y + 0.5) * from.height) / to.height));
    for (let x = 0; x < to.width; x++) {
      const sx = Math.min(from.width - 1, Math.floor(((x + 0.5) * from.width) / to.width));
      out[y * to.width + x] = m[sy * from.width + sx] ? 1 : 0;
    }
  }
  return out;
}

/** A global redraw keeps the input's alpha channel: models return colour only. */
export function withAlpha(drawn: Raster, img: Raster): Raster {
  const data = new Uint8Array(drawn.data);
  for (let i = 3; i < data.length; i += 4) data[i] = img.data[i];
  return { data, width: drawn.width, height: drawn.height };
}

/** Mean absolute colour change inside the mask, 0–255. */
export function meanChange(a: Raster, b: Raster, mask: Mask): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    for (let c = 0; c < 3; c++) sum += Math.abs(a.data[i * 4 + c] - b.data[i * 4 + c]);
    n += 3;
  }
  return n ? sum / n : 0;
}

/** Pixels that differ outside the mask: the surgical promise, measured rather than assumed. */
export function changedOutside(a: Raster, b: Raster, mask: Mask): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i]) continue;
    const o = i * 4;
    if (
      a.data[o] !== b.data[o] ||
      a.data[o + 1] !== b.data[o + 1] ||
      a.data[o + 2] !== b.data[o + 2] ||
      a.data[o + 3] !== b.data[o + 3]
    )
      n++;
  }
  return n;
}

/**
 * What one call cost. Providers do not return prices, and ours would go stale, so the price per image
 * is the deployment's to state: SCALPEL_PRICE_<ENGINE>="0.3 CNY" (e.g. SCALPEL_PRICE_DASHSCOPE).
 */
export function costOf(engine: string): {
  images: number;
  per_image: number | null;
  currency: string | null;
} {
  const raw = process.env[`SCALPEL_PRICE_${engine.toUpperCase()}`]?.trim();
  const m = raw ? /^(\d+(?:\.\d+)?)\s*([A-Za-z]{3})?$/.exec(raw) : null;
  return { images: 1, per_image: m ? Number(m[1]) : null, currency: m?.[2]?.toUpperCase() ?? null };
}

export const round = (v: number) => Math.round(v * 100) / 100;
