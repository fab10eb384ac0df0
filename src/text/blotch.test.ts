import { describe, expect, it } from 'vitest';
import type { Raster } from '../image/raster.js';
import { fillBlotch } from './blotch.js';

const W = 200;
const H = 60;
const LINE = 40;
const box = { x: 0, y: 0, width: W, height: H };
const stretch = (x: number) => Math.floor(x / LINE);
const none = new Uint8Array(W * H);
/** The erased band: where a line's glyphs were filled. */
const hole = new Uint8Array(W * H);
for (let y = 20; y < 40; y++) for (let x = 20; x < 180; x++) hole[y * W + x] = 1;

function image(value: (x: number, y: number) => number): Raster {
  const data = new Uint8Array(W * H * 4);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const v = Math.max(0, Math.min(255, Math.round(value(x, y))));
      data.set([v, v, v, 255], (y * W + x) * 4);
    }
  }
  return { data, width: W, height: H };
}
/** A defocused photo: a slow vertical gradient. */
const smooth = (_x: number, y: number) => 90 + y;

describe('fillBlotch', () => {
  it('sees no seams in a fill that continues a smooth ground', () => {
    const b = fillBlotch(image(smooth), hole, none, none, box, LINE, stretch);
    expect(b.ring_gradient).toBeLessThan(2);
    expect(b.worst_edges).toBe(0);
  });

  it('sees the edges of a patch pasted into a smooth ground', () => {
    const patched = image((x, y) => (hole[y * W + x] && x >= 60 && x < 90 ? 200 : smooth(x, y)));
    const b = fillBlotch(patched, hole, none, none, box, LINE, stretch);
    expect(b.worst_edges).toBeGreaterThan(0.4);
  });

  it('lets texture as busy as its surroundings pass', () => {
    const busy = (x: number, y: number) => 110 + (((x * 13) ^ (y * 7)) % 5) * 12;
    const b = fillBlotch(image(busy), hole, none, none, box, LINE, stretch);
    expect(b.ring_gradient).toBeGreaterThan(10);
    expect(b.worst_edges).toBeLessThan(0.4);
  });

  it('does not judge pixels the new text covers', () => {
    const patched = image((x, y) => (hole[y * W + x] && x >= 60 && x < 90 ? 200 : smooth(x, y)));
    const cover = new Uint8Array(W * H);
    for (let y = 15; y < 45; y++) for (let x = 55; x < 95; x++) cover[y * W + x] = 1;
    expect(fillBlotch(patched, hole, cover, none, box, LINE, stretch).worst_edges).toBe(0);
  });
});
