import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ScalpelError, type ErrorJson } from '../../index.js';
import { runSideTask, type SideResult, type SideTask } from './side-tasks.js';

interface Reply {
  id: number;
  result?: unknown;
  error?: ErrorJson;
}

/**
 * Where a plan would act before it runs, and platform exports: one request at a time, in one process
 * of its own (forked on first use, models kept warm), under a deadline; `inline` runs them in this
 * process (tests).
 */
export class Locator {
  private child: ChildProcess | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  private next = 1;
  private waiting = 0;

  constructor(private readonly opts: { inline: boolean; timeoutMs: number; maxWaiting: number }) {}

  /** Refuses with QUEUE_FULL when `maxWaiting` requests already wait: a preview is worth little late. */
  run<T extends SideTask>(task: T): Promise<SideResult<T>> {
    if (this.waiting >= this.opts.maxWaiting) {
      throw new ScalpelError('QUEUE_FULL', 'Too many plans or exports are waiting; retry in a few seconds.', {
        stage: 'queue',
        details: { waiting: this.waiting, retry_after_s: 2 },
      });
    }
    this.waiting++;
    const run = this.chain.then(() => this.once(task, this.next++) as Promise<SideResult<T>>);
    this.chain = run.catch(() => undefined);
    void run.finally(() => this.waiting--).catch(() => undefined);
    return run;
  }

  private once(task: SideTask, id: number): Promise<unknown> {
    if (this.opts.inline) return runSideTask(task);
    const child = (this.child ??= this.spawn());
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
      };
      const onMessage = (m: Reply) => {
        if (m.id !== id) return;
        done();
        if (m.error) reject(new ScalpelError(m.error.code, m.error.message, m.error));
        else resolve(m.result);
      };
      const onExit = () => {
        done();
        reject(new ScalpelError('INTERNAL', 'The locator process stopped.', { stage: 'internal' }));
      };
      // Killed at the deadline: grounding is CPU-bound and cannot be interrupted otherwise.
      const timer = setTimeout(() => {
        done();
        // The next task must not be sent to this dying process.
        if (this.child === child) this.child = undefined;
        child.kill('SIGKILL');
        reject(
          new ScalpelError('JOB_TIMEOUT', `The ${task.kind} took over ${this.opts.timeoutMs} ms.`, {
            stage: 'ground',
            details: { timeout_ms: this.opts.timeoutMs },
          }),
        );
      }, this.opts.timeoutMs);
      child.on('message', onMessage);
      child.on('exit', onExit);
      child.send({ ...task, id });
    });
  }

  private spawn(): ChildProcess {
    const here = fileURLToPath(import.meta.url);
    const script = here.endsWith('.ts')
      ? path.resolve(path.dirname(here), '../../../dist/src/service/jobs/locate-worker.js')
      : path.join(path.dirname(here), 'locate-worker.js');
    const child = fork(script, [], {
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.on('error', () => child.kill('SIGKILL'));
    child.on('exit', () => {
      if (this.child === child) this.child = undefined;
    });
    return child;
  }

  close(): void {
    this.child?.kill('SIGKILL');
    this.child = undefined;
  }
}
