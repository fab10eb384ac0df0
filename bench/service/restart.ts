/**
 * The restart in the middle: SIGKILL the server (its workers must exit by themselves when their IPC
 * channel closes), start it again at once on the same port and data dir, as a supervisor would, and
 * note what recovery did and whether any process of the old server outlived it.
 */
import { now, sleep } from './api.js';
import { alive, cmdline, descendants, withEnv } from './procs.js';
import type { RestartFacts } from './report-sections.js';
import { recoveredFrom, startServer, type ServerProcess } from './server.js';

export async function killAndRestart(
  old: ServerProcess,
  opts: { port: number; dataDir: string; env: Record<string, string>; afterAccepted: number },
  log: (s: string) => void,
): Promise<{ next: ServerProcess; facts: RestartFacts }> {
  const workers = descendants(old.pid);
  // The orphan check reads environments: make sure it sees this server's processes at all.
  if (!withEnv('SCALPEL_DATA_DIR', opts.dataDir).includes(old.pid))
    throw new Error('cannot read /proc/<pid>/environ: the orphan check would be blind');
  const killAt = now();
  old.stopping = true;
  old.child.kill('SIGKILL');
  await old.exited;
  log(`SIGKILLed server #1 after ${opts.afterAccepted} accepted jobs; ${workers.length} worker(s) must exit`);
  const workersGone = (async () => {
    while (workers.some(alive) && now() - killAt < 10_000) await sleep(20);
    return now() - killAt;
  })();
  const next = await startServer({ ...opts, generation: 2 });
  log(`server #2 pid ${next.pid} listening ${(next.listeningAt - killAt).toFixed(0)} ms after the kill`);
  const workersGoneMs = await workersGone;
  // Environments first, then the new server's tree: a worker forked in between is in the tree.
  const withOurDir = withEnv('SCALPEL_DATA_DIR', opts.dataDir);
  const current = new Set([next.pid, ...descendants(next.pid)]);
  const orphans = withOurDir.filter((pid) => !current.has(pid)).map((pid) => `${pid} ${cmdline(pid)}`);
  await sleep(50); // the recovery line follows the listening line
  const rec = recoveredFrom(next.lines);
  return {
    next,
    facts: {
      afterAccepted: opts.afterAccepted,
      killAt,
      listeningAt: next.listeningAt,
      requeued: rec.requeued,
      failedOnRecovery: rec.failed,
      runTwice: 0,
      workersAtKill: workers,
      workersGoneMs,
      orphans,
    },
  };
}
