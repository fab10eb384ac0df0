import { Hono } from 'hono';
import { parseFollowUp, ScalpelError } from '../../../index.js';
import { instructionText, jsonImage, readBody, waitForJob, waitSeconds, type Env } from '../http.js';
import { intakeImage } from '../../storage/intake.js';
import { FINAL } from '../../jobs/jobs.js';
import type { Services } from '../../services.js';
import { submitEdit } from '../../jobs/submit.js';
import { jobView, sessionView } from '../views.js';
import { FollowUp, ImageJson, parseFields } from '../schemas/index.js';

/**
 * Sessions: upload once, then send instructions one after another. Each finished edit is a version
 * whose parent is the version it started from; 撤销/undo and 重做/redo move the head, and a follow-up
 * made only of modifiers (字再大一点) re-runs the head's plan, amended, on the image that plan started from.
 */
export function sessionRoutes(svc: Services) {
  const app = new Hono<Env>();
  const origin = (url: string) => new URL(url).origin;

  app.post('/v1/sessions', async (c) => {
    const { fields, files } = await readBody(c);
    const body = parseFields(ImageJson, fields);
    const src = files.image ?? jsonImage(body.image, 'image') ?? jsonImage(body.image_url, 'image_url');
    if (!src) {
      throw new ScalpelError('INVALID_ARGUMENT', 'A session starts from an image (field "image").', {
        stage: 'request',
        details: { field: 'image' },
      });
    }
    const tenant = c.get('tenant');
    const { record } = await intakeImage(src, 'image', tenant.id, { config: svc.config, images: svc.images });
    return c.json(
      await sessionView(svc, await svc.sessions.create(tenant.id, record), origin(c.req.url)),
      201,
    );
  });

  // Reading a session and moving its head answer alike: the session as it is now.
  for (const [method, path, act] of [
    ['get', '/v1/sessions/:id', 'get'],
    ['post', '/v1/sessions/:id/undo', 'undo'],
    ['post', '/v1/sessions/:id/redo', 'redo'],
  ] as const) {
    app[method](path, async (c) => {
      const s = await svc.sessions[act](c.get('tenant').id, c.req.param('id'));
      return c.json(await sessionView(svc, s, origin(c.req.url)));
    });
  }

  app.post('/v1/sessions/:id/edits', async (c) => {
    const tenant = c.get('tenant');
    const id = c.req.param('id');
    const session = await svc.sessions.get(tenant.id, id);
    const { fields, files } = await readBody(c);
    const body = parseFields(FollowUp, fields);
    const instruction = instructionText(body.instruction, 'instruction');
    const head = svc.sessions.headVersion(session);
    const follow = parseFollowUp(instruction, head.plan ?? undefined, svc.config.maxInstructionLength);
    if (follow?.kind === 'undo' || follow?.kind === 'redo') {
      const s =
        follow.kind === 'undo'
          ? await svc.sessions.undo(tenant.id, id)
          : await svc.sessions.redo(tenant.id, id);
      return c.json({
        object: 'session.move',
        action: follow.kind,
        session: await sessionView(svc, s, origin(c.req.url)),
      });
    }
    // An amendment runs on the image the head's edit started from, so 字再大一点 enlarges the original
    // text once more; the new version is still the head's child, so undo shows what was on screen.
    const source =
      follow?.kind === 'amend' && head.job_id
        ? (await svc.jobs.get(tenant.id, head.job_id)).input_image
        : head.image_id;
    const sub = await submitEdit(svc, tenant, {
      image: { imageId: source },
      instruction,
      plan: follow?.kind === 'amend' ? follow.plan : undefined,
      mask: files.mask ?? jsonImage(body.mask, 'mask'),
      asset: files.asset ?? jsonImage(body.asset, 'asset'),
      format: body.format,
      idempotencyKey: c.req.header('idempotency-key') ?? undefined,
      session: { id, baseVersion: head.id },
    });
    c.get('bodyDone')?.();
    const job = await waitForJob(svc, sub.job, waitSeconds(c, svc.config.jobTimeoutMs));
    if (sub.replayed) c.header('Idempotent-Replayed', 'true');
    c.header('Location', `/v1/jobs/${job.id}`);
    return c.json(await jobView(svc, job, origin(c.req.url)), FINAL.includes(job.status) ? 200 : 202);
  });

  return app;
}
