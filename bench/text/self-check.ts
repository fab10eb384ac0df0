/** The self-check table: how many edits Scalpel flags as doubtful, against how many are really wrong. */
import type { CaseResult } from './run-case.js';
import { pct } from './tables.js';

/**
 * Wrong, judged against the ground truth rather than by Scalpel itself: the intended line does not
 * read back exactly (where the ground truth does), or half the old ink's contrast is left somewhere
 * the new text does not cover (`stale`, measured against the poster drawn without text).
 */
export function reallyWrong(r: CaseResult): boolean {
  const s = r.scalpel;
  if (!s.ok) return false;
  return (r.gtLineExact && !s.lineExact) || (s.stale ?? 0) >= STALE;
}

const STALE = 0.5;

export function selfCheckTable(sets: { name: string; results: CaseResult[] }[]): string {
  const rows = sets.map(({ name, results }) => {
    const done = results.filter((r) => r.scalpel.ok);
    const flagged = done.filter((r) => r.scalpel.flagged);
    const wrong = done.filter(reallyWrong);
    const both = flagged.filter(reallyWrong);
    return `| ${name} | ${done.length} | ${flagged.length} | ${wrong.length} | ${both.length} | ${flagged.length - both.length} | ${wrong.length - both.length} | ${pct(done.filter((r) => r.scalpel.doubts?.some((d) => d.includes('retried'))).length, done.length)} |`;
  });
  return [
    '| set | edits | flagged low_confidence | really wrong (vs GT) | flagged and wrong | flagged but right | wrong but not flagged | retried |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/** Each flagged or wrong case with what the self-check said. */
export function selfCheckCases(results: CaseResult[]): string {
  const lines = results
    .filter((r) => r.scalpel.ok && (r.scalpel.flagged || reallyWrong(r)))
    .map(
      (r) =>
        `- ${r.c.id}: ${r.scalpel.flagged ? 'flagged' : 'not flagged'}, ${reallyWrong(r) ? 'wrong' : 'right'} ` +
        `(line read '${r.scalpel.lineRead}', old ink's contrast left: ${Math.round((r.scalpel.stale ?? 0) * 100)}%)` +
        (r.scalpel.doubts?.length ? `: ${r.scalpel.doubts.join(' ')}` : ''),
    );
  return lines.length ? lines.join('\n') : '_None._';
}
