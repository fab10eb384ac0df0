import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { PHOTOS_DIR } from '../../test/fixtures/photos.js';
import type { Raster } from '../image/raster.js';
import { teleaShareByHoldout } from './holdout.js';
import type { Level } from './pyramid.js';

const SIZE = 128;

function levelOf(img: Raster, side: number): Level {
  const hole = new Uint8Array(img.width * img.height);
  const x0 = Math.round((img.width - side) / 2);
  for (let y = x0; y < x0 + side; y++) hole.fill(1, y * img.width + x0, y * img.width + x0 + side);
  const data = new Float32Array(img.width * img.height * 3);
  for (let i = 0; i < img.width * img.height; i++)
    for (let k = 0; k < 3; k++) data[i * 3 + k] = img.data[i * 4 + k];
  return { w: img.width, h: img.height, c: 3, img: data, hole };
}

function synthetic(value: (x: number, y: number) => number): Raster {
  const data = new Uint8Array(SIZE * SIZE * 4);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const v = Math.round(value(x, y));
      data.set([v, v, v, 255], (y * SIZE + x) * 4);
    }
  }
  return { data, width: SIZE, height: SIZE };
}

describe('teleaShareByHoldout', () => {
  it('trusts the membrane on a flat surround: exact there, while Telea drifts a few levels', async () => {
    // OpenCV's Telea fills a constant 90 with 89-95: its gradient term is not exact on flat ground.
    const img = synthetic(() => 90);
    expect(await teleaShareByHoldout(img, levelOf(img, 30), 0, 0, 6)).toBeLessThan(0.1);
  });

  it('trusts the membrane on a smooth ramp, which is harmonic and so rebuilt exactly', async () => {
    const img = synthetic((x, y) => 40 + x + 0.5 * y);
    expect(await teleaShareByHoldout(img, levelOf(img, 30), 0, 0, 6)).toBeLessThan(0.3);
  });

  it('trusts Telea beside the coffee cup, where the membrane smears the rim', async () => {
    const { data } = await sharp(`${PHOTOS_DIR}/coffee.png`)
      .resize(512, 512, { fit: 'cover' })
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const img: Raster = { data: new Uint8Array(data), width: 512, height: 512 };
    expect(await teleaShareByHoldout(img, levelOf(img, 77), 0, 0, 6)).toBeGreaterThan(0.6);
  });
});
