/**
 * Questions end to end on the real detector (centernet via human on tfjs-wasm) and the real photos:
 * what it finds and where, how sure it says it is, and that a question changes and writes nothing.
 */
import { execFile } from 'node:child_process';
import { copyFile, readdir } from 'node:fs/promises';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../bench/posters.js';
import { PHOTOS_DIR } from './fixtures/photos.js';
import { OBJECT_THRESHOLD } from '../src/grounding/objects.js';
import { decodeImage } from '../src/image/io.js';
import { edit } from '../src/index.js';
import { detectObjects, type DetectedObject } from '../src/perception/detect.js';
import type { Box, EditReport } from '../src/types.js';
import { priceTag } from './fixtures/posters.js';
import { tempDir } from './helpers.js';

const TIMEOUT = 60_000;
const photo = (name: string) => readFile(path.join(PHOTOS_DIR, `${name}.png`));
const centre = (b: Box) => [b.x + b.width / 2, b.y + b.height / 2];
const contains = (b: Box, x: number, y: number) =>
  x >= b.x && y >= b.y && x < b.x + b.width && y < b.y + b.height;

async function ask(name: string, question: string): Promise<EditReport> {
  const input = await photo(name);
  const r = await edit(input, question);
  // A question hands the input back untouched and names no output.
  expect(r.image).toBe(input);
  expect(r.report.output).toBeUndefined();
  expect(r.report.steps[0].op).toBe('query');
  expect(r.report.steps[0].region).toEqual({ x: 0, y: 0, width: 0, height: 0 });
  return r.report;
}

describe('detectObjects on the fixture photos', () => {
  const seen: Record<string, DetectedObject[]> = {};
  beforeAll(async () => {
    for (const name of ['astronaut', 'coffee', 'chelsea', 'brick', 'grass', 'gravel']) {
      seen[name] = await detectObjects((await decodeImage(await photo(name))).raster);
    }
  }, TIMEOUT);

  it('finds the astronaut as a person, boxed around her', () => {
    const [top] = seen.astronaut;
    expect(top.label).toBe('person');
    expect(top.score).toBeGreaterThanOrEqual(0.5);
    expect(top.score).toBeLessThanOrEqual(1);
    expect(contains(top.box, 180, 250)).toBe(true);
    expect(top.box.width).toBeGreaterThan(250);
    expect(top.box.height).toBeGreaterThan(400);
  });

  it('finds the cup on coffee.png where the cup is', () => {
    const [top] = seen.coffee;
    expect(top.label).toBe('cup');
    expect(top.score).toBeGreaterThan(OBJECT_THRESHOLD);
    const [cx, cy] = centre(top.box);
    expect(cx).toBeGreaterThan(200);
    expect(cx).toBeLessThan(400);
    expect(cy).toBeGreaterThan(60);
    expect(cy).toBeLessThan(220);
  });

  it('calls chelsea a cat, unsure (before square padding it called her a dog)', () => {
    const [top] = seen.chelsea;
    expect(top.label).toBe('cat');
    expect(top.score).toBeGreaterThan(OBJECT_THRESHOLD);
    expect(top.score).toBeLessThan(0.6);
    expect(contains(top.box, 225, 150)).toBe(true);
  });

  it('keeps every box inside the image and sees nothing above the threshold in plain textures', () => {
    for (const [name, dets] of Object.entries(seen)) {
      for (const d of dets) {
        expect(d.box.x, name).toBeGreaterThanOrEqual(0);
        expect(d.box.y, name).toBeGreaterThanOrEqual(0);
        expect(d.box.width, name).toBeGreaterThan(0);
      }
    }
    for (const name of ['brick', 'grass', 'gravel']) {
      expect(
        seen[name].filter((d) => d.score >= OBJECT_THRESHOLD),
        name,
      ).toEqual([]);
    }
  });
});

