import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { register } from './register.js';

/** A textured frame: smooth blobs, so shifts have something to lock onto. */
function texture(w: number, h: number) {
  const data = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const v = 128 + 60 * Math.sin(x / 9) * Math.cos(y / 13) + 40 * Math.sin((x + 2 * y) / 23);
      data.set([v, 255 - v, (v * 0.5 + 60) | 0, 255], (y * w + x) * 4);
    }
  return { data, width: w, height: h };
}

/** What a drifting model returns: shifted by (dx, dy), gain on red, at another size. */
async function drifted(r: ReturnType<typeof texture>, dx: number, dy: number, W: number, H: number) {
  const { width: w, height: h } = r;
  const out = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const sx = Math.min(w - 1, Math.max(0, x - dx));
      const sy = Math.min(h - 1, Math.max(0, y - dy));
      for (let c = 0; c < 3; c++)
        out[(y * w + x) * 3 + c] = Math.min(255, r.data[(sy * w + sx) * 4 + c] * (c === 0 ? 1.1 : 1));
    }
  return sharp(out, { raw: { width: w, height: h, channels: 3 } })
    .resize(W, H, { fit: 'fill' })
    .png()
    .toBuffer();
}

describe('registration', () => {
  it('undoes size, shift and a colour cast, measured on what must not change', async () => {
    const sent = texture(512, 384);
    const keep = new Uint8Array(512 * 384).fill(1);
    const { drift } = await register(sent, await drifted(sent, 7, -5, 576, 448), keep, true);
    expect(drift.returned).toEqual({ width: 576, height: 448 });
    expect(Math.abs(drift.shift_px.x - 7)).toBeLessThanOrEqual(1);
    expect(Math.abs(drift.shift_px.y + 5)).toBeLessThanOrEqual(1);
    expect(drift.gain[0]).toBeLessThan(0.96);
    expect(drift.residual_after).toBeLessThan(drift.residual_before / 3);
  });

  it('leaves the colour alone for a global restyle, and says when too little was untouched to measure', async () => {
    const sent = texture(256, 256);
    const answer = await drifted(sent, 0, 0, 256, 256);
    expect((await register(sent, answer, new Uint8Array(256 * 256).fill(1), false)).drift.gain).toEqual([
      1, 1, 1,
    ]);
    const { drift } = await register(sent, answer, new Uint8Array(256 * 256), true);
    expect(drift.measured).toBe(false);
  });
});
