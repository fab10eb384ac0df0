import { describe, expect, it } from 'vitest';
import { pasteRegion } from './compose.js';

const solid = (w: number, h: number, v: number) => ({
  data: new Uint8Array(w * h * 4).fill(v),
  width: w,
  height: h,
});

describe('pasting the region back', () => {
  it('changes nothing outside the grown region, blends its edge, and stays inside the user mask', () => {
    const img = solid(100, 80, 50);
    const crop = { x: 20, y: 10, width: 60, height: 60 };
    const drawn = solid(60, 60, 200);
    const region = new Uint8Array(100 * 80);
    for (let y = 30; y < 50; y++) for (let x = 40; x < 60; x++) region[y * 100 + x] = 1;
    const out = pasteRegion(img, crop, drawn, region, 3, 6);
    for (let i = 0; i < region.length; i++) {
      if (!out.mask[i]) expect(out.raster.data[i * 4]).toBe(50);
    }
    expect(out.raster.data[(40 * 100 + 50) * 4]).toBe(200);
    // The edge is blended, and the band's disagreement is measured.
    const edge = out.raster.data[(40 * 100 + 37) * 4];
    expect(edge).toBeGreaterThan(50);
    expect(edge).toBeLessThan(200);
    expect(out.edge).toBeGreaterThan(100);
    const limit = new Uint8Array(100 * 80);
    for (let y = 30; y < 50; y++) for (let x = 40; x < 50; x++) limit[y * 100 + x] = 1;
    const inside = pasteRegion(img, crop, drawn, region, 3, 6, limit);
    for (let i = 0; i < limit.length; i++) if (!limit[i]) expect(inside.mask[i]).toBe(0);
  });
});
