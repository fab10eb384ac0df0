/**
 * Text-replacement benchmark: Scalpel vs a hurried-designer baseline on generated posters with
 * ground truth. Writes bench/out/RESULTS.md (bench/RESULTS.md with --write) and
 * bench/out/<id>-{old,scalpel,baseline,gt}.png, prints the
 * report to stdout (progress goes to stderr).
 *
 *   npm run bench                                   # all 60 cases
 *   npm run build && node --expose-gc dist/bench/text.js --cases 6
 *   node --expose-gc dist/bench/text.js --filter photo
 *
 * Flags: --cases N (first N cases), --filter <substring of the case id>, --seed S (default 1),
 * --repeat R (timed passes after scoring, default 2; 0 skips them), --rotated N (cases of the
 * rotated-over-blur self-check set, default 24; 0 skips it), --write (the committed report).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateCases, repoRoot, ROTATED_BLUR } from './posters.js';
import { latencyPass } from './text/latency.js';
import { writeReport } from './report-file.js';
import { reportMarkdown } from './text/report.js';
import { type CaseResult, runCase } from './text/run-case.js';

const TOTAL_CASES = 60;
/** The self-check set: rotated lines over blurred photos (bench/posters/generate.ts ROTATED_BLUR). */
const ROTATED_CASES = 24;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string' },
      filter: { type: 'string' },
      seed: { type: 'string', default: '1' },
      repeat: { type: 'string', default: '2' },
      write: { type: 'boolean' },
      rotated: { type: 'string' },
    },
  });
  const seed = Number(values.seed);
  let cases = generateCases(TOTAL_CASES, seed);
  if (values.filter) cases = cases.filter((c) => c.id.includes(values.filter!));
  if (values.cases) cases = cases.slice(0, Math.max(0, Number(values.cases)));

  const outDir = path.join(repoRoot, 'bench/out');
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

  // Scored only (no timed pass): this set measures the self-check, not speed.
  const rotated: CaseResult[] = [];
  let extra = generateCases(Number(values.rotated ?? ROTATED_CASES), seed, ROTATED_BLUR);
  if (values.filter) extra = extra.filter((c) => c.id.includes(values.filter!));
  for (const [i, c] of extra.entries()) {
    const r = await runCase(c, outDir);
    rotated.push(r);
    process.stderr.write(
      `[rotated ${i + 1}/${extra.length}] ${c.id}: ${r.scalpel.ok ? `${r.scalpel.lineExact ? 'exact' : 'MISREAD'}${r.scalpel.flagged ? ' FLAGGED' : ''}` : r.scalpel.errorCode}\n`,
    );
    gc?.();
  }

  const repeat = Math.max(0, Number(values.repeat));
  process.stderr.write(`timed pass: ${cases.length} cases x ${repeat}\n`);
  const latency = repeat > 0 ? await latencyPass(cases, outDir, repeat) : undefined;

  const selection = [
    values.cases ? `--cases ${values.cases}` : '',
    values.filter ? `--filter ${values.filter}` : '',
    seed !== 1 ? `--seed ${seed}` : '',
  ]
    .filter(Boolean)
    .join(' ');

  const md = reportMarkdown({
    results,
    totalCases: TOTAL_CASES,
    seed,
    selection,
    started,
    firstEditMs,
    firstIndex,
    latency,
    rotated,
  });
  process.stdout.write(await writeReport('RESULTS.md', md));
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
