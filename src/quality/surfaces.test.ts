import { describe, expect, it } from 'vitest';
import type { Raster } from '../image/raster.js';
import { invention } from './surfaces.js';

const S = 400;
function image(rgb: (x: number, y: number) => [number, number, number]): Raster {
  const data = new Uint8Array(S * S * 4);
  for (let y = 0; y < S; y++) {
    for (let x = 0; x < S; x++) data.set([...rgb(x, y), 255], (y * S + x) * 4);
  }
  return { data, width: S, height: S };
}
const square = (x0: number, y0: number, side: number) => {
  const m = new Uint8Array(S * S);
  for (let y = y0; y < y0 + side; y++) for (let x = x0; x < x0 + side; x++) m[y * S + x] = 1;
  return m;
};
/** A red saucer on the left, brown wood on the right, each with some grain. */
const twoSurfaces = image((x, y) => {
  const grain = ((x * 7 + y * 3) % 11) - 5;
  return x < S / 2 ? [170 + grain, 40, 30] : [120 + grain, 80 + grain, 40];
});
/** One texture of light stones and dark gaps, 6 px across. */
const gravel = image((x, y) =>
  (Math.floor(x / 6) + Math.floor(y / 6)) % 2 ? [190, 185, 180] : [60, 60, 62],
);

describe('invention', () => {
  it('a thick hole across two surfaces must invent where they meet', () => {
    const r = invention(twoSurfaces, square(140, 140, 120));
    expect(r.surfaces).toBe(2);
    expect(r.thickness).toBeGreaterThanOrEqual(110);
    expect(r.invented).toBe(true);
  });

  it('a texture of light and dark is one surface', () => {
    const r = invention(gravel, square(140, 140, 120));
    expect(r.surfaces).toBe(1);
    expect(r.invented).toBe(false);
  });

  it('a thin hole (text strokes) across two surfaces continues its border: no invention', () => {
    const strokes = new Uint8Array(S * S);
    for (let y = 180; y < 220; y++) for (let x = 100; x < 300; x++) if (x % 20 < 5) strokes[y * S + x] = 1;
    const r = invention(twoSurfaces, strokes);
    expect(r.surfaces).toBe(2);
    expect(r.invented).toBe(false);
  });

  it('an empty hole invents nothing', () => {
    expect(invention(gravel, new Uint8Array(S * S))).toMatchObject({ thickness: 0, invented: false });
  });
});
