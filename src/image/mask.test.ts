import { describe, expect, it } from 'vitest';
import { countSet, dilate, dilateSquare, distanceTo, iou, maskBounds } from './mask.js';

const W = 9;
const H = 7;
const dot = () => {
  const m = new Uint8Array(W * H);
  m[3 * W + 4] = 1;
  return m;
};

describe('masks', () => {
  it('distanceTo measures chamfer distances to the nearest set pixel', () => {
    const d = distanceTo(dot(), W, H, true);
    expect(d[3 * W + 4]).toBe(0);
    expect(d[3 * W + 6]).toBeCloseTo(2, 5);
    expect(d[5 * W + 6]).toBeCloseTo(8 / 3, 5); // two diagonal steps of 4/3
  });

  it('distanceTo(false) measures depth into a shape, the outside counting as unset', () => {
    const full = new Uint8Array(W * H).fill(1);
    const d = distanceTo(full, W, H, false);
    expect(d[0]).toBeCloseTo(1, 5);
    expect(d[3 * W + 4]).toBeCloseTo(4, 5);
  });

  it('dilateSquare grows by a square, dilate by a disc', () => {
    const sq = dilateSquare(dot(), W, H, 2);
    expect(countSet(sq)).toBe(25);
    expect(maskBounds(sq, W, H)).toEqual({ x: 2, y: 1, width: 5, height: 5 });
    const disc = dilate(dot(), W, H, 2);
    expect(disc[3 * W + 6]).toBe(1);
    expect(disc[5 * W + 6]).toBe(0);
  });

  it('iou of a mask with itself is 1 and with its complement 0', () => {
    const a = dilateSquare(dot(), W, H, 1);
    expect(iou(a, a)).toBe(1);
    expect(
      iou(
        a,
        a.map((v) => 1 - v),
      ),
    ).toBe(0);
  });
});
