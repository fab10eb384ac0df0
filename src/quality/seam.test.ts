/**
 * seamScore on the real fixture photos with synthetic holes: the photo itself as the "fill" passes
 * wherever the hole is, a flat fill in a texture and a brightness offset fail.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Raster } from '../image/raster.js';
import { fill, loadPhotos, offset, square } from '../../test/fixtures/holes.js';
import { SEAM_MAX, seamScore } from './seam.js';

const NAMES = ['brick', 'grass', 'gravel', 'coffee', 'chelsea', 'astronaut'];
const TEXTURES = ['brick', 'grass', 'gravel'];
const photos: Record<string, Raster> = {};

beforeAll(async () => {
  Object.assign(photos, await loadPhotos(NAMES));
});

/** Mean colour of the pixels 1–16 px around the mask's box: what a naive fill would paint. */
function meanAround(img: Raster, mask: Uint8Array): number[] {
  let [x0, y0, x1, y1] = [img.width, img.height, 0, 0];
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    const x = i % img.width;
    const y = Math.floor(i / img.width);
    [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
  }
  const sum = [0, 0, 0];
  let n = 0;
  for (let y = Math.max(0, y0 - 16); y <= Math.min(img.height - 1, y1 + 16); y++) {
    for (let x = Math.max(0, x0 - 16); x <= Math.min(img.width - 1, x1 + 16); x++) {
      if (mask[y * img.width + x]) continue;
      for (let c = 0; c < 3; c++) sum[c] += img.data[4 * (y * img.width + x) + c];
      n++;
    }
  }
  return sum.map((s) => Math.round(s / n));
}

/** 5% squares and 100×100 squares: centre, off-centre, touching an edge, in a corner. */
const holes = (img: Raster): [string, Uint8Array][] => {
  const s5 = Math.round(Math.sqrt(0.05 * img.width * img.height));
  return [
    ['5% centre', square(img, [0.5, 0.5], s5)],
    ['5% upper left', square(img, [0.3, 0.3], s5)],
    ['5% lower right', square(img, [0.7, 0.7], s5)],
    ['5% on the left edge', square(img, [(s5 / 2 - 10) / img.width, 0.5], s5)],
    ['100 centre', square(img, [0.5, 0.5], 100)],
    ['100 upper right', square(img, [0.75, 0.25], 100)],
    ['100 lower left', square(img, [0.25, 0.75], 100)],
    ['100 in the corner', square(img, [40 / img.width, 40 / img.height], 100)],
  ];
};

describe('seamScore on the fixture photos', () => {
  it('passes the photo itself as the fill, wherever the hole is (scores near 1)', () => {
    const scores: number[] = [];
    for (const name of NAMES) {
      for (const [where, mask] of holes(photos[name])) {
        const { score, border_px } = seamScore(photos[name], photos[name], mask);
        expect(score, `${name} ${where}`).toBeLessThanOrEqual(SEAM_MAX);
        expect(border_px, `${name} ${where}`).toBeGreaterThan(0);
        scores.push(score);
      }
    }
    scores.sort((a, b) => a - b);
    expect(scores[scores.length >> 1]).toBeGreaterThan(0.8);
    expect(scores[scores.length >> 1]).toBeLessThan(1.2);
  });

  it('fails a flat fill in the surroundings’ mean colour of a 100×100 hole in a texture', () => {
    for (const name of TEXTURES) {
      const img = photos[name];
      for (const [where, mask] of holes(img).filter(([w]) => w.startsWith('100'))) {
        const flat = meanAround(img, mask);
        const { score } = seamScore(
          img,
          fill(img, mask, () => flat),
          mask,
        );
        expect(score, `${name} ${where}`).toBeGreaterThan(SEAM_MAX);
      }
    }
  });

  it('fails a fill 40 luma levels too bright, on every photo', () => {
    for (const name of NAMES) {
      for (const [where, mask] of holes(photos[name])) {
        const { score } = seamScore(photos[name], fill(photos[name], mask, offset(40)), mask);
        expect(score, `${name} ${where}`).toBeGreaterThan(SEAM_MAX);
      }
    }
  });

  it('is free of contrast: halving it around mid-grey leaves the score', () => {
    const img = photos.gravel;
    const mask = square(img, [0.5, 0.5], 100);
    const bad = fill(img, mask, offset(40));
    const half = (r: Raster) =>
      fill(r, new Uint8Array(mask.length).fill(1), (rgb) => rgb.map((v) => 64 + v / 2));
    const full = seamScore(img, bad, mask).score;
    expect(seamScore(half(img), half(bad), mask).score).toBeCloseTo(full, 0);
  });
});

describe('seamScore on synthetic masks', () => {
  const grey = (v: number): Raster => ({ data: new Uint8Array(64 * 64 * 4).fill(v), width: 64, height: 64 });

  it('scores an empty mask 0 with no border', () => {
    expect(seamScore(photos.brick, photos.brick, new Uint8Array(512 * 512))).toEqual({
      score: 0,
      border_px: 0,
    });
  });

  it('scores a mask over the whole image 0: it has no border inside the image', () => {
    const all = new Uint8Array(64 * 64).fill(1);
    expect(seamScore(grey(100), grey(200), all)).toEqual({ score: 0, border_px: 0 });
  });

  it('counts only the border inside the image for a mask in a corner', () => {
    const mask = new Uint8Array(64 * 64);
    for (let y = 0; y < 20; y++) for (let x = 0; x < 30; x++) mask[y * 64 + x] = 1;
    const after = fill(grey(100), mask, () => [130, 130, 130]);
    // The right column and the bottom row, their shared corner once.
    expect(seamScore(grey(100), after, mask)).toEqual({ score: 30 / 2, border_px: 20 + 30 - 1 });
  });

  it('lets flat areas differ by about a quantisation step, not by a visible one', () => {
    const mask = new Uint8Array(64 * 64);
    for (let y = 20; y < 40; y++) for (let x = 20; x < 40; x++) mask[y * 64 + x] = 1;
    const step = (dv: number) => seamScore(grey(100), fill(grey(100), mask, offset(dv)), mask).score;
    expect(step(2)).toBeLessThanOrEqual(SEAM_MAX);
    expect(step(3)).toBeLessThanOrEqual(SEAM_MAX);
    expect(step(4)).toBeGreaterThan(SEAM_MAX);
  });
});
