/**
 * Issue 3's ops end to end through the public API, on the real photos and the real models: each
 * result is checked pixel by pixel against the input outside the region the report names, and on
 * what the op promised inside it.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { markedBrick, PHOTOS_DIR, twoPeople } from './fixtures/photos.js';
import { psnr } from '../bench/metrics.js';
import { ScalpelError } from '../src/errors.js';
import { decodeImage } from '../src/image/io.js';
import { rgbToOklch } from '../src/image/oklab.js';
import { edit } from '../src/index.js';
import type { Box, EditReport, Rgb } from '../src/types.js';
import { decodeRaw, editSurgically, pixel } from './helpers.js';

const photo = (name: string) => readFile(path.join(PHOTOS_DIR, `${name}.png`));

const run = editSurgically;

async function failure(input: Buffer, instruction: string, opts: Parameters<typeof edit>[2] = {}) {
  const err = await edit(input, instruction, opts).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ScalpelError);
  return err as ScalpelError;
}

const hue = (c: Rgb) => rgbToOklch(c)[2];
const details = (r: EditReport, k = 0) => r.steps[k].details as Record<string, unknown>;

describe('recolor', () => {
  it('turns the cup blue and keeps its shading', async () => {
    const { report, after } = await run(await photo('coffee'), '把杯子换成蓝色，保持光影一致');
    const s = report.steps[0];
    expect(s.op).toBe('recolor');
    expect((details(report).target_found as { label: string }).label).toBe('cup');
    expect(s.quality.hue_error_deg as number).toBeLessThan(10);
    expect(s.quality.luminance_ssim as number).toBeGreaterThan(0.8);
    // The cup's rim (inside the detected box) is blue now.
    const rim = pixel(after, 290, 60);
    expect(Math.abs(hue(rim) - hue([0, 90, 200]))).toBeLessThan(25);
  });

  it('a car on a photo with no car is TARGET_NOT_FOUND listing what was found', async () => {
    const err = await failure(await photo('coffee'), '把车漆改成红色');
    expect(err.code).toBe('TARGET_NOT_FOUND');
    expect(err.message).toContain('cup');
    expect(err.details.found).toEqual(expect.arrayContaining([expect.objectContaining({ label: 'cup' })]));
  });
});

describe('replace-background', () => {
  it('puts the cup on pure white with soft edges, leaving the subject as it was', async () => {
    const { report, before, after } = await run(await photo('coffee'), '背景换成纯白');
    expect(report.steps[0].op).toBe('replace-background');
    expect(pixel(after, 590, 390)).toEqual([255, 255, 255]);
    expect(pixel(after, 5, 5)).toEqual([255, 255, 255]);
    // The coffee in the cup is subject: untouched.
    expect(pixel(after, 290, 140)).toEqual(pixel(before, 290, 140));
    expect(details(report).edge_pixels as number).toBeGreaterThan(500);
  });
});

describe('remove', () => {
  it('fills a masked hole from the photo and reports seam and colour checks', async () => {
    const input = await photo('grass');
    const { width, height } = await sharp(input).metadata();
    const hole: Box = { x: Math.round(width! * 0.4), y: Math.round(height! * 0.4), width: 80, height: 60 };
    const mask = await sharp({ create: { width: width!, height: height!, channels: 3, background: '#000' } })
      .composite([
        {
          input: { create: { width: hole.width, height: hole.height, channels: 3, background: '#fff' } },
          left: hole.x,
          top: hole.y,
        },
      ])
      .png()
      .toBuffer();
    const { report, changed } = await run(input, '去掉这个', { mask });
    const s = report.steps[0];
    expect(s.op).toBe('remove');
    // The user's mask bounds every change.
    expect(s.region.x).toBeGreaterThanOrEqual(hole.x);
    expect(s.region.x + s.region.width).toBeLessThanOrEqual(hole.x + hole.width);
    expect(changed).toBeGreaterThan(0.5 * hole.width * hole.height);
    expect(s.quality).toHaveProperty('seam');
    expect(s.quality).toHaveProperty('colour_delta_e');
  });

  it('removes a text watermark from a photo', async () => {
    const { clean, marked } = await markedBrick();
    const { report, after } = await run(marked, '去水印');
    const s = report.steps[0];
    expect(s.quality.removed_ok).toBe(true);
    // Closer to the clean photo than the marked input was, inside the region.
    const truth = (await decodeImage(clean)).raster;
    const input = (await decodeImage(marked)).raster;
    const p = (img: Uint8Array) => psnr(truth.data, img, truth.width, truth.height, 4, s.region);
    expect(p(after.data)).toBeGreaterThan(p(input.data) + 3);
  });

  it('takes the text off a dark button as a flat shape: no glyph-shaped blotches left', async () => {
    const poster = await readFile(new URL('../examples/poster.png', import.meta.url));
    const { report, after } = await run(poster, "去掉文字'立即购买'");
    const s = report.steps[0];
    expect(s.quality.removed_ok).toBe(true);
    expect((details(report).removed as { fill_method: string }[])[0].fill_method).toBe('flat');
    // Where the words were, the button is one colour: luma spread of a flat fill, not of letters.
    const lumas: number[] = [];
    for (let y = s.region.y; y < s.region.y + s.region.height; y++) {
      for (let x = s.region.x; x < s.region.x + s.region.width; x++) {
        const [r, g, b] = pixel(after, x, y);
        lumas.push(0.299 * r + 0.587 * g + 0.114 * b);
      }
    }
    const mean = lumas.reduce((a, v) => a + v, 0) / lumas.length;
    const sd = Math.sqrt(lumas.reduce((a, v) => a + (v - mean) ** 2, 0) / lumas.length);
    expect(sd, `luma spread in ${JSON.stringify(s.region)}`).toBeLessThan(3);
  });

  it('refuses to invent most of the image: the astronaut is 57% of her portrait', async () => {
    const err = await failure(await photo('astronaut'), '去掉这个人');
    expect(err.code).toBe('NEEDS_GENERATIVE_ENGINE');
    expect(err.details.hole_share as number).toBeGreaterThan(0.4);
  });
});

describe('add', () => {
  it('puts a logo bottom-right with a 10% margin', async () => {
    const logo = await sharp({ create: { width: 200, height: 80, channels: 4, background: '#1a73e8' } })
      .png()
      .toBuffer();
    const input = await photo('coffee');
    const { report } = await run(input, '右下角加上LOGO，留白10%', { asset: logo });
    const r = report.steps[0].region;
    // coffee.png is 600×400: the margin is 10% of the shorter side.
    expect(r.x + r.width).toBe(600 - 40);
    expect(r.y + r.height).toBe(400 - 40);
  });

  it('a logo without --asset is INVALID_ARGUMENT naming the flag', async () => {
    const err = await failure(await photo('coffee'), '右下角加上LOGO');
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.message).toContain('--asset');
  });

  it('scatters sakura in the top-left corner', async () => {
    const { report } = await run(await photo('grass'), '左上角加几朵樱花');
    const r = report.steps[0].region;
    expect(r.x).toBeLessThan(100);
    expect(r.y).toBeLessThan(100);
  });
});

describe('adjust and several steps', () => {
  it('warmer is a global step that moves the colour balance toward amber', async () => {
    const { report } = await run(await photo('astronaut'), '暖一点');
    const d = details(report);
    expect(d.global).toBe(true);
    const b = d.mean_b as { before: number; after: number };
    expect(b.after).toBeGreaterThan(b.before);
  });

  it('背景换成白色，再把杯子换成蓝色 runs both steps in order', async () => {
    const { report } = await run(await photo('coffee'), '背景换成白色，再把杯子换成蓝色');
    expect(report.steps.map((s) => s.op)).toEqual(['replace-background', 'recolor']);
  });
});

describe('cut-out', () => {
  it('去掉背景 makes the background transparent, the cup stays opaque and untouched', async () => {
    const input = await photo('coffee');
    const r = await edit(input, '去掉背景');
    const out = await decodeRaw(r.image);
    const before = (await decodeImage(input)).raster;
    const at = (x: number, y: number) => (y * out.width + x) * 4;
    expect(out.data[at(5, 5) + 3]).toBe(0);
    expect(out.data[at(590, 390) + 3]).toBe(0);
    const c = at(290, 140);
    expect([...out.data.subarray(c, c + 4)]).toEqual([...before.data.subarray(c, c + 4)]);
    expect(r.report.steps[0].quality.outside_changed_pixels).toBe(0);
  });

  it('a cut-out into JPEG is refused before any work', async () => {
    const err = await failure(await photo('coffee'), '抠图', { format: 'jpeg' });
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.message).toContain('.png');
  });
});

describe('several matches', () => {
  it('去掉左边的人 removes the left one and says why', async () => {
    const { report } = await run(await twoPeople(), '去掉左边的人');
    const s = report.steps[0];
    expect(s.region.x + s.region.width).toBeLessThan(560);
    const found = details(report).target_found as { chosen: string; candidates: unknown[] };
    expect(found.chosen).toContain('left');
    expect(found.candidates.length).toBeGreaterThanOrEqual(2);
    // A person in front of a flag, a shuttle and a wall: the fill invents their layout, and says so.
    expect(s.quality).toMatchObject({ low_confidence: true });
    expect(s.quality.border_surfaces).toBeGreaterThanOrEqual(2);
    expect(s.warnings.join(' ')).toMatch(/borders \d+ different surfaces/);
  });

  it('with no position stated, the most prominent one is taken and named', async () => {
    const { report } = await run(await twoPeople(), 'remove the person');
    const s = report.steps[0];
    expect(s.region.x).toBeGreaterThan(540);
    expect((details(report).target_found as { chosen: string }).chosen).toContain('most prominent');
  });
});

describe('bad --asset', () => {
  it('an asset that is not an image is INVALID_IMAGE naming the asset, and nothing is written', async () => {
    const err = await failure(await photo('coffee'), '右下角加上LOGO', {
      asset: Buffer.from('not an image'),
    });
    expect(err.code).toBe('INVALID_IMAGE');
    expect(err.message).toMatch(/^The --asset file/);
    expect(err.details.file).toBe('asset');
  });
});
