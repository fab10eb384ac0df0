/** The benchmark's RESULTS.md: run facts, the tables, how to reproduce. */
import os from 'node:os';
import type { LatencyPass } from './latency.js';
import type { CaseResult } from './run-case.js';
import { selfCheckCases, selfCheckTable } from './self-check.js';
import { breakdown, failures, fmt, pct, perCase, stageTable, summaryRows, timedTable } from './tables.js';

/** What a finished run hands to the report. */
export interface RunSummary {
  results: CaseResult[];
  /** Case count of the full benchmark: a run with fewer cases is flagged as a subset. */
  totalCases: number;
  seed: number;
  /** The flags that picked the subset, as typed on the command line. */
  selection: string;
  /** Date.now() when the first case started. */
  started: number;
  /** Wall time of the first (cold) Scalpel edit, and that case's index. */
  firstEditMs: number | undefined;
  firstIndex: number;
  latency?: LatencyPass;
  /** The rotated-over-blurred-photo set, scored for the self-check table. */
  rotated: CaseResult[];
}

export function reportMarkdown(run: RunSummary): string {
  const { results, totalCases, seed, selection, started, firstEditMs, firstIndex, latency, rotated } = run;
  const subset = results.length !== totalCases;
  const warm = results
    .filter((r, i) => r.scalpel.ok && (i !== firstIndex || results.length === 1))
    .map((r) => r.scalpel.timings?.total_ms ?? r.scalpel.wallMs);
  const cpus = os.cpus();
  const rssMb = process.resourceUsage().maxRSS / 1024;

  return [
    '# Text-replacement benchmark',
    '',
    '`npm run bench` also runs the object-level ops (remove, recolor, background, add, adjust, questions):',
    'their results are in [OPS.md](OPS.md); the cheap stages every edit pays are in [MICRO.md](MICRO.md);',
    'the fill against Telea in detail is [INPAINT.md](INPAINT.md).',
    '',
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ` +
      `Node ${process.version}, ${os.platform()} ${os.arch()}`,
    `- Cases: ${results.length}${subset ? ` — **subset run (${selection}), not the full ${totalCases}-case benchmark**` : ` (seed ${seed})`}`,
    `- Wall time of the whole run: ${((Date.now() - started) / 1000).toFixed(1)} s`,
    '',
    'Each case is a generated poster (bench/posters.ts) with its ground truth: the same poster drawn with',
    'the new text in the intended style. Read-back is PP-OCRv4, compared exactly with the new text after',
    'NFKC and removing spaces, two ways. **Line**: the recogniser alone (src/perception/ocr.ts `readQuad`) on',
    "the quad where the new text belongs (the old and new texts' ink rectangles in their rotated frame,",
    '+4 px), sampled upright; this is how Scalpel reads back its own edits. **Box**: detector and',
    'recogniser (`readText`) on the axis-aligned union of the old and new text boxes padded by 8 px; the',
    'detector splits or clips some lines that are drawn correctly, which the ground truth column shows.',
    'PSNR/SSIM are against the ground truth inside that box. "Outside" counts pixels',
    'changed relative to the input outside the region the system itself reports (Scalpel: its steps',
    'regions; baseline: the union box). The baseline is given the ground-truth box of the old text. The',
    '"input unchanged" column scores the unedited poster against the GT: the floor an edit must beat.',
    '',
    '## Scalpel vs baseline',
    '',
    summaryRows(results, warm, latency),
    '',
    `- First edit in the process (includes model load): ${firstEditMs === undefined ? '–' : `${firstEditMs.toFixed(0)} ms`} wall` +
      (firstIndex >= 0 && results[firstIndex].scalpel.timings
        ? ` (report: total ${fmt(results[firstIndex].scalpel.timings!.total_ms ?? NaN, 0)} ms, load ${fmt(results[firstIndex].scalpel.timings!.load_ms ?? NaN, 0)} ms)`
        : ''),
    `- Ground truth read back exactly by the same OCR (ceiling for read-back): line ${pct(results.filter((r) => r.gtLineExact).length, results.length)}, box ${pct(results.filter((r) => r.gtExact).length, results.length)}`,
    `- Peak RSS: ${rssMb.toFixed(0)} MB (process.resourceUsage().maxRSS, whole run: generator, OCR, Scalpel, baseline)`,
    '',
    '## Latency per stage',
    '',
    latency
      ? `Timed pass: every case edited again ${latency.repeat}× after scoring, back to back with the baseline, nothing else in between. ` +
        'This is the figure the 400-ms target is held to. On this shared host the same pass varies by about ±10% from run to run.'
      : '_No timed pass in this run (--repeat 0)._',
    '',
    latency ? timedTable(latency) : '',
    '',
    'Scoring pass (warm: first edit excluded), interleaved with rendering, OCR of the outputs and PNG writes:',
    '',
    stageTable(results, firstIndex),
    '',
    '## Self-check: flagged against really wrong',
    '',
    'After every text edit Scalpel checks the whole line box (src/ops/replace-text/check.ts): strokes of the',
    'old glyphs that the new text does not cover must have vanished into their surroundings, the style fit',
    'must overlap the old ink and agree with the detected angle, and the whole line must read back. A',
    'failed pixel check retries once (detected angle, wider erase); what still fails, or a failed',
    'read-back, is reported as `low_confidence`. "Really wrong" is judged against the ground truth instead:',
    'the intended line does not read back exactly where the ground truth does, or, where the old text had',
    "ink and the new text has none, half or more of the old ink's contrast against the poster drawn",
    'without text is left in some 32-px tile (a standing glyph, a ghost of its shadow, a smear). On',
    'photos an exemplar fill never matches the hidden photo exactly, so this is a strict measure. The',
    'second set is rotated lines (±3–15°) over photos blurred with a Gaussian of sigma 3–8 px.',
    '',
    selfCheckTable([
      { name: 'main set', results },
      { name: 'rotated over blur', results: rotated },
    ]),
    '',
    selfCheckCases([...results, ...rotated]),
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
    '`npm run bench` runs all cases (seeded, so every run draws the same posters) and writes bench/out/RESULTS.md;',
    '`npm run bench -- --write` writes this file. For a quick run:',
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
}
