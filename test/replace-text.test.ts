/**
 * replace-text keeps the original text's style (colour, angle, outline, font, size) unless the
 * instruction asks otherwise, and handles long texts, repeated texts and several clauses.
 * Checked on pixels and OCR, and on what the report claims.
 */
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { NAMED_COLORS, editBox, generateCases, lineQuad, type PosterCase } from '../bench/posters.js';
import { deltaE } from '../src/image/color.js';
import { edit, type EditResult } from '../src/index.js';
import { decodeImage } from '../src/image/io.js';
import { readQuad, readText } from '../src/perception/ocr.js';
import type { Rgb } from '../src/types.js';
import { photoBanner, priceTag } from './fixtures/posters.js';
import {
  comparable,
  decodeRaw,
  glyphCore,
  luminance,
  medianOf,
  padBox,
  plainCase,
  renderOld,
} from './helpers.js';

const TIMEOUT = 60_000;

interface Occurrence {
  font: string;
  size_px: number;
  angle_deg: number;
  fill: { kind: string };
  outline: { rgb: Rgb; width: number } | null;
}

const cache = new Map<string, Promise<EditResult>>();
/** One edit per (case, instruction), shared by the tests that look at it. */
function run(c: PosterCase, instruction = c.instruction): Promise<EditResult> {
  const key = `${JSON.stringify(c)}\n${instruction}`;
  let hit = cache.get(key);
  if (!hit) {
    hit = renderOld(c).then((png) => edit(png, instruction));
    cache.set(key, hit);
  }
  return hit;
}

/** A case of the text benchmark (bench/posters.ts, seed 1) by its id. */
const benchCase = (id: string): PosterCase => {
  const c = generateCases(60, 1).find((k) => k.id === id);
  if (!c) throw new Error(`no benchmark case ${id}`);
  return c;
};

const occ = (r: EditResult, step = 0, k = 0) => (r.report.steps[step].details.occurrences as Occurrence[])[k];

/** Median colour of the new glyphs' core, in the region of `step`, on the flat background `bg`. */
async function glyphColour(r: EditResult, bg: Rgb): Promise<Rgb> {
  const img = await decodeRaw(r.image);
  const core = glyphCore(img, r.report.steps[0].region, bg);
  expect(core.length).toBeGreaterThan(200);
  return medianOf(core);
}

const DARK: Partial<PosterCase> = { bg: { kind: 'solid', color: [20, 24, 40] }, color: [255, 255, 255] };

describe('replace-text: colour', () => {
  it(
    'without a colour request the new text keeps the old colour',
    async () => {
      const r = await run(priceTag.case);
      const rgb = await glyphColour(r, [252, 246, 232]);
      expect(deltaE(rgb, priceTag.case.color), `glyph colour ${rgb}`).toBeLessThan(10);
      expect(r.report.steps[0].quality.color_delta_e).toBeLessThan(10);
    },
    TIMEOUT,
  );

  for (const [name, c, instruction] of [
    ['in red', plainCase({ oldText: 'SALE', newText: 'NEW', kind: 'en' }), 'Change "SALE" to "NEW" in red'],
    ['字体颜色变红', plainCase(), "把'限时抢购'改成'新品首发'，字体颜色变红"],
  ] as const) {
    it(
      `'${name}' draws the requested red (report and pixels)`,
      async () => {
        const r = await run(c, instruction);
        expect(r.report.steps[0].quality.color_delta_e).toBeLessThan(10);
        const rgb = await glyphColour(r, [250, 246, 238]);
        expect(deltaE(rgb, NAMED_COLORS.red), `glyph colour ${rgb}`).toBeLessThan(10);
      },
      TIMEOUT,
    );
  }

  it(
    '渐变金色 draws a vertical gradient: the top of the glyphs is lighter than the bottom',
    async () => {
      const r = await run(plainCase(DARK), "把'限时抢购'改成'新品首发'，字体颜色变为渐变金色");
      expect(occ(r).fill.kind).toBe('gradient');
      const img = await decodeRaw(r.image);
      const px = glyphCore(img, r.report.steps[0].region, [20, 24, 40]);
      const ys = px.map((p) => p.y);
      const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
      const third = (y1 - y0) / 3;
      const top = medianOf(px.filter((p) => p.y < y0 + third));
      const bottom = medianOf(px.filter((p) => p.y > y1 - third));
      expect(luminance(top) - luminance(bottom), `top ${top} bottom ${bottom}`).toBeGreaterThan(30);
      // Both ends are golden (warm: red > blue), not white like the old text.
      for (const c of [top, bottom]) expect(c[0] - c[2]).toBeGreaterThan(40);
    },
    TIMEOUT,
  );
});

