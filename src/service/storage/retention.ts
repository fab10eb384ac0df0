import type { Sql } from './sql.js';

export interface RetentionSweep {
  sessions: number;
  jobs: number;
  images: number;
}

/**
 * Forgets what is older than the cutoff, oldest structures first so nothing still reachable loses a
 * part: idle sessions (no version since the cutoff) with their versions; finished jobs no session
 * still points at, with their events; then images that no remaining job, version or cache entry
 * uses. Queued and running jobs are never touched. The blob files nothing names any more go with the
 * cache's sweep (ImageStore.collect).
 */
export function sweepRetention(sql: Sql, cutoff: number): Promise<RetentionSweep> {
  // Option fields hold image ids too (a mask, a logo); each database reads JSON its own way.
  const option = (field: string) =>
    sql.dialect === 'postgres' ? `(options::json ->> '${field}')` : `json_extract(options, '$.${field}')`;
  return sql.transaction(async (tx) => {
    const sessions = await tx.run(
      `delete from sessions where created_at < ? and not exists
         (select 1 from versions v where v.session_id = sessions.id and v.created_at >= ?)`,
      [cutoff, cutoff],
    );
    await tx.run('delete from versions where session_id not in (select id from sessions)');
    const jobs = await tx.run(
      `delete from jobs where status in ('done', 'failed', 'cancelled') and finished_at < ?
         and id not in (select job_id from versions where job_id is not null)`,
      [cutoff],
    );
    await tx.run('delete from job_events where job_id not in (select id from jobs)');
    await tx.run(
      'delete from batches where created_at < ? and id not in (select batch_id from jobs where batch_id is not null)',
      [cutoff],
    );
    const images = await tx.run(
      `delete from images where created_at < ? and id not in (
         select input_image from jobs
         union select output_image from jobs where output_image is not null
         union select preview_image from jobs where preview_image is not null
         union select ${option('mask_image')} from jobs where ${option('mask_image')} is not null
         union select ${option('asset_image')} from jobs where ${option('asset_image')} is not null
         union select image_id from versions)`,
      [cutoff],
    );
    // Quota counters of past days are no longer read.
    await tx.run('delete from usage where day < ?', [new Date(cutoff).toISOString().slice(0, 10)]);
    return { sessions, jobs, images };
  });
}
