import { describe, expect, it } from 'vitest';
import {
  hueDistance,
  linearToSrgb,
  oklabToLinear,
  oklabToSrgb,
  oklchToRgb,
  rgbToOklch,
  SRGB_TO_LINEAR,
  srgbToOklab,
} from './oklab.js';

const lab = (r: number, g: number, b: number) => {
  const out = new Float64Array(3);
  srgbToOklab(r, g, b, out);
  return out;
};

describe('oklab', () => {
  it('matches Ottosson’s reference values', () => {
    const white = lab(255, 255, 255);
    expect(white[0]).toBeCloseTo(1, 4);
    expect(Math.abs(white[1]) + Math.abs(white[2])).toBeLessThan(1e-4);
    expect([...lab(0, 0, 0)]).toEqual([0, 0, 0]);
    const red = lab(255, 0, 0);
    expect(red[0]).toBeCloseTo(0.628, 3);
    expect(red[1]).toBeCloseTo(0.2249, 3);
    expect(red[2]).toBeCloseTo(0.1258, 3);
    const blue = lab(0, 0, 255);
    expect(blue[0]).toBeCloseTo(0.452, 3);
    expect(blue[1]).toBeCloseTo(-0.0325, 3);
    expect(blue[2]).toBeCloseTo(-0.3115, 3);
    // Greys are achromatic and lightness is monotone in the code value.
    for (let v = 1; v < 256; v++) {
      const g = lab(v, v, v);
      expect(Math.hypot(g[1], g[2])).toBeLessThan(1e-4);
      expect(g[0]).toBeGreaterThan(lab(v - 1, v - 1, v - 1)[0]);
    }
  });

  it('round-trips every 8-bit level through linear light exactly', () => {
    for (let v = 0; v < 256; v++) expect(Math.round(linearToSrgb(SRGB_TO_LINEAR[v]))).toBe(v);
  });

  it('round-trips sRGB → OKLab → sRGB within half a code value', () => {
    const out = new Float64Array(3);
    let worst = 0;
    for (let r = 0; r < 256; r += 15) {
      for (let g = 0; g < 256; g += 15) {
        for (let b = 0; b < 256; b += 15) {
          const [L, A, B] = lab(r, g, b);
          expect(oklabToSrgb(L, A, B, out)).toBe(1);
          worst = Math.max(worst, Math.abs(out[0] - r), Math.abs(out[1] - g), Math.abs(out[2] - b));
        }
      }
    }
    expect(worst).toBeLessThan(0.5);
    expect(oklchToRgb(...rgbToOklch([12, 200, 99]))).toEqual([12, 200, 99]);
  });

  it('maps out-of-gamut colours by chroma alone, keeping lightness and hue', () => {
    // A saturated blue at the lightness of a pale surface: not displayable as asked.
    const [, C, h] = rgbToOklch([0, 0, 255]);
    const rgb = oklchToRgb(0.85, C, h);
    const [L2, C2, h2] = rgbToOklch(rgb);
    expect(L2).toBeCloseTo(0.85, 2);
    expect(C2).toBeLessThan(C / 2);
    expect(C2).toBeGreaterThan(0.03);
    expect(hueDistance(h2, h)).toBeLessThan(2);
    // Lightness out of range clamps to black and white.
    const out = new Float64Array(3);
    oklabToSrgb(1.2, 0.1, 0, out);
    expect([...out].map(Math.round)).toEqual([255, 255, 255]);
    const lin = new Float64Array(3);
    oklabToLinear(0, 0, 0, lin);
    expect([...lin]).toEqual([0, 0, 0]);
  });

  it('finds the gamut boundary as a fine bisection does, within 0.002 of chroma', () => {
    const out = new Float64Array(3);
    const lin = new Float64Array(3);
    const displayable = (L: number, a: number, b: number) => {
      oklabToLinear(L, a, b, lin);
      return lin.every((x) => x >= -1e-4 && x <= 1 + 1e-4);
    };
    let seed = 7;
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    let mapped = 0;
    // Below L = 0.15 every chroma is invisible and the tolerance dominates: not compared.
    for (let k = 0; k < 20000; k++) {
      const [L, a, b] = [0.15 + 0.85 * rand(), (rand() - 0.5) * 0.8, (rand() - 0.5) * 0.8];
      const t = oklabToSrgb(L, a, b, out);
      expect(displayable(L, a * t, b * t)).toBe(true);
      if (t === 1) continue;
      mapped++;
      let lo = 0;
      let hi = 1;
      for (let i = 0; i < 40; i++) {
        const mid = (lo + hi) / 2;
        if (displayable(L, a * mid, b * mid)) lo = mid;
        else hi = mid;
      }
      expect(Math.abs(lo - t) * Math.hypot(a, b)).toBeLessThan(0.002);
    }
    expect(mapped).toBeGreaterThan(15000);
  });

  it('measures hue distances around the circle', () => {
    expect(hueDistance(350, 10)).toBe(20);
    expect(hueDistance(10, 190)).toBe(180);
  });
});
