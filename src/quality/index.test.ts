/**
 * checkFill on the real fixture photos: the photo itself as the fill passes everywhere a removal
 * would leave background; flat, offset and tinted fills fail, naming the check (its speed: bench/MICRO.md).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Raster } from '../image/raster.js';
import { fill, loadPhotos, square, SURFACE } from '../../test/fixtures/holes.js';
import { checkFill } from './index.js';

/** Holes on one surface each (test/fixtures/holes.ts). */
const BACKGROUND = SURFACE;
const photos: Record<string, Raster> = {};

beforeAll(async () => {
  Object.assign(photos, await loadPhotos(Object.keys(BACKGROUND)));
});

describe('checkFill', () => {
  it('passes the photo itself as the fill of 5% and 100×100 holes on every photo', () => {
    for (const [name, at] of Object.entries(BACKGROUND)) {
      const img = photos[name];
      for (const side of [Math.round(Math.sqrt(0.05 * img.width * img.height)), 100]) {
        expect(checkFill(img, img, square(img, at, side)), `${name} ${side}`).toMatchObject({
          passed: true,
          failed: [],
        });
      }
    }
  });

  it('fails a flat grey 100×100 fill in brick, grass and gravel on the seam', () => {
    for (const name of ['brick', 'grass', 'gravel']) {
      const mask = square(photos[name], BACKGROUND[name], 100);
      const check = checkFill(
        photos[name],
        fill(photos[name], mask, () => [128, 128, 128]),
        mask,
      );
      expect(check.passed, name).toBe(false);
      expect(check.failed, name).toContain('seam');
    }
  });

  it('fails a +40 luma fill on both checks, and a tinted one on colour', () => {
    for (const [name, at] of Object.entries(BACKGROUND)) {
      const mask = square(photos[name], at, 100);
      const bright = fill(photos[name], mask, (rgb) => rgb.map((v) => Math.min(255, v + 40)));
      expect(checkFill(photos[name], bright, mask).failed, name).toEqual(['seam', 'colour']);
      // Same luma, shifted hue: red up, blue down.
      const tint = fill(photos[name], mask, ([r, g, b]) => [Math.min(255, r + 40), g, Math.max(0, b - 40)]);
      expect(checkFill(photos[name], tint, mask).failed, name).toContain('colour');
    }
  });

  it('passes an empty mask with zeros', () => {
    const img = photos.coffee;
    expect(checkFill(img, img, new Uint8Array(img.width * img.height))).toEqual({
      seam: 0,
      colour_delta_e: 0,
      passed: true,
      failed: [],
    });
  });
});
