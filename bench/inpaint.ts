/**
 * Removal benchmark: our exemplar fill (src/inpaint/patchmatch.ts) vs OpenCV's Telea on holes cut
 * from the fixture photos scaled to 1024², with the untouched photo as ground truth. Each method runs
 * in its own child process so its peak RSS is its own. Writes bench/out/INPAINT.md (bench/INPAINT.md with --write) and PNGs to
 * .tmp/inpaint/bench/.
 *
 *   npm run bench:inpaint            # node --expose-gc dist/bench/inpaint.js [--reps 3]
 */
import { execFileSync, type ExecFileSyncOptions } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createCanvas } from '@napi-rs/canvas';
import sharp from 'sharp';
import { maskBounds, type Mask } from '../src/image/mask.js';
import type { Raster } from '../src/image/raster.js';
import { createRng } from '../src/rng.js';
import { inpaintPatchMatch } from '../src/inpaint/patchmatch.js';
import { inpaintTelea } from '../src/inpaint/telea.js';
import { meanGradient } from '../src/inpaint/texture.js';
import { SEAM_MAX, seamScore } from '../src/quality/seam.js';
import { fontString, loadFont } from '../src/text/fonts.js';
import { mean, median, percentile, psnr, ssim } from './metrics.js';
import { PHOTOS_DIR, repoRoot } from './posters.js';
import { writeReport } from './report-file.js';

const S = 1024;
const PHOTOS = ['brick', 'grass', 'gravel', 'coffee', 'astronaut', 'chelsea'];
const HOLES = ['square-5%', 'square-10%', 'blob', 'text'] as const;
const METHODS = { ours: (r: Raster, m: Mask) => inpaintPatchMatch(r, m), telea: inpaintTelea };
type Method = keyof typeof METHODS;

type Row = Record<'photo' | 'hole', string> &
  Record<'psnr' | 'ssim' | 'texture' | 'seam', number> &
  Record<'ms' | 'cpuMs', number[]>;

async function photo(name: string): Promise<Raster> {
  const file = path.join(PHOTOS_DIR, `${name}.png`);
  const { data } = await sharp(file)
    .resize(S, S, { fit: 'cover' })
    .toColourspace('srgb')
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: S, height: S };
}

function makeMask(kind: (typeof HOLES)[number]): Mask {
  const m = new Uint8Array(S * S);
  if (kind.startsWith('square')) {
    const side = Math.round(S * Math.sqrt(kind === 'square-5%' ? 0.05 : 0.1));
    const x0 = Math.round(S * 0.45 - side / 2);
    const y0 = Math.round(S * 0.5 - side / 2);
    for (let y = y0; y < y0 + side; y++) m.fill(1, y * S + x0, y * S + x0 + side);
  } else if (kind === 'blob') {
    // A union of discs along a random walk: an irregular object-sized hole (~5%).
    const rng = createRng(11);
    let cx = S * 0.45;
    let cy = S * 0.5;
    for (let k = 0; k < 12; k++) {
      const rad = 40 + rng() * 45;
      for (let y = Math.max(0, Math.floor(cy - rad)); y < Math.min(S, cy + rad); y++)
        for (let x = Math.max(0, Math.floor(cx - rad)); x < Math.min(S, cx + rad); x++)
          if ((x - cx) ** 2 + (y - cy) ** 2 <= rad * rad) m[y * S + x] = 1;
      cx = Math.min(S - 150, Math.max(150, cx + (rng() - 0.5) * 120));
      cy = Math.min(S - 150, Math.max(150, cy + (rng() - 0.5) * 120));
    }
  } else {
    const canvas = createCanvas(S, S);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.font = fontString(loadFont('sans-regular'), 56);
    ctx.fillText('限时抢购 SALE -50%', 120, 420);
    ctx.fillText('New arrivals 2025', 160, 620);
    const px = ctx.getImageData(0, 0, S, S).data;
    for (let i = 0; i < S * S; i++) m[i] = px[i * 4 + 3] > 0 ? 1 : 0;
  }
  return m;
}

/** Child: run one method on every case, print JSON rows and peak RSS. */
async function runMethod(method: Method, reps: number): Promise<void> {
  const outDir = path.join(repoRoot, '.tmp/inpaint/bench');
  fs.mkdirSync(outDir, { recursive: true });
  const gc = (globalThis as { gc?: () => void }).gc;
  const warm = await photo('brick');
  await METHODS[method](warm, makeMask('square-5%')); // loads OpenCV / JITs, not timed
  const rows: Row[] = [];
  for (const name of PHOTOS) {
    const img = await photo(name);
    for (const hole of HOLES) {
      const mask = makeMask(hole);
      const ms: number[] = [];
      const cpuMs: number[] = [];
      let out: Raster = img;
      for (let k = 0; k < reps; k++) {
        gc?.();
        const [t, c] = [performance.now(), process.cpuUsage()];
        out = await METHODS[method](img, mask);
        const u = process.cpuUsage(c);
        ms.push(performance.now() - t);
        cpuMs.push((u.user + u.system) / 1000);
      }
      const b = maskBounds(mask, S, S);
      rows.push({
        photo: name,
        hole,
        ms,
        cpuMs,
        psnr: psnr(img.data, out.data, S, S, 4, b),
        ssim: ssim(img.data, out.data, S, S, 4, b),
        texture: meanGradient(out, mask) / meanGradient(img, mask),
        seam: seamScore(img, out, mask).score,
      });
      await sharp(Buffer.from(out.data), { raw: { width: S, height: S, channels: 4 } })
        .png()
        .toFile(path.join(outDir, `${name}-${hole}-${method}.png`));
      process.stderr.write(`${method} ${name} ${hole}: ${ms.map((v) => v.toFixed(0)).join('/')} ms\n`);
    }
  }
  const peakMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ rows, peakMb }));
}

