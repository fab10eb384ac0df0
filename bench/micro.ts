/**
 * Micro-benchmarks of the cheap stages that every edit pays (the quality gate, the fill checks, a
 * tone preset, OKLab conversion, understanding the instruction, refusing a decompression bomb), each beside a libvips (sharp) or
 * plain-loop baseline doing comparable work on the same pixels in the same run. These figures used to
 * be timing asserts in the unit tests, which a busy machine fails; here they are measured and kept.
 * Writes bench/out/MICRO.md (bench/MICRO.md with --write).
 *
 *   npm run build && node --expose-gc dist/bench/micro.js [--runs 9] [--write]
 */
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { decodeImage } from '../src/image/io.js';
import { oklabToSrgb, srgbToOklab } from '../src/image/oklab.js';
import { measureQuality } from '../src/image/quality-gate.js';
import type { Raster } from '../src/image/raster.js';
import { normalizeInstruction, planInstruction } from '../src/instruction/index.js';
import { tokenize } from '../src/instruction/tokens.js';
import { adjust } from '../src/ops/adjust/adjust.js';
import { checkFill } from '../src/quality/index.js';
import { bombHeader } from './bomb.js';
import { median } from './metrics.js';
import { PHOTOS_DIR } from './posters.js';
import { writeReport } from './report-file.js';
import { setAnalysisCacheBytes } from '../src/runtime/analysis-cache.js';

interface Row {
  what: string;
  budget: string;
  ours: number[];
  baselineName: string;
  baseline: number[];
}

async function time(runs: number, work: () => unknown): Promise<number[]> {
  await work(); // warm-up: the JIT and caches, not the method, dominate a first call
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await work();
    out.push(performance.now() - t);
  }
  return out;
}

/** One plain pass over every pixel: the least any whole-image check can cost in JavaScript. */
function meanAbsDiff(a: Raster, b: Raster): number {
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) sum += Math.abs(a.data[i] - b.data[i]);
  return sum / a.data.length;
}

/** Every sentence of the instruction corpus (test/phrases/*.jsonl), with what the request carries. */
function corpus(): { text: string; context?: { mask?: boolean; asset?: boolean } }[] {
  const dir = fileURLToPath(new URL('../../test/phrases/', import.meta.url));
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => readFileSync(path.join(dir, f), 'utf8').split('\n'))
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((l) => JSON.parse(l) as { in: string; ctx?: { mask?: boolean; asset?: boolean } })
    .map((e) => ({ text: e.in, context: e.ctx }));
}

async function main(): Promise<void> {
  // Every timed edit starts from a cold analysis, as a single request does: repeats of a case would
  // otherwise read its OCR, fit and matte from the cache. The cache's gain is measured apart
  // (bench:service, the batch section).
  setAnalysisCacheBytes(0);
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '9' }, write: { type: 'boolean' } },
  });
  const runs = Math.max(1, Number(values.runs));
  const png = await sharp(path.join(PHOTOS_DIR, 'gravel.png'))
    .resize(1024, 1024)
    .toColourspace('srgb')
    .png()
    .toBuffer();
  const img = (await decodeImage(png)).raster;
  const raw = { raw: { width: img.width, height: img.height, channels: 4 as const } };
  // A 10% square hole, painted flat grey: what the fill checks look at after a removal.
  const side = Math.round(Math.sqrt(0.1 * img.width * img.height));
  const mask = new Uint8Array(img.width * img.height);
  const after: Raster = { ...img, data: new Uint8Array(img.data) };
  for (let y = 300; y < 300 + side; y++)
    for (let x = 400; x < 400 + side; x++) {
      mask[y * img.width + x] = 1;
      after.data.fill(128, 4 * (y * img.width + x), 4 * (y * img.width + x) + 3);
    }
  const oklab = new Float64Array(3);
  const bomb = bombHeader(100_000, 100_000);
  const sentences = corpus();
  const segment = (s: (typeof sentences)[number]) => {
    try {
      tokenize(normalizeInstruction(s.text, 400));
    } catch {
      // empty or too long: refused before any reading
    }
  };
  const plan = (s: (typeof sentences)[number]) => {
    try {
      planInstruction(s.text, { context: s.context, maxLength: 400 });
    } catch {
      // refusals are answers too: their cost counts the same
    }
  };

  const rows: Row[] = [
    {
      what: 'quality gate: measureQuality, 1024²',
      budget: '< 60 ms',
      ours: await time(runs, () => measureQuality(img)),
      baselineName: 'sharp stats() of the PNG',
      baseline: await time(runs, () => sharp(png).stats()),
    },
    {
      what: 'fill checks: checkFill, 10% hole in 1024²',
      budget: '< 50 ms',
      ours: await time(runs, () => checkFill(img, after, mask)),
      baselineName: 'one JS pass: mean abs(before − after)',
      baseline: await time(runs, () => meanAbsDiff(img, after)),
    },
    {
      what: "tone preset: adjust('nordic'), 1024²",
      budget: '< 1000 ms',
      ours: await time(runs, () => adjust(img, 'nordic', 1)),
      baselineName: 'sharp modulate() + linear() on the raw pixels',
      baseline: await time(runs, () =>
        sharp(img.data, raw).modulate({ saturation: 0.9, brightness: 1.05 }).linear(0.95, 8).raw().toBuffer(),
      ),
    },
    {
      what: 'OKLab: 2²⁰ sRGB → OKLab → sRGB round trips',
      budget: '< 1000 ms',
      ours: await time(runs, () => {
        for (let i = 0; i < 1 << 20; i++) {
          srgbToOklab(i & 255, (i >> 8) & 255, (i >> 12) & 255, oklab);
          oklabToSrgb(oklab[0], oklab[1], oklab[2], oklab);
        }
      }),
      baselineName: "sharp toColourspace('lab'), 1024² raw",
      baseline: await time(runs, () => sharp(img.data, raw).toColourspace('lab').raw().toBuffer()),
    },
    {
      what: `understand: planInstruction, per sentence of the ${sentences.length}-sentence corpus (every second reading it takes)`,
      budget: '< 50 ms',
      ours: (await time(runs, () => sentences.forEach(plan))).map((ms) => ms / sentences.length),
      baselineName: 'normalise + segment (jieba) the same sentence',
      baseline: (await time(runs, () => sentences.forEach(segment))).map((ms) => ms / sentences.length),
    },
    {
      what: 'refuse a 100 000² PNG bomb from its header',
      budget: '< 1000 ms',
      ours: await time(runs, () => decodeImage(bomb).catch((e: { code?: string }) => e.code)),
      baselineName: 'sharp metadata() of the same header',
      baseline: await time(runs, () => sharp(bomb, { limitInputPixels: false }).metadata()),
    },
  ];

  const f = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(0));
  const md = [
    '# Micro-benchmarks',
    '',
    `${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version},`,
    `load average ${os.loadavg()[0].toFixed(2)} at the end; ${runs} timed runs after one warm-up each.`,
    'The budget is the bound the unit tests used to assert; the baseline does comparable work in the same run.',
    '',
    '| stage | budget | median ms (min–max) | baseline | baseline median ms |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.what} | ${r.budget} | ${f(median(r.ours))} (${f(Math.min(...r.ours))}–${f(Math.max(...r.ours))}) | ${r.baselineName} | ${f(median(r.baseline))} |`,
    ),
    '',
    `Peak RSS of the whole run: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB.`,
    '',
  ].join('\n');
  process.stdout.write(await writeReport('MICRO.md', md));
}

await main();