describe('replace-text: style kept', () => {
  for (const c of [
    plainCase({ angleDeg: -10 }),
    plainCase({
      angleDeg: 8,
      oldText: 'SALE',
      newText: 'NEW',
      kind: 'en',
      instruction: 'Change "SALE" to "NEW"',
    }),
  ]) {
    it(
      `a line rotated ${c.angleDeg}° keeps its angle`,
      async () => {
        const r = await run(c);
        expect(Math.abs(occ(r).angle_deg - c.angleDeg)).toBeLessThanOrEqual(1.5);
        expect(r.report.steps[0].quality.readback_ok).toBe(true);
      },
      TIMEOUT,
    );
  }

  it(
    'an outlined line reports its outline colour and width',
    async () => {
      const c = plainCase({ ...DARK, outline: { color: [170, 0, 30], width: 4 } });
      const o = occ(await run(c)).outline;
      expect(o).not.toBeNull();
      expect(deltaE(o!.rgb, [170, 0, 30])).toBeLessThan(15);
      expect(Math.abs(o!.width - 4)).toBeLessThanOrEqual(2);
    },
    TIMEOUT,
  );

  it(
    'fonts: the bold fixture is matched to a bold face',
    async () => {
      expect(occ(await run(priceTag.case)).font).toMatch(/-bold$/);
    },
    TIMEOUT,
  );

  it(
    'fonts: serif lines are matched to a serif face',
    async () => {
      expect(occ(await run(plainCase({ font: 'serif-regular' }))).font).toMatch(/^serif/);
      expect(occ(await run(photoBanner.case)).font).toMatch(/^serif/);
    },
    TIMEOUT,
  );

  it(
    '放大 makes the text about 1.25× the original size',
    async () => {
      const r = await run(priceTag.case, "把'¥199'改成'¥169'，放大");
      const plain = occ(await run(priceTag.case)).size_px;
      expect(plain / priceTag.case.sizePx).toBeCloseTo(1, 1);
      expect(occ(r).size_px / plain).toBeCloseTo(1.25, 1);
      expect(r.report.steps[0].quality.readback_ok).toBe(true);
    },
    TIMEOUT,
  );
});

describe('replace-text: layout and plans', () => {
  it(
    'a much longer new text is shrunk to fit, with a warning, and still reads back',
    async () => {
      const c = plainCase();
      const newText = '新品首发全场五折包邮到家';
      const r = await run(c, `把'限时抢购'改成'${newText}'`);
      const step = r.report.steps[0];
      expect(
        step.warnings.some((w) => w.includes('shrunk')),
        step.warnings.join(' | '),
      ).toBe(true);
      expect(occ(r).size_px).toBeLessThan(c.sizePx * 0.9);
      // Nothing is clipped at the image edge, and OCR reads all of it.
      expect(step.region.x).toBeGreaterThan(0);
      expect(step.region.x + step.region.width).toBeLessThan(c.width);
      expect(step.quality.readback_ok).toBe(true);
      const read = await readText(r.image, padBox(step.region, 8, c.width, c.height));
      expect(comparable(read)).toContain(newText);
    },
    TIMEOUT,
  );

  it(
    'two occurrences of the same text: both replaced, with a warning',
    async () => {
      const second = { kind: 'text', text: '限时抢购', font: 'sans-bold', sizePx: 80, color: [20, 20, 20] };
      const c = plainCase({
        anchor: { x: 400, y: 180 },
        decorations: [{ ...second, x: 400, y: 400, align: 'center' } as PosterCase['decorations'][0]],
      });
      const r = await run(c);
      const step = r.report.steps[0];
      expect(step.details.occurrences).toHaveLength(2);
      expect(
        step.warnings.some((w) => w.includes('2 times')),
        step.warnings.join(' | '),
      ).toBe(true);
      const all = comparable(await readText(r.image, { x: 0, y: 0, width: c.width, height: c.height }));
      expect(all).toBe('新品首发新品首发');
    },
    TIMEOUT,
  );

  it(
    '第二个 picks one occurrence in reading order and leaves the other alone',
    async () => {
      const second = { kind: 'text', text: '限时抢购', font: 'sans-bold', sizePx: 80, color: [20, 20, 20] };
      const c = plainCase({
        anchor: { x: 400, y: 180 },
        decorations: [{ ...second, x: 400, y: 400, align: 'center' } as PosterCase['decorations'][0]],
      });
      const r = await run(c, "把第二个'限时抢购'改成'新品首发'");
      const step = r.report.steps[0];
      expect(step.details.occurrences).toHaveLength(1);
      expect(step.region.y).toBeGreaterThan(250); // the lower line, at y≈400
      const all = comparable(await readText(r.image, { x: 0, y: 0, width: c.width, height: c.height }));
      expect(all).toBe('限时抢购新品首发');
    },
    TIMEOUT,
  );

  it(
    'a two-clause instruction gives two steps and replaces both texts',
    async () => {
      const r = await run(priceTag.case, "把'¥199'改成'¥169'，把'限时抢购'改成'新品首发'");
      expect(r.report.plan.steps).toHaveLength(2);
      expect(r.report.steps.map((s) => ('text' in s.target ? s.target.text : undefined))).toEqual([
        '¥199',
        '限时抢购',
      ]);
      for (const s of r.report.steps) {
        expect(s.quality.readback_ok).toBe(true);
        expect(s.quality.outside_changed_pixels).toBe(0);
      }
      const all = comparable(await readText(r.image, { x: 0, y: 0, width: 800, height: 800 }));
      expect(all).toContain('新品首发');
      expect(all).toContain('¥169');
      expect(all).not.toContain('限时抢购');
      expect(all).not.toContain('¥199');
    },
    TIMEOUT,
  );
});

