/** Texts named by what they are: the price and the title, found on the example poster. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScalpelError } from '../src/errors.js';
import { edit } from '../src/index.js';
import { countDiff, decodeRaw, inBox } from './helpers.js';
import { PHOTOS_DIR } from './fixtures/photos.js';

const TIMEOUT = 60_000;
const poster = readFileSync(new URL('../examples/poster.png', import.meta.url));
const occurrence = (r: Awaited<ReturnType<typeof edit>>) =>
  (r.report.steps[0].details.occurrences as { replaced: string; with: string }[])[0];

async function surgical(r: Awaited<ReturnType<typeof edit>>) {
  const [a, b] = await Promise.all([decodeRaw(poster), decodeRaw(r.image)]);
  expect(countDiff(a, b, (x, y) => inBox(r.report.steps[0].region, x, y)).outside).toBe(0);
}

describe('text named by its role', () => {
  it(
    '把价格改成99元 changes the price line, in its own format (¥99)',
    async () => {
      const r = await edit(poster, '把价格改成99元');
      expect(r.report.plan.steps[0]).toMatchObject({ target: { role: 'price', text: '' } });
      expect(occurrence(r)).toMatchObject({ replaced: '¥199', with: '¥99' });
      expect(r.report.steps[0].quality.readback_ok).toBe(true);
      await surgical(r);
    },
    TIMEOUT,
  );

  it(
    '把标题换成红色 keeps the title’s words and makes them red',
    async () => {
      const r = await edit(poster, '把标题换成红色');
      expect(occurrence(r)).toMatchObject({ replaced: '限时抢购', with: '限时抢购' });
      expect(r.report.steps[0].quality.color_delta_e).toBeLessThan(15);
      expect(r.report.steps[0].warnings).toEqual([]);
      await surgical(r);
    },
    TIMEOUT,
  );

  it(
    'a picture without a price: TARGET_NOT_FOUND that says what was looked for',
    async () => {
      const grass = readFileSync(path.join(PHOTOS_DIR, 'grass.png'));
      const err = await edit(grass, 'Change the price to $99').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ScalpelError);
      expect((err as ScalpelError).code).toBe('TARGET_NOT_FOUND');
      expect((err as ScalpelError).message).toMatch(/No price/);
    },
    TIMEOUT,
  );
});
