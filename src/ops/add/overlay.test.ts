import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { ScalpelError } from '../../errors.js';
import { decodeImage } from '../../image/io.js';
import type { Raster } from '../../image/raster.js';
import { toHex } from '../../image/color.js';
import { contrastRatio, DARK_TEXT, LIGHT_TEXT, luminance } from '../../overlay/contrast.js';
import { ANCHORS, STICKERS, type AddStep, type Anchor, type Box, type Rgb } from '../../types.js';
import { overlay, type OverlayResult } from './overlay.js';
import { PHOTOS_DIR as PHOTOS } from '../../../test/fixtures/photos.js';

async function photo(name: string, size?: { width: number; height: number }): Promise<Raster> {
  let file: Buffer = readFileSync(`${PHOTOS}/${name}.png`);
  if (size) file = await sharp(file).resize(size.width, size.height, { fit: 'fill' }).png().toBuffer();
  return (await decodeImage(file)).raster;
}

/** An opaque logo with a diagonal gradient, so every pixel of its box is covered. */
function solidLogo(width: number, height: number, rgb: Rgb = [30, 90, 220]): Raster {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const t = (x + y) / (width + height);
      data.set([rgb[0], Math.round(rgb[1] * (1 - t) + 200 * t), rgb[2], 255], i);
    }
  }
  return { data, width, height };
}

const params = (
  content: AddStep['params']['content'],
  o: Partial<AddStep['params']> = {},
): AddStep['params'] => ({
  content,
  margin: 0.1,
  scale: 0.2,
  opacity: 1,
  count: 1,
  ...o,
});

/** Every pixel outside the mask is the input's, all four channels; the region bounds the mask. */
function expectSurgical(img: Raster, r: OverlayResult): void {
  let [x0, y0, x1, y1, changedOutside, inMask, notBinary] = [Infinity, Infinity, -1, -1, 0, 0, 0];
  for (let i = 0; i < img.width * img.height; i++) {
    if (r.mask[i] > 1) notBinary++;
    if (r.mask[i]) {
      inMask++;
      const [x, y] = [i % img.width, Math.floor(i / img.width)];
      [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
      continue;
    }
    for (let c = 0; c < 4; c++) if (r.raster.data[i * 4 + c] !== img.data[i * 4 + c]) changedOutside++;
  }
  expect(changedOutside).toBe(0);
  expect(notBinary).toBe(0);
  expect(inMask).toBeGreaterThan(0);
  expect(r.region).toEqual({ x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 });
}

const hexRgb = (hex: string) => [1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16)) as Rgb;
const right = (b: Box) => b.x + b.width;
const bottom = (b: Box) => b.y + b.height;

describe('overlay: placement', () => {
  let img: Raster;
  beforeAll(async () => {
    img = await photo('coffee', { width: 1000, height: 800 });
  });

  it('留白10% at bottom-right of 1000×800: right edge at 920, bottom at 720', async () => {
    const r = await overlay(img, params({ kind: 'asset' }), 'bottom-right', solidLogo(400, 200));
    expect(r.details.margin_px).toBe(80);
    expect(r.details.box).toEqual({ x: 720, y: 620, width: 200, height: 100 });
    expect(right(r.region)).toBe(920);
    expect(bottom(r.region)).toBe(720);
    expect(r.warnings).toEqual([]);
    expectSurgical(img, r);
  });

  it('puts the box at every anchor, margin from the named edges and centred on the others', async () => {
    for (const anchor of ANCHORS) {
      const r = await overlay(img, params({ kind: 'asset' }), anchor, solidLogo(200, 100));
      const b = r.region;
      expect([b.width, b.height], anchor).toEqual([200, 100]);
      const h = anchor.endsWith('left') ? 'L' : anchor.endsWith('right') ? 'R' : 'C';
      const v = anchor.startsWith('top') ? 'T' : anchor.startsWith('bottom') ? 'B' : 'C';
      expect(h === 'L' ? b.x : h === 'R' ? 1000 - right(b) : b.x - (1000 - right(b)), anchor).toBe(
        h === 'C' ? 0 : 80,
      );
      expect(v === 'T' ? b.y : v === 'B' ? 800 - bottom(b) : b.y - (800 - bottom(b)), anchor).toBe(
        v === 'C' ? 0 : 80,
      );
    }
  });

  it('shrinks an overlay too big for the margins, keeping its aspect, and says so', async () => {
    const r = await overlay(img, params({ kind: 'asset' }, { scale: 1 }), 'top-left', solidLogo(500, 500));
    expect(r.region).toEqual({ x: 80, y: 80, width: 640, height: 640 });
    expect(r.details.shrink_factor).toBeLessThan(1);
    expect(r.warnings.join(' ')).toMatch(/shrunk/);
  });
});

