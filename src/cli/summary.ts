import type { EditReport, QueryAnswer } from '../types.js';

/** The short human summary printed on stderr when --json is not given. */
export function summary(report: EditReport): string {
  if (report.answer) return answerSummary(report, report.answer);
  const lines: string[] = [];
  for (const s of report.steps) {
    const r = s.region;
    const q = s.quality as { readback_ok?: boolean; outside_changed_pixels?: number };
    const target =
      'text' in s.target && s.target.text !== undefined
        ? `'${s.target.text}'`
        : 'phrase' in s.target
          ? s.target.phrase
          : '';
    lines.push(
      `${s.op} ${target} → region ${r.width}×${r.height} at (${r.x},${r.y}) [${s.engine}]` +
        (q.readback_ok === undefined ? '' : `, read-back ${q.readback_ok ? 'ok' : 'FAILED'}`) +
        `, ${q.outside_changed_pixels ?? 0} pixels changed outside`,
    );
    for (const w of s.warnings) lines.push(`  warning: ${w}`);
  }
  for (const w of report.warnings) lines.push(`warning: ${w}`);
  lines.push(
    `wrote ${report.output} in ${report.timings.total_ms} ms (+${report.timings.load_ms} ms model load)`,
  );
  return lines.join('\n') + '\n';
}

/** "yes: cup 0.45 at (165,21) 245×238" or "no", with the note and warnings. */
function answerSummary(report: EditReport, answer: QueryAnswer): string {
  const step = report.steps.find((s) => s.op === 'query');
  const phrase = step && 'phrase' in step.target ? step.target.phrase : '';
  const lines = [answer.exists ? `yes, ${phrase}:` : `no ${phrase} found`];
  for (const o of answer.objects) {
    const b = o.box;
    const what = o.text === undefined ? o.label : `'${o.text}'`;
    lines.push(`  ${what} ${o.confidence} at (${b.x},${b.y}) ${b.width}×${b.height}`);
  }
  if (answer.note) lines.push(`note: ${answer.note}`);
  for (const w of [...(step?.warnings ?? []), ...report.warnings]) lines.push(`warning: ${w}`);
  lines.push(`answered in ${report.timings.total_ms} ms (+${report.timings.load_ms} ms model load)`);
  return lines.join('\n') + '\n';
}
