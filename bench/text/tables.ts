/** The markdown tables of the benchmark report, each computed from the per-case results. */
import { mean, median, percentile } from '../metrics.js';
import type { LatencyPass } from './latency.js';
import type { CaseResult, SystemResult } from './run-case.js';

/** PSNR of a bit-exact region is Infinity; means cap it here so perfect cases still count. */
const PSNR_CAP = 100;

export const pct = (k: number, n: number) => (n === 0 ? '–' : `${((100 * k) / n).toFixed(1)}% (${k}/${n})`);
export const fmt = (v: number, digits = 1) =>
  Number.isFinite(v) ? v.toFixed(digits) : v === Infinity ? '∞' : '–';
export const capped = (xs: (number | undefined)[]) =>
  xs.filter((v): v is number => v !== undefined).map((v) => Math.min(v, PSNR_CAP));
export const defined = (xs: (number | undefined)[]) => xs.filter((v): v is number => v !== undefined);

export function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map((s) => s.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

export function summaryRows(results: CaseResult[], warmScalpelMs: number[], latency?: LatencyPass) {
  const sys = (pick: (r: CaseResult) => SystemResult, ms: number[]) => {
    const rs = results.map(pick);
    const ok = rs.filter((r) => r.ok);
    return {
      exact: pct(rs.filter((r) => r.exact).length, rs.length),
      line: pct(rs.filter((r) => r.lineExact).length, rs.length),
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
  const gtLine = `GT: ${pct(results.filter((r) => r.gtLineExact).length, results.length)}`;
  const gtCrop = `GT: ${pct(results.filter((r) => r.gtExact).length, results.length)}`;
  return table(
    ['metric', 'Scalpel', 'baseline (GT box + fill + sans-regular)', 'input unchanged / GT (reference)'],
    [
      ['cases completed', s.ok, b.ok, '–'],
      ['OCR read-back exact: the intended line, recognised upright', s.line, b.line, gtLine],
      ['OCR read-back exact: detector on the padded box', s.exact, b.exact, gtCrop],
      [`mean PSNR vs GT in edit box (dB, ∞ capped at ${PSNR_CAP})`, s.psnr, b.psnr, inP],
      ['mean SSIM vs GT in edit box', s.ssim, b.ssim, inS],
      ['cases with changed pixels outside own region (must be 0)', s.outside, b.outside, '–'],
      ['changed pixels outside own region, total', s.outsidePx, b.outsidePx, '–'],
      ...(latency
        ? [
            [
              `median total ms (timed pass, ${latency.repeat}× each case)`,
              fmt(median(latency.stages.get('total_ms') ?? []), 0),
              fmt(median(latency.baselineMs), 0),
              '–',
            ],
            [
              `p95 total ms (timed pass)`,
              fmt(percentile(latency.stages.get('total_ms') ?? [], 95), 0),
              fmt(percentile(latency.baselineMs, 95), 0),
              '–',
            ],
          ]
        : []),
      ['median total ms (scoring pass, warm)', s.p50, b.p50, '–'],
      ['p95 total ms (scoring pass, warm)', s.p95, b.p95, '–'],
    ],
  );
}

export function breakdown(results: CaseResult[]): string {
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
      pct(rs.filter((r) => r.scalpel.lineExact).length, rs.length),
      pct(rs.filter((r) => r.baseline.lineExact).length, rs.length),
      pct(rs.filter((r) => r.gtLineExact).length, rs.length),
      pct(rs.filter((r) => r.scalpel.exact).length, rs.length),
      fmt(mean(capped(rs.map((r) => r.scalpel.psnr))), 2),
    ]);
  return table(
    [
      'group',
      'cases',
      'Scalpel line read',
      'baseline line read',
      'GT line read',
      'Scalpel box read',
      'Scalpel PSNR',
    ],
    rows,
  );
}

/** Median and p95 per stage over the timed pass. */
export function timedTable(latency: LatencyPass): string {
  return stageRows(latency.stages);
}

/** Median and p95 per stage over the scoring pass, the cold first edit left out. */
export function stageTable(results: CaseResult[], firstIndex: number): string {
  const byStage = new Map<string, number[]>();
  results.forEach((r, i) => {
    if (i === firstIndex && results.length > 1) return; // the cold first edit is reported on its own
    for (const [k, v] of Object.entries(r.scalpel.timings ?? {})) {
      if (!byStage.has(k)) byStage.set(k, []);
      byStage.get(k)!.push(v);
    }
  });
  return stageRows(byStage);
}

function stageRows(byStage: Map<string, number[]>): string {
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

export function failures(results: CaseResult[]): string {
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

export function perCase(results: CaseResult[]): string {
  const read = (exact: boolean, text: string | undefined) => `${exact ? '✓' : '✗'} \`${text ?? ''}\``;
  const cell = (s: SystemResult, line: boolean) =>
    !s.ok ? `error ${s.errorCode ?? ''}` : line ? read(s.lineExact, s.lineRead) : read(s.exact, s.readBack);
  return table(
    [
      'case',
      'instruction',
      'new text',
      'Scalpel line',
      'Scalpel box',
      'PSNR',
      'outside px',
      'ms',
      'baseline line',
      'GT line',
      'GT box',
    ],
    results.map((r) => [
      r.c.id,
      r.c.instruction,
      r.c.newText,
      cell(r.scalpel, true),
      cell(r.scalpel, false),
      fmt(r.scalpel.psnr ?? NaN, 1),
      r.scalpel.outside === undefined ? '–' : String(r.scalpel.outside),
      fmt(r.scalpel.wallMs, 0),
      cell(r.baseline, true),
      read(r.gtLineExact, r.gtLineRead),
      read(r.gtExact, r.gtReadBack),
    ]),
  );
}
