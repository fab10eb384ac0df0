/**
 * Service load benchmark: the real server as a child process on loopback, N clients sending a mix
 * of edits, questions, cache hits and bad requests over plain fetch, a SIGKILL and restart halfway,
 * then an exactly-once check from the database. Beside it, the same mix through `edit()` in this
 * process; a batch of ten poster variants with and without the shared analysis; and the scale-out
 * mode, the same edits against 1, 2 and 4 `scalpel worker` processes on a real Redis. Writes
 * bench/out/SERVICE.md (bench/SERVICE.md with --write); exits 1 when any check fails.
 *
 *   npm run bench:service                     # node --expose-gc dist/bench/service.js
 *   node --expose-gc dist/bench/service.js --clients 8 --requests 60 [--keep]
 *   node --expose-gc dist/bench/service.js --batch-only   # the batch section alone, printed
 *   node --expose-gc dist/bench/service.js --scale-only   # workers on Redis (1, 2, 4, a kill), printed
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { writeReport } from './report-file.js';
import { now, sleep, type Counters } from './service/api.js';
import { runBaseline } from './service/baseline.js';
import { batchSection, benchBatches } from './service/batch.js';
import { idempotencyClient } from './service/idempotency.js';
import { runLoad } from './service/load.js';
import { benchScale, scaleSection } from './service/scale.js';
import { cmdline, machineBusyS, sampleRss, withEnv } from './service/procs.js';
import { killAndRestart } from './service/restart.js';
import { report } from './service/report.js';
import type { RestartFacts } from './service/report-sections.js';
import { announced, freePort, startServer, stopServer, type ServerProcess } from './service/server.js';
import { verify } from './service/verify.js';
import { buildWorkload } from './service/workload.js';

const log = (s: string) => process.stderr.write(`service bench: ${s}\n`);

/**
 * A server that exits without being told to (a crash, or another process's kill) ends the run at
 * once: otherwise every client would retry for minutes and the report would measure nothing.
 */
