import type * as z from 'zod';
import * as S from './schemas/index.js';
import type { ImageRecord } from '../storage/images.js';
import type { Job } from '../jobs/jobs.js';
import type { Services } from '../services.js';
import type { Session } from '../jobs/sessions.js';

/** The answers' shapes, from the declarations /openapi.json is generated from (schemas/). */
export type ImageView = z.infer<typeof S.ImageView>;
export type JobView = z.infer<typeof S.Job>;
export type SessionView = z.infer<typeof S.Session>;

/** Signed: works without a key until it expires (clients of other APIs fetch results so). */
export function imageView(svc: Services, rec: ImageRecord, origin: string): ImageView {
  const { id, width, height, bytes } = rec;
  const format = S.Format.parse(rec.format);
  return { id, format, width, height, bytes, url: origin + svc.signer.path(id) };
}

/** A job as the API shows it: status, the preview and result when there are any, or the error. */
export async function jobView(svc: Services, job: Job, origin: string): Promise<JobView> {
  const img = async (id: string | null) =>
    id ? imageView(svc, await svc.images.get(job.owner, id), origin) : null;
  const report = job.report ? { ...job.report, warnings: [...job.warnings, ...job.report.warnings] } : null;
  return {
    id: job.id,
    object: 'job',
    status: job.status,
    instruction: job.instruction,
    plan: job.plan,
    created_at: job.created_at,
    started_at: job.started_at,
    finished_at: job.finished_at,
    attempts: job.attempts,
    session_id: job.session_id,
    batch_id: job.batch_id,
    warnings: job.warnings,
    preview: job.preview_image ? { image: await img(job.preview_image), source: job.preview_source } : null,
    result:
      job.status === 'done'
        ? { image: await img(job.output_image), report, answer: job.report?.answer ?? null }
        : null,
    error: job.error,
    cache: { hit: job.report?.cache?.hit ?? false },
    links: {
      self: `${origin}/v1/jobs/${job.id}`,
      events: `${origin}/v1/jobs/${job.id}/events`,
      result: `${origin}/v1/jobs/${job.id}/result`,
    },
  };
}

export async function sessionView(svc: Services, s: Session, origin: string): Promise<SessionView> {
  const images = await Promise.all(s.versions.map((v) => svc.images.get(s.owner, v.image_id)));
  return {
    id: s.id,
    object: 'session',
    head: s.head,
    created_at: s.created_at,
    versions: s.versions.map((v, i) => ({
      id: v.id,
      parent: v.parent,
      job_id: v.job_id,
      instruction: v.instruction,
      created_at: v.created_at,
      image: imageView(svc, images[i] as ImageRecord, origin),
    })),
  };
}
