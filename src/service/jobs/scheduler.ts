import { ScalpelError, type EditReport } from '../../index.js';
import type { LabelCorner } from '../../provenance/visible.js';
import type { CacheEntry, ResultCache } from '../storage/cache.js';
import type { Executor, PreviewOutput, WorkOutput, WorkTask } from './executor.js';
import type { ImageRecord, ImageStore } from '../storage/images.js';
import type { Job, JobStore } from './jobs.js';

export interface SchedulerOptions {
  concurrency: number;
  maxQueue: number;
  maxPixels: number;
  previewSide: number;
  previewAbove: number;
  /** SCALPEL_VISIBLE_LABEL: the corner of the visible AIGC label on every output, or ''. */
  visibleLabel: string;
  /** Runs of a job before an interruption (a worker killed, a server restart) fails it for good. */
  maxAttempts: number;
}

type DoneHook = (job: Job, output: ImageRecord | undefined) => void | Promise<void>;

/**
 * The persistent queue's engine: admits jobs with backpressure, runs at most `concurrency` at once,
 * enforces each job's timeout, cancels, and records the outcome exactly once.
 */
export class Scheduler {
  private readonly running = new Map<string, AbortController>();
  /** Cancels that arrived between a job's claim and the start of its run. */
  private readonly cancels = new Map<string, ScalpelError>();
  private readonly doneHooks: DoneHook[] = [];
  private closed = false;
  /** Room promised to submissions still taking their images in (see admit). */
  private reserved = 0;
  /** Admissions, one at a time: each counts the queue and reserves before the next counts. */
  private admitting: Promise<unknown> = Promise.resolve();
  /** A pump is claiming; another request to pump makes it look again when it is done. */
  private pumping = false;
  private pumpAgain = false;
  /** Recent job durations, for the Retry-After estimate. */
  private readonly durations: number[] = [];

  constructor(
    private readonly jobs: JobStore,
    private readonly images: ImageStore,
    private readonly cache: ResultCache,
    private readonly executor: Executor,
    private readonly opts: SchedulerOptions,
  ) {}

  onDone(hook: DoneHook): void {
    this.doneHooks.push(hook);
  }

  /**
   * Reserves room for `n` more jobs, or refuses with QUEUE_FULL (and how long to wait). The room is
   * held from here, before the images are taken in (which awaits), until the returned release is
   * called once the jobs are queued or refused: a burst of simultaneous submissions cannot all pass
   * the check and then all enqueue.
   */
  admit(n = 1): Promise<() => void> {
    const turn = this.admitting.then(() => this.reserve(n));
    this.admitting = turn.catch(() => undefined);
    return turn;
  }

  private async reserve(n: number): Promise<() => void> {
    const queued = (await this.jobs.countQueued()) + this.reserved;
    if (queued + n > this.opts.maxQueue) {
      const per = this.durations.length ? median(this.durations) : 5_000;
      const retryAfter = Math.max(1, Math.ceil(((queued + n) * per) / this.opts.concurrency / 1000));
      throw new ScalpelError(
        'QUEUE_FULL',
        `The queue is full (${queued} waiting); retry in about ${retryAfter} s.`,
        {
          stage: 'queue',
          details: { queued, max_queue: this.opts.maxQueue, retry_after_s: retryAfter },
        },
      );
    }
    this.reserved += n;
    let held = true;
    return () => {
      if (held) this.reserved -= n;
      held = false;
    };
  }

  /** Stores the job, then `inserted` (the audit of its acceptance), then lets the queue take it. */
  async enqueue(job: Job, inserted: () => Promise<void> = async () => {}): Promise<void> {
    await this.jobs.insert(job);
    await this.orFail(job, inserted);
    this.pump();
  }

  /** A job whose acceptance could not be recorded (the audit log's disk full) does not run. */
  private async orFail(job: Job, step: () => Promise<void>): Promise<void> {
    try {
      await step();
    } catch (e) {
      await this.jobs
        .finish(job.id, 'failed', { error: ScalpelError.from(e).toJSON() })
        .catch(() => undefined);
      throw e;
    }
  }

