/**
 * The surgical promise on real inputs: every pixel outside the reported region is bit-identical to
 * the input, the edit stays where the text was, and OCR reads the new text back. Also the --mask
 * contract: a user mask bounds every change.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { PHOTO_NAMES, type PhotoName } from '../bench/posters.js';
import { edit } from '../src/index.js';
import { readText } from '../src/perception/ocr.js';
import {
  gradientSale,
  photoBanner,
  photoWithText,
  priceTag,
  type PosterFixture,
} from './fixtures/posters.js';
import { boxWithin, comparable, countDiff, decodeRaw, inBox, padBox } from './helpers.js';

const TIMEOUT = 60_000;

/** A text pair per photo: Chinese, Latin and mixed, on colour and gray photos. */
const PHOTO_TEXT: Record<PhotoName, [string, string]> = {
  chelsea: ['猫咪', '小猫'],
  coffee: ['新品上市', '限量发售'],
  astronaut: ['全场五折', '全场八折'],
  brick: ['SALE', 'NEW'],
  grass: ['春季特惠', '夏日狂欢'],
  gravel: ['满300减50', '满500减80'],
};

const fixtures: PosterFixture[] = [
  priceTag,
  gradientSale,
  photoBanner,
  ...PHOTO_NAMES.map((p) => photoWithText(p, PHOTO_TEXT[p][0], { newText: PHOTO_TEXT[p][1] })),
];

describe('surgical: nothing outside the region changes', () => {
  for (const f of fixtures) {
    it(
      `${f.case.id}: ${f.case.instruction}`,
      async () => {
        const { png } = await f.render('old');
        const { image, report } = await edit(png, f.case.instruction);
        const [before, after] = await Promise.all([decodeRaw(png), decodeRaw(image)]);
        expect(report.steps).toHaveLength(1);
        const step = report.steps[0];
        const region = step.region;

        // (a) bit-exact outside the region, and the report says so.
        const diff = countDiff(before, after, (x, y) => inBox(region, x, y));
        expect(diff.outside).toBe(0);
        expect(step.quality.outside_changed_pixels).toBe(0);
        // (b) the edit did something.
        expect(diff.inside).toBeGreaterThan(100);
        expect(step.quality.changed_pixels).toBeGreaterThan(100);
        // (c) it did not wander: the region lies within where the text was (or goes), padded.
        const allowed = padBox(f.editBox, 4, f.case.width, f.case.height);
        expect(
          boxWithin(region, allowed),
          `region ${JSON.stringify(region)} ⊄ ${JSON.stringify(allowed)}`,
        ).toBe(true);
        // (d) an independent OCR pass over the region reads the new text.
        const read = await readText(image, padBox(region, 8, f.case.width, f.case.height));
        expect(comparable(read)).toContain(comparable(f.case.newText));
        expect(step.quality.readback_ok).toBe(true);
      },
      TIMEOUT,
    );
  }
});

/** A white-on-black mask the image's size, white inside `box`. */
async function maskPng(width: number, height: number, white: { x: number; y: number; w: number; h: number }) {
  const data = Buffer.alloc(width * height * 3);
  for (let y = white.y; y < white.y + white.h; y++)
    for (let x = white.x; x < white.x + white.w; x++)
      data.fill(255, (y * width + x) * 3, (y * width + x) * 3 + 3);
  return sharp(data, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
}

describe('surgical: a user mask bounds every change', () => {
  const { width, height } = priceTag.case;

  it(
    'a mask over the left half of the old text: no pixel outside the mask changes',
    async () => {
      const { png, textBox } = await priceTag.render('old');
      const half = {
        x: textBox.x - 4,
        y: textBox.y - 4,
        w: Math.floor(textBox.width / 2) + 4,
        h: textBox.height + 8,
      };
      const mask = await maskPng(width, height, half);
      const { image, report } = await edit(png, priceTag.case.instruction, { mask });
      const [before, after, m] = await Promise.all([decodeRaw(png), decodeRaw(image), decodeRaw(mask)]);
      // Decode the mask itself and check pixel by pixel: white = may change.
      const diff = countDiff(before, after, (x, y) => m.data[(y * width + x) * 4] >= 128);
      expect(diff.outside).toBe(0);
      expect(diff.inside).toBeGreaterThan(100);
      const region = report.steps[0].region;
      expect(region.x).toBeGreaterThanOrEqual(half.x);
      expect(region.x + region.width).toBeLessThanOrEqual(half.x + half.w);
      expect(report.steps[0].quality.outside_changed_pixels).toBe(0);
    },
    TIMEOUT,
  );

  it(
    'a mask that does not touch the text: output identical to the input, and a warning',
    async () => {
      const { png } = await priceTag.render('old');
      const mask = await maskPng(width, height, { x: 10, y: 700, w: 120, h: 80 });
      const { image, report } = await edit(png, priceTag.case.instruction, { mask });
      const [before, after] = await Promise.all([decodeRaw(png), decodeRaw(image)]);
      expect(countDiff(before, after, () => true)).toEqual({ inside: 0, outside: 0 });
      const warnings = [...report.warnings, ...report.steps.flatMap((s) => s.warnings)];
      expect(
        warnings.some((w) => /mask/i.test(w) && /overlap|nothing/i.test(w)),
        warnings.join(' | '),
      ).toBe(true);
      expect(report.steps[0].quality.changed_pixels).toBe(0);
    },
    TIMEOUT,
  );
});

describe('inputs whose pixels change on load', () => {
  it('a 16-bit PNG is edited but the report says its samples were reduced to 8 bits', async () => {
    const { png } = await priceTag.render('old');
    const deep = await sharp(png).toColourspace('rgb16').png().toBuffer();
    const { report } = await edit(deep, priceTag.case.instruction);
    expect(report.warnings.join(' ')).toMatch(/reduced to 8 bits/);
    expect(report.steps[0].quality.outside_changed_pixels).toBe(0);
  });
});
