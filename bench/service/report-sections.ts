/** Parts of SERVICE.md: previews, the restart (how long the server was gone, what clients saw), logs. */
import { median } from '../metrics.js';
import type { Outcome } from './load.js';
import type { JobTimes } from './verify.js';

export interface RestartFacts {
  /** Jobs accepted when the kill was sent. */
  afterAccepted: number;
  killAt: number;
  listeningAt: number;
  /** First job run by a worker (not a cache hit) that finished after the new server listened. */
  firstFinishedAt?: number;
  /** From the new server's "Recovered after a restart" line. */
  requeued: number;
  failedOnRecovery: number;
  /** Jobs whose row says attempts ≥ 2: started before the kill, run again after it. */
  runTwice: number;
  /** Worker pids alive just before the kill, and how long until the last of them was gone. */
  workersAtKill: number[];
  workersGoneMs: number;
  /** Processes with our data dir in their environment still alive after the kill: orphans. */
  orphans: string[];
}

const f = (v: number | undefined, d = 0) => (v !== undefined && Number.isFinite(v) ? v.toFixed(d) : '–');

export function restartSection(r: RestartFacts, outcomes: Outcome[]): string[] {
  const across = outcomes.filter(
    (o) => o.tAccepted !== undefined && o.tAccepted < r.killAt && o.tFinal > r.killAt && o.final,
  );
  const resent = outcomes.filter((o) => o.tries > 1);
  const drops = outcomes.reduce((s, o) => s + o.counters.connErrors, 0);
  const resubmitted = outcomes.filter((o) => o.resubmit);
  return [
    '## Restart (SIGKILL halfway, same port and data dir)',
    '',
    '| measure | value |',
    '| --- | --- |',
    `| jobs accepted when killed | ${r.afterAccepted} |`,
    `| kill → listening again | ${f(r.listeningAt - r.killAt)} ms |`,
    `| kill → first job finished by a worker after the restart | ${r.firstFinishedAt ? `${f(r.firstFinishedAt - r.killAt)} ms` : '–'} |`,
    `| jobs re-queued by recovery (server log) | ${r.requeued} (${r.failedOnRecovery} failed for good) |`,
    `| jobs run twice (attempts = 2: interrupted, then re-run) | ${r.runTwice} |`,
    `| jobs accepted before the kill and finished after it | ${across.length} |`,
    `| workers alive at the kill / gone after | ${r.workersAtKill.length} / ${f(r.workersGoneMs)} ms |`,
    `| orphaned processes left (our data dir in their environment) | ${r.orphans.length ? `**${r.orphans.join('; ')}**` : '0'} |`,
    `| client connection errors retried | ${drops} |`,
    `| submissions re-sent with the same key | ${resent.length} (${resent.filter((o) => o.jobId).length} then accepted) |`,
    `| waits cut by the restart, then re-submitted: same job returned | ${resubmitted.filter((o) => o.resubmit?.sameJob).length}/${resubmitted.length} (${resubmitted.filter((o) => o.resubmit?.replayed).length} marked replayed) |`,
  ];
}

/** Time to preview: as SSE clients saw it, and from the job rows, for every edit with a preview edit. */
export function previewLines(outcomes: Outcome[], times: Map<string, JobTimes>): string[] {
  const sse = outcomes.filter(
    (o) => o.tPreview !== undefined && o.jobId !== undefined && times.get(o.jobId)?.preview != null,
  );
  const rows = outcomes.flatMap((o) => {
    const t = o.jobId ? times.get(o.jobId) : undefined;
    return t?.preview != null ? [{ ...t, preview: t.preview }] : [];
  });
  const p50 = (xs: number[]) => f(median(xs));
  // Share of each job's run the preview edit took: its cost in worker time.
  const share = median(
    rows.map((t) => (t.preview - (t.started ?? NaN)) / ((t.finished ?? NaN) - (t.started ?? NaN))),
  );
  return [
    `- Time to preview, p50: ${p50(sse.map((o) => (o.tPreview as number) - o.t0))} ms seen by the SSE clients (n = ${sse.length}; their final p50 ${p50(sse.map((o) => o.tFinal - o.t0))} ms).`,
    `  From the job rows, all ${rows.length} edits with a preview edit (inputs over 1600 px): ${p50(rows.map((t) => t.preview - t.created))} ms after created_at, ${p50(rows.map((t) => t.preview - (t.started ?? NaN)))} ms after started_at (final: ${p50(rows.map((t) => (t.finished ?? NaN) - (t.started ?? NaN)))} ms after started_at): the preview takes ${f(100 * share)}% of a job's run (p50).`,
  ];
}

/** What the servers and their workers wrote to stderr: nothing is expected, so any error is listed. */
export function serverLogLines(logs: { generation: number; errLines: string[] }[]): string[] {
  return logs.map(({ generation, errLines }) => {
    const errors = [
      ...new Set(errLines.filter((l) => /^\s*(\w*Error\b|code: )/.test(l)).map((l) => l.trim())),
    ];
    return `- Server #${generation} stderr: ${errLines.length} line(s)${
      errors.length
        ? `; errors: ${errors
            .slice(0, 4)
            .map((e) => `\`${e}\``)
            .join(', ')}`
        : ''
    }.`;
  });
}
