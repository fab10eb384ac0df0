import { describe, expect, it } from 'vitest';
import { ScalpelError } from '../../errors.js';
import { createRaster, type Raster } from '../../image/raster.js';
import type { Rgb } from '../../types.js';
import { replaceBackground } from './replace-background.js';

const W = 80;
const H = 60;
const GREEN: Rgb = [30, 200, 40];
const RED: Rgb = [200, 30, 30];
const WHITE: Rgb = [255, 255, 255];

/**
 * A red disc on a green screen with a known soft edge: solid inside radius 12, alpha falling
 * linearly to 0 at radius 18; every edge pixel is the exact mix a·red + (1 − a)·green.
 */
function scene(): { img: Raster; alpha: Uint8Array } {
  const img = createRaster(W, H);
  const alpha = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = y * W + x;
      const r = Math.hypot(x + 0.5 - 40, y + 0.5 - 28);
      alpha[i] = Math.round(255 * Math.min(1, Math.max(0, (18 - r) / 6)));
      const a = alpha[i] / 255;
      for (let c = 0; c < 3; c++) img.data[i * 4 + c] = Math.round(a * RED[c] + (1 - a) * GREEN[c]);
      img.data[i * 4 + 3] = 255;
    }
  }
  return { img, alpha };
}

const px = (r: Raster, x: number, y: number) =>
  Array.from(r.data.subarray((y * W + x) * 4, (y * W + x) * 4 + 4));

/** The surgical promise: outside the mask every byte equals the input, and solid subject is never in it. */
function expectSurgical(img: Raster, out: Raster, mask: Uint8Array, alpha: Uint8Array): void {
  let outside = 0;
  for (let i = 0; i < W * H; i++) {
    if (alpha[i] === 255) expect(mask[i]).toBe(0);
    if (mask[i]) continue;
    outside++;
    for (let c = 0; c < 4; c++)
      if (out.data[i * 4 + c] !== img.data[i * 4 + c]) throw new Error(`pixel ${i} changed`);
  }
  expect(outside).toBeGreaterThan(0);
}

