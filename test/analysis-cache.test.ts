/**
 * Variants of one image share its analysis (OCR, the old line's style fit, the fill under its
 * glyphs) and get exactly the pixels they would get alone: the cache saves time, never changes output.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { edit } from '../src/index.js';
import { analysisCacheStats, setAnalysisCacheBytes } from '../src/runtime/analysis-cache.js';
import { gradientSale, photoBanner, priceTag, type PosterFixture } from './fixtures/posters.js';

const TIMEOUT = 120_000;

const variants: [PosterFixture, string[]][] = [
  [priceTag, ["把'¥199'改成'¥169'", "把'¥199'改成'¥99'，字体颜色变蓝", "把'¥199'改成'¥1299'"]],
  [photoBanner, ['把“新品上市”改成“限量发售”', '把“新品上市”改成“今日特惠”，加粗']],
  [gradientSale, ['Change "Summer Sale" to "Winter Sale"', 'Change "Summer Sale" to "Big Sale"']],
];

async function runAll(poster: PosterFixture, instructions: string[]) {
  const { png } = await poster.render();
  const out: Buffer[] = [];
  for (const instruction of instructions) out.push((await edit(png, instruction)).image);
  return out;
}

describe('analysis shared by the variants of one image', () => {
  afterAll(() => setAnalysisCacheBytes(64 * 2 ** 20));

  it.each(variants)(
    '%#: the same pixels with and without the shared analysis',
    async (poster, instructions) => {
      setAnalysisCacheBytes(0);
      const alone = await runAll(poster, instructions);
      setAnalysisCacheBytes(64 * 2 ** 20);
      const before = analysisCacheStats();
      const shared = await runAll(poster, instructions);
      const after = analysisCacheStats();
      for (const [i, image] of shared.entries()) expect(image.equals(alone[i])).toBe(true);
      // OCR and the line's analysis were computed once and reused by every later variant.
      expect(after.misses - before.misses).toBeGreaterThanOrEqual(2);
      expect(after.hits - before.hits).toBeGreaterThanOrEqual(2 * (instructions.length - 1));
    },
    TIMEOUT,
  );
});
