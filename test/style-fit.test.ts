/**
 * Style the fit must find beyond face and size: an oblique (italic) slant and a gradient fill are
 * kept, and nothing outside the region changes.
 */
import { readFileSync } from 'node:fs';
import { createCanvas } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { edit } from '../src/index.js';
import { fontString, loadFont } from '../src/text/fonts.js';
import { countDiff, decodeRaw, inBox } from './helpers.js';

const SLANT = 0.21; // about 12°, a common faux-italic

function italicPoster(): Buffer {
  const c = createCanvas(900, 500);
  const g = c.getContext('2d');
  const bg = g.createLinearGradient(0, 0, 900, 0);
  bg.addColorStop(0, '#1b2a49');
  bg.addColorStop(1, '#3a1c4a');
  g.fillStyle = bg;
  g.fillRect(0, 0, 900, 500);
  g.font = fontString(loadFont('sans-bold'), 96);
  g.fillStyle = '#ffd34d';
  g.save();
  g.translate(120, 220);
  g.transform(1, 0, -Math.tan(SLANT), 1, 0, 0);
  g.fillText('SUPER SALE', 0, 0);
  g.restore();
  g.font = fontString(loadFont('sans-regular'), 40);
  g.fillStyle = '#ffffff';
  g.fillText('限时特惠 全场包邮', 250, 380);
  return c.toBuffer('image/png');
}

describe('slant', () => {
  it('keeps an italic line italic', async () => {
    const png = italicPoster();
    const { image, report } = await edit(png, 'Change "SUPER SALE" to "MEGA DEALS"');
    const step = report.steps[0];
    const occ = (step.details.occurrences as Record<string, unknown>[])[0];
    expect(occ.font).toBe('sans-bold');
    expect(Math.abs((occ.slant_deg as number) - (SLANT * 180) / Math.PI)).toBeLessThan(2);
    expect(Math.abs((occ.size_px as number) - 96)).toBeLessThan(4);
    expect(step.quality.readback).toMatchObject({ exact: true });
    const diff = countDiff(await decodeRaw(png), await decodeRaw(image), (x, y) => inBox(step.region, x, y));
    expect(diff.outside).toBe(0);
    expect(diff.inside).toBeGreaterThan(1000);
  });

  it('does not invent a slant for upright text', async () => {
    const { report } = await edit(italicPoster(), "把'限时特惠 全场包邮'改成'新品上市 七天退换'");
    const occ = (report.steps[0].details.occurrences as Record<string, unknown>[])[0];
    expect(occ.slant_deg).toBe(0);
  });
});

function goldPoster(): Buffer {
  const c = createCanvas(900, 500);
  const g = c.getContext('2d');
  g.fillStyle = '#7a0f14';
  g.fillRect(0, 0, 900, 500);
  g.font = fontString(loadFont('sans-bold'), 110);
  const gold = g.createLinearGradient(0, 120, 0, 230);
  gold.addColorStop(0, '#fae385');
  gold.addColorStop(0.5, '#d4af37');
  gold.addColorStop(1, '#99721c');
  g.fillStyle = gold;
  g.textAlign = 'center';
  g.fillText('限时抢购', 450, 220);
  g.font = fontString(loadFont('sans-regular'), 40);
  g.fillStyle = '#ffffff';
  g.fillText('全场包邮', 450, 380);
  return c.toBuffer('image/png');
}

describe('gradient fill', () => {
  it('keeps a top-to-bottom gold gradient when no colour is asked for', async () => {
    const png = goldPoster();
    const { image, report } = await edit(png, "把'限时抢购'改成'新品首发'");
    const step = report.steps[0];
    const occ = (step.details.occurrences as { fill: { kind: string; stops?: number[][] } }[])[0];
    expect(occ.fill.kind).toBe('gradient');
    const [top, , bottom] = occ.fill.stops!;
    // Light gold above, deep gold below, as painted.
    expect(top[0] + top[1] + top[2]).toBeGreaterThan(bottom[0] + bottom[1] + bottom[2] + 150);
    expect(step.quality.readback).toMatchObject({ exact: true });
    const diff = countDiff(await decodeRaw(png), await decodeRaw(image), (x, y) => inBox(step.region, x, y));
    expect(diff.outside).toBe(0);
  });

  it('keeps a flat colour flat', async () => {
    const { report } = await edit(goldPoster(), "把'全场包邮'改成'七天退换'");
    const occ = (report.steps[0].details.occurrences as { fill: { kind: string; rgb?: number[] } }[])[0];
    expect(occ.fill).toMatchObject({ kind: 'solid' });
    expect(Math.min(...occ.fill.rgb!)).toBeGreaterThan(240);
  });
});

describe('compositing', () => {
  it('blends the new glyph edges over the pixels beneath them, not over pixels from elsewhere', async () => {
    // The example poster has a red bar at its top edge; a bug once read the background of glyph
    // edges from the image's top-left corner instead of from under the glyphs.
    const png = readFileSync(new URL('../examples/poster.png', import.meta.url));
    const { image, report } = await edit(png, "把'七天'改成'十五天'");
    const out = await decodeRaw(image);
    const r = report.steps[0].region;
    let red = 0;
    for (let y = r.y; y < r.y + r.height; y++) {
      for (let x = r.x; x < r.x + r.width; x++) {
        const i = (y * out.width + x) * 4;
        if (out.data[i] > 150 && out.data[i + 1] < 90) red++;
      }
    }
    expect(red).toBe(0);
  });
});

describe('drawable text', () => {
  it('refuses a new text with characters the shipped fonts cannot draw, before loading models', async () => {
    const png = readFileSync(new URL('../examples/poster.png', import.meta.url));
    await expect(edit(png, "把'¥199'改成'¥169🔥'")).rejects.toMatchObject({
      code: 'UNSUPPORTED_INSTRUCTION',
      details: { missing: ['🔥'] },
    });
  });
});
