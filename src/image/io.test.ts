import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { bombHeader } from '../../bench/bomb.js';
import { decodeImage, encodeImage } from './io.js';

const expectCode = async (work: Promise<unknown>, code: string) =>
  expect(work).rejects.toMatchObject({ code, stage: 'load' });

describe('decodeImage', () => {
  // How fast the refusal is: `npm run bench` (bench/MICRO.md).
  it('refuses a decompression bomb from its header, before decoding', async () => {
    await expectCode(decodeImage(bombHeader(100_000, 100_000)), 'IMAGE_TOO_LARGE');
  });

  it('honours a caller-given pixel limit, with the numbers in details', async () => {
    const png = await sharp({ create: { width: 200, height: 100, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    await expect(decodeImage(png, 10_000)).rejects.toMatchObject({
      code: 'IMAGE_TOO_LARGE',
      details: { width: 200, height: 100, max_pixels: 10_000 },
    });
  });

  it('names unsupported formats and lists the supported ones', async () => {
    const gif = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#f00' } })
      .gif()
      .toBuffer();
    await expect(decodeImage(gif)).rejects.toMatchObject({
      code: 'UNSUPPORTED_FORMAT',
      details: { format: 'gif', supported: ['png', 'jpeg', 'webp'] },
    });
  });

  it('rejects empty, non-image and truncated input as INVALID_IMAGE', async () => {
    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#0f0' } })
      .png()
      .toBuffer();
    await expectCode(decodeImage(Buffer.alloc(0)), 'INVALID_IMAGE');
    await expectCode(decodeImage(Buffer.from('not an image at all')), 'INVALID_IMAGE');
    await expectCode(decodeImage(png.subarray(0, png.length - 30)), 'INVALID_IMAGE');
  });

  it('applies EXIF orientation and reports it', async () => {
    const jpeg = await sharp({ create: { width: 40, height: 20, channels: 3, background: '#00f' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const d = await decodeImage(jpeg);
    expect(d.orientation).toBe(6);
    expect([d.raster.width, d.raster.height]).toEqual([20, 40]);
  });

  it('round-trips PNG pixels bit for bit', async () => {
    const raw = Buffer.alloc(16 * 16 * 4);
    for (let i = 0; i < raw.length; i++) raw[i] = (i * 37) % 256;
    for (let i = 3; i < raw.length; i += 4) raw[i] = 255;
    const png = await encodeImage({ data: new Uint8Array(raw), width: 16, height: 16 }, 'png', false);
    const back = await decodeImage(png);
    expect(Buffer.from(back.raster.data).equals(raw)).toBe(true);
    expect(back.conversions).toEqual([]);
  });
});
