import { EventEmitter } from 'node:events';
import { ScalpelError, type EditPlan, type EditReport, type ErrorJson } from '../../index.js';
import type { Db } from '../storage/db.js';
import { notFound } from '../storage/images.js';

export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
export const FINAL: readonly JobStatus[] = ['done', 'failed', 'cancelled'];

export interface JobOptions {
  mask_image?: string;
  asset_image?: string;
  format?: 'png' | 'jpeg' | 'webp';
  /** The engine the request forced (`engine` field); absent: each step routed. */
  engine?: string;
}

export interface Job {
  id: string;
  owner: string;
  status: JobStatus;
  instruction: string;
  plan: EditPlan;
  options: JobOptions;
  input_image: string;
  output_image: string | null;
  preview_image: string | null;
  /** 'edit': the edit run at preview size; 'result': the result scaled down (small inputs). */
  preview_source: 'edit' | 'result' | null;
  report: (EditReport & { cache?: { hit: boolean } }) | null;
  error: ErrorJson | null;
  /** What the input checks noticed (blur, exposure, noise), shown with the result. */
  warnings: string[];
  cache_key: string;
  fingerprint: string;
  idempotency_key: string | null;
  session_id: string | null;
  /** The session version the edit started from; the result becomes its child. */
  base_version: string | null;
  batch_id: string | null;
  attempts: number;
  timeout_ms: number;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  finish_count: number;
}

export interface JobEvent {
  seq: number;
  type: string;
  data: Record<string, unknown>;
  at: number;
}

const JSON_FIELDS = ['plan', 'options', 'report', 'error', 'warnings'] as const;

/** Job rows and their event log; every state change goes through here and is announced. */
export class JobStore {
  readonly events = new EventEmitter();
  /** Set at shutdown: waiters stop waiting and nobody reads the database any more. */
  closed = false;

  constructor(private readonly db: Db) {
    this.events.setMaxListeners(0);
  }

  insert(job: Job): void {
    const row: Record<string, unknown> = { ...job };
    for (const f of JSON_FIELDS) row[f] = job[f] === null ? null : JSON.stringify(job[f]);
    const cols = Object.keys(row);
    this.db
      .prepare(`insert into jobs (${cols.join(', ')}) values (${cols.map((c) => '@' + c).join(', ')})`)
      .run(row);
    this.emit(job.id, job.status, {});
  }

  /** The owner's job, or NOT_FOUND (another tenant's id looks exactly like a missing one). */
  get(owner: string, id: string): Job {
    const job = this.find(id);
    if (!job || job.owner !== owner) throw notFound('job', id);
    return job;
  }

  find(id: string): Job | undefined {
    const row = this.db.prepare('select * from jobs where id = ?').get(id) as
      Record<string, unknown> | undefined;
    return row ? parse(row) : undefined;
  }

  byIdempotencyKey(owner: string, key: string): Job | undefined {
    const row = this.db
      .prepare('select * from jobs where owner = ? and idempotency_key = ?')
      .get(owner, key) as Record<string, unknown> | undefined;
    return row ? parse(row) : undefined;
  }

  /**
   * The owner's jobs, newest first. `before` is a job id (the last of the previous page): the cursor
   * is (created_at, rowid), so jobs created in the same millisecond are neither skipped nor repeated.
   */
  list(owner: string, opts: { limit: number; before?: string; batch?: string }): Job[] {
    const cursor = opts.before
      ? (this.db
          .prepare('select created_at c, rowid r from jobs where id = ? and owner = ?')
          .get(opts.before, owner) as { c: number; r: number } | undefined)
      : { c: Number.MAX_SAFE_INTEGER, r: 0 };
    if (!cursor) {
      throw new ScalpelError(
        'INVALID_ARGUMENT',
        `'before' must be the id of one of your jobs (a page's "next").`,
        {
          stage: 'request',
          details: { field: 'before', before: opts.before },
        },
      );
    }
    const rows = this.db
      .prepare(
        `select * from jobs where owner = ? and (created_at < ? or (created_at = ? and rowid < ?))
         and (? is null or batch_id = ?) order by created_at desc, rowid desc limit ?`,
      )
      .all(owner, cursor.c, cursor.c, cursor.r, opts.batch ?? null, opts.batch ?? null, opts.limit);
    return (rows as Record<string, unknown>[]).map(parse);
  }

  countQueued(): number {
    return (this.db.prepare("select count(*) n from jobs where status = 'queued'").get() as { n: number }).n;
  }

