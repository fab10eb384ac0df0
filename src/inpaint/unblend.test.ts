import { describe, expect, it } from 'vitest';
import type { Raster } from '../image/raster.js';
import type { Quad } from '../types.js';
import { unblendCopies } from './unblend.js';

/** A noisy photo-like field, and the same with a white 'mark' (two bars) blended in at 30% six times. */
function scene(): { clean: Raster; marked: Raster; quads: Quad[] } {
  const w = 240;
  const h = 160;
  const clean = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = 60 + ((x * 37 + y * 91) % 16) + (x > 120 ? 40 : 0);
      clean.set([v, v * 0.8, v * 0.6, 255], (y * w + x) * 4);
    }
  }
  const marked = new Uint8Array(clean);
  const quads: Quad[] = [];
  for (const [cx, cy] of [
    [40, 30],
    [120, 30],
    [200, 30],
    [40, 110],
    [120, 110],
    [200, 110],
  ]) {
    quads.push([
      [cx - 30, cy - 10],
      [cx + 30, cy - 10],
      [cx + 30, cy + 10],
      [cx - 30, cy + 10],
    ]);
    for (let y = cy - 10; y < cy + 10; y++) {
      for (let x = cx - 30; x < cx + 30; x++) {
        const ink = (x - cx + 30 >= 8 && x - cx + 30 < 12) || (x - cx + 30 >= 40 && x - cx + 30 < 44);
        if (!ink) continue;
        const i = (y * w + x) * 4;
        for (let c = 0; c < 3; c++) marked[i + c] = Math.round(0.7 * clean[i + c] + 0.3 * 255);
      }
    }
  }
  return {
    clean: { data: clean, width: w, height: h },
    marked: { data: marked, width: w, height: h },
    quads,
  };
}

describe('unblendCopies', () => {
  it('learns the opacity from the copies and gives back the picture under them', () => {
    const { clean, marked, quads } = scene();
    const u = unblendCopies(
      marked,
      quads.map((quad) => ({ quad, text: 'II' })),
      'II',
      'light',
    );
    expect(u).toBeDefined();
    expect(u!.opacity).toBeGreaterThan(0.25);
    expect(u!.opacity).toBeLessThan(0.35);
    expect(u!.used).toHaveLength(6);
    let before = 0;
    let after = 0;
    for (let i = 0; i < clean.data.length; i += 4) {
      before += Math.abs(marked.data[i] - clean.data[i]);
      after += Math.abs(u!.raster.data[i] - clean.data[i]);
    }
    expect(after).toBeLessThan(before * 0.3);
  });

  it('needs four copies: fewer give no answer rather than a guess', () => {
    const { marked, quads } = scene();
    expect(
      unblendCopies(
        marked,
        quads.slice(0, 3).map((quad) => ({ quad, text: 'II' })),
        'II',
        'light',
      ),
    ).toBeUndefined();
  });
});
