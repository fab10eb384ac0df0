import type { Box } from '../types.js';

/** Decoded pixels: always 8-bit RGBA, row-major. Every stage works on this one shape. */
export interface Raster {
  data: Uint8Array;
  width: number;
  height: number;
}

export function createRaster(width: number, height: number): Raster {
  return { data: new Uint8Array(width * height * 4), width, height };
}

export function cloneRaster(r: Raster): Raster {
  return { data: new Uint8Array(r.data), width: r.width, height: r.height };
}

/** Copies a box (clamped to the raster) into a new raster. */
export function cropRaster(r: Raster, box: Box): Raster {
  const b = clampBox(box, r.width, r.height);
  const out = createRaster(b.width, b.height);
  for (let y = 0; y < b.height; y++) {
    const src = ((b.y + y) * r.width + b.x) * 4;
    out.data.set(r.data.subarray(src, src + b.width * 4), y * b.width * 4);
  }
  return out;
}

/** Integer box inside [0,w)×[0,h); may be empty. */
export function clampBox(box: Box, w: number, h: number): Box {
  const x0 = Math.max(0, Math.floor(box.x));
  const y0 = Math.max(0, Math.floor(box.y));
  const x1 = Math.min(w, Math.ceil(box.x + box.width));
  const y1 = Math.min(h, Math.ceil(box.y + box.height));
  return { x: x0, y: y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0) };
}

export function padBox(box: Box, pad: number): Box {
  return { x: box.x - pad, y: box.y - pad, width: box.width + 2 * pad, height: box.height + 2 * pad };
}

export function unionBox(a: Box, b: Box): Box {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return {
    x,
    y,
    width: Math.max(a.x + a.width, b.x + b.width) - x,
    height: Math.max(a.y + a.height, b.y + b.height) - y,
  };
}

/** Bilinear sample of one pixel; outside the raster reads the nearest edge pixel. */
export function sampleBilinear(r: Raster, x: number, y: number, out: number[] | Float32Array): void {
  const fx = Math.min(Math.max(x - 0.5, 0), r.width - 1);
  const fy = Math.min(Math.max(y - 0.5, 0), r.height - 1);
  const x0 = Math.floor(fx);
  const y0 = Math.floor(fy);
  const x1 = Math.min(x0 + 1, r.width - 1);
  const y1 = Math.min(y0 + 1, r.height - 1);
  const ax = fx - x0;
  const ay = fy - y0;
  const d = r.data;
  const i00 = (y0 * r.width + x0) * 4;
  const i01 = (y0 * r.width + x1) * 4;
  const i10 = (y1 * r.width + x0) * 4;
  const i11 = (y1 * r.width + x1) * 4;
  for (let c = 0; c < 4; c++) {
    const top = d[i00 + c] * (1 - ax) + d[i01 + c] * ax;
    const bot = d[i10 + c] * (1 - ax) + d[i11 + c] * ax;
    out[c] = top * (1 - ay) + bot * ay;
  }
}
