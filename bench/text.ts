/**
 * Text-replacement benchmark: Scalpel vs a hurried-designer baseline on generated posters with
 * ground truth. Writes bench/RESULTS.md and bench/out/<id>-{old,scalpel,baseline,gt}.png, prints the
 * report to stdout (progress goes to stderr).
 *
 *   npm run bench                                   # all 60 cases
 *   npm run build && node --expose-gc dist/bench/text.js --cases 6
 *   node --expose-gc dist/bench/text.js --filter photo
 *
 * Flags: --cases N (first N cases), --filter <substring of the case id>, --seed S (default 1).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { ScalpelError } from '../src/errors.js';
import { readText } from '../src/perception/ocr.js';
import { edit } from '../src/runtime/edit.js';
import type { Box } from '../src/types.js';
import { baselineEdit } from './baseline.js';
import { changedOutside, mean, median, percentile, psnr, ssim } from './metrics.js';
import { type PosterCase, caseTextBox, editBox, generateCases, renderPoster, repoRoot } from './posters.js';

const TOTAL_CASES = 60;
/** PSNR of a bit-exact region is Infinity; means cap it here so perfect cases still count. */
const PSNR_CAP = 100;

interface SystemResult {
  ok: boolean;
  errorCode?: string;
  errorMessage?: string;
  readBack?: string;
  exact: boolean;
  psnr?: number;
  ssim?: number;
  /** Changed pixels outside the system's own region (Scalpel: reported regions; baseline: union box). */
  outside?: number;
  wallMs: number;
  timings?: Record<string, number>;
}

interface CaseResult {
  c: PosterCase;
  box: Box;
  gtReadBack: string;
  gtExact: boolean;
  /** The unedited input scored against the GT: the floor any edit should beat. */
  inputPsnr: number;
  inputSsim: number;
  scalpel: SystemResult;
  baseline: SystemResult;
}

const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');

async function rgba(png: Buffer): Promise<{ data: Uint8Array; width: number; height: number }> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

async function safeRead(png: Buffer, box: Box): Promise<string> {
  try {
    return await readText(png, box);
  } catch (err) {
    process.stderr.write(`  readText failed: ${err instanceof Error ? err.message : String(err)}\n`);
    return '';
  }
}

/** Scores an output against the input (outside changes) and the ground truth (inside `box`). */
async function score(
  out: Buffer,
  input: { data: Uint8Array; width: number; height: number },
  gt: { data: Uint8Array },
  c: PosterCase,
  box: Box,
  regions: Box[],
): Promise<Pick<SystemResult, 'readBack' | 'exact' | 'psnr' | 'ssim' | 'outside'>> {
  const o = await rgba(out);
  const readBack = await safeRead(out, box);
  const exact = norm(readBack) === norm(c.newText);
  if (o.width !== input.width || o.height !== input.height) {
    // A resized output changed everything; count every pixel as outside.
    return { readBack, exact, outside: input.width * input.height };
  }
  const { width: w, height: h } = input;
  return {
    readBack,
    exact,
    psnr: psnr(o.data, gt.data, w, h, 4, box),
    ssim: ssim(o.data, gt.data, w, h, 4, box),
    outside: changedOutside(input.data, o.data, w, h, 4, regions),
  };
}

function errorInfo(err: unknown): { code: string; message: string } {
  if (err instanceof ScalpelError) return { code: err.code, message: err.message };
  // Anything else escaping edit() is itself a bug: keep it visible under its own name.
  const name = err instanceof Error ? err.name : typeof err;
  return { code: `non-ScalpelError (${name})`, message: err instanceof Error ? err.message : String(err) };
}

