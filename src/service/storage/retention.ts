import type { Db } from './db.js';

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
export function sweepRetention(db: Db, cutoff: number): RetentionSweep {
  const run = db.transaction(() => {
    const sessions = db
      .prepare(
        `delete from sessions where created_at < @cutoff and not exists
           (select 1 from versions v where v.session_id = sessions.id and v.created_at >= @cutoff)`,
      )
      .run({ cutoff }).changes;
    db.prepare('delete from versions where session_id not in (select id from sessions)').run();
    const jobs = db
      .prepare(
        `delete from jobs where status in ('done', 'failed', 'cancelled') and finished_at < @cutoff
           and id not in (select job_id from versions where job_id is not null)`,
      )
      .run({ cutoff }).changes;
    db.prepare('delete from job_events where job_id not in (select id from jobs)').run();
    db.prepare(
      'delete from batches where created_at < @cutoff and id not in (select batch_id from jobs where batch_id is not null)',
    ).run({ cutoff });
    const imagesGone = db
      .prepare(
        `delete from images where created_at < @cutoff and id not in (
           select input_image from jobs
           union select output_image from jobs where output_image is not null
           union select preview_image from jobs where preview_image is not null
           union select json_extract(options, '$.mask_image') from jobs where json_extract(options, '$.mask_image') is not null
           union select json_extract(options, '$.asset_image') from jobs where json_extract(options, '$.asset_image') is not null
           union select image_id from versions)`,
      )
      .run({ cutoff }).changes;
    // Quota counters of past days are no longer read.
    db.prepare('delete from usage where day < ?').run(new Date(cutoff).toISOString().slice(0, 10));
    return { sessions, jobs, images: imagesGone };
  });
  return run();
}
