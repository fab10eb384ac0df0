import { describe, expect, it } from 'vitest';
import { STICKERS } from '../types.js';
import { drawSticker } from './stickers.js';

/** Share of pixels with any alpha, and whether any ink lies outside the square's inscribed circle. */
function stats(data: Uint8Array, size: number) {
  let inked = 0;
  let outside = 0;
  const c = size / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const a = data[(y * size + x) * 4 + 3];
      if (a === 0) continue;
      inked++;
      // Faint shadow tails may reach the rim; solid ink must stay inside so rotation never clips it.
      if (a > 64 && Math.hypot(x + 0.5 - c, y + 0.5 - c) > c) outside++;
    }
  }
  return { coverage: inked / (size * size), outside };
}

describe('drawSticker', () => {
  for (const name of STICKERS) {
    it(`${name}: visible, in a sane coverage band, inside its circle, and reproducible`, () => {
      for (const size of [32, 128, 512]) {
        const r = drawSticker(name, size, 7);
        expect([r.width, r.height]).toEqual([size, size]);
        const { coverage, outside } = stats(r.data, size);
        expect(coverage, `${name} @${size}`).toBeGreaterThan(0.12);
        expect(coverage, `${name} @${size}`).toBeLessThan(0.85);
        expect(outside, `${name} @${size}`).toBe(0);
        // The corners are the background: transparent.
        expect(r.data[3]).toBe(0);
      }
      const a = drawSticker(name, 96, 42);
      const b = drawSticker(name, 96, 42);
      expect(Buffer.from(a.data).equals(Buffer.from(b.data))).toBe(true);
    });
  }

  it('is anti-aliased: edges have partial alpha', () => {
    for (const name of STICKERS) {
      const r = drawSticker(name, 128, 1);
      let partial = 0;
      for (let i = 3; i < r.data.length; i += 4) if (r.data[i] > 0 && r.data[i] < 255) partial++;
      expect(partial, name).toBeGreaterThan(50);
    }
  });

  it('varies with the seed where the design allows (balloon colour, confetti layout)', () => {
    for (const name of ['balloon', 'confetti', 'sakura'] as const) {
      const seen = new Set<string>();
      for (let seed = 0; seed < 6; seed++)
        seen.add(Buffer.from(drawSticker(name, 64, seed).data).toString('base64'));
      expect(seen.size, name).toBeGreaterThan(1);
    }
  });
});
