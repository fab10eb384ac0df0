import { Worker, type Job } from 'bullmq';
import { ScalpelError } from '../../index.js';
import type { Executor } from './executor.js';
import { ProcessPool } from './pool.js';
import {
  cancelChannel,
  cancelKey,
  Connections,
  encodeError,
  type RemoteProgress,
  type RemoteResult,
  type RemoteTask,
  lostBlob,
} from './redis-link.js';
import type { BlobStorage } from '../storage/blobs.js';

export interface RemoteWorkerOptions {
  url: string;
  /** The BullMQ queue's name, as the service was told. */
  queue: string;
  storage: BlobStorage;
  /** Edits at once, each in a process of its own. */
  concurrency: number;
  /**
   * How long a run's lock lasts without renewal: a worker killed mid-edit is noticed after one to two
   * of these (by another worker's check), and its job failed as JOB_INTERRUPTED (the service retries).
   */
  lockMs: number;
  /** Runs the edits; worker processes by default (a cancel or a timeout kills the process). */
  executor?: Executor;
  /** One JSON object per run finished or failed. */
  log?: (line: Record<string, unknown>) => void;
}

export interface RemoteWorker {
  /** Finishes the runs in hand, then stops (SIGTERM); a SIGKILL is what the lock is for. */
  close(): Promise<void>;
}

/** `scalpel worker`: takes edits from the queue on Redis and runs them, on any machine. */
export async function startRemoteWorker(opts: RemoteWorkerOptions): Promise<RemoteWorker> {
  const executor = opts.executor ?? new ProcessPool();
  const log = opts.log ?? (() => {});
  const conns = new Connections(opts.url);
  const cmd = conns.open();
  const sub = conns.open();
  const running = new Map<string, AbortController>();
  await sub.subscribe(cancelChannel(opts.queue));
  sub.on('message', (_channel: string, runId: string) => running.get(runId)?.abort(cancelled(runId)));

  const processor = async (job: Job<RemoteTask>): Promise<RemoteResult> => {
    const runId = job.id ?? '';
    const task = job.data;
    const ctl = new AbortController();
    running.set(runId, ctl);
    const t0 = Date.now();
    let progress = Promise.resolve();
    const report = (data: RemoteProgress) => {
      progress = progress.then(() => job.updateProgress(data)).catch(() => {});
    };
    // The cancel message can be missed (the subscriber reconnecting): the mark is checked now and then too.
    const check = setInterval(() => {
      cmd
        .get(cancelKey(opts.queue, runId))
        .then((mark) => mark && ctl.abort(cancelled(runId)))
        .catch(() => {});
    }, CANCEL_CHECK_MS);
    try {
      if (await cmd.get(cancelKey(opts.queue, runId))) throw cancelled(runId);
      const file = (hash?: string) => (hash ? opts.storage.localPath(hash) : undefined);
      const [input, mask, asset] = await Promise.all([
        file(task.input),
        file(task.mask),
        file(task.asset),
      ]).catch((err: unknown) => {
        // Where the storage is stays in this worker's log; the client is told what happened, not where.
        log({ event: 'storage.failed', run: runId, message: ScalpelError.from(err).message });
        const lost = lostBlob(err);
        if (lost) throw lost;
        throw new ScalpelError(
          'QUEUE_UNAVAILABLE',
          "The worker could not read this edit's images from the shared storage.",
          { stage: 'storage' },
        );
      });
      const out = await executor.run(
        { ...task, input: input ?? '', mask, asset },
        {
          onPreview: (p) => {
            progress = progress
              .then(async () => {
                const preview = p.image ? await opts.storage.put(p.image) : null;
                await job.updateProgress({ preview, report: p.report, source: p.source });
              })
              .catch(() => {});
          },
          onPreviewFailed: (error) => report({ previewFailed: error }),
        },
        ctl.signal,
      );
      await progress;
      const image = out.image ? await opts.storage.put(out.image) : null;
      log({ event: 'run.done', job: task.jobId, run: runId, worker: process.pid, ms: Date.now() - t0 });
      return { image, report: out.report };
    } catch (err) {
      const e = ScalpelError.from(err);
      log({ event: 'run.failed', job: task.jobId, run: runId, worker: process.pid, code: e.code });
      throw encodeError(e);
    } finally {
      clearInterval(check);
      running.delete(runId);
    }
  };

  const worker = new Worker<RemoteTask, RemoteResult>(opts.queue, processor, {
    connection: conns.open(),
    concurrency: opts.concurrency,
    lockDuration: opts.lockMs,
    stalledInterval: Math.max(500, Math.floor(opts.lockMs / 2)),
    // A stalled run is failed, not silently re-run: the service's records own the retries (and count them).
    maxStalledCount: 0,
  });
  // A lost connection is retried by ioredis; the event only needs a listener so it is not thrown.
  worker.on('error', (err) => log({ event: 'worker.error', message: err.message }));
  await worker.waitUntilReady();
  log({ event: 'worker.ready', worker: process.pid, queue: opts.queue, concurrency: opts.concurrency });

  return {
    async close() {
      await worker.close();
      await executor.close();
      conns.close();
    },
  };
}

const CANCEL_CHECK_MS = 2_000;

function cancelled(runId: string): ScalpelError {
  return new ScalpelError('JOB_CANCELLED', 'The job was cancelled.', {
    stage: 'queue',
    details: { run: runId },
  });
}