  /** Takes the oldest queued job (atomically: SQLite serialises writers). */
  claim(): Job | undefined {
    const row = this.db
      .prepare("select id from jobs where status = 'queued' order by created_at, rowid limit 1")
      .get() as { id: string } | undefined;
    if (!row) return undefined;
    const res = this.db
      .prepare(
        "update jobs set status = 'running', started_at = ?, attempts = attempts + 1 where id = ? and status = 'queued'",
      )
      .run(Date.now(), row.id);
    if (res.changes === 0) return undefined;
    this.emit(row.id, 'running', {});
    return this.find(row.id);
  }

  setPreview(id: string, imageId: string, source: 'edit' | 'result'): void {
    this.db
      .prepare('update jobs set preview_image = ?, preview_source = ? where id = ?')
      .run(imageId, source, id);
  }

  /**
   * Moves a job to a final state once: the `where status in (…)` guard makes a second finish (a late
   * worker answer after a cancel, say) a no-op, so every job finishes exactly once.
   */
  finish(
    id: string,
    status: JobStatus,
    fields: { output_image?: string | null; report?: unknown; error?: ErrorJson },
  ): boolean {
    const res = this.db
      .prepare(
        `update jobs set status = ?, output_image = ?, report = ?, error = ?, finished_at = ?,
         finish_count = finish_count + 1 where id = ? and status in ('queued', 'running')`,
      )
      .run(
        status,
        fields.output_image ?? null,
        fields.report === undefined ? null : JSON.stringify(fields.report),
        fields.error ? JSON.stringify(fields.error) : null,
        Date.now(),
        id,
      );
    if (res.changes === 0) return false;
    this.emit(id, status, fields.error ? { error: fields.error } : {});
    const job = this.find(id);
    if (job) for (const hook of this.finishHooks) hook(job);
    return true;
  }

  private readonly finishHooks: ((job: Job) => void)[] = [];

  /** Called once per job, when it reaches its final state (done, failed, cancelled). */
  onFinish(hook: (job: Job) => void): void {
    this.finishHooks.push(hook);
  }

  /** After a restart: running jobs go back to the queue, or fail once they have used their attempts. */
  recover(maxAttempts: number): { requeued: number; failed: string[] } {
    const stuck = this.db.prepare("select id, attempts from jobs where status = 'running'").all() as {
      id: string;
      attempts: number;
    }[];
    const failed: string[] = [];
    for (const j of stuck) {
      if (j.attempts < maxAttempts) {
        this.db.prepare("update jobs set status = 'queued' where id = ?").run(j.id);
        this.emit(j.id, 'requeued', { attempts: j.attempts });
      } else {
        this.db.prepare("update jobs set status = 'running' where id = ?").run(j.id);
        this.finish(j.id, 'failed', {
          error: {
            code: 'JOB_INTERRUPTED',
            message: `The server stopped during this edit ${j.attempts} times; it was not retried again.`,
            stage: 'queue',
            details: { attempts: j.attempts },
          },
        });
        failed.push(j.id);
      }
    }
    return { requeued: stuck.length - failed.length, failed };
  }

  /** Puts a running job back in the queue (its worker stopped under it); the next claim runs it again. */
  requeue(id: string, data: { attempts: number; reason: string }): void {
    const res = this.db
      .prepare("update jobs set status = 'queued' where id = ? and status = 'running'")
      .run(id);
    if (res.changes) this.emit(id, 'requeued', data);
  }

  /** Releases every long poll and event stream (they listen for 'shutdown') before the database closes. */
  close(): void {
    this.closed = true;
    this.events.emit('shutdown');
  }

  emit(jobId: string, type: string, data: Record<string, unknown>): void {
    const seq =
      ((
        this.db.prepare('select max(seq) s from job_events where job_id = ?').get(jobId) as {
          s: number | null;
        }
      ).s ?? 0) + 1;
    const ev: JobEvent = { seq, type, data, at: Date.now() };
    this.db
      .prepare('insert into job_events (job_id, seq, type, data, at) values (?, ?, ?, ?, ?)')
      .run(jobId, seq, type, JSON.stringify(data), ev.at);
    this.events.emit(jobId, ev);
  }

  eventsOf(jobId: string, after = 0): JobEvent[] {
    const rows = this.db
      .prepare('select seq, type, data, at from job_events where job_id = ? and seq > ? order by seq')
      .all(jobId, after) as { seq: number; type: string; data: string; at: number }[];
    return rows.map((r) => ({ ...r, data: JSON.parse(r.data) as Record<string, unknown> }));
  }
}

function parse(row: Record<string, unknown>): Job {
  const out: Record<string, unknown> = { ...row };
  for (const f of JSON_FIELDS) out[f] = row[f] === null ? null : JSON.parse(row[f] as string);
  return out as unknown as Job;
}
