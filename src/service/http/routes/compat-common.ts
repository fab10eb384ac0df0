import { ScalpelError, type QueryStep } from '../../../index.js';
import { intakeImage, type ImageSource } from '../../storage/intake.js';
import { waitForJob } from '../http.js';
import type { Job } from '../../jobs/jobs.js';
import type { Tenant } from '../../policy/policy.js';
import type { Services } from '../../services.js';
import { submitEdit, type EditRequest } from '../../jobs/submit.js';

/** What the three compatibility routes share: a synchronous edit, the size rule, answers as text. */

/**
 * Submits the edit and waits for it, as these synchronous protocols need: the finished job, or its
 * error thrown (with the job id in details, which becomes the request_id the client sees).
 */
export async function runEdit(
  svc: Services,
  tenant: Tenant,
  req: EditRequest,
  /** Called once the images are in, before the wait (the in-flight body bound is then released). */
  submitted?: () => void,
): Promise<Job> {
  const { job } = await submitEdit(svc, tenant, req);
  submitted?.();
  const done = await waitForJob(svc, job, svc.config.jobTimeoutMs);
  if (done.status === 'done') return done;
  if (done.error) {
    const { code, message, stage, details } = done.error;
    throw new ScalpelError(code, message, { stage, details: { ...details, job: done.id } });
  }
  // Left running on purpose: the result lands in the cache, so the same request again gets it at once.
  throw new ScalpelError(
    'JOB_TIMEOUT',
    `The edit did not finish within ${svc.config.jobTimeoutMs} ms. It is still ${done.status}: ` +
      `GET /v1/jobs/${done.id} will have it, and the same request sent again is answered from the cache.`,
    { stage: 'queue', details: { job: done.id, status: done.status, retry_after_s: 5 } },
  );
}

/** An image request that names an output size: Scalpel never resizes, so only the image's own size passes. */
export async function ownSizeOnly(
  svc: Services,
  tenant: Tenant,
  image: ImageSource,
  size: { text: string; width: number; height: number; field: string },
): Promise<{ imageId: string }> {
  const { record } = await intakeImage(image, 'image', tenant.id, { config: svc.config, images: svc.images });
  if (record.width !== size.width || record.height !== size.height) {
    throw invalid(
      `'${size.field}' is ${size.text} but the image is ${record.width}×${record.height}: Scalpel edits in place ` +
        'and never resizes. Leave the size out or give the image’s own size.',
      size.field,
    );
  }
  return { imageId: record.id };
}

/** The answer to a question as one sentence, in the instruction's language (Chinese or English). */
export function answerSentence(job: Job): string {
  const answer = job.report?.answer;
  const phrase = job.plan.steps.find((s): s is QueryStep => s.op === 'query')?.target.phrase ?? '';
  const zh = /[\u3400-\u9fff]/.test(job.instruction);
  if (!answer) return zh ? '没有得到答案。' : 'No answer was found.';
  const where = answer.objects.map((o) => `(${o.box.x}, ${o.box.y}) ${o.box.width}×${o.box.height}`);
  const note = answer.note ? ` (${answer.note})` : '';
  if (zh)
    return answer.exists
      ? `有，找到 ${answer.objects.length} 处${phrase}：${where.join('；')}。${note}`
      : `没有，图中没有找到${phrase}。${note}`;
  return answer.exists
    ? `Yes: ${answer.objects.length} × ${phrase} at ${where.join('; ')}.${note}`
    : `No ${phrase} found.${note}`;
}

export function invalid(message: string, field: string): ScalpelError {
  return new ScalpelError('INVALID_ARGUMENT', message, { stage: 'request', details: { field } });
}

/** A JSON field that must be an object when present. */
export function objectField(value: unknown, field: string): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value))
    throw invalid(`'${field}' must be a JSON object.`, field);
  return value as Record<string, unknown>;
}
