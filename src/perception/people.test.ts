/**
 * Person segmentation (RVM on tfjs-wasm) on the real fixture photos: the astronaut is a person, a
 * cup, a cat and textures are not; the object detector and the segmenter share one backend and
 * load in either order.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { decodeImage } from '../image/io.js';
import type { Raster } from '../image/raster.js';
import { detectObjects } from './detect.js';
import { loadPeople, segmentPeople } from './people.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PHOTOS = path.join(ROOT, 'test/fixtures/photos');
const TIMEOUT = 60_000;

// Fault injection for the load-failure test: reading rvm.json fails while `breakModel` is set.
const fault = vi.hoisted(() => ({ breakModel: false }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const readFile = (async (file: Parameters<typeof fs.readFile>[0], ...rest: unknown[]) => {
    if (fault.breakModel && String(file).endsWith('rvm.json')) throw new Error('EACCES (test)');
    return (fs.readFile as (...args: unknown[]) => unknown)(file, ...rest);
  }) as typeof fs.readFile;
  return { ...fs, default: { ...fs, readFile }, readFile };
});

const photos: Record<string, Raster> = {};
const NAMES = ['astronaut', 'coffee', 'chelsea', 'brick', 'grass', 'gravel'];

beforeAll(async () => {
  for (const name of NAMES) {
    photos[name] = (await decodeImage(await readFile(path.join(PHOTOS, `${name}.png`)))).raster;
  }
});

const share = (mask: Uint8Array, test: (a: number) => boolean) => mask.filter(test).length / mask.length;
const at = (mask: Uint8Array, img: Raster, x: number, y: number) => mask[y * img.width + x];

describe('loadPeople', () => {
  it(
    'a model that cannot be read fails as MODEL_LOAD_FAILED, and the next call loads it',
    async () => {
      fault.breakModel = true;
      const err = await loadPeople().catch((e: unknown) => e);
      fault.breakModel = false;
      expect(err).toMatchObject({ code: 'MODEL_LOAD_FAILED', stage: 'perceive', status: 500 });
      expect(String((err as Error).cause)).toContain('EACCES (test)');
      await expect(loadPeople()).resolves.toBeUndefined();
    },
    TIMEOUT,
  );
});

describe('segmentPeople', () => {
  it(
    'masks the astronaut softly, without the flag, the shuttle or the helmet beside her',
    async () => {
      const img = photos.astronaut;
      const mask = await segmentPeople(img);
      expect(mask).toBeInstanceOf(Uint8Array);
      expect(mask.length).toBe(img.width * img.height);
      expect(share(mask, (a) => a >= 128)).toBeGreaterThan(0.3);
      expect(share(mask, (a) => a >= 128)).toBeLessThan(0.55);
      // Soft: the outline has partial values, not only 0 and 255.
      expect(share(mask, (a) => a > 16 && a < 240)).toBeGreaterThan(0.002);
      expect(at(mask, img, 225, 110)).toBeGreaterThan(240); // face
      expect(at(mask, img, 200, 400)).toBeGreaterThan(240); // suit
      expect(at(mask, img, 30, 100)).toBeLessThan(16); // flag
      expect(at(mask, img, 400, 150)).toBeLessThan(16); // shuttle
      expect(at(mask, img, 390, 440)).toBeLessThan(64); // helmet
      expect(at(mask, img, 480, 20)).toBeLessThan(16); // backdrop
    },
    TIMEOUT,
  );

  it('finds (next to) no person on a cup, a cat or textures', async () => {
    for (const name of ['coffee', 'chelsea', 'brick', 'grass', 'gravel']) {
      const mask = await segmentPeople(photos[name]);
      expect(mask.length, name).toBe(photos[name].width * photos[name].height);
      expect(
        share(mask, (a) => a >= 128),
        name,
      ).toBeLessThan(0.005);
    }
  });

  it('treats every image on its own: no state carried from the previous one', async () => {
    const first = await segmentPeople(photos.astronaut);
    await segmentPeople(photos.coffee);
    expect(await segmentPeople(photos.astronaut)).toEqual(first);
  });

  it('works beside the object detector loaded after it, on one backend', async () => {
    const img = photos.astronaut;
    const [top] = await detectObjects(img);
    expect(top.label).toBe('person');
    const mask = await segmentPeople(img);
    let all = 0;
    let inside = 0;
    for (let y = 0; y < img.height; y++) {
      for (let x = 0; x < img.width; x++) {
        const a = mask[y * img.width + x];
        all += a;
        const b = top.box;
        if (x >= b.x && y >= b.y && x < b.x + b.width && y < b.y + b.height) inside += a;
      }
    }
    expect(inside / all).toBeGreaterThan(0.95);
  });

  it(
    'loads after the detector in a fresh process too',
    async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'scalpel-people-'));
      const script = path.join(dir, 'order.ts');
      const src = (file: string) => JSON.stringify(path.join(ROOT, 'src', file));
      await writeFile(
        script,
        [
          `import { readFile } from 'node:fs/promises';`,
          `import { decodeImage } from ${src('image/io.ts')};`,
          `import { detectObjects } from ${src('perception/detect.ts')};`,
          `import { segmentPeople } from ${src('perception/people.ts')};`,
          `const img = (await decodeImage(await readFile(${JSON.stringify(path.join(PHOTOS, 'astronaut.png'))}))).raster;`,
          `const [top] = await detectObjects(img);`,
          `const mask = await segmentPeople(img);`,
          `const person = mask.filter((a) => a >= 128).length / mask.length;`,
          `console.log(JSON.stringify({ label: top.label, person }));`,
        ].join('\n'),
      );
      try {
        const stdout = await new Promise<string>((resolve, reject) =>
          execFile(
            process.execPath,
            [path.join(ROOT, 'node_modules/vite-node/vite-node.mjs'), script],
            { cwd: ROOT },
            (err, out, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(out)),
          ),
        );
        const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as {
          label: string;
          person: number;
        };
        expect(result.label).toBe('person');
        expect(result.person).toBeGreaterThan(0.3);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    TIMEOUT,
  );
});
