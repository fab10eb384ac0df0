/**
 * The generative engines' surgical promise, measured: what a drifting model returns (its own grid
 * size, a zoom, a shift, a colour cast, and an edit painted into the region) is brought back by
 * Scalpel's registration and pasted inside the region only. Against the truth (the photo with the
 * edit painted undrifted) beside two baselines in the same run:
 *   - "resize only": the model's frame resized to the input and used whole, as a thin client does;
 *   - "paste, unregistered": resized, then only the region pasted, without undoing drift or cast.
 * Every fixture photo, three drift settings. No network: the model is a function (bench/engines/drift.ts).
 * Writes bench/out/ENGINES.md (bench/ENGINES.md with --write).
 *
 *   npm run build && node --expose-gc dist/bench/engines.js [--runs 5] [--write]
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { pasteRegion } from '../src/engines/generative/compose.js';
import { register } from '../src/engines/generative/register.js';
import { resizeRaw } from '../src/engines/generative/pixels.js';
import { dilateSquare } from '../src/image/mask.js';
import type { Raster } from '../src/image/raster.js';
import { DRIFTS, drift, type Drift } from './engines/drift.js';
import { mean, median } from './metrics.js';
import { PHOTO_NAMES, PHOTOS_DIR } from './posters.js';
import { writeReport } from './report-file.js';
import { setAnalysisCacheBytes } from '../src/runtime/analysis-cache.js';

interface Sample {
  photo: string;
  drift: string;
  ours: { region: number; outside: number; edge: number; ms: number; shift: [number, number]; scale: number };
  whole: { region: number; outside: number; ms: number };
  unregistered: { region: number; edge: number };
}

/** Mean absolute difference (0–255) over the pixels where `where` is set (or all). */
function mad(a: Raster, b: Raster, where?: Uint8Array): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < a.width * a.height; i++) {
    if (where && !where[i]) continue;
    for (let c = 0; c < 3; c++) s += Math.abs(a.data[i * 4 + c] - b.data[i * 4 + c]);
    n += 3;
  }
  return n ? s / n : 0;
}

async function one(name: string, d: Drift): Promise<Sample> {
  const data = await sharp(path.join(PHOTOS_DIR, `${name}.png`))
    .resize(1000, 750, { fit: 'cover' })
    .toColourspace('srgb')
    .ensureAlpha()
    .raw()
    .toBuffer();
  const img: Raster = { data: new Uint8Array(data), width: 1000, height: 750 };
  const { truth, answer, region } = await drift(img, d);
  const outside = region.map((v) => (v ? 0 : 1));
  const keep = dilateSquare(region, img.width, img.height, 31).map((v) => (v ? 0 : 1));
  const crop = { x: 0, y: 0, width: img.width, height: img.height };

  const t0 = performance.now();
  const { raster } = await register(img, answer, keep, true);
  const ours = pasteRegion(img, crop, raster, region, 10, 10);
  const ms = performance.now() - t0;
  const t1 = performance.now();
  const whole = await resizeRaw(await rawOf(answer), img.width, img.height);
  const wholeMs = performance.now() - t1;
  const plain = pasteRegion(img, crop, whole, region, 10, 10);
  const info = await register(img, answer, keep, true);
  return {
    photo: name,
    drift: d.name,
    ours: {
      region: mad(ours.raster, truth, region),
      outside: changedBeyond(ours.raster, img, ours.mask),
      edge: ours.edge,
      ms,
      shift: [info.drift.shift_px.x, info.drift.shift_px.y],
      scale: info.drift.scale,
    },
    whole: { region: mad(whole, truth, region), outside: mad(whole, img, outside), ms: wholeMs },
    unregistered: { region: mad(plain.raster, truth, region), edge: plain.edge },
  };
}

/** Pixels that differ where the reported edit mask is not set: must be 0. */
function changedBeyond(a: Raster, b: Raster, mask: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i]) continue;
    for (let c = 0; c < 4; c++)
      if (a.data[i * 4 + c] !== b.data[i * 4 + c]) {
        n++;
        break;
      }
  }
  return n;
}

async function rawOf(png: Buffer): Promise<Raster> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height };
}

async function main(): Promise<void> {
  // Every timed edit starts from a cold analysis, as a single request does: repeats of a case would
  // otherwise read its OCR, fit and matte from the cache. The cache's gain is measured apart
  // (bench:service, the batch section).
  setAnalysisCacheBytes(0);
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '3' }, write: { type: 'boolean' } },
  });
  const runs = Math.max(1, Number(values.runs));
  const samples: Sample[] = [];
  for (const d of DRIFTS)
    for (const p of PHOTO_NAMES) for (let r = 0; r < runs; r++) samples.push(await one(p, d));
  const f = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(1));
  const rows = DRIFTS.map((d) => {
    const s = samples.filter((x) => x.drift === d.name);
    return `| ${d.name} | ${f(mean(s.map((x) => x.ours.region)))} | ${f(mean(s.map((x) => x.unregistered.region)))} | ${f(mean(s.map((x) => x.whole.region)))} | ${f(mean(s.map((x) => x.ours.outside)))} | ${f(mean(s.map((x) => x.whole.outside)))} | ${f(mean(s.map((x) => x.ours.edge)))} | ${f(mean(s.map((x) => x.unregistered.edge)))} | ${f(median(s.map((x) => x.ours.ms)))} | ${f(median(s.map((x) => x.whole.ms)))} |`;
  });
  const found = DRIFTS.map((d) => {
    const s = samples.filter((x) => x.drift === d.name);
    const dx = mean(s.map((x) => Math.abs(x.ours.shift[0] - d.found.dx)));
    const dy = mean(s.map((x) => Math.abs(x.ours.shift[1] - d.found.dy)));
    const ds = mean(s.map((x) => Math.abs(x.ours.scale - d.found.zoom)));
    return `| ${d.name} | ${d.about} | ${f(dx)} | ${f(dy)} | ${ds.toFixed(3)} |`;
  });
  const md = [
    '# Generative engines: registration and compositing',
    '',
    `${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${os.loadavg()[0].toFixed(2)} at the end.`,
    `${PHOTO_NAMES.length} fixture photos at 1000×750 (the model's grid: 1024×768), ${runs} run(s) each, per drift setting. The "model" is bench/engines/drift.ts: it answers at its own 64-px grid with the drift below, and paints a`,
    'textured patch into an ellipse (the region). Errors are mean absolute differences, 0–255, against the truth (the photo with the patch painted undrifted).',
    '',
    '| drift | region error: Scalpel | region error: paste unregistered | region error: resize only | pixels changed outside the reported mask: Scalpel | outside the region, mean error: resize only | edge difference: Scalpel | edge difference: unregistered | Scalpel ms (median) | resize only ms (median) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    'Drift found against drift applied (mean absolute error; shift in pixels, zoom as a factor):',
    '',
    '| drift | applied | shift x error | shift y error | zoom error |',
    '| --- | --- | --- | --- | --- |',
    ...found,
    '',
    `Peak RSS of the whole run: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB.`,
    '',
  ].join('\n');
  process.stdout.write(await writeReport('ENGINES.md', md));
}

await main();