async function runCase(c: PosterCase, outDir: string): Promise<CaseResult> {
  const [oldP, gtP] = await Promise.all([renderPoster(c, 'old'), renderPoster(c, 'new')]);
  fs.writeFileSync(path.join(outDir, `${c.id}-old.png`), oldP.png);
  fs.writeFileSync(path.join(outDir, `${c.id}-gt.png`), gtP.png);
  const box = editBox(c, 8);
  const input = await rgba(oldP.png);
  const gt = await rgba(gtP.png);
  const gtReadBack = await safeRead(gtP.png, box);

  // Scalpel.
  let scalpel: SystemResult;
  const t0 = performance.now();
  try {
    const res = await edit(oldP.png, c.instruction);
    const wallMs = performance.now() - t0;
    fs.writeFileSync(path.join(outDir, `${c.id}-scalpel.png`), res.image);
    const regions = res.report.steps.map((s) => s.region);
    const timings: Record<string, number> = {};
    for (const [k, v] of Object.entries(res.report.timings)) if (typeof v === 'number') timings[k] = v;
    scalpel = { ok: true, wallMs, timings, ...(await score(res.image, input, gt, c, box, regions)) };
  } catch (err) {
    const { code, message } = errorInfo(err);
    scalpel = {
      ok: false,
      errorCode: code,
      errorMessage: message,
      exact: false,
      wallMs: performance.now() - t0,
    };
  }

  // Baseline, given the ground-truth box of the old text.
  let baseline: SystemResult;
  const t1 = performance.now();
  try {
    const res = await baselineEdit({
      png: oldP.png,
      box: caseTextBox(c, 'old'),
      newText: c.newText,
      color: c.color,
      newColor: c.newColor,
    });
    const wallMs = performance.now() - t1;
    fs.writeFileSync(path.join(outDir, `${c.id}-baseline.png`), res.image);
    baseline = {
      ok: true,
      wallMs,
      timings: res.timings,
      ...(await score(res.image, input, gt, c, box, [box])),
    };
  } catch (err) {
    const { code, message } = errorInfo(err);
    baseline = {
      ok: false,
      errorCode: code,
      errorMessage: message,
      exact: false,
      wallMs: performance.now() - t1,
    };
  }

  return {
    c,
    box,
    gtReadBack,
    gtExact: norm(gtReadBack) === norm(c.newText),
    inputPsnr: psnr(input.data, gt.data, input.width, input.height, 4, box),
    inputSsim: ssim(input.data, gt.data, input.width, input.height, 4, box),
    scalpel,
    baseline,
  };
}

// ---------------------------------------------------------------------------------------------
// Report

const pct = (k: number, n: number) => (n === 0 ? '–' : `${((100 * k) / n).toFixed(1)}% (${k}/${n})`);
const fmt = (v: number, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : v === Infinity ? '∞' : '–');
const capped = (xs: (number | undefined)[]) =>
  xs.filter((v): v is number => v !== undefined).map((v) => Math.min(v, PSNR_CAP));
const defined = (xs: (number | undefined)[]) => xs.filter((v): v is number => v !== undefined);

