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
  lostBlob,
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
  /** How long a run waits for Redis before QUEUE_UNAVAILABLE; default 10 s. */
  connectMs?: number;
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
    // Awaited (with a bound) by each run; a failure here must not be an unhandled rejection.
    this.ready.catch(() => {});
  }

  async run(task: WorkTask, cb: WorkCallbacks, signal: AbortSignal): Promise<WorkOutput> {
    // Redis down (or a wrong URL): the wait is bounded, and a cancel or the job's timeout still ends it.
    await abortable(connected(this.ready, this.opts.connectMs ?? CONNECT_MS), signal);
    const data: RemoteTask = {
      ...task,
      input: await abortable(this.share(task.input), signal),
      mask: task.mask && (await abortable(this.share(task.mask), signal)),
      asset: task.asset && (await abortable(this.share(task.asset), signal)),
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
      if (signal.aborted) return reject(signal.reason);
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
    await connected(this.ready, this.opts.connectMs ?? CONNECT_MS);
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
    // BullMQ's close waits for a connection that may never come: ours are ended first, then it is bounded.
    this.conns.close();
    await Promise.race([
      Promise.allSettled([this.events.close(), this.queue.close()]),
      new Promise((r) => setTimeout(r, 2_000).unref()),
    ]);
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
    // Never after the run is settled (cancelled, failed): a late preview would follow the final event.
    const live = () => this.pending.get(runId) === p;
    p.chain = p.chain
      .then(async () => {
        if ('previewFailed' in data) {
          if (live()) p.cb.onPreviewFailed(data.previewFailed);
          return;
        }
        try {
          const image = data.preview ? await this.opts.storage.get(data.preview) : undefined;
          if (live()) p.cb.onPreview({ image, report: data.report, source: data.source });
        } catch (err) {
          if (live()) p.cb.onPreviewFailed(ScalpelError.from(err, 'queue').toJSON());
        }
      })
      .catch(() => {});
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
      .catch((err: unknown) => p.reject(lostBlob(err) ?? ScalpelError.from(err, 'queue')));
  }

  private settle(runId: string, err: ScalpelError): void {
    const p = this.pending.get(runId);
    if (p) void p.chain.finally(() => p.reject(err)).catch(() => {});
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

/** How long a run waits for Redis before it fails as QUEUE_UNAVAILABLE. */
const CONNECT_MS = 10_000;

function connected(ready: Promise<unknown>, ms: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(unreachable(new Error(`no connection within ${ms} ms`))), ms);
  });
  return Promise.race([ready, late]).finally(() => clearTimeout(timer));
}

/** The work, or the signal's reason as soon as it aborts (the work itself is left to finish). */
function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function unreachable(err: unknown): ScalpelError {
  return new ScalpelError('QUEUE_UNAVAILABLE', 'The job queue (Redis) cannot be reached.', {
    stage: 'queue',
    details: { reason: err instanceof Error ? err.message : String(err) },
    cause: err,
  });
}
