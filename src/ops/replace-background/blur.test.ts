import { describe, expect, it } from 'vitest';
import { gaussianBlur, weightedBlur } from './blur.js';

describe('gaussianBlur (three box passes)', () => {
  it('keeps a flat plane flat, borders included', () => {
    const out = gaussianBlur(new Float32Array(40 * 30).fill(7), 40, 30, 5);
    for (const v of out) expect(v).toBeCloseTo(7, 4);
  });

  it('spreads an impulse with unit mass and the requested variance', () => {
    const w = 101;
    const plane = new Float32Array(w * w);
    plane[50 * w + 50] = 1;
    for (const sigma of [2, 3.5, 6, 12]) {
      const out = gaussianBlur(plane, w, w, sigma);
      let mass = 0;
      let varX = 0;
      for (let i = 0; i < out.length; i++) {
        mass += out[i];
        varX += out[i] * ((i % w) - 50) ** 2;
      }
      expect(mass).toBeCloseTo(1, 4);
      // Integer box radii: the variance lands within ~20% of sigma².
      expect(Math.abs(varX / mass - sigma * sigma) / (sigma * sigma)).toBeLessThan(0.2);
    }
  });
});

describe('weightedBlur', () => {
  it('spreads only weighted colour into unweighted pixels', () => {
    const w = 30;
    const h = 10;
    const rgb = new Float32Array(w * h * 3);
    const weight = new Float32Array(w * h);
    for (let i = 0; i < w * h; i++) {
      const left = i % w < 15;
      rgb.set(left ? [0, 0, 255] : [255, 0, 0], i * 3);
      weight[i] = left ? 1 : 0;
    }
    const out = weightedBlur(rgb, w, h, weight, 3, 12);
    // The red half has no weight: pixels there take the blue of the weighted half, never red.
    for (let i = 0; i < w * h; i++) expect(out[i * 3]).toBeCloseTo(0, 3);
    expect(out[(5 * w + 29) * 3 + 2]).toBeCloseTo(255, 3);
  });
});
