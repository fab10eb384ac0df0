/**
 * groundTarget with "all" (所有人 / all the people) on a real photo of two people: one mask over
 * both, each segmented in its own box, and the report's reason and candidates name both.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../bench/posters.js';
import { decodeImage } from '../image/io.js';
import { groundTarget } from './target.js';

describe('groundTarget: every match', () => {
  it(
    'masks both people of examples/people.jpg for "all the people", one person for "the person"',
    { timeout: 120_000 },
    async () => {
      const img = (await decodeImage(await readFile(path.join(repoRoot, 'examples/people.jpg')))).raster;
      const seen = {};
      const all = await groundTarget(
        img,
        { kind: 'object', label: 'person', phrase: 'all the people', all: true },
        seen,
        undefined,
      );
      const one = await groundTarget(
        img,
        { kind: 'object', label: 'person', phrase: 'the person' },
        seen,
        undefined,
      );
      expect(all.candidates.length).toBe(2);
      expect(all.reason).toBe('all 2 persons found');
      // Each person's face (left one at ~x 250, right one at ~x 840) is inside the mask.
      const on = (x: number, y: number, alpha: Uint8Array) => alpha[y * img.width + x] >= 128;
      expect([on(250, 180, all.alpha), on(840, 130, all.alpha)]).toEqual([true, true]);
      expect([on(250, 180, one.alpha), on(840, 130, one.alpha)]).toEqual([false, true]);
      expect(all.box.width).toBeGreaterThan(one.box.width * 1.5);
    },
  );
});
