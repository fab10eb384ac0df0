import { describe, expect, it } from 'vitest';
import { changedOutside, mean, median, percentile, psnr, ssim } from './metrics.js';
import { makeRng } from './posters.js';

const W = 64;
const H = 48;

/** A smooth RGBA test card: gradients plus a bright square, so SSIM has structure to compare. */
function card(channels = 4): Uint8Array {
  const px = new Uint8Array(W * H * channels);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = (y * W + x) * channels;
      const inSquare = x >= 20 && x < 40 && y >= 10 && y < 30;
      px[i] = inSquare ? 240 : Math.round((x / W) * 200);
      if (channels >= 3) {
        px[i + 1] = inSquare ? 230 : Math.round((y / H) * 200);
        px[i + 2] = 90;
      }
      if (channels === 4) px[i + 3] = 255;
    }
  }
  return px;
}

/** Adds uniform noise in [-amp, amp] to the colour channels, deterministically. */
function noisy(src: Uint8Array, amp: number, channels = 4, seed = 7): Uint8Array {
  const rng = makeRng(seed);
  const out = new Uint8Array(src);
  for (let i = 0; i < out.length; i++) {
    if (channels === 4 && i % 4 === 3) continue;
    out[i] = Math.max(0, Math.min(255, out[i] + rng.int(-amp, amp)));
  }
  return out;
}

describe('psnr', () => {
  it('is Infinity for identical images', () => {
    const a = card();
    expect(psnr(a, new Uint8Array(a), W, H, 4)).toBe(Infinity);
  });

  it('matches the closed form for a constant offset', () => {
    const a = card(3);
    const b = a.map((v) => (v <= 245 ? v + 10 : v - 10));
    // Every channel differs by exactly 10: MSE 100, PSNR = 10 log10(255^2 / 100).
    expect(psnr(a, b, W, H, 3)).toBeCloseTo(10 * Math.log10((255 * 255) / 100), 6);
  });

  it('lands in the expected range for uniform noise', () => {
    const a = card();
    // Uniform noise in [-8, 8] has variance ~24 (before clipping): PSNR ~ 34 dB.
    const v = psnr(a, noisy(a, 8), W, H, 4);
    expect(v).toBeGreaterThan(32);
    expect(v).toBeLessThan(36);
  });

  it('only looks inside the box', () => {
    const a = card();
    const b = new Uint8Array(a);
    b[0] = 0; // pixel (0,0) changes
    b[1] = 255;
    expect(psnr(a, b, W, H, 4, { x: 10, y: 10, width: 20, height: 20 })).toBe(Infinity);
    expect(psnr(a, b, W, H, 4, { x: 0, y: 0, width: 4, height: 4 })).toBeLessThan(30);
  });

  it('ignores alpha', () => {
    const a = card();
    const b = new Uint8Array(a);
    b[3] = 0;
    expect(psnr(a, b, W, H, 4)).toBe(Infinity);
  });
});

describe('ssim', () => {
  it('is 1 for identical images, whole or boxed', () => {
    const a = card();
    expect(ssim(a, new Uint8Array(a), W, H, 4)).toBeCloseTo(1, 12);
    expect(ssim(a, new Uint8Array(a), W, H, 4, { x: 5, y: 5, width: 30, height: 20 })).toBeCloseTo(1, 12);
    expect(ssim(a, new Uint8Array(a), W, H, 4, { x: 5, y: 5, width: 6, height: 6 })).toBeCloseTo(1, 12);
  });

  it('drops with noise, more for more noise', () => {
    const a = card();
    const light = ssim(a, noisy(a, 4), W, H, 4);
    const heavy = ssim(a, noisy(a, 40), W, H, 4);
    expect(light).toBeLessThan(1);
    expect(light).toBeGreaterThan(0.7);
    expect(heavy).toBeLessThan(light);
    expect(heavy).toBeGreaterThan(0);
    expect(heavy).toBeLessThan(0.6);
  });

  it('scores an inverted image far below a noisy one', () => {
    const a = card(1);
    const inv = a.map((v) => 255 - v);
    expect(ssim(a, inv, W, H, 1)).toBeLessThan(0.2);
  });

  it('is symmetric', () => {
    const a = card();
    const b = noisy(a, 20);
    expect(ssim(a, b, W, H, 4)).toBeCloseTo(ssim(b, a, W, H, 4), 12);
  });
});

describe('changedOutside', () => {
  it('counts changed pixels outside the box only', () => {
    const a = card();
    const b = new Uint8Array(a);
    const set = (x: number, y: number) => (b[(y * W + x) * 4] ^= 1);
    set(0, 0);
    set(63, 47);
    set(25, 25); // inside
    set(26, 25); // inside
    const box = { x: 20, y: 20, width: 10, height: 10 };
    expect(changedOutside(a, b, W, H, 4, box)).toBe(2);
    expect(changedOutside(a, b, W, H, 4, [box, { x: 0, y: 0, width: 1, height: 1 }])).toBe(1);
    expect(changedOutside(a, a, W, H, 4, box)).toBe(0);
  });

  it('sees an alpha-only change', () => {
    const a = card();
    const b = new Uint8Array(a);
    b[3] = 0;
    expect(changedOutside(a, b, W, H, 4, { x: 10, y: 10, width: 5, height: 5 })).toBe(1);
  });
});

describe('percentile / median / mean', () => {
  it('interpolates between ranks', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(percentile([1, 2, 3, 4, 5], 0)).toBe(1);
    expect(percentile([1, 2, 3, 4, 5], 100)).toBe(5);
    expect(percentile([10, 20], 95)).toBeCloseTo(19.5, 10);
    expect(percentile([], 50)).toBeNaN();
  });

  it('averages finite values only', () => {
    expect(mean([1, 2, Infinity, 3])).toBe(2);
    expect(mean([])).toBeNaN();
  });
});
