import { Hono } from 'hono';
import { ScalpelError, type EditPlan } from '../../../index.js';
import { jsonImage, readBody, type Env } from '../http.js';
import { newId } from '../../storage/ids.js';
import { intakeImage } from '../../storage/intake.js';
import type { Services } from '../../services.js';
import { submitEdit, validate } from '../../jobs/submit.js';
import { jobView } from '../views.js';
import { BatchJson, MAX_BATCH, parseFields } from '../schemas/index.js';
import { zip, type ZipEntry } from '../zip.js';

/**
 * One image × N instruction sets (ten regional variants of a poster) in one call. Every instruction
 * is parsed, and quota and queue room are checked for all of them, before any job is queued: a batch
 * is accepted whole or not at all.
 */
export function batchRoutes(svc: Services) {
  const app = new Hono<Env>();
  const origin = (url: string) => new URL(url).origin;

  app.post('/v1/batches', async (c) => {
    const tenant = c.get('tenant');
    const { fields, files } = await readBody(c);
    const body = parseFields(BatchJson, fields);
    const instructions = typeof body.instructions === 'string' ? [body.instructions] : body.instructions;
    const src = files.image ?? jsonImage(body.image, 'image') ?? jsonImage(body.image_url, 'image_url');
    if (!src)
      throw new ScalpelError('INVALID_ARGUMENT', 'A batch needs an image (field "image").', {
        stage: 'request',
        details: { field: 'image' },
      });
    const format = body.format;
    // Parsed once here; the plans go with the jobs.
    const plans: EditPlan[] = [];
    for (const [i, instruction] of instructions.entries()) {
      try {
        plans.push(await validate(svc, { image: src, instruction, format }));
      } catch (err) {
        const e = ScalpelError.from(err);
        throw new ScalpelError(e.code, `Instruction ${i + 1}: ${e.message}`, {
          stage: e.stage,
          details: { ...e.details, index: i },
        });
      }
    }
    // A retried batch (same Idempotency-Key) names the same jobs: each carries the key plus its index.
    const key = c.req.header('idempotency-key') ?? undefined;
    const jobKey = (i: number) => (key === undefined ? undefined : `${key}#${i}`);
    const prior =
      key === undefined ? undefined : await svc.jobs.byIdempotencyKey(tenant.id, jobKey(0) as string);
    if (prior?.batch_id) {
      c.header('Idempotent-Replayed', 'true');
      return c.json(
        { ...(await progress(svc, tenant.id, prior.batch_id, origin(c.req.url))), warnings: [] },
        200,
      );
    }
    // Quota and queue room for all of them before any image work: a batch is taken whole or not at all.
    await svc.policy.check({ kind: 'edit', tenant, instructions });
    let charged = instructions.length;
    let release = () => {};
    try {
      release = await svc.scheduler.admit(instructions.length);
      const { record, warnings } = await intakeImage(src, 'image', tenant.id, {
        config: svc.config,
        images: svc.images,
      });
      const id = newId('bat');
      await svc.sql.run('insert into batches (id, owner, total, created_at) values (?, ?, ?, ?)', [
        id,
        tenant.id,
        instructions.length,
        Date.now(),
      ]);
      for (const [i, instruction] of instructions.entries()) {
        const { job } = await submitEdit(svc, tenant, {
          image: { imageId: record.id },
          instruction,
          plan: plans[i],
          format,
          batchId: id,
          idempotencyKey: jobKey(i),
          precharged: true,
        });
        charged--;
        // Cache hits are free, in a batch as alone.
        if (job.report?.cache?.hit) await svc.limits.refund(tenant.id);
      }
      return c.json({ ...(await progress(svc, tenant.id, id, origin(c.req.url))), warnings }, 202);
    } catch (err) {
      await svc.limits.refund(tenant.id, charged);
      throw err;
    } finally {
      release();
    }
  });

  // Every finished variant's image, numbered in the batch's order, with batch.json saying what each is.
  app.get('/v1/batches/:id/archive', async (c) => {
    const owner = c.get('tenant').id;
    const id = c.req.param('id');
    await progress(svc, owner, id, origin(c.req.url));
    const jobs = (await svc.jobs.list(owner, { limit: MAX_BATCH, batch: id })).reverse();
    const entries: ZipEntry[] = [];
    const index = [];
    for (const [i, j] of jobs.entries()) {
      const rec = j.output_image ? await svc.images.get(owner, j.output_image) : undefined;
      const ext = rec?.format === 'jpeg' ? 'jpg' : rec?.format;
      const file = rec ? `${String(i + 1).padStart(2, '0')}-${slug(j.instruction)}.${ext}` : null;
      if (rec && file)
        entries.push({ name: file, data: svc.images.read(rec), date: new Date(j.finished_at ?? Date.now()) });
      index.push({
        index: i + 1,
        instruction: j.instruction,
        status: j.status,
        file,
        error: j.error,
        warnings: [...j.warnings, ...(j.report?.warnings ?? [])],
      });
    }
    entries.push({ name: 'batch.json', data: Buffer.from(JSON.stringify({ id, variants: index }, null, 2)) });
    c.header('Content-Type', 'application/zip');
    c.header('Content-Disposition', `attachment; filename="${id}.zip"`);
    return c.body(new Uint8Array(zip(entries)));
  });

  app.get('/v1/batches/:id', async (c) =>
    c.json(await progress(svc, c.get('tenant').id, c.req.param('id'), origin(c.req.url))),
  );

  return app;
}

/** A batch with its counts and its jobs (oldest first): NOT_FOUND for another key's batch. */
export async function progress(svc: Services, owner: string, id: string, origin: string) {
  const row = await svc.sql.get<{ total: number; created_at: number }>(
    'select total, created_at from batches where id = ? and owner = ?',
    [id, owner],
  );
  if (!row)
    throw new ScalpelError('NOT_FOUND', `No batch '${id}'.`, { stage: 'request', details: { batch: id } });
  const jobs = (await svc.jobs.list(owner, { limit: MAX_BATCH, batch: id })).reverse();
  const count = (s: string) => jobs.filter((j) => j.status === s).length;
  const finished = count('done') + count('failed') + count('cancelled');
  return {
    id,
    object: 'batch',
    total: row.total,
    done: count('done'),
    failed: count('failed'),
    cancelled: count('cancelled'),
    running: count('running'),
    queued: count('queued'),
    progress: row.total ? finished / row.total : 1,
    created_at: row.created_at,
    jobs: await Promise.all(jobs.map((j) => jobView(svc, j, origin))),
  };
}

/** A file name from an instruction: letters, digits and CJK kept, the rest one dash, at most 40 characters. */
function slug(instruction: string): string {
  const s = [
    ...instruction
      .normalize('NFKC')
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-|-$/g, ''),
  ]
    .slice(0, 40)
    .join('');
  return s || 'variant';
}
