import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ScalpelError } from '../../errors.js';
import { decodeImage } from '../../image/io.js';
import { srgbToOklab } from '../../image/oklab.js';
import { createRaster, type Raster } from '../../image/raster.js';
import { ADJUST_PRESETS, type AdjustPreset } from '../../types.js';
import { adjust } from './adjust.js';

const PHOTOS = new URL('../../../test/fixtures/photos/', import.meta.url);

interface Stats {
  mean_L: { before: number; after: number };
  mean_chroma: { before: number; after: number };
  mean_b: { before: number; after: number };
  clipped_highlights: { before: number; after: number };
}
const stats = (img: Raster, preset: AdjustPreset, strength = 1) =>
  adjust(img, preset, strength).details as unknown as Stats;
const delta = (p: { before: number; after: number }) => p.after - p.before;

/** Standard deviation of OKLab L: the global contrast. */
function spreadL(img: Raster): number {
  const lab = new Float64Array(3);
  let s = 0;
  let s2 = 0;
  const n = img.width * img.height;
  for (let i = 0; i < n; i++) {
    srgbToOklab(img.data[i * 4], img.data[i * 4 + 1], img.data[i * 4 + 2], lab);
    s += lab[0];
    s2 += lab[0] * lab[0];
  }
  return Math.sqrt(s2 / n - (s / n) ** 2);
}

describe('adjust presets on photos', () => {
  const photos: Record<string, Raster> = {};
  beforeAll(async () => {
    for (const name of ['coffee', 'astronaut']) {
      photos[name] = (await decodeImage(readFileSync(new URL(`${name}.png`, PHOTOS)))).raster;
    }
  });

  for (const name of ['coffee', 'astronaut']) {
    it(`moves the statistics the way each preset says (${name})`, () => {
      const img = photos[name];
      expect(delta(stats(img, 'brighter').mean_L)).toBeGreaterThan(0.03);
      expect(delta(stats(img, 'darker').mean_L)).toBeLessThan(-0.03);
      expect(delta(stats(img, 'warmer').mean_b)).toBeGreaterThan(0.01);
      expect(delta(stats(img, 'cooler').mean_b)).toBeLessThan(-0.01);
      expect(delta(stats(img, 'vivid').mean_chroma)).toBeGreaterThan(0.008);
      expect(delta(stats(img, 'muted').mean_chroma)).toBeLessThan(-0.015);
      const nordic = stats(img, 'nordic');
      expect(delta(nordic.mean_L)).toBeGreaterThan(0.02);
      expect(delta(nordic.mean_chroma)).toBeLessThan(-0.01);
      expect(delta(nordic.mean_b)).toBeLessThan(-0.01);
      const airy = stats(img, 'airy');
      expect(delta(airy.mean_L)).toBeGreaterThan(0.03);
      expect(airy.clipped_highlights.after).toBeLessThanOrEqual(airy.clipped_highlights.before + 0.001);
      const base = spreadL(img);
      expect(spreadL(adjust(img, 'more-contrast', 1).raster)).toBeGreaterThan(base * 1.04);
      expect(spreadL(adjust(img, 'less-contrast', 1).raster)).toBeLessThan(base * 0.96);
    });

    it(`never blows out more than 0.3% more of the image, even at strength 2 (${name})`, () => {
      for (const preset of ADJUST_PRESETS) {
        for (const strength of [1, 2]) {
          const { clipped_highlights: c } = stats(photos[name], preset, strength);
          expect(c.after - c.before, `${preset} × ${strength}`).toBeLessThanOrEqual(0.003);
        }
      }
    });
  }

  it('scales with strength', () => {
    const lift = [0.5, 1, 1.5].map((s) => delta(stats(photos.coffee, 'brighter', s).mean_L));
    expect(lift[0]).toBeGreaterThan(0);
    expect(lift[1]).toBeGreaterThan(lift[0] * 1.5);
    expect(lift[2]).toBeGreaterThan(lift[1] * 1.2);
    const warm = [0.5, 1.5].map((s) => delta(stats(photos.coffee, 'warmer', s).mean_b));
    expect(warm[1]).toBeGreaterThan(warm[0] * 2);
  });

  it('reports itself as global and leaves the input alone', () => {
    const copy = new Uint8Array(photos.coffee.data);
    const res = adjust(photos.coffee, 'airy', 1);
    expect(res.details).toMatchObject({ preset: 'airy', strength: 1, scope: 'global' });
    expect(Buffer.compare(photos.coffee.data, copy)).toBe(0);
  });
});