  /** Cancels a queued or running job of this owner; a finished one is left as it is. */
  async cancel(owner: string, id: string): Promise<Job> {
    const job = await this.jobs.get(owner, id);
    const reason = new ScalpelError('JOB_CANCELLED', 'The job was cancelled.', {
      stage: 'queue',
      details: { job: id },
    });
    // Only a job still queued is finished here; one claimed meanwhile is stopped through its run.
    if (
      job.status === 'queued' &&
      (await this.jobs.finish(id, 'cancelled', { error: reason.toJSON() }, ['queued']))
    )
      return this.jobs.get(owner, id);
    // Noted first, then looked for: a run that starts in between finds the note, one already under
    // way is stopped here (claimed, its run not started yet: it is stopped as it starts).
    this.cancels.set(id, reason);
    const run = this.running.get(id);
    if (run) {
      this.cancels.delete(id);
      run.abort(reason);
    } else if ((await this.jobs.find(id))?.status !== 'running') this.cancels.delete(id);
    return this.jobs.get(owner, id);
  }

  /** Starts queued jobs while there is room. */
  pump(): void {
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    this.fill()
      .catch(() => {
        // The database away for a moment: look again shortly rather than leave the queue standing.
        if (!this.closed) setTimeout(() => this.pump(), 1000).unref();
      })
      .finally(() => {
        this.pumping = false;
        if (this.pumpAgain && !this.closed) this.pump();
      });
  }

  private async fill(): Promise<void> {
    this.pumpAgain = false;
    while (!this.closed && this.running.size < this.opts.concurrency) {
      const job = await this.jobs.claim();
      if (!job) return;
      void this.execute(job).catch(() => undefined);
    }
  }

  private async execute(job: Job): Promise<void> {
    const ctl = new AbortController();
    this.running.set(job.id, ctl);
    const early = this.cancels.get(job.id);
    this.cancels.delete(job.id);
    if (early) ctl.abort(early);
    const timer = setTimeout(
      () =>
        ctl.abort(
          new ScalpelError('JOB_TIMEOUT', `The edit took longer than ${job.timeout_ms} ms and was stopped.`, {
            stage: 'queue',
            details: { timeout_ms: job.timeout_ms },
          }),
        ),
      job.timeout_ms,
    );
    const t0 = Date.now();
    let outcome: () => Promise<void>;
    let failed = false;
    try {
      if (ctl.signal.aborted) throw ctl.signal.reason;
      const out = await this.executor.run(
        await this.task(job),
        {
          onPreview: (p) => void this.preview(job, p),
          onPreviewFailed: (error) =>
            void this.jobs.emit(job.id, 'preview_failed', { error }).catch(() => undefined),
        },
        ctl.signal,
      );
      outcome = this.completion(job, out);
      this.durations.push(Date.now() - t0);
      if (this.durations.length > 50) this.durations.shift();
    } catch (err) {
      failed = true;
      outcome = () => this.fail(job, ScalpelError.from(err));
    } finally {
      clearTimeout(timer);
    }
    try {
      // Shutting down (the run was stopped): the job stays 'running' and is recovered at the next start.
      if (this.closed && failed) return;
      await this.settle(outcome).catch((err: unknown) =>
        // The result could not be stored for good (a full disk): the job fails with that reason.
        this.settle(() => this.fail(job, ScalpelError.from(err))),
      );
    } catch {
      // The database stayed away: the job stays 'running' until recovery at the next start.
    } finally {
      this.running.delete(job.id);
      this.cancels.delete(job.id);
      this.pump();
    }
  }

  /** Records an outcome, waiting out a short database outage (0.5 + 1 + … + 8 s) before giving up. */
  private async settle(record: () => Promise<void>): Promise<void> {
    for (let wait = 500; ; wait *= 2) {
      try {
        return await record();
      } catch (err) {
        if (ScalpelError.from(err).code !== 'DATABASE_UNAVAILABLE' || wait > 8_000 || this.closed) throw err;
        // Not holding a shutting-down process open for it.
        await new Promise((r) => setTimeout(r, wait).unref());
        if (this.closed) throw err;
      }
    }
  }

  /** A run that ended without a result: interrupted (retried once), cancelled, timed out or failed. */
  private async fail(job: Job, e: ScalpelError): Promise<void> {
    if (e.code === 'JOB_INTERRUPTED' && job.attempts < this.opts.maxAttempts) {
      await this.jobs.requeue(job.id, { attempts: job.attempts, reason: e.message });
      return;
    }
    if (e.code === 'JOB_INTERRUPTED') {
      const error = new ScalpelError(
        'JOB_INTERRUPTED',
        `${e.message} It stopped ${job.attempts} times; it was not retried again.`,
        { stage: 'queue', details: { ...e.details, attempts: job.attempts } },
      );
      await this.jobs.finish(job.id, 'failed', { error: error.toJSON() });
      return;
    }
    await this.jobs.finish(job.id, e.code === 'JOB_CANCELLED' ? 'cancelled' : 'failed', {
      error: e.toJSON(),
    });
  }