describe('replaceBackground', () => {
  it('puts a solid colour behind the subject and reports what it did', async () => {
    const { img, alpha } = scene();
    const r = await replaceBackground(
      img,
      alpha,
      { kind: 'color', rgb: WHITE, name: 'white' },
      { shadow: false },
    );
    expectSurgical(img, r.raster, r.mask, alpha);
    expect(px(r.raster, 0, 0)).toEqual([255, 255, 255, 255]);
    expect(px(r.raster, 40, 28)).toEqual([...RED, 255]);
    const edge = alpha.filter((a) => a > 0 && a < 255).length;
    expect(r.details).toMatchObject({ fill: 'color', fill_name: 'white', edge_pixels: edge, shadow: false });
    expect(r.details.subject_fraction).toBeCloseTo(alpha.filter((a) => a >= 128).length / (W * H), 3);
    expect(r.mask.reduce((s, v) => s + v, 0)).toBe(alpha.filter((a) => a < 255).length);
    expect(r.warnings).toEqual([]);
  });

  it('unmixes the old background from soft edge pixels (no green fringe)', async () => {
    const { img, alpha } = scene();
    const r = await replaceBackground(img, alpha, { kind: 'color', rgb: WHITE }, { shadow: false });
    let checked = 0;
    for (let i = 0; i < W * H; i++) {
      const a = alpha[i] / 255;
      if (a < 0.2 || a > 0.8) continue;
      checked++;
      // Expected: the red subject over white, as if it had been shot on white.
      for (let c = 0; c < 3; c++)
        expect(Math.abs(r.raster.data[i * 4 + c] - (a * RED[c] + (1 - a) * 255))).toBeLessThan(4);
      // A plain alpha blend of the observed pixel would keep green in it.
      const naiveG = a * img.data[i * 4 + 1] + (1 - a) * 255;
      expect(naiveG - r.raster.data[i * 4 + 1]).toBeGreaterThan(10);
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('fills vertical and horizontal gradients through their stops', async () => {
    const { img, alpha } = scene();
    const v = await replaceBackground(
      img,
      alpha,
      {
        kind: 'gradient',
        stops: [
          [0, 0, 0],
          [200, 100, 50],
        ],
        direction: 'vertical',
      },
      { shadow: false },
    );
    expectSurgical(img, v.raster, v.mask, alpha);
    expect(px(v.raster, 0, 0)).toEqual([0, 0, 0, 255]);
    expect(px(v.raster, 0, H - 1)).toEqual([200, 100, 50, 255]);
    expect(px(v.raster, 0, 30)[0]).toBeCloseTo((200 * 30) / (H - 1), -0.5);
    const h = await replaceBackground(
      img,
      alpha,
      {
        kind: 'gradient',
        stops: [
          [255, 0, 0],
          [0, 255, 0],
          [0, 0, 255],
        ],
        direction: 'horizontal',
      },
      { shadow: false },
    );
    expectSurgical(img, h.raster, h.mask, alpha);
    expect(px(h.raster, 0, 2)).toEqual([255, 0, 0, 255]);
    expect(px(h.raster, W - 1, 2)).toEqual([0, 0, 255, 255]);
    expect(px(h.raster, Math.round((W - 1) / 2), 2)[1]).toBeGreaterThan(250);
  });

  it('blurs the old background without dragging the subject colour into it', async () => {
    const { img, alpha } = scene();
    // Stripes in the background so the blur has something to smooth.
    for (let i = 0; i < W * H; i++)
      if (alpha[i] === 0 && Math.floor((i % W) / 2) % 2) img.data.set([30, 120, 40], i * 4);
    const r = await replaceBackground(img, alpha, { kind: 'blur', sigma: 60 }, { shadow: false });
    expectSurgical(img, r.raster, r.mask, alpha);
    let maxRed = 0;
    let spread = 0;
    for (let i = 0; i < W * H; i++) {
      if (alpha[i] !== 0) continue;
      maxRed = Math.max(maxRed, r.raster.data[i * 4]);
      spread = Math.max(spread, Math.abs(r.raster.data[i * 4 + 1] - 160));
    }
    expect(maxRed).toBeLessThanOrEqual(31); // the stripes are 30 red; the disc's 200 stays out
    expect(spread).toBeLessThan(15); // 200/120 stripes averaged towards 160
    expect(r.details).toMatchObject({ fill: 'blur', blur_sigma_px: 4.69 });
  });

  it('scales an asset to cover the image', async () => {
    const { img, alpha } = scene();
    // Twice as wide as the image's aspect: cover crops the sides, so the centre strip shows.
    const asset = createRaster(320, 60);
    for (let x = 0; x < 320; x++) {
      const rgb = x < 80 || x >= 240 ? [0, 0, 0] : x < 160 ? [0, 0, 255] : [255, 255, 0];
      for (let y = 0; y < 60; y++) asset.data.set([...rgb, 255], (y * 320 + x) * 4);
    }
    const r = await replaceBackground(img, alpha, { kind: 'asset' }, { shadow: false, asset });
    expectSurgical(img, r.raster, r.mask, alpha);
    expect(px(r.raster, 2, 2)).toEqual([0, 0, 255, 255]);
    expect(px(r.raster, W - 3, H - 3)).toEqual([255, 255, 0, 255]);
    await expect(replaceBackground(img, alpha, { kind: 'asset' }, { shadow: false })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });

  it('casts a soft shadow below the subject, only on the new background', async () => {
    const { img, alpha } = scene();
    const r = await replaceBackground(img, alpha, { kind: 'color', rgb: WHITE }, { shadow: true });
    expectSurgical(img, r.raster, r.mask, alpha);
    // Darkest background pixel straight below the disc (its edge ends at y = 46), and above it.
    let below = 255;
    for (let y = 46; y < H; y++) if (alpha[y * W + 40] === 0) below = Math.min(below, px(r.raster, 40, y)[0]);
    expect(below).toBeLessThan(235);
    expect(below).toBeGreaterThanOrEqual(Math.floor(255 * 0.65));
    expect(px(r.raster, 40, 4)).toEqual([255, 255, 255, 255]);
    expect(r.details.shadow).toMatchObject({ opacity: 0.35 });
  });

  it('warns when there is no clear subject, and changes nothing when all is subject', async () => {
    const { img } = scene();
    const none = await replaceBackground(
      img,
      new Uint8Array(W * H),
      { kind: 'color', rgb: WHITE },
      { shadow: false },
    );
    expect(none.warnings[0]).toMatch(/no clear subject/i);
    const all = await replaceBackground(
      img,
      new Uint8Array(W * H).fill(255),
      { kind: 'color', rgb: WHITE },
      { shadow: true },
    );
    expect(all.warnings[0]).toMatch(/no clear subject/i);
    expect(all.mask.every((m) => m === 0)).toBe(true);
    expect(Buffer.compare(Buffer.from(all.raster.data), Buffer.from(img.data))).toBe(0);
  });

  it('refuses a matte of the wrong size and bad fills', async () => {
    const { img, alpha } = scene();
    const call = (a: Uint8Array, fill: Parameters<typeof replaceBackground>[2]) =>
      replaceBackground(img, a, fill, { shadow: false });
    await expect(call(new Uint8Array(10), { kind: 'color', rgb: WHITE })).rejects.toBeInstanceOf(
      ScalpelError,
    );
    await expect(call(alpha, { kind: 'gradient', stops: [], direction: 'vertical' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(call(alpha, { kind: 'blur', sigma: -1 })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });
});
