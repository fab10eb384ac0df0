/**
 * Variants of one image share its analysis (OCR, the old line's style fit, the fill under its
 * glyphs; detections, the subject matte, the person mask) and get exactly the pixels they would get
 * alone: the cache saves time, never changes output.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { edit } from '../src/index.js';
import { analysisCacheStats, setAnalysisCacheBytes } from '../src/runtime/analysis-cache.js';
import { PHOTOS_DIR, twoPeople } from './fixtures/photos.js';
import { gradientSale, photoBanner, priceTag, type PosterFixture } from './fixtures/posters.js';

const TIMEOUT = 120_000;

const photo = (name: string) => async () => readFile(path.join(PHOTOS_DIR, name));
const poster = (p: PosterFixture) => async () => (await p.render()).png;

const variants: [string, () => Promise<Buffer>, string[]][] = [
  [
    'prices',
    poster(priceTag),
    ["把'¥199'改成'¥169'", "把'¥199'改成'¥99'，字体颜色变蓝", "把'¥199'改成'¥1299'"],
  ],
  [
    'a title on a photo',
    poster(photoBanner),
    ['把“新品上市”改成“限量发售”', '把“新品上市”改成“今日特惠”，加粗'],
  ],
  [
    'a tilted outlined line',
    poster(gradientSale),
    ['Change "Summer Sale" to "Winter Sale"', 'Change "Summer Sale" to "Big Sale"'],
  ],
  ['cup colours', photo('coffee.png'), ['把杯子换成蓝色', '把杯子换成红色', '把杯子换成#22aa55']],
  ['backgrounds', photo('coffee.png'), ['背景换成纯白', '背景换成渐变蓝色']],
  ['people', twoPeople, ['去掉左边的人', '去掉右边的人']],
];

async function runAll(image: () => Promise<Buffer>, instructions: string[]) {
  const png = await image();
  const out: Buffer[] = [];
  // The same ProduceID each time: the AIGC label in the file is then the same too.
  for (const instruction of instructions)
    out.push((await edit(png, instruction, { produceId: 'cache-test', safety: false })).image);
  return out;
}

describe('analysis shared by the variants of one image', () => {
  afterAll(() => setAnalysisCacheBytes(64 * 2 ** 20));

  it.each(variants)(
    '%s: the same pixels with and without the shared analysis',
    async (_, image, instructions) => {
      setAnalysisCacheBytes(0);
      const alone = await runAll(image, instructions);
      setAnalysisCacheBytes(64 * 2 ** 20);
      const before = analysisCacheStats();
      const shared = await runAll(image, instructions);
      const after = analysisCacheStats();
      for (const [i, image] of shared.entries()) expect(image.equals(alone[i])).toBe(true);
      // Each analysis was computed once and reused by every later variant.
      expect(after.misses - before.misses).toBeGreaterThanOrEqual(1);
      expect(after.hits - before.hits).toBeGreaterThanOrEqual(instructions.length - 1);
    },
    TIMEOUT,
  );
});