describe('replace-text: face', () => {
  it(
    'recognises a light serif at 106 px, whose thin strokes vanish at the coarse scale',
    async () => {
      // Benchmark case p19: serif-regular 立即购买 on a gradient. The coarse pass ranked sans-regular
      // first (match 0.36) and never looked at the serif faces at full resolution.
      const c = benchCase('p19-gradient-serif-regular-zh-color');
      const o = occ(await run(c)) as Occurrence & { style_match: number };
      expect(o.font.startsWith('serif')).toBe(true);
      expect(o.style_match).toBeGreaterThan(0.55);
    },
    TIMEOUT,
  );
});

describe('replace-text: angle', () => {
  it(
    'fits the glyphs upright when the detector tilts the box (descenders at one end)',
    async () => {
      // Benchmark case p20: horizontal white serif "Free Shipping" on a photo. The detector's box
      // leans 2° ("pp g" at the right end), and faces compared at that angle put serif-bold first.
      const c = benchCase('p20-photo-serif-regular-en-outline');
      const o = occ(await run(c)) as Occurrence & { style_match: number };
      expect(o.font).toBe('serif-regular');
      expect(Math.abs(o.angle_deg)).toBeLessThan(0.6);
      expect(o.style_match).toBeGreaterThan(0.6);
    },
    TIMEOUT,
  );
});

describe('replace-text: thin outline on a photo', () => {
  it(
    'finds a 2-px dark outline round rotated glyphs, whose outer band is half background',
    async () => {
      // Benchmark case p47: serif-bold ¥199 at 15° on brick, outlined 2 px in (15, 15, 25).
      const c = benchCase('p47-photo-serif-bold-price-rot-outline-color');
      const o = occ(await run(c));
      expect(o.outline?.width).toBe(2);
      expect(deltaE(o.outline!.rgb, [15, 15, 25])).toBeLessThan(10);
    },
    TIMEOUT,
  );
});

describe('replace-text: a poster resampled to three times its size', () => {
  it(
    'finds the 9-px outline behind 3 px of blurred edge and erases it with the letters',
    async () => {
      // Benchmark case p14 (3-px dark outline on grass), cropped round its line and tripled: the
      // outline's first bands are blur, and it is wider than the 8 px an outline used to be allowed.
      const c = benchCase('p14-photo-sans-regular-mixed-outline');
      const box = editBox(c, 40);
      const png = await sharp(await renderOld(c))
        .extract({ left: box.x, top: box.y, width: box.width, height: box.height })
        .resize(box.width * 3, box.height * 3)
        .png()
        .toBuffer();
      const r = await edit(png, c.instruction);
      const o = occ(r);
      expect(o.outline?.width).toBeGreaterThanOrEqual(8);
      expect(deltaE(o.outline!.rgb, [15, 15, 25])).toBeLessThan(10);
      expect(r.report.steps[0].quality.readback_ok).toBe(true);
    },
    TIMEOUT,
  );
});

describe('replace-text: alignment of a tilted line', () => {
  it(
    'reads where a rotated line sits across the image, not along its own tilted axis',
    async () => {
      // Benchmark cases: p12 is centred at 13° low on the poster, p50 right-aligned at -16°.
      // Measured along the line's axis, p12's middle drifted 65 px off the image centre and it
      // was right-aligned; p50 was centred.
      const centred = occ(await run(benchCase('p12-solid-sans-regular-en-rot-outline'))) as Occurrence & {
        align: string;
      };
      const right = occ(await run(benchCase('p50-photo-sans-regular-price-rot-outline'))) as Occurrence & {
        align: string;
      };
      expect(centred.align).toBe('center');
      expect(right.align).toBe('right');
    },
    TIMEOUT,
  );
});

describe('replace-text: mixed Chinese and Latin', () => {
  it(
    'puts back the space OCR dropped between 新品 and NEW, so the fit matches and no old letter survives',
    async () => {
      // Benchmark case p59: white serif-bold "新品 NEW" with a shadow on a photo. Before the fix, the
      // fit saw "新品NEW" without its space, matched 0.24, erased too little and left the W.
      const c = benchCase('p59-photo-serif-bold-mixed-shadow-color');
      const r = await run(c);
      const o = occ(r) as Occurrence & { style_match: number };
      expect(o.font).toBe('serif-bold');
      expect(o.style_match).toBeGreaterThan(0.6);
      expect(r.report.steps[0].quality.readback_ok).toBe(true);
      const { raster } = await decodeImage(r.image);
      expect(comparable((await readQuad(raster, lineQuad(c))).text)).toBe('爆款HOT');
    },
    TIMEOUT,
  );
});
