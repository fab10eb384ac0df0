import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ScalpelError, type EditReport, type ErrorJson } from '../../index.js';
import type { Executor, WorkCallbacks, WorkOutput, WorkTask } from './executor.js';

interface Reply {
  type: 'ready' | 'preview' | 'preview-failed' | 'done' | 'error';
  jobId: string;
  image?: Uint8Array;
  report?: EditReport;
  error?: ErrorJson;
  source?: 'edit' | 'result';
}

/** The compiled worker: from the TypeScript sources (tests), the build in dist/ is used. */
export function workerScript(): string {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts'))
    return path.resolve(path.dirname(here), '../../../dist/src/service/jobs/worker.js');
  return path.join(path.dirname(here), 'worker.js');
}

/**
 * Worker processes, one edit each at a time. A process keeps its models warm between jobs; a timeout
 * or cancel kills it (the only sure way to stop CPU-bound work) and a fresh one is forked next time.
 */
export class ProcessPool implements Executor {
  private readonly idle: ChildProcess[] = [];
  private readonly busy = new Set<ChildProcess>();

  constructor(private readonly script = workerScript()) {}

  run(task: WorkTask, cb: WorkCallbacks, signal: AbortSignal): Promise<WorkOutput> {
    let child = this.idle.pop();
    // A process that died while idle (killed from outside, out of memory) cannot take the task.
    while (child && !child.connected) child = this.idle.pop();
    child ??= this.spawn();
    this.busy.add(child);
    return new Promise<WorkOutput>((resolve, reject) => {
      const cleanup = () => {
        child.off('message', onMessage);
        child.off('exit', onExit);
        signal.removeEventListener('abort', onAbort);
        this.busy.delete(child);
      };
      const onMessage = (m: Reply) => {
        if (m.jobId !== task.jobId) return;
        if (m.type === 'preview')
          cb.onPreview({ image: buf(m.image), report: m.report as EditReport, source: m.source ?? 'edit' });
        else if (m.type === 'preview-failed') cb.onPreviewFailed(m.error as ErrorJson);
        else if (m.type === 'done' || m.type === 'error') {
          cleanup();
          this.idle.push(child);
          if (m.type === 'done') resolve({ image: buf(m.image), report: m.report as EditReport });
          else reject(revive(m.error as ErrorJson));
        }
      };
      const onExit = (code: number | null, sig: string | null) => {
        cleanup();
        // Killed from outside (the OOM killer, kill -9) or crashed: the scheduler retries it once,
        // as it does a job a server restart interrupted.
        reject(
          new ScalpelError(
            'JOB_INTERRUPTED',
            `The worker process stopped (${sig ?? `exit ${code}`}) during the edit.`,
            {
              stage: 'queue',
              details: { exit_code: code, signal: sig, worker_stopped: true },
            },
          ),
        );
      };
      const onAbort = () => {
        cleanup();
        child.kill('SIGKILL');
        reject(signal.reason);
      };
      if (signal.aborted) return onAbort();
      child.on('message', onMessage);
      child.on('exit', onExit);
      signal.addEventListener('abort', onAbort, { once: true });
      child.send(task);
    });
  }

  private spawn(): ChildProcess {
    // Advanced serialization carries the images as binary, not as JSON arrays of numbers.
    const child = fork(this.script, [], {
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    // A failed fork or a send into a dead channel: end the process; its 'exit' fails the task.
    child.on('error', () => child.kill('SIGKILL'));
    child.on('exit', () => {
      const i = this.idle.indexOf(child);
      if (i >= 0) this.idle.splice(i, 1);
    });
    return child;
  }

  async close(): Promise<void> {
    const all = [...this.idle, ...this.busy];
    this.idle.length = 0;
    await Promise.all(
      all.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) return resolve();
            c.once('exit', () => resolve());
            c.kill('SIGKILL');
          }),
      ),
    );
  }
}

const buf = (u?: Uint8Array) => (u ? Buffer.from(u.buffer, u.byteOffset, u.byteLength) : undefined);

/** An error from the worker, as the same ScalpelError it was there. */
function revive(e: ErrorJson): ScalpelError {
  return new ScalpelError(e.code, e.message, { stage: e.stage, details: e.details });
}

/** Runs edits in this process: for tests that do not exercise kill-on-timeout. */
export class InlineExecutor implements Executor {
  async run(task: WorkTask, cb: WorkCallbacks, signal: AbortSignal): Promise<WorkOutput> {
    const { runTask } = await import('./work.js');
    const aborted = new Promise<never>((_, reject) => {
      if (signal.aborted) reject(signal.reason);
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
    return Promise.race([runTask(task, cb, signal), aborted]);
  }

  async close(): Promise<void> {}
}
