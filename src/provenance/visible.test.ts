import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { editSurgically, plainCase, renderOld } from '../../test/helpers.js';
import { inspectImage } from './inspect.js';
import { checkVisibleLabel } from './visible.js';

describe('the visible AIGC label', () => {
  it('is drawn at the corner asked, at least 5% of the shortest side high, and nothing else changes', async () => {
    const input = await renderOld(plainCase());
    const meta = await sharp(input).metadata();
    const short = Math.min(meta.width ?? 0, meta.height ?? 0);
    for (const corner of ['bottom-right', 'top-left'] as const) {
      const r = await editSurgically(input, "把'限时抢购'改成'新品首发'", { visibleLabel: { corner } });
      const v = r.report.visible_label;
      expect(v).toMatchObject({ text: 'AI生成', corner });
      expect(v?.font_px).toBeGreaterThanOrEqual(Math.ceil((short * 0.05) / 0.9));
      const box = v!.box;
      if (corner === 'bottom-right') {
        expect(box.x + box.width).toBeGreaterThan((meta.width ?? 0) * 0.9);
        expect(box.y + box.height).toBeGreaterThan((meta.height ?? 0) * 0.9);
      } else expect([box.x < short * 0.1, box.y < short * 0.1]).toEqual([true, true]);
      // The plate darkens what is under it and the words are white: both are there.
      let dark = 0;
      let white = 0;
      for (let y = box.y; y < box.y + box.height; y++)
        for (let x = box.x; x < box.x + box.width; x++) {
          const i = (y * r.after.width + x) * 4;
          const [a, b] = [r.after.data[i], r.before.data[i]];
          if (a < b) dark++;
          if (r.after.data[i] > 240 && r.after.data[i + 1] > 240 && r.after.data[i + 2] > 240) white++;
        }
      expect(dark).toBeGreaterThan(box.width * box.height * 0.3);
      expect(white).toBeGreaterThan(20);
    }
  });

  it('is covered by the implicit label binding', async () => {
    const { edit } = await import('../index.js');
    const out = await edit(await renderOld(plainCase()), '暖一点', { visibleLabel: true });
    expect(out.report.visible_label?.box.width).toBeGreaterThan(0);
    const seen = await inspectImage(out.image);
    expect([seen.aigc?.Label, seen.binding]).toEqual(['1', 'intact']);
  });

  it('says so when the image is too small for the words at their size', async () => {
    const { edit } = await import('../index.js');
    const tiny = await sharp({ create: { width: 40, height: 300, channels: 3, background: '#8ac' } })
      .png()
      .toBuffer();
    const out = await edit(tiny, '暖一点', { visibleLabel: true });
    const v = out.report.visible_label;
    expect(v?.box.width).toBeLessThanOrEqual(40);
    expect(v?.warning).toMatch(/too small/);
    expect(out.report.warnings.join(' ')).toMatch(/too small for the visible label/);
  });

  it("keeps the plate an edit left alone instead of darkening it (a session's next version)", async () => {
    const { edit } = await import('../index.js');
    const first = await edit(await renderOld(plainCase()), '暖一点', { visibleLabel: true });
    const { width, height } = first.report.image;
    // The next edit, bounded by a mask over the top-left quarter: the bottom-right plate is untouched.
    const mask = await sharp({ create: { width, height, channels: 3, background: '#000' } })
      .composite([
        {
          input: await sharp({
            create: { width: width >> 1, height: height >> 1, channels: 3, background: '#fff' },
          })
            .png()
            .toBuffer(),
          left: 0,
          top: 0,
        },
      ])
      .png()
      .toBuffer();
    const second = await edit(first.image, '亮一点', { visibleLabel: true, mask });
    const v = second.report.visible_label!;
    expect(v.kept).toBe(true);
    expect(v.box).toEqual(first.report.visible_label!.box);
    const plate = async (img: Buffer) =>
      sharp(img)
        .extract({ left: v.box.x, top: v.box.y, width: v.box.width, height: v.box.height })
        .raw()
        .toBuffer();
    expect((await plate(second.image)).equals(await plate(first.image))).toBe(true);
    // Its implicit label still records the visible one, for the version after.
    expect(second.report.aigc?.ReservedCode2).toMatch(/visible:bottom-right:AI生成/);
    // A global edit changes the plate too: it is drawn anew on the result.
    const third = await edit(second.image, '暖一点', { visibleLabel: true });
    expect(third.report.visible_label?.kept).toBeUndefined();
  });

  it('must say AI and generated, and name a known corner, before any work', () => {
    expect(checkVisibleLabel({ text: '人工智能合成' }).text).toBe('人工智能合成');
    expect(checkVisibleLabel({ text: 'AI-generated' }).text).toBe('AI-generated');
    expect(() => checkVisibleLabel({ text: '限时抢购' })).toThrow(/must name AI/);
    expect(() => checkVisibleLabel({ text: 'MAIL synthesized' })).toThrow(/must name AI/);
    expect(() => checkVisibleLabel({ corner: 'middle' as never })).toThrow(/Valid corners: bottom-right/);
  });
});
