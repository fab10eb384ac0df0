/**
 * Object-level benchmark (issue 3): removal, recolor, background, add, adjust and questions on the
 * fixture photos at 1024², through the public edit() API with the real models. Each group runs in
 * its own child process so its peak RSS is its own. Writes bench/out/OPS.md (bench/OPS.md with --write).
 *
 *   npm run bench:ops            # node --expose-gc dist/bench/ops.js
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { dilate } from '../src/image/mask.js';
import {
  changedMask,
  measure,
  photo1024,
  photoNative,
  PHOTOS,
  S,
  scores,
  squareMask,
  teleaOn,
  watermarked,
  type Sample,
} from './ops/cases.js';
import { report, type GroupResult } from './ops/report.js';
import { writeReport } from './report-file.js';

const GROUPS: Record<string, () => Promise<Sample[]>> = {
  async 'remove-hole'() {
    const out: Sample[] = [];
    const { png, mask } = await squareMask(0.05);
    for (const name of PHOTOS) {
      const input = await photo1024(name);
      const r = await measure('remove-hole', name, input, '去掉这个', { mask: png });
      if (r.image) {
        // The --mask bounds the hole, so the hole is the square itself (the changed pixels would
        // leave out the few the fill happened to get exactly right, and hand Telea those).
        const m = mask;
        r.sample.scores = {
          ours: await scores(input, r.image, m),
          telea: await scores(input, await teleaOn(input, m), m),
        };
      }
      out.push(r.sample);
    }
    return out;
  },
  async 'remove-watermark'() {
    const out: Sample[] = [];
    for (const name of PHOTOS) {
      const clean = await photo1024(name);
      const { png, mask } = await watermarked(clean);
      const r = await measure('remove-watermark', name, png, '去水印');
      if (r.image) {
        // Scored over the watermark's true pixels (grown by 2 px). Telea fills the pixels our edit
        // changed; the oracle is Telea given the true glyph mask, which no real fill knows.
        const truthMask = dilate(mask, S, S, 2);
        const ours = await changedMask(png, r.image);
        r.sample.scores = {
          ours: await scores(clean, r.image, truthMask),
          telea: await scores(clean, await teleaOn(png, ours), truthMask),
          oracle: await scores(clean, await teleaOn(png, truthMask), truthMask),
          input: await scores(clean, png, truthMask),
        };
      }
      out.push(r.sample);
    }
    return out;
  },
  async 'remove-object'() {
    // No ground truth for what lies behind a real object: latency, the fill checks and refusals only.
    const astro = photoNative('astronaut');
    const small = await sharp(astro).resize(440, 440).png().toBuffer();
    const big = await sharp(astro).resize(512, 512).png().toBuffer();
    const two = await sharp({ create: { width: 1100, height: 512, channels: 3, background: '#c8c4bc' } })
      .composite([
        { input: small, left: 40, top: 72 },
        { input: big, left: 588, top: 0 },
      ])
      .png()
      .toBuffer();
    return [
      (await measure('remove-object', 'coffee: 去掉杯子', photoNative('coffee'), '去掉杯子')).sample,
      (await measure('remove-object', 'two astronauts: 去掉左边的人', two, '去掉左边的人')).sample,
      (await measure('remove-object', 'astronaut: 去掉这个人 (57% of the frame)', astro, '去掉这个人'))
        .sample,
    ];
  },
  async recolor() {
    const input = photoNative('coffee');
    const out: Sample[] = [];
    for (const c of ['蓝色', '红色', '绿色', '白色', '黑色'])
      out.push((await measure('recolor', `cup → ${c}`, input, `把杯子换成${c}`)).sample);
    return out;
  },
  async background() {
    const out: Sample[] = [];
    for (const name of ['coffee', 'chelsea', 'astronaut'] as const) {
      const input = photoNative(name);
      for (const ins of ['背景换成纯白', '背景虚化', '背景换成渐变蓝色'])
        out.push((await measure('background', `${name}: ${ins}`, input, ins)).sample);
    }
    return out;
  },
  async add() {
    const out: Sample[] = [];
    const logo = await sharp({ create: { width: 400, height: 160, channels: 4, background: '#1a73e8' } })
      .png()
      .toBuffer();
    for (const name of ['coffee', 'astronaut', 'grass'] as const) {
      const input = await photo1024(name);
      out.push(
        (await measure('add', `${name}: logo`, input, '右下角加上LOGO，留白10%', { asset: logo })).sample,
      );
      out.push((await measure('add', `${name}: text watermark`, input, "加个文字水印'仅供参考'")).sample);
      out.push((await measure('add', `${name}: sakura`, input, '左上角加几朵樱花')).sample);
    }
    return out;
  },
  async adjust() {
    const out: Sample[] = [];
    for (const name of ['astronaut', 'coffee'] as const) {
      const input = await photo1024(name);
      for (const ins of ['让客厅更通透一些', '暖一点', '冷一点', '北欧风'])
        out.push((await measure('adjust', `${name}: ${ins}`, input, ins)).sample);
    }
    return out;
  },
  async query() {
    // What each photo shows, by a person's eye.
    const truth: Record<string, string[]> = {
      astronaut: ['person'],
      coffee: ['cup'],
      chelsea: ['cat'],
      brick: [],
      grass: [],
      gravel: [],
    };
    const asks: [string, string][] = [
      ['有没有人？', 'person'],
      ['图中有没有猫？', 'cat'],
      ['图中有没有狗？', 'dog'],
      ['有没有杯子？', 'cup'],
      ['Is there a car?', 'car'],
    ];
    const out: Sample[] = [];
    for (const name of PHOTOS) {
      const input = photoNative(name);
      for (const [q, label] of asks) {
        const r = await measure('query', `${name}: ${label}`, input, q);
        const said = r.report?.answer?.exists;
        r.sample.quality = {
          expected: truth[name].includes(label),
          said,
          correct: said === truth[name].includes(label),
          confidence: r.report?.answer?.objects[0]?.confidence ?? null,
        };
        out.push(r.sample);
      }
    }
    return out;
  },
};

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { group: { type: 'string' }, write: { type: 'boolean' } } });
  if (values.group) {
    const run = GROUPS[values.group];
    if (!run) throw new Error(`unknown group ${values.group}; valid: ${Object.keys(GROUPS).join(', ')}`);
    const samples = await run();
    process.stdout.write(JSON.stringify({ samples, peakMb: process.resourceUsage().maxRSS / 1024 }));
    return;
  }
  const script = fileURLToPath(import.meta.url);
  const loadBefore = os.loadavg()[0];
  const t0 = performance.now();
  const results: GroupResult[] = [];
  for (const group of Object.keys(GROUPS)) {
    process.stderr.write(`ops bench: ${group}…\n`);
    const out = execFileSync(process.execPath, ['--expose-gc', script, '--group', group], {
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 26,
    });
    results.push({ group, ...(JSON.parse(out.toString()) as Omit<GroupResult, 'group'>) });
  }
  const md = report(results, {
    loadBefore,
    loadAfter: os.loadavg()[0],
    wallS: (performance.now() - t0) / 1000,
  });
  process.stdout.write(await writeReport('OPS.md', md));
}

await main();