describe('overlay: compositing', () => {
  let img: Raster;
  beforeAll(async () => {
    img = await photo('coffee', { width: 1000, height: 800 });
  });

  it('opacity 0.5 lands halfway between the logo and the photo', async () => {
    const logo = solidLogo(200, 100);
    const r = await overlay(img, params({ kind: 'asset' }, { opacity: 0.5 }), 'top-left', logo);
    const b = r.region;
    expect(b).toEqual({ x: 80, y: 80, width: 200, height: 100 });
    let worst = 0;
    for (let y = 0; y < b.height; y++) {
      for (let x = 0; x < b.width; x++) {
        const gi = ((y + b.y) * img.width + x + b.x) * 4;
        for (let c = 0; c < 3; c++) {
          const half = (logo.data[(y * 200 + x) * 4 + c] + img.data[gi + c]) / 2;
          worst = Math.max(worst, Math.abs(r.raster.data[gi + c] - half));
        }
      }
    }
    // Rounding only: an exact half is at most half a code value away.
    expect(worst).toBeLessThanOrEqual(0.5);
    expectSurgical(img, r);
  });

  it('resamples a logo without dark fringes (premultiplied alpha)', async () => {
    // A white disc on transparent *black*: unpremultiplied resampling would grey its edge.
    const n = 301;
    const logo = { data: new Uint8Array(n * n * 4), width: n, height: n };
    for (let i = 0; i < n * n; i++) {
      const inside = Math.hypot((i % n) - 150, Math.floor(i / n) - 150) < 140;
      if (inside) logo.data.set([255, 255, 255, 255], i * 4);
    }
    const white: Raster = { data: new Uint8Array(600 * 400 * 4).fill(255), width: 600, height: 400 };
    const r = await overlay(white, params({ kind: 'asset' }, { scale: 0.13 }), 'center', logo);
    let darkest = 255;
    for (let i = 0; i < r.raster.data.length; i += 4) darkest = Math.min(darkest, r.raster.data[i]);
    expect(darkest).toBeGreaterThanOrEqual(250);
  });

  it('changes only the covered pixels, for a logo, a watermark and a sticker cluster', async () => {
    const cases: [AddStep['params'], Anchor][] = [
      [params({ kind: 'asset' }, { scale: 0.3, opacity: 0.7 }), 'bottom-right'],
      [params({ kind: 'text', text: '仅供参考' }, { scale: 0.3, opacity: 0.8 }), 'top-right'],
      [params({ kind: 'sticker', name: 'sakura' }, { scale: 0.4, margin: 0.03, count: 9 }), 'top-left'],
    ];
    for (const [p, anchor] of cases) {
      const r = await overlay(img, p, anchor, solidLogo(300, 120));
      expectSurgical(img, r);
      expect(r.details.content).toBe(p.content.kind);
    }
  });
});

describe('overlay: text watermark', () => {
  /** What a viewer reads: the glyph core (the 5% lightest or darkest covered pixels) vs the photo under it. */
  function seenContrast(r: OverlayResult, light: boolean): number {
    const lums: number[] = [];
    for (let i = 0; i < r.mask.length; i++) {
      if (!r.mask[i]) continue;
      lums.push(luminance([r.raster.data[i * 4], r.raster.data[i * 4 + 1], r.raster.data[i * 4 + 2]]));
    }
    lums.sort((a, b) => a - b);
    const core = light ? lums[Math.floor(lums.length * 0.95)] : lums[Math.floor(lums.length * 0.05)];
    const bg = hexRgb(String(r.details.background_color));
    return (Math.max(core, luminance(bg)) + 0.05) / (Math.min(core, luminance(bg)) + 0.05);
  }

  it('a dark photo gets light text with a soft dark shadow, contrast ≥ 3', async () => {
    const img = await photo('coffee');
    const r = await overlay(
      img,
      params({ kind: 'text', text: '仅供参考' }, { margin: 0.04, scale: 0.3 }),
      'top-left',
    );
    expect(r.details.text_color).toBe(toHex(LIGHT_TEXT));
    expect(r.details.halo).toBe('dark-shadow');
    expect(r.details.text_contrast).toBeGreaterThanOrEqual(3);
    expect(seenContrast(r, true)).toBeGreaterThanOrEqual(3);
    expectSurgical(img, r);
  });

  it('a light photo gets dark text, contrast ≥ 3', async () => {
    const img = await photo('astronaut');
    const r = await overlay(
      img,
      params({ kind: 'text', text: 'SAMPLE' }, { margin: 0.03, scale: 0.2 }),
      'top-right',
    );
    expect(r.details.text_color).toBe(toHex(DARK_TEXT));
    expect(r.details.text_contrast).toBeGreaterThanOrEqual(3);
    expect(seenContrast(r, false)).toBeGreaterThanOrEqual(3);
    expectSurgical(img, r);
  });

  it('keeps a given colour and reports its contrast honestly', async () => {
    const img = await photo('coffee');
    const red: Rgb = [200, 30, 30];
    const r = await overlay(img, params({ kind: 'text', text: 'SALE', color: red }), 'bottom');
    expect(r.details.text_color).toBe('#c81e1e');
    expect(r.details.text_color_source).toBe('given');
    // At full opacity the viewer sees the colour itself: the reported ratio is against the photo under it.
    const bg = hexRgb(String(r.details.background_color));
    expect(r.details.text_contrast).toBeCloseTo(contrastRatio(red, bg), 2);
  });

  it('sizes the text to the box width', async () => {
    const img = await photo('coffee', { width: 1000, height: 800 });
    const r = await overlay(
      img,
      params({ kind: 'text', text: 'Preview only' }, { scale: 0.4 }),
      'bottom-right',
    );
    const box = r.details.box as Box;
    expect(Math.abs(box.width - 400)).toBeLessThanOrEqual(1);
    expect(Math.abs(right(box) - 920)).toBeLessThanOrEqual(1);
    expect(Math.abs(bottom(box) - 720)).toBeLessThanOrEqual(1);
  });
});

