import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import {
  describePlan,
  listEngines,
  readPlan,
  routePlan,
  ScalpelError,
  type EditPlan,
} from '../../../index.js';
import { instructionText, jsonImage, readBody, waitForJob, waitSeconds, type Env } from '../http.js';
import { intakeImage, type ImageSource } from '../../storage/intake.js';
import { FINAL, type Job, type JobEvent } from '../../jobs/jobs.js';
import { EditJson, parseFields, PlanRequest } from '../schemas/index.js';
import type * as z from 'zod';
import type { Services } from '../../services.js';
import { submitEdit, type EditRequest } from '../../jobs/submit.js';
import { jobView } from '../views.js';

/** Reads an edit from multipart (files image/mask/asset) or JSON (image as base64, data: URL or URL). */
export async function editRequest(c: Parameters<typeof readBody>[0]): Promise<EditRequest> {
  const { fields, files } = await readBody(c);
  const body = parseFields(EditJson, fields);
  const image: ImageSource | undefined =
    files.image ?? jsonImage(body.image, 'image') ?? jsonImage(body.image_url, 'image_url');
  if (!image) {
    throw new ScalpelError(
      'INVALID_ARGUMENT',
      "An image is required: a file field 'image', or 'image' / 'image_url' in JSON.",
      {
        stage: 'request',
        details: { field: 'image' },
      },
    );
  }
  return {
    image,
    instruction: instructionText(body.instruction, 'instruction'),
    mask: files.mask ?? jsonImage(body.mask, 'mask'),
    asset: files.asset ?? jsonImage(body.asset, 'asset'),
    format: body.format,
    engine: body.engine,
    idempotencyKey: c.req.header('idempotency-key') ?? undefined,
  };
}

export function editRoutes(svc: Services) {
  const app = new Hono<Env>();
  const origin = (url: string) => new URL(url).origin;

  app.post('/v1/edits', async (c) => {
    const sub = await submitEdit(svc, c.get('tenant'), await editRequest(c));
    c.get('bodyDone')?.();
    const job = await waitForJob(svc, sub.job, waitSeconds(c, svc.config.jobTimeoutMs));
    if (sub.replayed) c.header('Idempotent-Replayed', 'true');
    c.header('Location', `/v1/jobs/${job.id}`);
    return c.json(await jobView(svc, job, origin(c.req.url)), FINAL.includes(job.status) ? 200 : 202);
  });

  // The grammar, and where it would act when an image is given: no job, no quota (the rate limit counts it).
  app.post('/v1/plan', async (c) => {
    const { fields, files } = await readBody(c);
    const body = parseFields(PlanRequest, fields);
    const lang = body.lang ?? 'en';
    const given = (name: 'mask' | 'asset') =>
      files[name] !== undefined || body[`${name}_image`] !== undefined || body[name] === true;
    const plan = await readPlan(instructionText(body.instruction, 'instruction'), {
      maxLength: svc.config.maxInstructionLength,
      context: { mask: given('mask'), asset: given('asset') },
    });
    const legs = routePlan(plan, body.engine);
    const engines = legs.flatMap((l) => l.steps.map(() => l.engine.id));
    const where = await locatePlan(svc, c.get('tenant').id, body, files, plan);
    const summary = describePlan(plan, lang);
    return c.json({ ok: true, plan, summary, engines, ...(where && { where }) });
  });

  app.get('/v1/engines', async (c) => c.json(await listEngines()));

  app.get('/v1/jobs', async (c) => {
    const raw = c.req.query('limit') ?? '20';
    const limit = Number(raw);
    if (!/^\d+$/.test(raw) || limit < 1 || limit > 100) {
      throw new ScalpelError(
        'INVALID_ARGUMENT',
        `'limit' must be a whole number from 1 to 100, not '${raw}'.`,
        {
          stage: 'request',
          details: { field: 'limit', min: 1, max: 100 },
        },
      );
    }
    const before = c.req.query('before') || undefined;
    const jobs = await svc.jobs.list(c.get('tenant').id, { limit: limit + 1, before });
    const page = jobs.slice(0, limit);
    return c.json({
      object: 'list',
      data: await Promise.all(page.map((j) => jobView(svc, j, origin(c.req.url)))),
      has_more: jobs.length > limit,
      // Pass as ?before= for the next page.
      next: jobs.length > limit ? (page.at(-1)?.id ?? null) : null,
    });
  });

  app.get('/v1/jobs/:id', async (c) => {
    const job = await svc.jobs.get(c.get('tenant').id, c.req.param('id'));
    const done = await waitForJob(svc, job, waitSeconds(c, svc.config.jobTimeoutMs));
    return c.json(await jobView(svc, done, origin(c.req.url)));
  });

  const cancel = async (c: {
    get(k: 'tenant'): { id: string };
    req: { param(k: 'id'): string; url: string };
  }) => jobView(svc, await svc.scheduler.cancel(c.get('tenant').id, c.req.param('id')), origin(c.req.url));
  app.post('/v1/jobs/:id/cancel', async (c) => c.json(await cancel(c)));
  app.delete('/v1/jobs/:id', async (c) => c.json(await cancel(c)));

  /**
   * The image itself: the full result, or the low-resolution preview. A finished job without a
   * separate preview (a small input, a cache hit) serves its result as the preview: the best there is.
   */
  for (const which of ['result', 'preview'] as const) {
    app.get(`/v1/jobs/:id/${which}`, async (c) => {
      const job = await svc.jobs.get(c.get('tenant').id, c.req.param('id'));
      const done = job.status === 'done' ? job.output_image : null;
      const id = which === 'result' ? done : (job.preview_image ?? done);
      if (!id) throw noImage(job);
      const rec = await svc.images.get(job.owner, id);
      return c.body(new Uint8Array(svc.images.read(rec)), 200, {
        'Content-Type': `image/${rec.format}`,
        'Cache-Control': 'private, max-age=86400',
      });
    });
  }

  /** Server-sent events: the job's history so far, then live events until it is final. */
  app.get('/v1/jobs/:id/events', async (c) => {
    const job = await svc.jobs.get(c.get('tenant').id, c.req.param('id'));
    const after = Number(c.req.header('last-event-id') ?? c.req.query('after') ?? 0) || 0;
    return streamSSE(c, async (stream) => {
      // Listening before reading the history: an event in between is in one or the other (or both:
      // the sequence check below drops repeats).
      const queue: JobEvent[] = [];
      let wake: () => void = () => undefined;
      const onEvent = (ev: JobEvent) => {
        queue.push(ev);
        wake();
      };
      const stop = () => wake();
      stream.onAbort(stop);
      svc.jobs.events.on(job.id, onEvent);
      svc.jobs.events.on('shutdown', stop);
      let last = after;
      try {
        queue.unshift(...(await svc.jobs.eventsOf(job.id, after)));
        for (;;) {
          while (queue.length) {
            const ev = queue.shift() as JobEvent;
            if (ev.seq <= last) continue;
            last = ev.seq;
            const data =
              ev.type === 'preview' || FINAL.includes(ev.type as never)
                ? await jobView(svc, await svc.jobs.get(job.owner, job.id), origin(c.req.url))
                : ev.data;
            await stream.writeSSE({ id: String(ev.seq), event: ev.type, data: JSON.stringify(data) });
            if (FINAL.includes(ev.type as never)) return;
          }
          if (stream.aborted || svc.jobs.closed) return;
          if (FINAL.includes((await svc.jobs.get(job.owner, job.id)).status)) {
            // A final status is committed with its event: whatever is not sent yet is in the database.
            queue.push(...(await svc.jobs.eventsOf(job.id, last)));
            if (queue.length) continue;
            return;
          }
          // An event that came during the read above found no one waiting: it is in the queue.
          if (queue.length) continue;
          await new Promise<void>((r) => (wake = r));
        }
      } finally {
        svc.jobs.events.off(job.id, onEvent);
        svc.jobs.events.off('shutdown', stop);
      }
    });
  });

  return app;
}

