/**
 * colourConsistency on the real fixture photos with synthetic holes where a removal would leave
 * background: the photo itself as the "fill" passes, a brightness offset fails.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { deltaE } from '../image/color.js';
import type { Raster } from '../image/raster.js';
import { fill, loadPhotos, offset, square, SURFACE } from '../../test/fixtures/holes.js';
import { COLOUR_MAX, colourConsistency } from './colour.js';

const photos: Record<string, Raster> = {};

/** Holes on one surface each (test/fixtures/holes.ts). */
const BACKGROUND = SURFACE;

beforeAll(async () => {
  Object.assign(photos, await loadPhotos(Object.keys(BACKGROUND)));
});

const hole5 = (name: string) => {
  const img = photos[name];
  return square(img, BACKGROUND[name], Math.round(Math.sqrt(0.05 * img.width * img.height)));
};

describe('colourConsistency on the fixture photos', () => {
  it('passes the photo itself as the fill of a 5% hole on every photo', () => {
    for (const name of Object.keys(BACKGROUND)) {
      expect(colourConsistency(photos[name], hole5(name)).delta_e, name).toBeLessThanOrEqual(COLOUR_MAX);
    }
  });

  it('fails the same holes filled 40 luma levels brighter or darker', () => {
    for (const name of Object.keys(BACKGROUND)) {
      const mask = hole5(name);
      for (const dv of [40, -40]) {
        const { delta_e } = colourConsistency(fill(photos[name], mask, offset(dv)), mask);
        expect(delta_e, `${name} ${dv}`).toBeGreaterThan(COLOUR_MAX);
      }
    }
  });

  it('is not moved by a few odd pixels in the fill (medians)', () => {
    const mask = hole5('gravel');
    // Every 20th pixel of the fill pure red: a leftover highlight or edge.
    const specks = fill(photos.gravel, mask, (rgb, i) => (i % 20 === 0 ? [255, 0, 0] : rgb));
    expect(colourConsistency(specks, mask).delta_e).toBeLessThan(2);
  });
});

describe('colourConsistency on synthetic masks', () => {
  const W = 80;
  const flat = (rgb: number[]): Raster => {
    const data = new Uint8Array(W * W * 4);
    for (let i = 0; i < data.length; i += 4) data.set([...rgb, 255], i);
    return { data, width: W, height: W };
  };
  const box = (x0: number, y0: number, x1: number, y1: number) => {
    const mask = new Uint8Array(W * W);
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) mask[y * W + x] = 1;
    return mask;
  };

  it('measures the CIE76 ΔE between a uniform fill and uniform surroundings', () => {
    const mask = box(20, 20, 60, 60);
    const after = fill(flat([120, 140, 90]), mask, () => [200, 80, 60]);
    const { delta_e } = colourConsistency(after, mask);
    expect(delta_e).toBeCloseTo(deltaE([200, 80, 60], [120, 140, 90]), 0);
  });

  it('gives 0 for an empty mask and for a mask with no surroundings', () => {
    expect(colourConsistency(flat([10, 20, 30]), new Uint8Array(W * W))).toEqual({ delta_e: 0 });
    expect(colourConsistency(flat([10, 20, 30]), new Uint8Array(W * W).fill(1))).toEqual({ delta_e: 0 });
  });

  it('uses what surroundings there are when the mask touches the image border', () => {
    const mask = box(0, 0, 40, W);
    const after = fill(flat([90, 90, 90]), mask, () => [90, 90, 90]);
    expect(colourConsistency(after, mask)).toEqual({ delta_e: 0 });
    const off = fill(flat([90, 90, 90]), mask, () => [130, 130, 130]);
    expect(colourConsistency(off, mask).delta_e).toBeGreaterThan(COLOUR_MAX);
  });
});
