/**
 * The exactly-once check, from the database itself (read-only, after the server stopped): every job a
 * client was given is final and finished once, one job per Idempotency-Key, each done edit's image on
 * disk, and the clients saw what the database says.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Outcome } from './load.js';

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

/** A job row's times, for server-side queue wait, run time and time to preview. */
export interface JobTimes {
  created: number;
  started: number | null;
  finished: number | null;
  attempts: number;
  preview: number | null;
}

interface Row {
  id: string;
  status: string;
  finish_count: number;
  idempotency_key: string | null;
  output_image: string | null;
  plan: string;
  report: string | null;
  attempts: number;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
}

const FINAL = ['done', 'failed', 'cancelled'];

export function verify(
  dataDir: string,
  outcomes: Outcome[],
  extra: { key: string; jobId?: string }[],
): { checks: Check[]; times: Map<string, JobTimes>; quota: { charged: number; queued: number } } {
  const db = new Database(path.join(dataDir, 'scalpel.db'), { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('select * from jobs').all() as Row[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    const accepted = [
      ...outcomes.filter((o) => o.jobId).map((o) => ({ key: o.key, jobId: o.jobId as string })),
      ...extra.filter((e): e is { key: string; jobId: string } => e.jobId !== undefined),
    ];
    const list = (xs: string[]) =>
      xs.length ? xs.slice(0, 8).join(', ') + (xs.length > 8 ? ', …' : '') : '';
    const check = (name: string, bad: string[], good: string): Check => ({
      name,
      ok: bad.length === 0,
      detail: bad.length ? `${bad.length} violation(s): ${list(bad)}` : good,
    });

    const missing = accepted.filter((a) => !byId.has(a.jobId)).map((a) => a.jobId);
    const notFinal = rows.filter((r) => !FINAL.includes(r.status)).map((r) => `${r.id} (${r.status})`);
    const twice = rows.filter((r) => r.finish_count !== 1).map((r) => `${r.id} ×${r.finish_count}`);
    const dupKeys = (
      db
        .prepare(
          'select idempotency_key k, count(*) n from jobs where idempotency_key is not null group by 1 having n > 1',
        )
        .all() as { k: string; n: number }[]
    ).map((d) => `${d.k} ×${d.n}`);
    const keyMismatch = accepted
      .filter((a) => byId.get(a.jobId) && byId.get(a.jobId)?.idempotency_key !== a.key)
      .map((a) => `${a.key} → ${a.jobId}`);
    const unknown = rows.filter((r) => !accepted.some((a) => a.jobId === r.id)).map((r) => r.id);
    const imageOf = db.prepare('select sha256 from images where id = ?');
    const noImage = rows
      .filter((r) => r.status === 'done' && !isQuestion(r.plan))
      .filter((r) => {
        const img = r.output_image
          ? (imageOf.get(r.output_image) as { sha256: string } | undefined)
          : undefined;
        return !img || !fs.existsSync(path.join(dataDir, 'blobs', img.sha256.slice(0, 2), img.sha256));
      })
      .map((r) => r.id);
    const statusMismatch = outcomes
      .filter((o) => o.final && byId.get(o.final.id)?.status !== o.final.status)
      .map((o) => `${o.jobId}: client ${o.final?.status}, db ${byId.get(o.final?.id ?? '')?.status}`);
    const lost = outcomes.filter((o) => o.lost).map((o) => `#${o.req.index} ${o.lost}`);
    const resubmitted = outcomes.filter((o) => o.resubmit);
    const resubmitBad = resubmitted.filter((o) => !o.resubmit?.sameJob).map((o) => o.key);

    const checks = [
      check('every accepted job is in the database', missing, `${accepted.length} accepted, all present`),
      check('every job is final (done/failed/cancelled)', notFinal, `${rows.length} jobs, all final`),
      check('finish_count = 1 for every job', twice, `${rows.length} jobs finished exactly once`),
      check('no Idempotency-Key names two jobs', dupKeys, 'one job per key'),
      check('each key names the job its client was given', keyMismatch, 'all match'),
      check('no job the clients were not given', unknown, 'none'),
      check('every done edit has its output blob on disk', noImage, 'all present'),
      check('clients saw the status the database holds', statusMismatch, 'all match'),
      check('no accepted job lost or abandoned', lost, 'none'),
      check(
        'a re-submission after a dropped wait names the same job',
        resubmitBad,
        `${resubmitted.length} re-submitted, all the same job`,
      ),
    ];

    const previews = db
      // Previews made by a preview edit (inputs over 1600 px); smaller inputs get the result scaled
      // down just before it, which says nothing about time to preview.
      .prepare(
        "select job_id, min(at) at from job_events where type = 'preview' and json_extract(data, '$.source') = 'edit' group by job_id",
      )
      .all() as { job_id: string; at: number }[];
    const previewAt = new Map(previews.map((p) => [p.job_id, p.at]));
    const times = new Map(
      rows.map((r) => [
        r.id,
        {
          created: r.created_at,
          started: r.started_at,
          finished: r.finished_at,
          attempts: r.attempts,
          preview: previewAt.get(r.id) ?? null,
        },
      ]),
    );
    // Quota is charged per queued edit; a cache hit is free.
    const charged = (db.prepare('select coalesce(sum(count), 0) n from usage').get() as { n: number }).n;
    const queued = rows.filter((r) => !r.report?.includes('"cache":{"hit":true')).length;
    return { checks, times, quota: { charged, queued } };
  } finally {
    db.close();
  }
}

function isQuestion(plan: string): boolean {
  const steps = (JSON.parse(plan) as { steps: { op: string }[] }).steps;
  return steps.every((s) => s.op === 'query');
}
