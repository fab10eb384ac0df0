import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { readAigc, withLabel } from '../provenance/aigc.js';
import { EXPORT_PRESET_IDS, exportPresets, window } from './export.js';

const PHOTOS = path.resolve(import.meta.dirname, '../../test/fixtures/photos');

describe('window', () => {
  it('is the largest frame of the shape, centred on the subject, inside the image', () => {
    // A 1000×500 image, a square frame: 500×500, centred on a subject at the right.
    expect(window(1000, 500, 1, { x: 800, y: 100, width: 100, height: 100 })).toEqual({
      x: 500,
      y: 0,
      width: 500,
      height: 500,
    });
    expect(window(1000, 500, 1, { x: 400, y: 100, width: 100, height: 100 })).toEqual({
      x: 200,
      y: 0,
      width: 500,
      height: 500,
    });
    // No subject: the centre. A taller frame in a wide image: full height.
    expect(window(1000, 500, 1, null)).toEqual({ x: 250, y: 0, width: 500, height: 500 });
    expect(window(1000, 500, 9 / 16, null)).toEqual({ x: 360, y: 0, width: 281, height: 500 });
    // A subject taller than a wide frame keeps its top, with a little air above.
    expect(window(1000, 1000, 2.35, { x: 400, y: 200, width: 200, height: 600 })).toEqual({
      x: 0,
      y: 183,
      width: 1000,
      height: 426,
    });
  });
});

describe('exportPresets', () => {
  it('cuts each preset around the subject, at its size, in the input format, and says what it kept', async () => {
    const photo = await readFile(path.join(PHOTOS, 'coffee.png'));
    const out = await exportPresets(photo, ['square-800', 'story-9x16', 'wechat-cover']);
    expect(out.map((o) => o.preset)).toEqual(['square-800', 'story-9x16', 'wechat-cover']);
    for (const o of out) {
      const meta = await sharp(o.image).metadata();
      expect([meta.width, meta.height, meta.format]).toEqual([o.report.width, o.report.height, 'png']);
      expect(o.report.global).toBe(true);
      expect(o.report.subject).not.toBeNull();
    }
    // The cup and saucer (about as wide as the photo is high) are kept in a square frame, centred.
    expect(out[0].report.subject_kept).toBeGreaterThan(0.97);
    const s = out[0].report.subject!;
    const c = out[0].report.crop;
    expect(Math.abs(c.x + c.width / 2 - (s.x + s.width / 2))).toBeLessThanOrEqual(1);
    // A 600-px-high photo made 1920 high is enlarged, and says so.
    expect(out[1].report.upscale).toBeGreaterThan(1);
    expect(out[1].report.warnings.join(' ')).toMatch(/enlarged/);
  }, 60_000);

  it('shows a tall poster whole on a blurred extension of itself when a wide frame would cut it', async () => {
    const poster = await readFile(path.resolve(import.meta.dirname, '../../examples/poster.png'));
    const [cover] = await exportPresets(poster, ['wechat-cover']);
    expect(cover.report).toMatchObject({
      fit: 'pad',
      subject_kept: 1,
      crop: { x: 0, y: 0, width: 800, height: 1000 },
    });
    expect(cover.report.warnings[0]).toMatch(/whole image is shown/);
    const meta = await sharp(cover.image).metadata();
    expect([meta.width, meta.height]).toEqual([900, 383]);
  }, 60_000);

  it('draws the visible AIGC label on each frame of an AI-labelled image, and only of one', async () => {
    const photo = await readFile(path.join(PHOTOS, 'coffee.png'));
    const { data, info } = await sharp(photo).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const raster = { data, width: info.width, height: info.height };
    const made = (
      await withLabel(raster, false, (xmp) =>
        (xmp ? sharp(data, { raw: info }).withXmp(xmp) : sharp(data, { raw: info })).png().toBuffer(),
      )
    ).file;
    const [plain] = await exportPresets(made, ['square-800']);
    const [labelled] = await exportPresets(made, ['square-800'], { visibleLabel: 'bottom-left' });
    const box = labelled.report.visible_label!.box;
    expect(labelled.report.visible_label).toMatchObject({ text: 'AI生成', corner: 'bottom-left' });
    // 5% of the 800-px side at least, in the corner asked for.
    expect(labelled.report.visible_label!.font_px).toBeGreaterThanOrEqual(40);
    expect(box.x).toBeLessThan(40);
    expect(box.y + box.height).toBeGreaterThan(760);
    const px = async (img: Buffer) => (await sharp(img).ensureAlpha().raw().toBuffer()).subarray(0);
    const [a, b] = [await px(plain.image), await px(labelled.image)];
    let inside = 0;
    let outside = 0;
    for (let i = 0; i < a.length; i += 4) {
      const x = (i / 4) % 800;
      const y = Math.floor(i / 4 / 800);
      const differs = a[i] !== b[i] || a[i + 1] !== b[i + 1] || a[i + 2] !== b[i + 2];
      const inBox = x >= box.x && x < box.x + box.width && y >= box.y && y < box.y + box.height;
      if (differs && inBox) inside++;
      if (differs && !inBox) outside++;
    }
    expect(inside).toBeGreaterThan(box.width * box.height * 0.5);
    expect(outside).toBe(0);
    // Still bound by its implicit label, to the pixels with the visible one.
    expect((await readAigc(labelled.image))?.Label).toBeDefined();
    // An image that carries no AIGC label is nobody's AI output: no visible label on it.
    const [upload] = await exportPresets(photo, ['square-800'], { visibleLabel: 'bottom-left' });
    expect(upload.report.visible_label).toBeUndefined();
  }, 60_000);

  it('refuses an unknown preset before any work, listing the valid ones', async () => {
    await expect(
      exportPresets(Buffer.from('not an image'), ['square-800', 'poster-a4']),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      details: { valid: EXPORT_PRESET_IDS },
    });
    await expect(exportPresets(Buffer.from(''), [])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
