/**
 * A tiled, tilted, semi-transparent watermark (SAMPLE at 30°, 25% white, over a photo) that OCR
 * reads only as fragments: 去水印 reads it again along its tilt, finds the copies detection
 * missed, removes them, says how many, and leaves everything else as it was.
 */
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../src/image/io.js';
import { edit } from '../src/index.js';
import { readLines, readQuad } from '../src/perception/ocr.js';
import { readLinesAt, repeatedTilt, withTiltedLines } from '../src/perception/ocr-tilted.js';
import { countDiff, decodeRaw, inBox } from './helpers.js';
import { tiledWatermark } from './fixtures/tiled.js';

const TIMEOUT = 120_000;
const fixture = tiledWatermark();

/** Mean luma distance to the clean photo over the mark's ink. */
function inkError(img: Uint8Array, clean: Uint8Array, ink: Uint8Array): number {
  let sum = 0;
  let n = 0;
  const luma = (d: Uint8Array, i: number) => 0.299 * d[i * 4] + 0.587 * d[i * 4 + 1] + 0.114 * d[i * 4 + 2];
  for (let i = 0; i < ink.length; i++) {
    if (!ink[i]) continue;
    sum += Math.abs(luma(img, i) - luma(clean, i));
    n++;
  }
  return sum / n;
}

describe('tiled watermark', () => {
  it(
    'the level read sees fragments at one tilt; the read along it finds more whole copies, in place',
    async () => {
      const { marked } = await fixture;
      const { raster } = await decodeImage(marked);
      const level = await readLines(raster);
      const tilt = repeatedTilt(level, 2);
      expect(tilt, 'the fragments agree on a tilt').toBeDefined();
      expect(Math.abs(tilt! + 30)).toBeLessThan(4);
      const wholeBefore = level.filter((l) => l.text === 'SAMPLE').length;
      const along = await readLinesAt(raster, tilt!);
      const whole = along.filter((l) => l.text === 'SAMPLE');
      expect(whole.length).toBeGreaterThan(wholeBefore + 2);
      // Mapped back into the image, each quad still reads the mark there.
      for (const l of whole.slice(0, 3)) expect((await readQuad(raster, l.quad)).text).toMatch(/SAM|MPLE/);
      const merged = await withTiltedLines(raster, level);
      expect(merged.filter((l) => l.text === 'SAMPLE').length).toBe(whole.length);
    },
    TIMEOUT,
  );

  it(
    '去水印 removes the copies it found, counts them, and changes nothing outside its region',
    async () => {
      const { marked, clean, ink, copies } = await fixture;
      const r = await edit(marked, '去水印');
      const s = r.report.steps[0];
      const count = s.details.count as number;
      expect(count).toBe((s.details.removed as unknown[]).length);
      expect(count).toBeGreaterThanOrEqual(Math.ceil(copies * 0.6));
      expect(s.warnings.join(' ')).toContain(`${count} texts were removed`);
      // Most copies are taken off (the mark's opacity learnt from them), not painted over.
      const removed = s.details.removed as { fill_method: string; opacity?: number }[];
      expect(removed.filter((x) => x.fill_method === 'unblend').length).toBeGreaterThanOrEqual(count / 2);
      expect(removed.find((x) => x.opacity !== undefined)?.opacity).toBeCloseTo(0.25, 1);
      const [before, after, truth] = await Promise.all([
        decodeRaw(marked),
        decodeRaw(r.image),
        decodeRaw(clean),
      ]);
      expect(countDiff(before, after, (x, y) => inBox(s.region, x, y)).outside).toBe(0);
      expect(s.quality.outside_changed_pixels).toBe(0);
      // Over the mark's ink, the result is clearly closer to the clean photo than the input was
      // (measured: 33.3 → 12.8 levels; copies cut by the border and over the cup's rim remain).
      const was = inkError(before.data, truth.data, ink);
      const now = inkError(after.data, truth.data, ink);
      expect(now, `ink error ${was.toFixed(1)} → ${now.toFixed(1)}`).toBeLessThan(was * 0.5);
    },
    TIMEOUT,
  );
});