const f = (v: number, d = 2) => (Number.isFinite(v) ? v.toFixed(d) : String(v));

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      method: { type: 'string' },
      reps: { type: 'string', default: '3' },
      write: { type: 'boolean' },
    },
  });
  const reps = Math.max(1, Number(values.reps));
  if (values.method) return runMethod(values.method as Method, reps);
  const script = fileURLToPath(import.meta.url);
  // Timings are only comparable on an idle machine: record how busy it was.
  const loadBefore = os.loadavg()[0];
  const res = {} as Record<Method, { rows: Row[]; peakMb: number }>;
  const child: ExecFileSyncOptions = { stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 };
  for (const m of Object.keys(METHODS) as Method[]) {
    const args = ['--expose-gc', script, '--method', m, '--reps', String(reps)];
    res[m] = JSON.parse(execFileSync(process.execPath, args, child).toString());
  }
  const lines = [
    '# Removal (content-aware fill) benchmark',
    '',
    `${new Date().toISOString().slice(0, 10)} · ${os.cpus()[0].model} · ${os.cpus().length} cores · node ${process.version} · ${reps} runs a case`,
    '',
    'Six fixture photos scaled to 1024² (sharp, cover). Holes: centred squares of 5% and 10% of the area,',
    "an irregular blob (~5%), rendered text strokes (56 px sans). PSNR and SSIM over the hole's bounding",
    "box; texture = mean luma gradient magnitude in the hole / the ground truth's (1 = same energy);",
    `seam = seamScore (src/quality/seam.ts: ≈ 1 for a fill that crosses its border like the photo; passes up to ${SEAM_MAX}).`,
    "Telea is OpenCV's `INPAINT_TELEA`, radius 3. Peak RSS is per method (separate processes).",
    `Load average (1 min) before / after the run: ${f(loadBefore)} / ${f(os.loadavg()[0])} on ${os.cpus().length} cores.`,
    'CPU ms = user + system time of the process during the call (GC threads included): less sensitive than',
    'wall time to other work on a shared machine.',
    '',
    '## Summary by hole (mean over photos)',
    '',
    '| hole | method | PSNR dB | SSIM | texture | seam | worst seam | median ms | p95 ms | median CPU ms | worst PSNR vs Telea |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const hole of HOLES) {
    for (const m of Object.keys(METHODS) as Method[]) {
      const rs = res[m].rows.filter((r) => r.hole === hole);
      const ms = rs.flatMap((r) => r.ms);
      const cpu = rs.flatMap((r) => r.cpuMs);
      const worst = Math.min(
        ...rs.map((r, i) => r.psnr - res.telea.rows.filter((t) => t.hole === hole)[i].psnr),
      );
      lines.push(
        `| ${hole} | ${m} | ${f(mean(rs.map((r) => r.psnr)))} | ${f(mean(rs.map((r) => r.ssim)), 3)} | ${f(mean(rs.map((r) => r.texture)))} | ${f(mean(rs.map((r) => r.seam)))} | ${f(Math.max(...rs.map((r) => r.seam)))} | ${f(median(ms), 0)} | ${f(percentile(ms, 95), 0)} | ${f(median(cpu), 0)} | ${m === 'telea' ? '–' : f(worst)} |`,
      );
    }
  }
  lines.push(
    '',
    '## Every case',
    '',
    '| photo | hole | PSNR ours / Telea | SSIM ours / Telea | texture ours / Telea | seam ours / Telea | median ms ours / Telea |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  );
  res.ours.rows.forEach((o, i) => {
    const t = res.telea.rows[i];
    lines.push(
      `| ${o.photo} | ${o.hole} | ${f(o.psnr)} / ${f(t.psnr)} | ${f(o.ssim, 3)} / ${f(t.ssim, 3)} | ${f(o.texture)} / ${f(t.texture)} | ${f(o.seam)} / ${f(t.seam)} | ${f(median(o.ms), 0)} / ${f(median(t.ms), 0)} |`,
    );
  });
  lines.push(
    '',
    `Peak RSS: ours ${f(res.ours.peakMb, 0)} MB, Telea ${f(res.telea.peakMb, 0)} MB (whole process, including decoding).`,
    '',
  );
  process.stdout.write(await writeReport('INPAINT.md', lines.join('\n')));
}

await main();
