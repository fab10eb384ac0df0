/** Markdown for the service load benchmark (bench/SERVICE.md): tables from what the run measured. */
import os from 'node:os';
import { median, percentile } from '../metrics.js';
import type { BaselineSample } from './baseline.js';
import type { IdempotencyResult } from './idempotency.js';
import type { Outcome } from './load.js';
import type { RssPeaks } from './procs.js';
import { previewLines, restartSection, serverLogLines, type RestartFacts } from './report-sections.js';
import type { Check, JobTimes } from './verify.js';
import type { Op } from './workload.js';

export interface RunFacts {
  clients: number;
  workers: number;
  maxQueue: number;
  outcomes: Outcome[];
  baseline: BaselineSample[];
  times: Map<string, JobTimes>;
  checks: Check[];
  quota: { charged: number; queued: number };
  idempotency: IdempotencyResult;
  restart: RestartFacts;
  rss: RssPeaks;
  /** Busy CPU seconds of the whole machine during the load, ours (server, workers, clients), load average. */
  cpu: { machineS: number; oursS: number; loadBefore: number; loadAfter: number };
  /** Each server's stderr (its workers' included). */
  logs: { generation: number; errLines: string[] }[];
  /** How the final stop went: SIGTERM honoured, or SIGKILL needed. */
  stop: string;
  wallS: number;
}

export const f = (v: number, d = 0) => (Number.isFinite(v) ? v.toFixed(d) : '–');
const mb = (bytes: number) => f(bytes / 2 ** 20);

type Kind = 'fresh edit' | 'cache hit' | 'question' | 'bad request';

export function kindOf(o: Outcome): Kind {
  if (o.req.expect) return 'bad request';
  if (o.final?.cache.hit) return 'cache hit';
  return o.req.op === 'question' ? 'question' : 'fresh edit';
}

export function report(r: RunFacts): string {
  const cpu = os.cpus();
  const jobs = r.outcomes.filter((o) => o.final);
  const first = Math.min(...r.outcomes.map((o) => o.t0));
  const last = Math.max(...r.outcomes.map((o) => o.tFinal));
  const spanS = (last - first) / 1000;
  const worked = jobs.filter((o) => !o.final?.cache.hit).length;
  const seqS = r.baseline.filter((b) => !b.code).reduce((s, b) => s + b.ms, 0) / 1000;
  const seqN = r.baseline.filter((b) => !b.code).length;
  const failedChecks = r.checks.filter((c) => !c.ok).length;
  return [
    '# Service load benchmark (HTTP, worker pool, restart mid-run)',
    '',
    '`npm run bench:service` (flags: `--clients N`, `--requests N`) writes bench/out/SERVICE.md; with `-- --write`, this file.',
    '',
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${f(os.totalmem() / 2 ** 30, 1)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.arch()}`,
    `- Server: \`node dist/src/cli/index.js serve\` on loopback, ${r.workers} workers (${process.env.SCALPEL_CONCURRENCY ? 'set by SCALPEL_CONCURRENCY' : 'the default for this machine'}), queue limit ${r.maxQueue}, rate limit off (\`SCALPEL_RATE_PER_MINUTE=0\`), fresh data dir`,
    `- Load: ${r.clients} clients (${Math.ceil(r.clients / 2)} long-poll \`?wait=120\`, ${Math.floor(r.clients / 2)} SSE), ${r.outcomes.length} requests, plus one idempotency client; the server is SIGKILLed and restarted after ${r.restart.afterAccepted} jobs were accepted`,
    `- Wall time of the load: ${f(spanS, 1)} s (whole benchmark with baseline: ${f(r.wallS, 0)} s)`,
    `- Other work on the machine during the load: ${f(Math.max(0, r.cpu.machineS - r.cpu.oursS), 0)} CPU-s of ${f(r.cpu.machineS, 0)} busy CPU-s (${f(cpu.length * spanS, 0)} available); load average (1 min) ${f(r.cpu.loadBefore, 2)} before, ${f(r.cpu.loadAfter, 2)} after`,
    '',
    `**Exactly-once check: ${failedChecks ? `FAILED (${failedChecks} check(s))` : 'passed'}.**`,
    '',
    '## Latency per kind: service (submit → final, seen by the client) vs `edit()` in-process',
    '',
    `Service latency includes queueing behind the other clients (${r.clients} clients, ${r.workers} workers), the preview edit`,
    'that the service runs first on inputs over 1600 px, and for jobs caught by the restart the restart itself.',
    'Queue wait and run time are from the job rows (`started_at − created_at`, `finished_at − started_at`).',
    'The baseline runs each distinct request once, sequentially, with no preview and no cache.',
    '',
    '| kind | n | p50 ms | p95 ms | p99 ms | queue wait p50 | run p50 | `edit()` median ms (n) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...latencyRows(r),
    '',
    '## Throughput and previews',
    '',
    `- ${jobs.length} jobs final in ${f(spanS, 1)} s: **${f(jobs.length / spanS, 2)} jobs/s** (${f(worked / spanS, 2)} jobs/s run by workers, the rest from the cache); ${f(r.outcomes.length / spanS, 2)} requests/s counting refusals`,
    `- In-process, one edit at a time: ${seqN} edits in ${f(seqS, 1)} s = ${f(seqN / seqS, 2)} edits/s`,
    `- Worker utilisation: ${f((100 * busyMs(r)) / (r.workers * spanS * 1000))}% of ${r.workers} workers × ${f(spanS, 1)} s spent in jobs (sum of \`finished_at − started_at\` of jobs run by workers)`,
    ...previewLines(r.outcomes, r.times),
    '',
    ...errorSection(r),
    '',
    ...restartSection(r.restart, r.outcomes),
    '',
    '## Memory (VmRSS sampled every 200 ms)',
    '',
    `Peak of the sum over the server and its workers: **${mb(r.rss.peakSum)} MB** (${r.rss.samples} samples).`,
    '',
    '| process | pid | peak RSS MB | CPU s |',
    '| --- | --- | --- | --- |',
    ...[...r.rss.perProcess.entries()].map(
      ([pid, p]) => `| ${p.role} | ${pid} | ${mb(p.peak)} | ${f(p.cpuS, 1)} |`,
    ),
    '',
    '## Exactly once (from `scalpel.db`, read-only, after the server stopped)',
    '',
    '| check | result | detail |',
    '| --- | --- | --- |',
    ...r.checks.map((c) => `| ${c.name} | ${c.ok ? 'ok' : '**FAILED**'} | ${c.detail} |`),
    '',
    ...idempotencyLines(r.idempotency),
    `- Final stop: ${r.stop}.`,
    ...serverLogLines(r.logs),
    `- Daily quota charged ${r.quota.charged} for ${r.quota.queued} queued jobs${r.quota.charged > r.quota.queued ? ' (over-charged: see the race in submit.ts)' : ''}.`,
    '',
  ].join('\n');
}