/** Why a job has no image to give: cancelled, failed (its own error), a question, or not yet. */
function noImage(job: Job): ScalpelError {
  if (job.status === 'cancelled')
    return new ScalpelError('JOB_CANCELLED', 'The job was cancelled.', {
      stage: 'request',
      details: { job: job.id },
    });
  if (job.status === 'failed' && job.error)
    return new ScalpelError(job.error.code, job.error.message, {
      stage: job.error.stage,
      details: job.error.details,
    });
  if (job.status === 'done')
    return new ScalpelError(
      'NOT_FOUND',
      'This job answered a question and wrote no image; its answer is in the job.',
      {
        stage: 'request',
        details: { job: job.id },
      },
    );
  return new ScalpelError('JOB_NOT_DONE', `The job is ${job.status}: no image yet.`, {
    stage: 'request',
    details: { job: job.id, status: job.status, retry_after_s: 1 },
  });
}

/** A yes/no field of a plan request: JSON true/false, or a form's "true"/"1"; absent is no. */
/**
 * With an image (or a session, whose head is used) the plan also says where each step would act:
 * grounded by the locator process, one request at a time, nothing edited and no job made.
 */
async function locatePlan(
  svc: Services,
  owner: string,
  body: z.output<typeof PlanRequest>,
  files: Record<string, ImageSource | undefined>,
  plan: EditPlan,
) {
  const session = body.session;
  const src = files.image ?? jsonImage(body.image, 'image') ?? jsonImage(body.image_url, 'image_url');
  if (!session && !src) return undefined;
  const deps = { config: svc.config, images: svc.images };
  let image: Buffer;
  if (session) {
    const head = svc.sessions.headVersion(await svc.sessions.get(owner, session));
    image = svc.images.read(await svc.images.get(owner, head.image_id));
  } else {
    image = svc.images.read((await intakeImage(src as ImageSource, 'image', owner, deps)).record);
  }
  const take = async (src: ImageSource | undefined, role: 'mask' | 'asset') =>
    src ? svc.images.read((await intakeImage(src, role, owner, deps)).record) : undefined;
  const mask = await take(files.mask ?? jsonImage(body.mask_image, 'mask_image'), 'mask');
  // The logo of an add step: where it lands depends on its size.
  const asset = await take(files.asset ?? jsonImage(body.asset_image, 'asset_image'), 'asset');
  return svc.locator.run({ kind: 'where', image, mask, asset, plan, maxPixels: svc.config.maxPixels });
}