function guard(s: ServerProcess): void {
  void s.exited.then(({ code, signal }) => {
    if (s.stopping) return;
    log(
      `server #${s.generation} (pid ${s.pid}) EXITED UNEXPECTEDLY (${signal ?? `code ${code}`}); stdout and stderr tails:`,
    );
    // stdout shows a graceful stop ("Stopping: …") when someone else sent SIGTERM/SIGINT.
    for (const l of [...s.lines.slice(-3), ...s.errLines.slice(-15)]) log(`  ${l}`);
    process.exit(2);
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      clients: { type: 'string', default: '8' },
      requests: { type: 'string', default: '60' },
      keep: { type: 'boolean', default: false },
      write: { type: 'boolean' },
      'batch-only': { type: 'boolean', default: false },
      'scale-only': { type: 'boolean', default: false },
    },
  });
  if (values['scale-only']) {
    process.stdout.write(scaleSection(await benchScale(log)));
    return;
  }
  const batches = batchSection(await benchBatches(log));
  if (values['batch-only']) {
    process.stdout.write(batches);
    return;
  }
  const scale = scaleSection(await benchScale(log));
  const clients = Math.max(1, Number(values.clients));
  const started = now();
  const { requests, idempotent } = await buildWorkload(Math.round(Number(values.requests)));

  log(
    `baseline: ${requests.filter((r) => r.repeatOf === undefined).length} distinct requests through edit()…`,
  );
  const baseline = await runBaseline(requests);

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalpel-service-bench-'));
  const port = await freePort();
  const env = { SCALPEL_MAX_QUEUE: String(requests.length + 20), SCALPEL_RATE_PER_MINUTE: '0' };
  let server: ServerProcess | undefined = await startServer({ port, dataDir, env, generation: 1 });
  const first = server;
  guard(server);
  const base = `http://127.0.0.1:${port}`;
  log(`server #1 pid ${server.pid} on ${base}, data ${dataDir}`);
  const sampler = sampleRss(() => server);
  const cpu0 = { machine: machineBusyS(), self: process.cpuUsage(), load: os.loadavg()[0] };

  const toAccept = requests.filter((r) => !r.expect).length;
  let restarting: Promise<RestartFacts> | undefined;
  const restart = async (afterAccepted: number): Promise<RestartFacts> => {
    const old = server as ServerProcess;
    server = undefined;
    const { next, facts } = await killAndRestart(old, { port, dataDir, env, afterAccepted }, log);
    server = next;
    guard(next);
    return facts;
  };

  const runId = `bench-${Date.now().toString(36)}`;
  const idemCounters: Counters = { connErrors: 0, throttled: 0 };
  const [outcomes, idem] = await Promise.all([
    runLoad(requests, {
      base,
      clients,
      runId,
      onAccepted: (n) => {
        if (n < Math.ceil(toAccept / 2) || restarting) return;
        restarting = restart(n);
        restarting.catch(() => undefined); // awaited after the load; a failure must not crash the clients
      },
      onProgress: (done, total) => {
        if (done % 10 === 0 || done === total) log(`${done}/${total} requests final`);
      },
    }),
    idempotencyClient(base, idempotent, `${runId}-idempotent`, idemCounters),
  ]);
  if (!restarting) throw new Error('the restart never happened: fewer than half the requests were accepted');
  const restartFacts = await restarting;
  const rss = sampler.stop();
  const selfCpu = process.cpuUsage(cpu0.self);
  const ours =
    [...rss.perProcess.values()].reduce((t, p) => t + p.cpuS, 0) + (selfCpu.user + selfCpu.system) / 1e6;
  const cpu = {
    machineS: machineBusyS() - cpu0.machine,
    oursS: ours,
    loadBefore: cpu0.load,
    loadAfter: os.loadavg()[0],
  };
  const last = server as ServerProcess | undefined;
  const stop = last ? await stopServer(last) : 'no server running';
  const stopText =
    stop === 'exited'
      ? 'SIGTERM, server exited by itself'
      : `**SIGTERM ignored for 15 s: SIGKILL needed** (${String(stop)})`;
  await sleep(200);
  const leftovers = withEnv('SCALPEL_DATA_DIR', dataDir).map((pid) => `${pid} ${cmdline(pid)}`);

  const { checks, times, quota } = verify(dataDir, outcomes, [{ key: idem.key, jobId: idem.jobIds[0] }]);
  checks.push(
    {
      name: 'no worker outlives the SIGKILLed server',
      ok: restartFacts.orphans.length === 0,
      detail: restartFacts.orphans.length ? restartFacts.orphans.join('; ') : 'none',
    },
    {
      name: 'no process left after the final stop',
      ok: leftovers.length === 0,
      detail: leftovers.length ? leftovers.join('; ') : 'none',
    },
    { name: 'idempotency client: one job, run once', ok: idem.ok, detail: idem.problem ?? 'ok' },
  );
  restartFacts.runTwice = [...times.values()].filter((t) => t.attempts >= 2).length;
  const workerDone = outcomes
    .filter((o) => o.jobId && !o.final?.cache.hit)
    .map((o) => times.get(o.jobId as string)?.finished ?? NaN)
    .filter((t) => t >= restartFacts.listeningAt);
  restartFacts.firstFinishedAt = workerDone.length ? Math.min(...workerDone) : undefined;

  const md = report({
    clients,
    ...announced(first.lines),
    outcomes,
    baseline,
    times,
    checks,
    quota,
    idempotency: idem,
    restart: restartFacts,
    rss,
    cpu,
    logs: [first, last ?? first].filter((x, i, a) => a.indexOf(x) === i),
    stop: stopText,
    wallS: (now() - started) / 1000,
  });
  process.stdout.write(await writeReport('SERVICE.md', `${md}\n${batches}\n${scale}`));
  if (!values.keep) fs.rmSync(dataDir, { recursive: true, force: true });
  else log(`data dir kept: ${dataDir}`);
  const failed = checks.filter((c) => !c.ok);
  if (failed.length) {
    log(`EXACTLY-ONCE VIOLATIONS:\n${failed.map((c) => `  - ${c.name}: ${c.detail}`).join('\n')}`);
    process.exitCode = 1;
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
