import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../../image/io.js';
import { rgbToOklch, srgbToOklab } from '../../image/oklab.js';
import { createRaster, type Raster } from '../../image/raster.js';
import type { Rgb } from '../../types.js';
import { recolor } from './recolor.js';

const PHOTOS = new URL('../../../test/fixtures/photos/', import.meta.url);

/** A soft ellipse: 255 inside, fading to 0 over the outer 15% of the radius. */
function ellipse(w: number, h: number, cx: number, cy: number, rx: number, ry: number): Uint8Array {
  const alpha = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const d = Math.sqrt(((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2);
      alpha[y * w + x] = d >= 1 ? 0 : d <= 0.85 ? 255 : Math.round((255 * (1 - d)) / 0.15);
    }
  }
  return alpha;
}

/** Every pixel the mask leaves at 0 is bit-identical (all four channels), and alpha never changes. */
function expectSurgical(before: Raster, after: Raster, alpha: Uint8Array): void {
  let changedOutside = 0;
  let alphaChanged = 0;
  for (let i = 0; i < alpha.length; i++) {
    for (let c = 0; c < 4; c++) {
      if (alpha[i] === 0 && before.data[i * 4 + c] !== after.data[i * 4 + c]) changedOutside++;
    }
    if (before.data[i * 4 + 3] !== after.data[i * 4 + 3]) alphaChanged++;
  }
  expect(changedOutside).toBe(0);
  expect(alphaChanged).toBe(0);
}

/** OKLab L of every pixel where alpha is full. */
function lightness(r: Raster, alpha: Uint8Array): Float64Array {
  const out: number[] = [];
  const lab = new Float64Array(3);
  for (let i = 0; i < alpha.length; i++) {
    if (alpha[i] < 255) continue;
    srgbToOklab(r.data[i * 4], r.data[i * 4 + 1], r.data[i * 4 + 2], lab);
    out.push(lab[0]);
  }
  return Float64Array.from(out);
}

