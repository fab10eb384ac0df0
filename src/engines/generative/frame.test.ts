import { describe, expect, it } from 'vitest';
import { frameFor, sizeFor } from './frame.js';

describe('what the model is sent', () => {
  it('is about a megapixel, sides multiples of 16 within 512–2048, aspect kept', () => {
    for (const [w, h] of [
      [4000, 3000],
      [300, 200],
      [1080, 1920],
      [5000, 600],
    ]) {
      const s = sizeFor(w, h);
      expect(s.width % 16, `${w}×${h}`).toBe(0);
      expect(s.height % 16).toBe(0);
      for (const v of [s.width, s.height]) {
        expect(v).toBeGreaterThanOrEqual(512);
        expect(v).toBeLessThanOrEqual(2048);
      }
      if (w / h < 3 && h / w < 3) {
        expect(s.width * s.height).toBeGreaterThan(0.85 * 1024 * 1024);
        expect(Math.abs(s.width / s.height - w / h) / (w / h)).toBeLessThan(0.05);
      }
    }
  });

  it('crops around a small region with context, and sends a large one whole', () => {
    const small = frameFor({ x: 1000, y: 800, width: 200, height: 100 }, 4000, 3000);
    expect(small.whole).toBe(false);
    expect(small.crop).toEqual({ x: 900, y: 700, width: 400, height: 300 });
    expect(frameFor({ x: 100, y: 100, width: 3500, height: 2500 }, 4000, 3000).whole).toBe(true);
    expect(frameFor(undefined, 4000, 3000).whole).toBe(true);
  });
});
