/**
 * One benchmark case: render the poster and its ground truth, run Scalpel and the baseline on it, and
 * score both outputs (OCR read-back, PSNR/SSIM against the GT, pixels changed outside their region).
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { ScalpelError } from '../../src/errors.js';
import { decodeImage } from '../../src/image/io.js';
import { readQuad, readText } from '../../src/perception/ocr.js';
import { edit } from '../../src/runtime/edit.js';
import type { Box, Quad } from '../../src/types.js';
import { baselineEdit } from '../baseline.js';
import { changedOutside, psnr, ssim } from '../metrics.js';
import { type PosterCase, caseTextBox, editBox, lineQuad, renderPoster } from '../posters.js';
import { clearAnalysisCache } from '../../src/runtime/analysis-cache.js';

export interface SystemResult {
  ok: boolean;
  errorCode?: string;
  errorMessage?: string;
  /** Detect + recognise on the padded edit box. */
  readBack?: string;
  exact: boolean;
  /** Recognise the intended line's quad, upright (no detector). */
  lineRead?: string;
  lineExact: boolean;
  psnr?: number;
  /** Share of the old ink's contrast left where the new text has none (worst 32-px tile). */
  stale?: number;
  ssim?: number;
  /** Changed pixels outside the system's own region (Scalpel: reported regions; baseline: union box). */
  outside?: number;
  wallMs: number;
  timings?: Record<string, number>;
  /** Scalpel only: the report's `low_confidence`, and the self-check warnings behind it. */
  flagged?: boolean;
  doubts?: string[];
}

export interface CaseResult {
  c: PosterCase;
  box: Box;
  gtReadBack: string;
  gtExact: boolean;
  gtLineRead: string;
  gtLineExact: boolean;
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

/** Both readings of an output: detector on the padded box, and the recogniser on the intended line. */
async function safeRead(png: Buffer, box: Box, quad: Quad): Promise<{ crop: string; line: string }> {
  try {
    const { raster } = await decodeImage(png);
    return { crop: await readText(png, box), line: (await readQuad(raster, quad)).text };
  } catch (err) {
    process.stderr.write(`  read-back failed: ${err instanceof Error ? err.message : String(err)}\n`);
    return { crop: '', line: '' };
  }
}

/** Scores an output against the input (outside changes) and the ground truth (inside `box`). */
async function score(
  out: Buffer,
  input: { data: Uint8Array; width: number; height: number },
  gt: { data: Uint8Array },
  blank: { data: Uint8Array },
  c: PosterCase,
  box: Box,
  regions: Box[],
): Promise<
  Pick<SystemResult, 'readBack' | 'exact' | 'lineRead' | 'lineExact' | 'psnr' | 'ssim' | 'outside' | 'stale'>
> {
  const o = await rgba(out);
  const read = await safeRead(out, box, lineQuad(c));
  const reads = {
    readBack: read.crop,
    exact: norm(read.crop) === norm(c.newText),
    lineRead: read.line,
    lineExact: norm(read.line) === norm(c.newText),
  };
  if (o.width !== input.width || o.height !== input.height) {
    // A resized output changed everything; count every pixel as outside.
    return { ...reads, outside: input.width * input.height };
  }
  const { width: w, height: h } = input;
  return {
    ...reads,
    psnr: psnr(o.data, gt.data, w, h, 4, box),
    ssim: ssim(o.data, gt.data, w, h, 4, box),
    outside: changedOutside(input.data, o.data, w, h, 4, regions),
    stale: staleShare(input.data, o.data, gt.data, blank.data, w, box),
  };
}

/**
 * Old glyphs left standing, judged against the ground truth: on the pixels where the old text had
 * ink (input vs the blank poster, luma > 40) and the new text has none (GT vs blank, grown by 2 px),
 * a correct output shows the blank background. Returns the share of the old ink's contrast left in
 * the worst 32-px tile holding at least 40 such pixels: a glyph's ghost fills a tile.
 */
function staleShare(
  input: Uint8Array,
  out: Uint8Array,
  gt: Uint8Array,
  blank: Uint8Array,
  w: number,
  box: Box,
): number {
  const luma = (d: Uint8Array, i: number) => 0.299 * d[i * 4] + 0.587 * d[i * 4 + 1] + 0.114 * d[i * 4 + 2];
  const newInk = new Set<number>();
  for (let y = box.y; y < box.y + box.height; y++) {
    for (let x = box.x; x < box.x + box.width; x++) {
      if (Math.abs(luma(gt, y * w + x) - luma(blank, y * w + x)) <= 40) continue;
      for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) newInk.add((y + dy) * w + x + dx);
    }
  }
  const tiles = new Map<number, { was: number; left: number; n: number }>();
  for (let y = box.y; y < box.y + box.height; y++) {
    for (let x = box.x; x < box.x + box.width; x++) {
      const i = y * w + x;
      const bg = luma(blank, i);
      const was = Math.abs(luma(input, i) - bg);
      if (was <= 40 || newInk.has(i)) continue;
      const k = (y >> 5) * 4096 + (x >> 5);
      const t = tiles.get(k) ?? { was: 0, left: 0, n: 0 };
      t.was += was;
      t.left += Math.abs(luma(out, i) - bg);
      t.n++;
      tiles.set(k, t);
    }
  }
  let worst = 0;
  for (const t of tiles.values()) if (t.n >= 40) worst = Math.max(worst, t.left / t.was);
  return Math.round(worst * 100) / 100;
}