function latencyRows(r: RunFacts): string[] {
  const rows: [string, (o: Outcome) => boolean, (b: BaselineSample) => boolean][] = [
    ['fresh edit', (o) => kindOf(o) === 'fresh edit', (b) => !b.code && b.op !== 'question' && !isBad(b.op)],
    ...(['replace-text', 'adjust', 'recolor'] as const).map(
      (op) =>
        [
          `↳ ${op}`,
          (o: Outcome) => kindOf(o) === 'fresh edit' && o.req.op === op,
          (b: BaselineSample) => b.op === op,
        ] as [string, (o: Outcome) => boolean, (b: BaselineSample) => boolean],
    ),
    ['question', (o) => kindOf(o) === 'question', (b) => b.op === 'question'],
    ['cache hit', (o) => kindOf(o) === 'cache hit', () => false],
    ['bad request', (o) => kindOf(o) === 'bad request', (b) => isBad(b.op)],
  ];
  return rows.map(([name, pick, pickBase]) => {
    const os = r.outcomes.filter(pick);
    const e2e = os.map((o) => o.tFinal - o.t0);
    const t = os.flatMap((o) => (o.jobId ? [r.times.get(o.jobId)] : [])).filter((x) => x !== undefined);
    const wait = t.flatMap((x) => (x.started !== null ? [x.started - x.created] : []));
    const run = t.flatMap((x) => (x.started !== null && x.finished !== null ? [x.finished - x.started] : []));
    const base = r.baseline.filter(pickBase).map((b) => b.ms);
    const p = (q: number) => f(percentile(e2e, q));
    return `| ${name} | ${os.length} | ${p(50)} | ${p(95)} | ${p(99)} | ${f(median(wait))} | ${f(median(run))} | ${base.length ? `${f(median(base))} (${base.length})` : '–'} |`;
  });
}

const isBad = (op: Op) => op === 'bad-instruction' || op === 'corrupt-image';

function errorSection(r: RunFacts): string[] {
  const counts = new Map<string, { status: string; n: number; expected: boolean }>();
  for (const o of r.outcomes) {
    if (!o.errorCode && !o.lost) continue;
    const code = o.errorCode ?? 'LOST';
    const status = o.final ? `job ${o.final.status}` : String(o.httpStatus || '–');
    const expected = !!o.req.expect && o.req.expect.code === code && o.req.expect.status === o.httpStatus;
    const k = `${code}|${status}|${expected}`;
    const e = counts.get(k) ?? { status, n: 0, expected };
    e.n++;
    counts.set(k, e);
  }
  const throttled = r.outcomes.reduce((s, o) => s + o.counters.throttled, 0);
  return [
    '## Errors',
    '',
    '| code | HTTP status / job | count | expected |',
    '| --- | --- | --- | --- |',
    ...[...counts.entries()].map(
      ([k, e]) => `| ${k.split('|')[0]} | ${e.status} | ${e.n} | ${e.expected ? 'yes' : '**no**'} |`,
    ),
    '',
    `429 answers (rate limit, quota or full queue): ${throttled}.`,
  ];
}

function idempotencyLines(i: IdempotencyResult): string[] {
  return [
    `- Idempotency client: ${i.ok ? 'ok' : `**FAILED**: ${i.problem}`}. Two concurrent POSTs and one after the end under key \`${i.key}\` named ${new Set(i.jobIds).size} job (${i.jobIds[0] ?? '–'}, ${i.finalStatus ?? '?'}, attempts ${i.attempts ?? '?'}); ${i.replayed} of the 3 answers carried \`Idempotent-Replayed: true\`; the same key with another instruction got ${i.conflict.status} ${i.conflict.code ?? ''}.`,
  ];
}

/** Time workers spent in jobs (interrupted first attempts are not in the rows, so not counted). */
function busyMs(r: RunFacts): number {
  return r.outcomes
    .filter((o) => o.jobId && !o.final?.cache.hit)
    .map((o) => r.times.get(o.jobId as string))
    .reduce((s, t) => s + (t?.started != null && t.finished != null ? t.finished - t.started : 0), 0);
}