describe('overlay: stickers', () => {
  it('scatters a deterministic cluster inside the image and the box', async () => {
    const img = await photo('astronaut');
    const p = params({ kind: 'sticker', name: 'star' }, { scale: 0.35, margin: 0.02, count: 12 });
    for (const anchor of ANCHORS) {
      const a = await overlay(img, p, anchor);
      const b = await overlay(img, p, anchor);
      expect(Buffer.from(a.raster.data).equals(Buffer.from(b.raster.data)), anchor).toBe(true);
      const box = a.details.box as Box;
      expect(a.region.x).toBeGreaterThanOrEqual(box.x);
      expect(a.region.y).toBeGreaterThanOrEqual(box.y);
      expect(right(a.region)).toBeLessThanOrEqual(right(box));
      expect(bottom(a.region)).toBeLessThanOrEqual(bottom(box));
      expect(a.details.copies).toBe(12);
      expectSurgical(img, a);
    }
  });

  it('draws every library sticker', async () => {
    const img = await photo('chelsea');
    for (const name of STICKERS) {
      const r = await overlay(
        img,
        params({ kind: 'sticker', name }, { scale: 0.2, margin: 0.05 }),
        'bottom-left',
      );
      expect(r.region.width, name).toBeGreaterThan(40);
      expectSurgical(img, r);
    }
  });
});

describe('overlay: invalid arguments', () => {
  let img: Raster;
  beforeAll(async () => {
    img = await photo('coffee');
  });

  async function rejects(p: AddStep['params'], detail: Record<string, unknown>, asset?: Raster) {
    const err = await overlay(img, p, 'bottom-right', asset).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ScalpelError);
    expect((err as ScalpelError).code).toBe('INVALID_ARGUMENT');
    expect((err as ScalpelError).stage).toBe('edit');
    expect((err as ScalpelError).details).toMatchObject(detail);
  }

  it('refuses out-of-range numbers, naming the parameter', async () => {
    const logo = solidLogo(20, 10);
    const base = params({ kind: 'asset' });
    for (const scale of [0, -0.2, 1.01, NaN]) await rejects({ ...base, scale }, { param: 'scale' }, logo);
    for (const margin of [-0.01, 0.5, 0.7]) await rejects({ ...base, margin }, { param: 'margin' }, logo);
    for (const opacity of [0, 1.5, Infinity]) await rejects({ ...base, opacity }, { param: 'opacity' }, logo);
    for (const count of [0, 51, 2.5]) await rejects({ ...base, count }, { param: 'count' }, logo);
  });

  it('asks for --asset when a logo has no image', async () => {
    await expect(overlay(img, params({ kind: 'asset' }), 'bottom-right')).rejects.toThrow(
      'Adding a logo needs an image: pass it with --asset <file>.',
    );
    await rejects(params({ kind: 'asset' }), { content: 'asset' });
  });

  it('lists the valid stickers for an unknown one, and refuses empty text', async () => {
    const unknown = { kind: 'sticker', name: 'unicorn' } as unknown as AddStep['params']['content'];
    await rejects(params(unknown), { param: 'sticker', valid: expect.arrayContaining(['sakura', 'ribbon']) });
    await rejects(params({ kind: 'text', text: '  ' }), { param: 'text' });
    const odd = { kind: 'video' } as unknown as AddStep['params']['content'];
    await rejects(params(odd), { param: 'content kind', valid: ['asset', 'text', 'sticker'] });
  });
});