function errorInfo(err: unknown): { code: string; message: string } {
  if (err instanceof ScalpelError) return { code: err.code, message: err.message };
  // Anything else escaping edit() is itself a bug: keep it visible under its own name.
  const name = err instanceof Error ? err.name : typeof err;
  return { code: `non-ScalpelError (${name})`, message: err instanceof Error ? err.message : String(err) };
}

export async function runCase(c: PosterCase, outDir: string): Promise<CaseResult> {
  const [oldP, gtP, blankP] = await Promise.all([
    renderPoster(c, 'old'),
    renderPoster(c, 'new'),
    renderPoster(c, 'blank'),
  ]);
  fs.writeFileSync(path.join(outDir, `${c.id}-old.png`), oldP.png);
  fs.writeFileSync(path.join(outDir, `${c.id}-gt.png`), gtP.png);
  const box = editBox(c, 8);
  const input = await rgba(oldP.png);
  const gt = await rgba(gtP.png);
  const blank = await rgba(blankP.png);
  const gtRead = await safeRead(gtP.png, box, lineQuad(c));

  // Scalpel.
  let scalpel: SystemResult;
  const t0 = performance.now();
  try {
    // Cold, as a new request: a repeat would read this image's analysis from the cache.
    clearAnalysisCache();
    const res = await edit(oldP.png, c.instruction);
    const wallMs = performance.now() - t0;
    fs.writeFileSync(path.join(outDir, `${c.id}-scalpel.png`), res.image);
    const regions = res.report.steps.map((s) => s.region);
    const timings: Record<string, number> = {};
    for (const [k, v] of Object.entries(res.report.timings)) if (typeof v === 'number') timings[k] = v;
    scalpel = {
      ok: true,
      wallMs,
      timings,
      flagged: res.report.steps.some((s) => s.quality.low_confidence === true),
      doubts: res.report.steps.flatMap((s) =>
        s.warnings.filter((w) => w.startsWith('Self-check') || w.startsWith('Read-back')),
      ),
      ...(await score(res.image, input, gt, blank, c, box, regions)),
    };
  } catch (err) {
    const { code, message } = errorInfo(err);
    scalpel = {
      ok: false,
      errorCode: code,
      errorMessage: message,
      exact: false,
      lineExact: false,
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
      ...(await score(res.image, input, gt, blank, c, box, [box])),
    };
  } catch (err) {
    const { code, message } = errorInfo(err);
    baseline = {
      ok: false,
      errorCode: code,
      errorMessage: message,
      exact: false,
      lineExact: false,
      wallMs: performance.now() - t1,
    };
  }

  return {
    c,
    box,
    gtReadBack: gtRead.crop,
    gtExact: norm(gtRead.crop) === norm(c.newText),
    gtLineRead: gtRead.line,
    gtLineExact: norm(gtRead.line) === norm(c.newText),
    inputPsnr: psnr(input.data, gt.data, input.width, input.height, 4, box),
    inputSsim: ssim(input.data, gt.data, input.width, input.height, 4, box),
    scalpel,
    baseline,
  };
}
