import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ScalpelError, type EditPlan, type ErrorJson } from '../index.js';
import { wherePlan, type StepWhere } from '../runtime/where.js';

export interface LocateTask {
  id: number;
  image: Uint8Array;
  mask?: Uint8Array;
  plan: EditPlan;
  maxPixels: number;
}

interface Reply {
  id: number;
  steps?: StepWhere[];
  error?: ErrorJson;
}

/**
 * Where a plan would act, before it runs: one request at a time, in one process of its own (forked
 * on first use, models kept warm), under a deadline; `inline` runs it in this process (tests).
 */
export class Locator {
  private child: ChildProcess | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  private next = 1;
  private waiting = 0;

  constructor(private readonly opts: { inline: boolean; timeoutMs: number; maxWaiting: number }) {}

  /** Refuses with QUEUE_FULL when `maxWaiting` requests already wait: a preview is worth little late. */
  locate(task: Omit<LocateTask, 'id'>): Promise<StepWhere[]> {
    if (this.waiting >= this.opts.maxWaiting) {
      throw new ScalpelError('QUEUE_FULL', 'Too many plans are being located; retry in a few seconds.', {
        stage: 'queue',
        details: { waiting: this.waiting, retry_after_s: 2 },
      });
    }
    this.waiting++;
    const run = this.chain.then(() => this.once({ ...task, id: this.next++ }));
    this.chain = run.catch(() => undefined);
    void run.finally(() => this.waiting--).catch(() => undefined);
    return run;
  }

  private once(task: LocateTask): Promise<StepWhere[]> {
    if (this.opts.inline) {
      const mask = task.mask ? Buffer.from(task.mask) : undefined;
      return wherePlan(Buffer.from(task.image), task.plan, { mask, maxPixels: task.maxPixels });
    }
    const child = (this.child ??= this.spawn());
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
      };
      const onMessage = (m: Reply) => {
        if (m.id !== task.id) return;
        done();
        if (m.error) reject(new ScalpelError(m.error.code, m.error.message, m.error));
        else resolve(m.steps ?? []);
      };
      const onExit = () => {
        done();
        reject(new ScalpelError('INTERNAL', 'The locator process stopped.', { stage: 'internal' }));
      };
      // Killed at the deadline: grounding is CPU-bound and cannot be interrupted otherwise.
      const timer = setTimeout(() => {
        done();
        child.kill('SIGKILL');
        reject(
          new ScalpelError(
            'JOB_TIMEOUT',
            `Finding where the plan acts took over ${this.opts.timeoutMs} ms.`,
            {
              stage: 'ground',
              details: { timeout_ms: this.opts.timeoutMs },
            },
          ),
        );
      }, this.opts.timeoutMs);
      child.on('message', onMessage);
      child.on('exit', onExit);
      child.send(task);
    });
  }

  private spawn(): ChildProcess {
    const here = fileURLToPath(import.meta.url);
    const script = here.endsWith('.ts')
      ? path.resolve(path.dirname(here), '../../dist/src/service/locate-worker.js')
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