  private async task(job: Job): Promise<WorkTask> {
    const path = async (id: string) => this.images.blobPath((await this.images.get(job.owner, id)).sha256);
    return {
      jobId: job.id,
      input: await path(job.input_image),
      instruction: job.instruction,
      plan: job.plan,
      mask: job.options.mask_image ? await path(job.options.mask_image) : undefined,
      asset: job.options.asset_image ? await path(job.options.asset_image) : undefined,
      format: job.options.format,
      engine: job.options.engine,
      maxPixels: this.opts.maxPixels,
      ...(this.opts.visibleLabel ? { visibleLabel: this.opts.visibleLabel as LabelCorner } : {}),
      previewSide: this.opts.previewSide,
      previewAbove: this.opts.previewAbove,
    };
  }

  private async preview(job: Job, p: PreviewOutput): Promise<void> {
    try {
      await this.storePreview(job, p);
    } catch (err) {
      // Runs inside the worker's message handler: a failure (a full disk) must not take the server down.
      await this.jobs
        .emit(job.id, 'preview_failed', { error: ScalpelError.from(err).toJSON() })
        .catch(() => undefined);
    }
  }

  private async storePreview(job: Job, p: PreviewOutput): Promise<void> {
    if (!p.image) return;
    const rec = await this.images.put(job.owner, p.image, { ...p.report.image, format: 'webp' });
    await this.jobs.setPreview(job.id, rec.id, p.source);
    await this.jobs.emit(job.id, 'preview', {
      image: rec.id,
      width: rec.width,
      height: rec.height,
      source: p.source,
    });
  }

  /**
   * Stores a result: the image, the cache entry, then the job done. Each step once, however often
   * the whole is tried again after a database outage (no second image row, no reset cache entry).
   */
  private completion(job: Job, out: WorkOutput): () => Promise<void> {
    const report: EditReport = out.report;
    let stored: { rec: ImageRecord | undefined } | undefined;
    let cached = false;
    return async () => {
      stored ??= { rec: out.image ? await this.images.put(job.owner, out.image, report.image) : undefined };
      const { rec } = stored;
      if (!cached) {
        await this.cache.put({
          key: job.cache_key,
          sha256: rec?.sha256 ?? '',
          format: report.image.format,
          width: report.image.width,
          height: report.image.height,
          report: JSON.stringify(report),
          bytes: rec?.bytes ?? 0,
        });
        cached = true;
      }
      await this.announce(job, rec, { ...report, cache: { hit: false } });
    };
  }

  /**
   * Records what follows from a result (a session's new version) and then marks the job done: the
   * writes are separate statements, so whoever sees the job done must find the rest already there.
   * Only while the job is still running: a cancel that took it while queued leaves it alone, and
   * nothing else finishes a running job whose result is in, so the finish that follows succeeds.
   */
  private async announce(job: Job, rec: ImageRecord | undefined, report: unknown): Promise<void> {
    this.cancels.delete(job.id);
    if ((await this.jobs.find(job.id))?.status !== 'running') return;
    const done: Job = { ...job, status: 'done', output_image: rec?.id ?? null };
    for (const hook of this.doneHooks) await hook(done, rec);
    await this.jobs.finish(job.id, 'done', { output_image: rec?.id ?? null, report });
  }

  /** A job finished at once from the cache: a new image row on the cached blob, the cached report. */
  async completeFromCache(
    job: Job,
    hit: CacheEntry,
    inserted: () => Promise<void> = async () => {},
  ): Promise<Job> {
    const rec =
      hit.bytes > 0
        ? await this.images.link(job.owner, hit.sha256, hit.bytes, {
            format: hit.format,
            width: hit.width,
            height: hit.height,
          })
        : undefined;
    // The cached report with this request's plan: its own words, not the earlier request's phrasing.
    const report = {
      ...(JSON.parse(hit.report) as EditReport),
      plan: job.plan,
      cache: { hit: true, age_s: Math.round((Date.now() - hit.created_at) / 1000) },
    };
    await this.jobs.insert({ ...job, status: 'running', started_at: Date.now() });
    await this.orFail(job, inserted);
    await this.announce(job, rec, report);
    return this.jobs.get(job.owner, job.id);
  }

  get active(): number {
    return this.running.size;
  }

  /** Stops taking jobs; running ones are left 'running' in the database and recovered on restart. */
  async close(): Promise<void> {
    this.closed = true;
    await this.executor.close();
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}
