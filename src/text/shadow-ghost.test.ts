import { describe, expect, it } from 'vitest';
import type { Raster } from '../image/raster.js';
import { shadowGhost } from './shadow-ghost.js';

const W = 240;
const H = 80;
const LINE = 40;
/** Glyph-like bars: 6 px wide, 24 px tall, every 30 px along the line. */
const isGlyph = (x: number, y: number) => y >= 28 && y < 52 && x >= 20 && x < 220 && x % 30 < 6;
const ink = new Uint8Array(W * H);
for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) if (isGlyph(x, y)) ink[y * W + x] = 1;
const box = { x: 0, y: 0, width: W, height: H };
const stretch = (x: number) => Math.floor(x / LINE);

/**
 * What an edit left: the glyphs filled (changed), and around them a smooth defocused gradient,
 * with or without the old glyphs' drop shadow at (dx, dy), softened over a couple of pixels.
 */
function leftOver(shadow?: { dx: number; dy: number; depth: number }, texture = 0): Raster {
  const data = new Uint8Array(W * H * 4);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let v = 120 + x * 0.3 + (texture ? ((x * 37 + y * 91) % 7) * texture : 0);
      if (shadow) {
        let hit = 0;
        for (let j = -1; j <= 1; j++)
          for (let i = -1; i <= 1; i++) hit += isGlyph(x - shadow.dx + i, y - shadow.dy + j) ? 1 : 0;
        v -= (shadow.depth * hit) / 9;
      }
      data.set([v, v, v, 255], (y * W + x) * 4);
    }
  }
  return { data, width: W, height: H };
}
// The edit changed the glyphs themselves and a pixel round them.
const changed = new Uint8Array(W * H);
for (let y = 1; y < H - 1; y++)
  for (let x = 1; x < W - 1; x++)
    for (let j = -1; j <= 1; j++)
      for (let i = -1; i <= 1; i++) if (isGlyph(x + i, y + j)) changed[y * W + x] = 1;

describe('shadowGhost', () => {
  it('finds a drop shadow left standing beside erased glyphs, at its offset', () => {
    const g = shadowGhost(leftOver({ dx: 6, dy: 4, depth: 40 }), ink, changed, box, LINE, stretch);
    expect(g).toBeDefined();
    expect(Math.abs(g!.dx - 6)).toBeLessThanOrEqual(1);
    expect(Math.abs(g!.dy - 4)).toBeLessThanOrEqual(1);
    expect(g!.darkening).toBeGreaterThan(15);
  });

  it('finds nothing where the shadow went with the glyphs, on a gradient or a light texture', () => {
    expect(shadowGhost(leftOver(), ink, changed, box, LINE, stretch)).toBeUndefined();
    expect(shadowGhost(leftOver(undefined, 2), ink, changed, box, LINE, stretch)).toBeUndefined();
  });

  it('takes a dark fringe on every side (an outline left behind) for no shadow', () => {
    // A darkening all round the glyphs is symmetric: no one offset wins over its opposite.
    const img = leftOver();
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        let near = false;
        for (let j = -6; j <= 6 && !near; j++)
          for (let i = -6; i <= 6 && !near; i++) near = isGlyph(x + i, y + j);
        if (near && !changed[y * W + x]) for (let c = 0; c < 3; c++) img.data[(y * W + x) * 4 + c] -= 30;
      }
    }
    expect(shadowGhost(img, ink, changed, box, LINE, stretch)).toBeUndefined();
  });
});