function correlation(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    ab += (a[i] - ma) * (b[i] - mb);
    aa += (a[i] - ma) ** 2;
    bb += (b[i] - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

/** Spearman's: whether the lightness order (which pixel is in shadow, which is lit) survived. */
function rankCorrelation(a: Float64Array, b: Float64Array): number {
  const ranks = (v: Float64Array) => {
    const order = Array.from(v.keys()).sort((i, j) => v[i] - v[j]);
    const r = new Float64Array(v.length);
    order.forEach((i, k) => (r[i] = k));
    return r;
  };
  return correlation(ranks(a), ranks(b));
}

describe('recolor on a photo (coffee cup, red-brown)', () => {
  let cup: Raster;
  let alpha: Uint8Array;
  beforeAll(async () => {
    cup = (await decodeImage(readFileSync(new URL('coffee.png', PHOTOS)))).raster;
    // The cup's body below the rim (handle and a sliver of spoon included, as a rough matte would).
    alpha = ellipse(cup.width, cup.height, 292, 240, 100, 38);
  });

  const colours: [string, Rgb][] = [
    ['blue', [0, 90, 200]],
    ['red', [220, 30, 30]],
    ['green', [30, 160, 60]],
  ];
  for (const [name, rgb] of colours) {
    it(`turns it ${name}: on hue, shading kept, nothing else touched`, () => {
      const res = recolor(cup, alpha, rgb);
      const d = res.details as { hue_error_deg: number; luminance_ssim: number; after: { C: number } };
      expect(d.hue_error_deg).toBeLessThan(10);
      expect(d.luminance_ssim).toBeGreaterThan(0.9);
      expect(d.after.C).toBeGreaterThan(0.08);
      expect(res.warnings).toEqual([]);
      expectSurgical(cup, res.raster, alpha);
      expect(res.mask.every((m, i) => m === (alpha[i] > 0 ? 1 : 0))).toBe(true);
      // Shading survives: lightness inside stays strongly correlated with the input's.
      expect(correlation(lightness(cup, alpha), lightness(res.raster, alpha))).toBeGreaterThan(0.95);
    });
  }

  it('makes it read as white or black, with a warning that the target has no hue', () => {
    const white = recolor(cup, alpha, [255, 255, 255]);
    const black = recolor(cup, alpha, [0, 0, 0]);
    const w = white.details as { after: { L: number; C: number }; hue_error_deg: null };
    const b = black.details as { after: { L: number; C: number } };
    expect(w.after.L).toBeGreaterThan(0.85);
    expect(w.after.C).toBeLessThan(0.02);
    expect(w.hue_error_deg).toBeNull();
    expect(b.after.L).toBeLessThan(0.25);
    expect(b.after.C).toBeLessThan(0.02);
    expect(white.warnings.join(' ')).toMatch(/achromatic/);
    expect(black.warnings.join(' ')).toMatch(/achromatic/);
    expectSurgical(cup, white.raster, alpha);
    expectSurgical(cup, black.raster, alpha);
    // Shading still shows on both: white rolls the lit side off toward 1 (not linear), but the
    // order of light and shadow survives.
    expect(rankCorrelation(lightness(cup, alpha), lightness(white.raster, alpha))).toBeGreaterThan(0.95);
    expect(correlation(lightness(cup, alpha), lightness(black.raster, alpha))).toBeGreaterThan(0.9);
  });

  it('reports the region before and after', () => {
    const d = recolor(cup, alpha, [0, 90, 200]).details as Record<
      string,
      { L: number; C: number; h: number }
    >;
    expect(d.target).toBe('#005ac8');
    expect(d.before.h).toBeGreaterThan(15);
    expect(d.before.h).toBeLessThan(50);
    expect(Math.abs(d.after.h - rgbToOklch([0, 90, 200])[2])).toBeLessThan(10);
  });
});

describe('recolor on synthetic rasters', () => {
  /** A grey cylinder lit from the left, with a white specular stripe: a white mug. */
  function mug(): { img: Raster; alpha: Uint8Array; glint: number } {
    const img = createRaster(120, 80);
    const alpha = new Uint8Array(120 * 80);
    for (let y = 0; y < 80; y++) {
      for (let x = 0; x < 120; x++) {
        const i = y * 120 + x;
        const inside = x >= 20 && x < 100 && y >= 10 && y < 70;
        const u = (x - 20) / 80;
        const v = !inside ? 90 : Math.abs(u - 0.3) < 0.03 ? 252 : Math.round(235 * (1 - 0.6 * u * u));
        img.data.set([v, v, v - 4, 255], i * 4);
        alpha[i] = inside ? 255 : 0;
      }
    }
    return { img, alpha, glint: 10 * 120 + 20 + Math.round(0.3 * 80) + 20 * 120 };
  }

  it('turns a white mug blue without flattening it, and keeps its glint pale', () => {
    const { img, alpha, glint } = mug();
    const res = recolor(img, alpha, [0, 90, 200]);
    const out = res.raster.data;
    const lchAt = (r: Raster, i: number) =>
      rgbToOklch([r.data[i * 4], r.data[i * 4 + 1], r.data[i * 4 + 2]] as Rgb);
    // Lit side lighter than the shadow side, as before.
    const lit = 40 * 120 + 30;
    const dark = 40 * 120 + 95;
    expect(lchAt(res.raster, lit)[0] - lchAt(res.raster, dark)[0]).toBeGreaterThan(0.1);
    // The glint is the lightest and least saturated pixel on the mug.
    expect(lchAt(res.raster, glint)[0]).toBeGreaterThan(lchAt(res.raster, lit)[0]);
    expect(lchAt(res.raster, glint)[1]).toBeLessThan(lchAt(res.raster, lit)[1]);
    expect((res.details as { hue_error_deg: number }).hue_error_deg).toBeLessThan(5);
    expect(out[0]).toBe(90);
    expectSurgical(img, res.raster, alpha);
  });

  it('blends soft edges in proportion to alpha', () => {
    const img = createRaster(10, 1);
    for (let x = 0; x < 10; x++) img.data.set([200, 60, 40, 255], x * 4);
    const alpha = Uint8Array.from([0, 0, 64, 128, 255, 255, 255, 128, 64, 0]);
    const res = recolor(img, alpha, [0, 90, 200]);
    const blue = (x: number) => res.raster.data[x * 4 + 2];
    expect(blue(2)).toBeGreaterThan(40);
    expect(blue(2)).toBeLessThan(blue(3));
    expect(blue(3)).toBeLessThan(blue(5));
    expectSurgical(img, res.raster, alpha);
  });

  it('warns and changes nothing on an empty mask; refuses a mask of the wrong size', () => {
    const img = createRaster(8, 8);
    const res = recolor(img, new Uint8Array(64), [0, 90, 200]);
    expect(res.warnings).toEqual(['The mask is empty: nothing was recoloured.']);
    expect(Buffer.compare(res.raster.data, img.data)).toBe(0);
    expect(() => recolor(img, new Uint8Array(10), [0, 0, 0])).toThrow(/does not match/);
  });
});