describe('questions through edit()', () => {
  it(
    'a cup on coffee.png: exists, boxed, fairly sure',
    async () => {
      const report = await ask('coffee', '图中有没有杯子？');
      expect(report.answer?.exists).toBe(true);
      expect(report.answer?.objects).toHaveLength(1);
      const [cup] = report.answer?.objects ?? [];
      expect(cup.label).toBe('cup');
      expect(cup.confidence).toBeGreaterThan(0.5);
      expect(contains(cup.box, 290, 150)).toBe(true);
      expect(report.answer?.note).toBeUndefined();
      // Reported even when the analysis cache answers (an earlier test saw this image): then ~0 ms.
      expect(report.timings.detect_ms).toBeGreaterThanOrEqual(0);
      expect(report.timings.total_ms).toBeGreaterThanOrEqual(report.timings.detect_ms);
    },
    TIMEOUT,
  );

  it('no car on coffee.png, no cat on the astronaut: exists false is an answer', async () => {
    const car = await ask('coffee', 'Is there a car?');
    expect(car.answer).toEqual({ exists: false, objects: [] });
    expect(car.steps[0].details.found).toEqual([{ label: 'cup', confidence: 0.55 }]);
    const cat = await ask('astronaut', '图里有猫吗');
    expect(cat.answer?.exists).toBe(false);
  });

  it('people on the astronaut photo, confidently (no note)', async () => {
    const report = await ask('astronaut', 'Are there any people in the picture?');
    expect(report.answer?.exists).toBe(true);
    expect(report.answer?.objects.map((o) => o.label)).toEqual(['person']);
    expect(report.answer?.note).toBeUndefined();
  });

  it('chelsea: a cat, with a low-confidence note; asked for a dog, "no" naming the cat it saw', async () => {
    const cat = await ask('chelsea', '图里有猫吗');
    expect(cat.answer?.exists).toBe(true);
    expect(cat.answer?.note).toMatch(/low confidence/);
    const dog = await ask('chelsea', '有没有狗？');
    expect(dog.answer?.exists).toBe(false);
    expect(dog.answer?.note).toMatch(/cat \(0\.4\d\).*mistakes a dog for a cat/);
  });

  it(
    'text questions read the poster with OCR',
    async () => {
      const { png, textBox } = await priceTag.render('old');
      const yes = (await edit(png, "图中有没有'¥199'")).report.answer;
      expect(yes?.exists).toBe(true);
      expect(yes?.objects[0]).toMatchObject({ label: 'text', text: '¥199' });
      const [cx, cy] = centre(yes?.objects[0].box as Box);
      expect(contains(textBox, cx, cy)).toBe(true);
      const price = (await edit(png, 'Where is the price?')).report.answer;
      expect(price?.objects.map((o) => o.text)).toEqual(['¥199']);
      const no = (await edit(png, "图中有没有'¥299'")).report.answer;
      expect(no?.exists).toBe(false);
      expect(no?.note).toContain("'¥199'");
    },
    TIMEOUT,
  );
});

describe('questions through the CLI', () => {
  const CLI = path.join(repoRoot, 'dist/src/cli/index.js');
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    await copyFile(path.join(PHOTOS_DIR, 'coffee.png'), path.join(dir, 'coffee.png'));
  });
  afterAll(() => cleanup());
  const cli = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [CLI, ...args], (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
      });
    });

  it(
    '--json: exit 0, the answer, and no output file even with -o',
    async () => {
      const r = await cli(['edit', path.join(dir, 'coffee.png'), '图中有没有杯子？', '--json']);
      expect(r.code, r.stderr).toBe(0);
      const lines = r.stdout.split('\n').filter((l) => l !== '');
      expect(lines).toHaveLength(1);
      const report = JSON.parse(lines[0]);
      expect(report.ok).toBe(true);
      expect(report.answer.exists).toBe(true);
      expect(report.answer.objects[0]).toMatchObject({ label: 'cup' });
      expect(Object.keys(report.answer.objects[0].box)).toEqual(['x', 'y', 'width', 'height']);
      expect(report.output).toBeUndefined();
      expect(report.timings.load_ms).toBeGreaterThan(0);

      const plain = await cli([
        'edit',
        path.join(dir, 'coffee.png'),
        'Is there a car?',
        '-o',
        path.join(dir, 'x.png'),
      ]);
      expect(plain.code, plain.stderr).toBe(0);
      expect(plain.stdout).toBe('');
      expect(plain.stderr).toMatch(/^no car found/);
      expect(plain.stderr).toContain('-o was ignored');
      expect(await readdir(dir)).toEqual(['coffee.png']);
    },
    TIMEOUT,
  );
});
