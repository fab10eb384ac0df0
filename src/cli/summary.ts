import type { EditReport } from '../types.js';

/** The short human summary printed on stderr when --json is not given. */
export function summary(report: EditReport): string {
  const lines: string[] = [];
  for (const s of report.steps) {
    const r = s.region;
    const q = s.quality as { readback_ok?: boolean; outside_changed_pixels?: number };
    const target = 'text' in s.target ? `'${s.target.text}'` : '';
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