function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map((s) => s.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

function summaryRows(results: CaseResult[], warmScalpelMs: number[]) {
  const sys = (pick: (r: CaseResult) => SystemResult, ms: number[]) => {
    const rs = results.map(pick);
    const ok = rs.filter((r) => r.ok);
    return {
      exact: pct(rs.filter((r) => r.exact).length, rs.length),
      ok: `${ok.length}/${rs.length}`,
      psnr: fmt(mean(capped(ok.map((r) => r.psnr))), 2),
      ssim: fmt(mean(defined(ok.map((r) => r.ssim))), 4),
      outside: `${ok.filter((r) => (r.outside ?? 0) > 0).length}`,
      outsidePx: `${defined(ok.map((r) => r.outside)).reduce((s, v) => s + v, 0)}`,
      p50: fmt(median(ms), 0),
      p95: fmt(percentile(ms, 95), 0),
    };
  };
  const s = sys((r) => r.scalpel, warmScalpelMs);
  // Warm baseline too: its first call pays for font registration and photo decoding.
  const b = sys(
    (r) => r.baseline,
    results.filter((r, i) => r.baseline.ok && (i > 0 || results.length === 1)).map((r) => r.baseline.wallMs),
  );
  const inP = fmt(mean(capped(results.map((r) => r.inputPsnr))), 2);
  const inS = fmt(mean(results.map((r) => r.inputSsim)), 4);
  return table(
    ['metric', 'Scalpel', 'baseline (GT box + fill + sans-regular)', 'input unchanged (reference)'],
    [
      ['cases completed', s.ok, b.ok, '–'],
      ['OCR read-back exact', s.exact, b.exact, '–'],
      [`mean PSNR vs GT in edit box (dB, ∞ capped at ${PSNR_CAP})`, s.psnr, b.psnr, inP],
      ['mean SSIM vs GT in edit box', s.ssim, b.ssim, inS],
      ['cases with changed pixels outside own region (must be 0)', s.outside, b.outside, '–'],
      ['changed pixels outside own region, total', s.outsidePx, b.outsidePx, '–'],
      ['median total ms (warm)', s.p50, b.p50, '–'],
      ['p95 total ms (warm)', s.p95, b.p95, '–'],
    ],
  );
}

function breakdown(results: CaseResult[]): string {
  const groups: [string, (r: CaseResult) => boolean][] = [
    ['background: solid', (r) => r.c.background === 'solid'],
    ['background: gradient', (r) => r.c.background === 'gradient'],
    ['background: photo', (r) => r.c.background === 'photo'],
    ['text: Chinese', (r) => r.c.kind === 'zh'],
    ['text: English', (r) => r.c.kind === 'en'],
    ['text: price', (r) => r.c.kind === 'price'],
    ['text: mixed', (r) => r.c.kind === 'mixed'],
    ['rotated', (r) => r.c.angleDeg !== 0],
    ['outlined', (r) => !!r.c.outline],
    ['shadowed', (r) => !!r.c.shadow],
    ['colour request', (r) => !!r.c.newColor],
    [
      'plain (none of the four above)',
      (r) => r.c.angleDeg === 0 && !r.c.outline && !r.c.shadow && !r.c.newColor,
    ],
    ['small text (< 48 px)', (r) => r.c.sizePx < 48],
  ];
  const rows = groups
    .map(([name, f]) => [name, results.filter(f)] as const)
    .filter(([, rs]) => rs.length > 0)
    .map(([name, rs]) => [
      name,
      String(rs.length),
      pct(rs.filter((r) => r.scalpel.exact).length, rs.length),
      pct(rs.filter((r) => r.baseline.exact).length, rs.length),
      pct(rs.filter((r) => r.gtExact).length, rs.length),
      fmt(mean(capped(rs.map((r) => r.scalpel.psnr))), 2),
    ]);
  return table(
    ['group', 'cases', 'Scalpel read-back', 'baseline read-back', 'GT read-back', 'Scalpel PSNR'],
    rows,
  );
}

function stageTable(results: CaseResult[], firstIndex: number): string {
  const byStage = new Map<string, number[]>();
  results.forEach((r, i) => {
    if (i === firstIndex && results.length > 1) return; // the cold first edit is reported on its own
    for (const [k, v] of Object.entries(r.scalpel.timings ?? {})) {
      if (!byStage.has(k)) byStage.set(k, []);
      byStage.get(k)!.push(v);
    }
  });
  const order = (k: string) => (k === 'total_ms' ? 2 : k === 'load_ms' ? 0 : 1);
  const keys = [...byStage.keys()].sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  if (keys.length === 0) return '_No successful Scalpel edits, so no stage timings._';
  return table(
    ['stage', 'median ms', 'p95 ms', 'n'],
    keys.map((k) => {
      const xs = byStage.get(k)!;
      return [k, fmt(median(xs), 1), fmt(percentile(xs, 95), 1), String(xs.length)];
    }),
  );
}

function failures(results: CaseResult[]): string {
  const counts = new Map<string, { n: number; example: string; ids: string[] }>();
  for (const r of results) {
    for (const [who, s] of [
      ['Scalpel', r.scalpel],
      ['baseline', r.baseline],
    ] as const) {
      if (s.ok) continue;
      const key = `${who}: ${s.errorCode}`;
      const e = counts.get(key) ?? { n: 0, example: s.errorMessage ?? '', ids: [] };
      e.n++;
      e.ids.push(r.c.id);
      counts.set(key, e);
    }
  }
  if (counts.size === 0) return 'None.';
  return table(
    ['system: code', 'count', 'first message', 'cases'],
    [...counts].map(([k, e]) => [
      k,
      String(e.n),
      e.example.slice(0, 140),
      e.ids.slice(0, 6).join(', ') + (e.ids.length > 6 ? ', …' : ''),
    ]),
  );
}

function perCase(results: CaseResult[]): string {
  const cell = (s: SystemResult) =>
    s.ok ? `${s.exact ? '✓' : '✗'} \`${s.readBack ?? ''}\`` : `error ${s.errorCode ?? ''}`;
  return table(
    ['case', 'instruction', 'new text', 'Scalpel', 'PSNR', 'outside px', 'ms', 'baseline', 'GT read'],
    results.map((r) => [
      r.c.id,
      r.c.instruction,
      r.c.newText,
      cell(r.scalpel),
      fmt(r.scalpel.psnr ?? NaN, 1),
      r.scalpel.outside === undefined ? '–' : String(r.scalpel.outside),
      fmt(r.scalpel.wallMs, 0),
      cell(r.baseline),
      `${r.gtExact ? '✓' : '✗'} \`${r.gtReadBack}\``,
    ]),
  );
}

/** Formats with the repo's prettier config so `npm run lint` passes on the committed RESULTS.md. */
async function prettify(md: string, file: string): Promise<string> {
  try {
    const prettier = await import('prettier');
    const config = (await prettier.resolveConfig(file)) ?? {};
    return await prettier.format(md, { ...config, filepath: file });
  } catch {
    return md; // prettier is a dev dependency: without it, the unformatted report is still correct
  }
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string' },
      filter: { type: 'string' },
      seed: { type: 'string', default: '1' },
    },
  });
  const seed = Number(values.seed);
  let cases = generateCases(TOTAL_CASES, seed);
  if (values.filter) cases = cases.filter((c) => c.id.includes(values.filter!));
  if (values.cases) cases = cases.slice(0, Math.max(0, Number(values.cases)));
  const subset = cases.length !== TOTAL_CASES;

  const benchDir = path.join(repoRoot, 'bench');
  const outDir = path.join(benchDir, 'out');
  fs.mkdirSync(outDir, { recursive: true });
  const gc = (globalThis as { gc?: () => void }).gc;

  const results: CaseResult[] = [];
  const started = Date.now();
  let firstEditMs: number | undefined;
  let firstIndex = -1;
  for (const [i, c] of cases.entries()) {
    const r = await runCase(c, outDir);
    if (firstEditMs === undefined) {
      firstEditMs = r.scalpel.wallMs;
      firstIndex = i;
    }
    results.push(r);
    const s = r.scalpel;
    process.stderr.write(
      `[${i + 1}/${cases.length}] ${c.id}: scalpel ${s.ok ? `${s.exact ? 'exact' : 'MISREAD'} "${s.readBack}"` : s.errorCode}` +
        ` ${s.wallMs.toFixed(0)} ms; baseline ${r.baseline.exact ? 'exact' : 'misread'}\n`,
    );
    gc?.();
  }

  const warm = results
    .filter((r, i) => r.scalpel.ok && (i !== firstIndex || results.length === 1))
    .map((r) => r.scalpel.timings?.total_ms ?? r.scalpel.wallMs);
  const cpus = os.cpus();
  const rssMb = process.resourceUsage().maxRSS / 1024;
  const selection = [
    values.cases ? `--cases ${values.cases}` : '',
    values.filter ? `--filter ${values.filter}` : '',
    seed !== 1 ? `--seed ${seed}` : '',
  ]
    .filter(Boolean)
    .join(' ');

  const md = [
    '# Text-replacement benchmark',
    '',
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ` +
      `Node ${process.version}, ${os.platform()} ${os.arch()}`,
    `- Cases: ${cases.length}${subset ? ` — **subset run (${selection}), not the full ${TOTAL_CASES}-case benchmark**` : ` (seed ${seed})`}`,
    `- Wall time of the whole run: ${((Date.now() - started) / 1000).toFixed(1)} s`,
    '',
    'Each case is a generated poster (bench/posters.ts) with its ground truth: the same poster drawn with',
    'the new text in the intended style. Read-back is OCR (src/perception/ocr.ts `readText`) on the union',
    'of the old and new text boxes padded by 8 px, compared exactly with the new text after NFKC and',
    'removing spaces. PSNR/SSIM are against the ground truth inside that box. "Outside" counts pixels',
    'changed relative to the input outside the region the system itself reports (Scalpel: its steps',
    'regions; baseline: the union box). The baseline is given the ground-truth box of the old text. The',
    '"input unchanged" column scores the unedited poster against the GT: the floor an edit must beat.',
    '',
    '## Scalpel vs baseline',
    '',
    summaryRows(results, warm),
    '',
    `- First edit in the process (includes model load): ${firstEditMs === undefined ? '–' : `${firstEditMs.toFixed(0)} ms`} wall` +
      (firstIndex >= 0 && results[firstIndex].scalpel.timings
        ? ` (report: total ${fmt(results[firstIndex].scalpel.timings!.total_ms ?? NaN, 0)} ms, load ${fmt(results[firstIndex].scalpel.timings!.load_ms ?? NaN, 0)} ms)`
        : ''),
    `- Ground truth read back exactly by the same OCR (ceiling for read-back): ${pct(results.filter((r) => r.gtExact).length, results.length)}`,
    `- Peak RSS: ${rssMb.toFixed(0)} MB (process.resourceUsage().maxRSS, whole run: generator, OCR, Scalpel, baseline)`,
    '',
    '## Scalpel latency per stage (warm: first edit excluded)',
    '',
    stageTable(results, firstIndex),
    '',
    '## Read-back by background and feature',
    '',
    breakdown(results),
    '',
    '## Failures by code',
    '',
    failures(results),
    '',
    '## How to reproduce',
    '',
    '`npm run bench` runs all cases (seeded, so every run draws the same posters); for a quick run:',
    '`npm run build && node --expose-gc dist/bench/text.js --cases 6` (add `--filter photo` to pick cases by id).',
    'Images: bench/out/<id>-{old,scalpel,baseline,gt}.png.',
    '',
    '<details><summary>Per case</summary>',
    '',
    perCase(results),
    '',
    '</details>',
    '',
  ].join('\n');

  const resultsPath = path.join(benchDir, 'RESULTS.md');
  const formatted = await prettify(md, resultsPath);
  fs.writeFileSync(resultsPath, formatted);
  process.stdout.write(formatted);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
