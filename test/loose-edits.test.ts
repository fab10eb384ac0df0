/**
 * Wordings the grammar alone refused (issue 11): a thing described or complained about, pointed back
 * to, misspelt or written in traditional Chinese. Read by the second readings, they must reach the
 * pixels like any other request, with the surgical promise kept and the words set aside reported.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { edit } from '../src/index.js';
import { rgbToOklch } from '../src/image/oklab.js';
import { markedBrick, PHOTOS_DIR, twoPeople } from './fixtures/photos.js';
import { editSurgically, pixel } from './helpers.js';

const TIMEOUT = 120_000;
const photo = (name: string) => readFile(path.join(PHOTOS_DIR, `${name}.png`));

/** An edit that changed something, and only inside its reported regions. */
async function run(input: Buffer, instruction: string, opts: Parameters<typeof edit>[2] = {}) {
  const r = await editSurgically(input, instruction, opts);
  expect(r.changed).toBeGreaterThan(0);
  return r;
}

describe('loosely read wordings reach the pixels', () => {
  it(
    'watermrk off please 🙏 removes the watermark',
    async () => {
      const { marked } = await markedBrick();
      const { report } = await run(marked, 'watermrk off please 🙏');
      expect(report.plan.steps[0]).toMatchObject({ op: 'remove', target: { kind: 'watermark' } });
      expect(report.steps[0].quality.removed_ok).toBe(true);
    },
    TIMEOUT,
  );

  it(
    "there's a random dude photobombing on the left side, lose him: the left one goes",
    async () => {
      const { report } = await run(
        await twoPeople(),
        "there's a random dude photobombing on the left side, lose him",
      );
      expect(report.plan.steps).toHaveLength(1);
      expect(report.plan.ignored?.length).toBeGreaterThan(0);
      expect(report.steps[0].region.x + report.steps[0].region.width).toBeLessThan(560);
    },
    TIMEOUT,
  );

  it(
    'the cup should be blue, not brown: recoloured blue; 將個杯改做藍色 too',
    async () => {
      for (const instruction of ['the cup should be blue, not brown', '將個杯改做藍色']) {
        const { report, after } = await run(await photo('coffee'), instruction);
        expect(report.plan.steps[0], instruction).toMatchObject({ op: 'recolor', target: { label: 'cup' } });
        const rim = pixel(after, 290, 60);
        expect(Math.abs(rgbToOklch(rim)[2] - rgbToOklch([0, 90, 200])[2]), instruction).toBeLessThan(25);
      }
    },
    TIMEOUT,
  );
});
