import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ScalpelError } from '../errors.js';
import { decodeImage } from '../image/io.js';
import type { Raster } from '../image/raster.js';
import { loadMatte, matteSubject } from './matte.js';
import { PHOTOS_DIR as PHOTOS } from '../../test/fixtures/photos.js';

const MODEL_TIMEOUT = 60_000;

async function photo(name: string): Promise<Raster> {
  return (await decodeImage(await readFile(path.join(PHOTOS, name)))).raster;
}

/** Share of pixels in a box (fractions of the image) whose alpha passes `test`. */
function share(
  alpha: Uint8Array,
  img: Raster,
  box: [number, number, number, number],
  test: (a: number) => boolean,
) {
  const [x0, y0, x1, y1] = box.map((v, k) => Math.round(v * (k % 2 ? img.height : img.width)));
  let hit = 0;
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (test(alpha[y * img.width + x])) hit++;
  return hit / ((x1 - x0) * (y1 - y0));
}

const subject = (a: number) => a >= 128;
const background = (a: number) => a < 128;
const CORNERS: [number, number, number, number][] = [
  [0, 0, 0.1, 0.1],
  [0.9, 0, 1, 0.1],
];

describe('matteSubject (ISNet, real photos)', () => {
  beforeAll(() => loadMatte(), MODEL_TIMEOUT);

  it('finds the cup and saucer on the table (coffee.png)', { timeout: MODEL_TIMEOUT }, async () => {
    const img = await photo('coffee.png');
    const alpha = await matteSubject(img);
    expect(alpha.length).toBe(img.width * img.height);
    // Cup and saucer fill the middle; the table shows in all four corners (measured: 47%).
    expect(share(alpha, img, [0.35, 0.3, 0.6, 0.6], subject)).toBeGreaterThan(0.95);
    for (const c of [...CORNERS, [0, 0.9, 0.1, 1], [0.9, 0.9, 1, 1]] as const) {
      expect(share(alpha, img, [...c], background)).toBeGreaterThan(0.95);
    }
    const fraction = share(alpha, img, [0, 0, 1, 1], subject);
    expect(fraction).toBeGreaterThan(0.35);
    expect(fraction).toBeLessThan(0.6);
    // Soft edges, not a hard cut-out: some partial alpha, but only along the outline.
    const soft = share(alpha, img, [0, 0, 1, 1], (a) => a > 0 && a < 255);
    expect(soft).toBeGreaterThan(0.005);
    expect(soft).toBeLessThan(0.08);
  });

  it(
    'keeps the close-up cat solid and drops the room behind it (chelsea.png)',
    { timeout: MODEL_TIMEOUT },
    async () => {
      const img = await photo('chelsea.png');
      const alpha = await matteSubject(img);
      // The face, and the body along the bottom edge, are subject (measured: 80% of the image).
      expect(share(alpha, img, [0.3, 0.3, 0.7, 0.8], subject)).toBeGreaterThan(0.95);
      expect(share(alpha, img, [0, 0.85, 0.5, 1], subject)).toBeGreaterThan(0.9);
      // The room to the right of the cat's cheek is background.
      expect(share(alpha, img, [0.9, 0.2, 1, 0.6], background)).toBeGreaterThan(0.9);
      const fraction = share(alpha, img, [0, 0, 1, 1], subject);
      expect(fraction).toBeGreaterThan(0.65);
      expect(fraction).toBeLessThan(0.92);
    },
  );

  it(
    'cuts out the astronaut and helmet from the studio backdrop (astronaut.png)',
    { timeout: MODEL_TIMEOUT },
    async () => {
      const img = await photo('astronaut.png');
      const alpha = await matteSubject(img);
      expect(share(alpha, img, [0.38, 0.15, 0.5, 0.3], subject)).toBeGreaterThan(0.95); // face
      expect(share(alpha, img, [0.2, 0.6, 0.5, 0.9], subject)).toBeGreaterThan(0.95); // suit
      for (const c of CORNERS) expect(share(alpha, img, c, background)).toBeGreaterThan(0.95);
      // The shuttle model behind her shoulder is backdrop, not subject.
      expect(share(alpha, img, [0.75, 0.05, 0.85, 0.4], background)).toBeGreaterThan(0.9);
      const fraction = share(alpha, img, [0, 0, 1, 1], subject);
      expect(fraction).toBeGreaterThan(0.4);
      expect(fraction).toBeLessThan(0.7);
    },
  );

  it(
    'runs at a smaller side with the same cut-out (coffee.png at 512², the graph patched for it)',
    { timeout: MODEL_TIMEOUT },
    async () => {
      const img = await photo('coffee.png');
      const full = await matteSubject(img);
      const half = await matteSubject(img, { side: 512 });
      expect(half.length).toBe(img.width * img.height);
      let agree = 0;
      for (let i = 0; i < full.length; i++) if (full[i] >= 128 === half[i] >= 128) agree++;
      expect(agree / full.length).toBeGreaterThan(0.98); // measured: 0.995
      expect(share(half, img, [0.35, 0.3, 0.6, 0.6], subject)).toBeGreaterThan(0.95);
    },
  );

  it('refuses a side the net cannot take', async () => {
    const img = await photo('coffee.png');
    for (const side of [500.5, 128, 2048]) {
      const err = await matteSubject(img, { side }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ScalpelError);
      expect((err as ScalpelError).code).toBe('INVALID_ARGUMENT');
    }
  });
});
