import crypto from 'node:crypto';
import path from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import { ScalpelError } from '../../index.js';
import type { Executor, WorkCallbacks, WorkOutput, WorkTask } from './executor.js';
import {
  cancelChannel,
  cancelKey,
  Connections,
  decodeFailure,
  type RemoteProgress,
  type RemoteResult,
  type RemoteTask,
} from './redis-link.js';
import type { BlobStorage, DiskStorage } from '../storage/blobs.js';

export interface RedisQueueOptions {
  url: string;
  /** The BullMQ queue's name: the service and its workers must agree on it. */
  name: string;
  /** Where workers read inputs and write results (this service's own disk unless shared elsewhere). */
  storage: BlobStorage;
  /** This service's own blob files, which the task's paths point into. */
  local: DiskStorage;
}

interface Pending {
  cb: WorkCallbacks;
  /** Progress and the result are handled in order: a preview is never delivered after the result. */
  chain: Promise<void>;
  resolve(out: WorkOutput): void;
  reject(err: unknown): void;
}

/**
 * The queue on Redis (BullMQ): each run is a BullMQ job taken by one of any number of `scalpel worker`
 * processes, on this machine or others. The scheduler above it keeps the records and the retries; a
 * worker that dies mid-edit shows up here as JOB_INTERRUPTED once its lock expires.
 */
export class RedisQueue implements Executor {
  private readonly queue: Queue;
  private readonly events: QueueEvents;
  private readonly conns: Connections;
  private readonly cmd;
  private readonly pending = new Map<string, Pending>();
  private readonly ready: Promise<unknown>;

  constructor(private readonly opts: RedisQueueOptions) {
    this.conns = new Connections(opts.url);
    this.cmd = this.conns.open();
    this.queue = new Queue(opts.name, { connection: this.conns.open() });
    this.events = new QueueEvents(opts.name, { connection: this.conns.open() });
    this.events.on('progress', ({ jobId, data }) => this.progress(jobId, data as RemoteProgress));
    this.events.on('completed', ({ jobId, returnvalue }) => this.completed(jobId, returnvalue));
    this.events.on('failed', ({ jobId, failedReason }) => this.settle(jobId, decodeFailure(failedReason)));
    // Events are read from the moment the stream is joined: join it before the first job is added.
    this.ready = Promise.all([this.events.waitUntilReady(), this.queue.waitUntilReady()]);
  }

  async run(task: WorkTask, cb: WorkCallbacks, signal: AbortSignal): Promise<WorkOutput> {
    await this.ready;
    signal.throwIfAborted();
    const data: RemoteTask = {
      ...task,
      input: await this.share(task.input),
      mask: task.mask && (await this.share(task.mask)),
      asset: task.asset && (await this.share(task.asset)),
    };
    // One BullMQ job per run: a retried edit is a new run of the same record.
    const runId = `${task.jobId}_${crypto.randomBytes(4).toString('hex')}`;
    return new Promise<WorkOutput>((resolve, reject) => {
      const onAbort = () => {
        this.pending.delete(runId);
        reject(signal.reason);
        void this.cancel(runId);
      };
      const done =
        <T>(fn: (v: T) => void) =>
        (v: T) => {
          signal.removeEventListener('abort', onAbort);
          this.pending.delete(runId);
          fn(v);
        };
      this.pending.set(runId, { cb, chain: Promise.resolve(), resolve: done(resolve), reject: done(reject) });
      signal.addEventListener('abort', onAbort, { once: true });
      this.queue
        .add('edit', data, {
          jobId: runId,
          removeOnComplete: { age: 3600, count: 1000 },
          removeOnFail: { age: 24 * 3600 },
        })
        .catch((err: unknown) => this.pending.get(runId)?.reject(unreachable(err)));
    });
  }

  /** Jobs waiting in Redis for a worker, and the workers connected to the queue. */
  async counts(): Promise<{ waiting: number; active: number; workers: number }> {
    await this.ready;
    const c = await this.queue.getJobCounts('waiting', 'active');
    return {
      waiting: c.waiting ?? 0,
      active: c.active ?? 0,
      workers: (await this.queue.getWorkers()).length,
    };
  }

  async close(): Promise<void> {
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.reject(new ScalpelError('JOB_INTERRUPTED', 'The service is stopping.', { stage: 'queue' }));
    }
    await Promise.allSettled([this.events.close(), this.queue.close()]);
    this.conns.close();
  }

  /** The blob's hash, copied to the shared storage first when that is not this service's own disk. */
  private async share(file: string): Promise<string> {
    const hash = path.basename(file);
    if (!(await this.opts.storage.has(hash))) await this.opts.storage.put(await this.opts.local.get(hash));
    return hash;
  }

  private progress(runId: string, data: RemoteProgress): void {
    const p = this.pending.get(runId);
    if (!p) return;
    p.chain = p.chain.then(async () => {
      if ('previewFailed' in data) return p.cb.onPreviewFailed(data.previewFailed);
      try {
        const image = data.preview ? await this.opts.storage.get(data.preview) : undefined;
        p.cb.onPreview({ image, report: data.report, source: data.source });
      } catch (err) {
        p.cb.onPreviewFailed(ScalpelError.from(err, 'queue').toJSON());
      }
    });
  }

  private completed(runId: string, value: unknown): void {
    const p = this.pending.get(runId);
    if (!p) return;
    const out = (typeof value === 'string' ? JSON.parse(value) : value) as RemoteResult;
    p.chain
      .then(async () => {
        const image = out.image ? await this.opts.storage.get(out.image) : undefined;
        p.resolve({ image, report: out.report });
      })
      .catch((err: unknown) => p.reject(ScalpelError.from(err, 'queue')));
  }

  private settle(runId: string, err: ScalpelError): void {
    const p = this.pending.get(runId);
    if (p) void p.chain.then(() => p.reject(err));
  }

  /** Stops a run: removed if still waiting, else its worker is told (and checks the mark on pick-up). */
  private async cancel(runId: string): Promise<void> {
    try {
      await this.cmd.set(cancelKey(this.opts.name, runId), '1', 'EX', 3600);
      await this.cmd.publish(cancelChannel(this.opts.name), runId);
      await this.queue.remove(runId);
    } catch {
      // Active (locked by its worker, which was told) or Redis gone: the run's outcome is ignored anyway.
    }
  }
}

function unreachable(err: unknown): ScalpelError {
  return new ScalpelError('QUEUE_UNAVAILABLE', 'The job queue (Redis) cannot be reached.', {
    stage: 'queue',
    details: { reason: err instanceof Error ? err.message : String(err) },
    cause: err,
  });
}