describe('adjust on synthetic rasters', () => {
  /** A grey ramp, black to white, with alpha varying along it. */
  function ramp(): Raster {
    const img = createRaster(256, 1);
    for (let x = 0; x < 256; x++) img.data.set([x, x, x, (x * 7) % 256], x * 4);
    return img;
  }

  it('keeps the tone curve monotone, black black, white white, and alpha as it was', () => {
    for (const preset of ADJUST_PRESETS) {
      for (const strength of [0.5, 1, 2]) {
        const out = adjust(ramp(), preset, strength).raster.data;
        for (let x = 0; x < 256; x++) expect(out[x * 4 + 3]).toBe((x * 7) % 256);
        const lum = (x: number) => 0.2126 * out[x * 4] + 0.7152 * out[x * 4 + 1] + 0.0722 * out[x * 4 + 2];
        for (let x = 1; x < 256; x++)
          expect(lum(x), `${preset} × ${strength} at ${x}`).toBeGreaterThanOrEqual(lum(x - 1) - 0.5);
        expect([...out.subarray(1020, 1023)], `${preset} white`).toEqual([255, 255, 255]);
        if (!['airy', 'nordic'].includes(preset)) expect(lum(0), `${preset} black`).toBeLessThan(1);
      }
    }
  });

  it('keeps greys grey under tone-only presets', () => {
    for (const preset of [
      'brighter',
      'darker',
      'more-contrast',
      'less-contrast',
      'vivid',
      'muted',
    ] as const) {
      const out = adjust(ramp(), preset, 1.5).raster.data;
      for (let x = 0; x < 256; x++) {
        const [r, g, b] = out.subarray(x * 4, x * 4 + 3);
        expect(Math.max(r, g, b) - Math.min(r, g, b), `${preset} at ${x}`).toBeLessThanOrEqual(1);
      }
    }
  });

  it('gives every pixel the result it would get on its own (the colour memo is exact)', () => {
    const img = createRaster(128, 128);
    let seed = 3;
    for (let i = 0; i < img.data.length; i++) img.data[i] = (seed = (seed * 48271) % 2147483647) & 255;
    const out = adjust(img, 'vivid', 1).raster.data;
    const one = createRaster(1, 1);
    for (let i = 0; i < 128 * 128; i += 97) {
      one.data.set(img.data.subarray(i * 4, i * 4 + 4));
      expect([...adjust(one, 'vivid', 1).raster.data]).toEqual([...out.subarray(i * 4, i * 4 + 4)]);
    }
  });

  it('refuses a strength outside (0, 2] and an unknown preset, naming the valid ones', () => {
    const img = createRaster(2, 2);
    for (const bad of [0, -1, 2.01, Number.NaN]) {
      let err: unknown;
      try {
        adjust(img, 'warmer', bad);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ScalpelError);
      expect(err).toMatchObject({ code: 'INVALID_ARGUMENT', stage: 'edit' });
    }
    expect(() => adjust(img, 'warmer', 2)).not.toThrow();
    expect(() => adjust(img, 'sepia' as AdjustPreset, 1)).toThrow(ScalpelError);
    try {
      adjust(img, 'sepia' as AdjustPreset, 1);
    } catch (e) {
      expect((e as ScalpelError).details.valid).toEqual(ADJUST_PRESETS);
    }
  });
});
