import { EventEmitter } from 'node:events';
import { ScalpelError, type EditPlan, type EditReport, type ErrorJson } from '../../index.js';
import type { Param, Sql } from '../storage/sql.js';
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

  constructor(private readonly sql: Sql) {
    this.events.setMaxListeners(0);
  }

  async insert(job: Job): Promise<void> {
    const row: Record<string, unknown> = { ...job };
    for (const f of JSON_FIELDS) row[f] = job[f] === null ? null : JSON.stringify(job[f]);
    const cols = Object.keys(row);
    await this.change(job.id, job.status, {}, (tx) =>
      tx.run(
        `insert into jobs (${cols.join(', ')}) values (${cols.map(() => '?').join(', ')})`,
        cols.map((c) => row[c] as Param),
      ),
    );
  }

  /** The owner's job, or NOT_FOUND (another tenant's id looks exactly like a missing one). */
  async get(owner: string, id: string): Promise<Job> {
    const job = await this.find(id);
    if (!job || job.owner !== owner) throw notFound('job', id);
    return job;
  }

  async find(id: string): Promise<Job | undefined> {
    const row = await this.sql.get('select * from jobs where id = ?', [id]);
    return row ? parse(row) : undefined;
  }

  async byIdempotencyKey(owner: string, key: string): Promise<Job | undefined> {
    const row = await this.sql.get('select * from jobs where owner = ? and idempotency_key = ?', [
      owner,
      key,
    ]);
    return row ? parse(row) : undefined;
  }

  /**
   * The owner's jobs, newest first. `before` is a job id (the last of the previous page): the cursor
   * is (created_at, rowid), so jobs created in the same millisecond are neither skipped nor repeated.
   */
  async list(owner: string, opts: { limit: number; before?: string; batch?: string }): Promise<Job[]> {
    const cursor = opts.before
      ? await this.sql.get<{ c: number; r: number }>(
          'select created_at c, rowid r from jobs where id = ? and owner = ?',
          [opts.before, owner],
        )
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
    const rows = await this.sql.all(
      `select * from jobs where owner = ? and (created_at < ? or (created_at = ? and rowid < ?))
       and (cast(? as text) is null or batch_id = ?) order by created_at desc, rowid desc limit ?`,
      [owner, cursor.c, cursor.c, cursor.r, opts.batch ?? null, opts.batch ?? null, opts.limit],
    );
    return rows.map(parse);
  }

  async countQueued(): Promise<number> {
    return (await this.sql.get<{ n: number }>("select count(*) n from jobs where status = 'queued'"))!.n;
  }

  /**
   * Takes the oldest queued job. The update's `status = 'queued'` guard makes it atomic on either
   * database: of two claimers racing for one job, one changes the row and the other tries the next.
   */
  async claim(): Promise<Job | undefined> {
    for (;;) {
      const row = await this.sql.get<{ id: string }>(
        "select id from jobs where status = 'queued' order by created_at, rowid limit 1",
      );
      if (!row) return undefined;
      const changed = await this.change(row.id, 'running', {}, (tx) =>
        tx.run(
          "update jobs set status = 'running', started_at = ?, attempts = attempts + 1 where id = ? and status = 'queued'",
          [Date.now(), row.id],
        ),
      );
      if (changed === 0) continue;
      return this.find(row.id);
    }
  }

  async setPreview(id: string, imageId: string, source: 'edit' | 'result'): Promise<void> {
    await this.sql.run('update jobs set preview_image = ?, preview_source = ? where id = ?', [
      imageId,
      source,
      id,
    ]);
  }

  /**
   * Moves a job to a final state once: the `where status in (…)` guard makes a second finish (a late
   * worker answer after a cancel, say) a no-op, so every job finishes exactly once. `from` narrows
   * the states it may leave (a cancel takes only a job still queued).
   */
  async finish(
    id: string,
    status: JobStatus,
    fields: { output_image?: string | null; report?: unknown; error?: ErrorJson },
    from: readonly JobStatus[] = ['queued', 'running'],
  ): Promise<boolean> {
    const changed = await this.change(id, status, fields.error ? { error: fields.error } : {}, (tx) =>
      tx.run(
        `update jobs set status = ?, output_image = ?, report = ?, error = ?, finished_at = ?,
         finish_count = finish_count + 1 where id = ? and status in (${from.map(() => '?').join(', ')})`,
        [
          status,
          fields.output_image ?? null,
          fields.report === undefined ? null : JSON.stringify(fields.report),
          fields.error ? JSON.stringify(fields.error) : null,
          Date.now(),
          id,
          ...from,
        ],
      ),
    );
    if (changed === 0) return false;
    const job = await this.find(id);
    if (job) for (const hook of this.finishHooks) await hook(job);
    return true;
  }

  private readonly finishHooks: ((job: Job) => void | Promise<void>)[] = [];

  /** Called once per job, when it reaches its final state (done, failed, cancelled). */
  onFinish(hook: (job: Job) => void | Promise<void>): void {
    this.finishHooks.push(hook);
  }

  /** After a restart: running jobs go back to the queue, or fail once they have used their attempts. */
  async recover(maxAttempts: number): Promise<{ requeued: number; failed: string[] }> {
    const stuck = await this.sql.all<{ id: string; attempts: number }>(
      "select id, attempts from jobs where status = 'running'",
    );
    const failed: string[] = [];
    for (const j of stuck) {
      if (j.attempts < maxAttempts) {
        await this.change(j.id, 'requeued', { attempts: j.attempts }, (tx) =>
          tx.run("update jobs set status = 'queued' where id = ?", [j.id]),
        );
      } else {
        await this.finish(j.id, 'failed', {
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
  async requeue(id: string, data: { attempts: number; reason: string }): Promise<void> {
    await this.change(id, 'requeued', data, (tx) =>
      tx.run("update jobs set status = 'queued' where id = ? and status = 'running'", [id]),
    );
  }

  /** Releases every long poll and event stream (they listen for 'shutdown') before the database closes. */
  close(): void {
    this.closed = true;
    this.events.emit('shutdown');
  }

  /** Appends an event (progress, a preview) with the next sequence number, and announces it. */
  async emit(jobId: string, type: string, data: Record<string, unknown>): Promise<void> {
    await this.change(jobId, type, data, () => Promise.resolve(1));
  }

  /**
   * One state change and its event, committed together, so whoever sees the new status also finds
   * its event (a stream that checks the status never misses the final event). The event takes the
   * next sequence number under the job row's lock (PostgreSQL; SQLite has one writer at a time), so
   * two writers never take the same one; a collision all the same is retried whole. No event when
   * `write` changed no row.
   */
  private async change(
    jobId: string,
    type: string,
    data: Record<string, unknown>,
    write: (tx: Sql) => Promise<number>,
  ): Promise<number> {
    const at = Date.now();
    for (let attempt = 0; ; attempt++) {
      try {
        const done = await this.sql.transaction(async (tx) => {
          const changed = await write(tx);
          if (changed === 0) return { changed, seq: 0 };
          if (tx.dialect === 'postgres') await tx.get('select id from jobs where id = ? for update', [jobId]);
          const row = await tx.get<{ seq: number }>(
            `insert into job_events (job_id, seq, type, data, at)
             select ?, coalesce(max(seq), 0) + 1, ?, ?, ? from job_events where job_id = ? returning seq`,
            [jobId, type, JSON.stringify(data), at, jobId],
          );
          return { changed, seq: row!.seq };
        });
        if (done.changed) this.events.emit(jobId, { seq: done.seq, type, data, at } satisfies JobEvent);
        return done.changed;
      } catch (e) {
        if (attempt >= 5 || !isUniqueViolation(e)) throw e;
      }
    }
  }

  async eventsOf(jobId: string, after = 0): Promise<JobEvent[]> {
    const rows = await this.sql.all<{ seq: number; type: string; data: string; at: number }>(
      'select seq, type, data, at from job_events where job_id = ? and seq > ? order by seq',
      [jobId, after],
    );
    return rows.map((r) => ({ ...r, data: JSON.parse(r.data) as Record<string, unknown> }));
  }
}

/** SQLite's and PostgreSQL's "that key is taken". */
export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

function parse(row: Record<string, unknown>): Job {
  const { rowid: _rowid, ...out } = row;
  for (const f of JSON_FIELDS) out[f] = row[f] === null ? null : JSON.parse(row[f] as string);
  return out as unknown as Job;
}
