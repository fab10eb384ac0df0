/** `scalpel worker` processes for the scale-out tests and bench: the compiled CLI (dist/), as deployed. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../posters/photos.js';

const CLI = path.join(repoRoot, 'dist/src/cli/index.js');

export interface WorkerProc {
  child: ChildProcess;
  /** Its JSON log lines so far (run.done, run.failed, worker.ready). */
  lines: Record<string, unknown>[];
  /** SIGKILL to its whole process group: the worker and the edit process it forked, like a lost machine. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export async function startWorker(opts: {
  redis: string;
  storage: string;
  queue?: string;
  lockMs?: number;
  concurrency?: number;
  /** More environment (an S3 store's endpoint and keys). */
  env?: Record<string, string>;
  /** Shown live, prefixed (the bench); tests keep only the parsed lines. */
  echo?: (line: string) => void;
}): Promise<WorkerProc> {
  const args = [CLI, 'worker', '--redis', opts.redis, '--storage', opts.storage];
  if (opts.queue) args.push('--queue', opts.queue);
  args.push('--concurrency', String(opts.concurrency ?? 1));
  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, SCALPEL_LOCK_MS: String(opts.lockMs ?? 2_000), ...opts.env },
  });
  const lines: Record<string, unknown>[] = [];
  let buf = '';
  child.stdout?.on('data', (d: Buffer) => {
    buf += d.toString();
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      opts.echo?.(line);
      try {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // Not a log line (a library's own output): ignored.
      }
    }
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let i = 0; !lines.some((l) => l.event === 'worker.ready'); i++) {
    if (child.exitCode !== null) throw new Error(`scalpel worker exited with ${child.exitCode}`);
    if (i === 300) {
      process.kill(-(child.pid ?? 0), 'SIGKILL');
      throw new Error('scalpel worker was not ready within 30 s');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const signal = async (sig: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-(child.pid ?? 0), sig);
    } catch {
      // Already gone.
    }
    await exited;
  };
  return { child, lines, kill: () => signal('SIGKILL'), stop: () => signal('SIGTERM') };
}
