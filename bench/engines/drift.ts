import sharp from 'sharp';
import type { Raster } from '../../src/image/raster.js';

/**
 * A drifting generative model, for the benchmark: it paints a textured patch into an ellipse (the
 * edit), then returns the whole frame at its own 64-px grid, zoomed about the centre, shifted and
 * colour-cast, as Qwen-Image-Edit and its peers do to some degree on every call.
 */
export interface Drift {
  name: string;
  about: string;
  zoom: number;
  dx: number;
  dy: number;
  gain: [number, number, number];
  offset: [number, number, number];
  /** What registration should find, in the sent frame's pixels. */
  found: { dx: number; dy: number; zoom: number };
}

const drift0 = (
  name: string,
  about: string,
  zoom: number,
  dx: number,
  dy: number,
  gain: Drift['gain'],
  offset: Drift['offset'],
): Drift => ({
  name,
  about,
  zoom,
  dx,
  dy,
  gain,
  offset,
  found: { dx, dy, zoom },
});

export const DRIFTS: Drift[] = [
  drift0('none', 'grid resize only', 1, 0, 0, [1, 1, 1], [0, 0, 0]),
  drift0('mild', 'zoom 1.02, shift (6, −4), cast ±6%', 1.02, 6, -4, [1.06, 0.97, 1], [5, -3, 0]),
  drift0('strong', 'zoom 0.97, shift (−18, 11), cast ±10%', 0.97, -18, 11, [0.9, 1.05, 1.1], [-8, 4, 6]),
];

export async function drift(
  img: Raster,
  d: Drift,
): Promise<{ truth: Raster; answer: Buffer; region: Uint8Array }> {
  const { width: w, height: h } = img;
  const region = new Uint8Array(w * h);
  const truth = new Uint8Array(img.data);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      if (((x - 0.55 * w) / (0.16 * w)) ** 2 + ((y - 0.5 * h) / (0.2 * h)) ** 2 >= 1) continue;
      const i = y * w + x;
      region[i] = 1;
      const v = 120 + 50 * Math.sin(x / 7) * Math.sin(y / 11);
      truth.set([v, 90 + v / 3, 200 - v / 2], i * 4);
    }
  const W = Math.ceil(w / 64) * 64;
  const H = Math.ceil(h / 64) * 64;
  const out = Buffer.alloc(W * H * 3);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const fx = ((x + 0.5) * w) / W;
      const fy = ((y + 0.5) * h) / H;
      const sx = Math.min(w - 1, Math.max(0, Math.floor(w / 2 + (fx - d.dx - w / 2) / d.zoom)));
      const sy = Math.min(h - 1, Math.max(0, Math.floor(h / 2 + (fy - d.dy - h / 2) / d.zoom)));
      for (let c = 0; c < 3; c++)
        out[(y * W + x) * 3 + c] = Math.min(
          255,
          Math.max(0, Math.round(truth[(sy * w + sx) * 4 + c] * d.gain[c] + d.offset[c])),
        );
    }
  return {
    truth: { data: truth, width: w, height: h },
    answer: await sharp(out, { raw: { width: W, height: H, channels: 3 } })
      .png()
      .toBuffer(),
    region,
  };
}
