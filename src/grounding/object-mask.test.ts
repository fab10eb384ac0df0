import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../image/io.js';
import type { Raster } from '../image/raster.js';
import { loadMatte } from '../perception/matte.js';
import type { Box } from '../types.js';
import { objectMask } from './object-mask.js';
import { PHOTOS_DIR as PHOTOS } from '../../test/fixtures/photos.js';

const MODEL_TIMEOUT = 60_000;

async function photo(name: string): Promise<Raster> {
  return (await decodeImage(await readFile(path.join(PHOTOS, name)))).raster;
}

type Point = [number, number];

/** Points (image pixels, placed by eye on the photo) the mask must / must not hold (alpha ≥ 128). */
function expectPoints(alpha: Uint8Array, img: Raster, inside: Point[], outside: Point[]) {
  const at = ([x, y]: Point) => alpha[y * img.width + x];
  expect(inside.filter((p) => at(p) < 128)).toEqual([]);
  expect(outside.filter((p) => at(p) >= 128)).toEqual([]);
}

/** Every pixel the mask touches at all lies within `margin` (share of the box's long side) of it. */
function expectWithin(alpha: Uint8Array, img: Raster, box: Box, margin: number) {
  const m = margin * Math.max(box.width, box.height);
  let far = 0;
  for (let y = 0; y < img.height; y++)
    for (let x = 0; x < img.width; x++)
      if (alpha[y * img.width + x] > 0) {
        const dx = Math.max(box.x - x, x - (box.x + box.width - 1), 0);
        const dy = Math.max(box.y - y, y - (box.y + box.height - 1), 0);
        if (Math.max(dx, dy) > m) far++;
      }
  expect(far).toBe(0);
}

describe('objectMask (ISNet on the detection box, real photos)', () => {
  beforeAll(() => loadMatte(), MODEL_TIMEOUT);

  // Two real centernet boxes for the cup, both ending above the handle's foot: on the raw photo and
  // on the square-padded one (what detectObjects returns now).
  it.each([
    { name: 'raw', box: { x: 165, y: 21, width: 245, height: 238 } },
    { name: 'padded', box: { x: 168, y: 8, width: 246, height: 262 } },
  ])(
    'takes the whole cup, red body and white rim, but not the saucer or table ($name box)',
    { timeout: MODEL_TIMEOUT },
    async ({ box }) => {
      const img = await photo('coffee.png');
      const m = await objectMask(img, 'cup', box);
      expect(m.source).toBe('salient-object matte in the detection box');
      // The red body (left and right of the front), the handle down to its foot below both boxes,
      // the rim and the inner wall: the 1024² crop matte used to keep only the rim and the coffee
      // (coverage 0.60, the body at 0).
      const cup: Point[] = [
        [200, 200],
        [380, 180],
        [250, 230],
        [290, 250],
        [225, 280],
        [215, 298],
        [290, 35],
        [290, 60],
        [185, 120],
      ];
      // The saucer left of the body, left, right and in front, and the table above and beside it.
      const notCup: Point[] = [
        [165, 230],
        [120, 300],
        [130, 220],
        [440, 250],
        [300, 350],
        [150, 60],
        [550, 350],
      ];
      expectPoints(m.alpha, img, cup, notCup);
      expect(m.coverage).toBeGreaterThan(0.7);
      expectWithin(m.alpha, img, box, 0.2);
    },
  );

  it(
    'keeps the close-up cat and drops the room beside it (chelsea.png)',
    { timeout: MODEL_TIMEOUT },
    async () => {
      const img = await photo('chelsea.png');
      const box = { x: 0, y: 2, width: 417, height: 295 };
      const m = await objectMask(img, 'cat', box);
      const cat: Point[] = [
        [170, 110], // left eye
        [260, 245], // nose
        [250, 30], // forehead
        [60, 270], // chest
      ];
      const room: Point[] = [
        [400, 150],
        [420, 200],
        [430, 100],
      ];
      expectPoints(m.alpha, img, cat, room);
      expect(m.coverage).toBeGreaterThan(0.75);
    },
  );

  it(
    "cuts out the astronaut's helmet, not the suit beside it (astronaut.png)",
    { timeout: MODEL_TIMEOUT },
    async () => {
      const img = await photo('astronaut.png');
      // centernet's box around the helmet (it calls it a motorcycle, 0.16).
      const box = { x: 282, y: 343, width: 223, height: 167 };
      const m = await objectMask(img, 'motorcycle', box);
      const helmet: Point[] = [
        [340, 430], // black visor
        [420, 440], // its grey reflection
        [440, 370], // white rim
        [480, 500],
      ];
      const suit: Point[] = [
        [300, 350], // name tag
        [270, 400], // white strap
      ];
      expectPoints(m.alpha, img, helmet, suit);
      expectWithin(m.alpha, img, box, 0.2);
    },
  );
});
