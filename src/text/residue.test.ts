import { describe, expect, it } from 'vitest';
import type { Raster } from '../image/raster.js';
import { strokeResidue } from './residue.js';

const W = 120;
const H = 40;
/** A gray field with two dark 'glyphs' (vertical bars) at x 20–27 and 80–87. */
function field(paint: (x: number) => boolean): Raster {
  const data = new Uint8Array(W * H * 4);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const v = y >= 8 && y < 32 && paint(x) ? 30 : 180 + ((x * 7 + y * 13) % 9);
      data.set([v, v, v, 255], (y * W + x) * 4);
    }
  }
  return { data, width: W, height: H };
}
const bar = (x: number, at: number) => x >= at && x < at + 8;
const strokes = new Uint8Array(W * H);
for (let y = 8; y < 32; y++) for (let x = 0; x < W; x++) if (bar(x, 20) || bar(x, 80)) strokes[y * W + x] = 1;
const none = new Uint8Array(W * H);
const box = { x: 0, y: 0, width: W, height: H };
const half = (x: number, y: number) => Math.floor(x / 60) + 0 * y;
const before = field((x) => bar(x, 20) || bar(x, 80));

describe('strokeResidue', () => {
  it('is about zero where the strokes were filled with their surroundings', () => {
    const r = strokeResidue(
      before,
      field(() => false),
      strokes,
      none,
      box,
      12,
      half,
    );
    expect(r.before).toBeGreaterThan(100);
    expect(r.ratio).toBeLessThan(0.05);
    expect(r.worst.ratio).toBeLessThan(0.05);
  });

  it('is about one where the glyphs still stand', () => {
    const r = strokeResidue(before, before, strokes, none, box, 12, half);
    expect(r.ratio).toBeGreaterThan(0.95);
  });

  it('finds half a line left standing even when the mean looks halfway fine', () => {
    const r = strokeResidue(
      before,
      field((x) => bar(x, 80)),
      strokes,
      none,
      box,
      12,
      half,
    );
    expect(r.ratio).toBeGreaterThan(0.3);
    expect(r.ratio).toBeLessThan(0.7);
    expect(r.worst.ratio).toBeGreaterThan(0.95);
  });

  it('ignores strokes the new text covers', () => {
    const cover = new Uint8Array(W * H);
    for (let y = 0; y < H; y++) for (let x = 60; x < W; x++) cover[y * W + x] = 1;
    const r = strokeResidue(
      before,
      field((x) => bar(x, 80)),
      strokes,
      cover,
      box,
      12,
      half,
    );
    expect(r.worst.ratio).toBeLessThan(0.05);
    expect(r.pixels).toBe(8 * 24);
  });
});
