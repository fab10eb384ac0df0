// Layers: a logo resampled into one, and any layer blended over the image.
import sharp from 'sharp';
import { cloneRaster, type Raster } from '../image/raster.js';
import type { Box } from '../types.js';

/**
 * Resamples a logo to the placed size with sharp's Lanczos-3. sharp premultiplies alpha before any
 * resize and undoes it after, so the colour hidden under transparent pixels (often black) never
 * bleeds into the edge as a dark fringe.
 */
export async function resampleAsset(asset: Raster, width: number, height: number): Promise<Raster> {
  if (asset.width === width && asset.height === height) return asset;
  const input = Buffer.from(asset.data.buffer, asset.data.byteOffset, asset.data.length);
  const { data, info } = await sharp(input, {
    raw: { width: asset.width, height: asset.height, channels: 4 },
  })
    .resize(width, height, { fit: 'fill', kernel: 'lanczos3' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.length),
    width: info.width,
    height: info.height,
  };
}

export interface Blended {
  raster: Raster;
  /** 1 exactly where the layer has alpha > 0 inside the image; everything else is the input, bit for bit. */
  mask: Uint8Array;
  /** Bounding box of the mask (empty when the layer is fully transparent). */
  region: Box;
}

/**
 * Porter-Duff "over": a straight-alpha layer, times `opacity`, onto the image with its top-left
 * corner at `at` (the layer may hang over the image edges; that part is dropped).
 *
 * The mix is done on the sRGB code values, not in linear light: that is how browsers, Photoshop and
 * Figma blend layers, so a logo at 50% looks here as it did in the designer's tool, and a soft text
 * shadow keeps the weight it was designed with (in linear light dark shadows look much lighter).
 */
export function blendOver(
  img: Raster,
  layer: Raster,
  at: { x: number; y: number },
  opacity: number,
): Blended {
  const out = cloneRaster(img);
  const mask = new Uint8Array(img.width * img.height);
  const d = out.data;
  const s = layer.data;
  let [x0, y0, x1, y1] = [Infinity, Infinity, -1, -1];
  const yFrom = Math.max(0, -at.y);
  const yTo = Math.min(layer.height, img.height - at.y);
  const xFrom = Math.max(0, -at.x);
  const xTo = Math.min(layer.width, img.width - at.x);
  for (let ly = yFrom; ly < yTo; ly++) {
    const gy = ly + at.y;
    for (let lx = xFrom; lx < xTo; lx++) {
      const li = (ly * layer.width + lx) * 4;
      if (s[li + 3] === 0) continue;
      const gx = lx + at.x;
      const gi = gy * img.width + gx;
      const a = (s[li + 3] / 255) * opacity;
      const da = d[gi * 4 + 3] / 255;
      // General form for a destination with alpha; with an opaque destination it is a plain mix.
      const oa = a + da * (1 - a);
      for (let c = 0; c < 3; c++) {
        d[gi * 4 + c] = Math.round((s[li + c] * a + d[gi * 4 + c] * da * (1 - a)) / oa);
      }
      d[gi * 4 + 3] = Math.round(oa * 255);
      mask[gi] = 1;
      if (gx < x0) x0 = gx;
      if (gx > x1) x1 = gx;
      if (gy < y0) y0 = gy;
      if (gy > y1) y1 = gy;
    }
  }
  const region =
    x1 < 0 ? { x: 0, y: 0, width: 0, height: 0 } : { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
  return { raster: out, mask, region };
}
