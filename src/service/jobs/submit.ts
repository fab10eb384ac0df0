import { legsId, readPlan, routePlan, ScalpelError, type EditPlan } from '../../index.js';
import { cacheKey } from '../storage/cache.js';
import { newId, sha256 } from '../storage/ids.js';
import { intakeImage, type ImageSource } from '../storage/intake.js';
import { isUniqueViolation, type Job, type JobOptions } from './jobs.js';
import type { Tenant } from '../policy/policy.js';
import type { Services } from '../services.js';

export interface EditRequest {
  image: ImageSource | { imageId: string };
  instruction: string;
  mask?: ImageSource;
  asset?: ImageSource;
  format?: string;
  /** Every step to this engine; absent: each step to the first engine that does it well. */
  engine?: string;
  idempotencyKey?: string;
  /** A plan made earlier (parsed by the route, or amended for a follow-up); the instruction is then only echoed. */
  plan?: EditPlan;
  session?: { id: string; baseVersion: string };
  batchId?: string;
  /** The caller (a batch) already passed the policy and made queue room for this edit. */
  precharged?: boolean;
}

export interface Submitted {
  job: Job;
  /** True when an Idempotency-Key matched an earlier request: nothing new was run or charged. */
  replayed: boolean;
  warnings: string[];
}

const FORMATS = ['png', 'jpeg', 'webp'] as const;

/** Checks what can be checked without touching an image: instruction, format, idempotency key. */
export async function validate(svc: Services, req: EditRequest): Promise<EditPlan> {
  if (req.format !== undefined && !(FORMATS as readonly string[]).includes(req.format)) {
    throw new ScalpelError(
      'INVALID_ARGUMENT',
      `Unknown output format '${req.format}'. Valid formats: ${FORMATS.join(', ')}.`,
      {
        stage: 'args',
        details: { format: req.format, valid: FORMATS },
      },
    );
  }
  if (req.idempotencyKey !== undefined && !/^[\x21-\x7e]{1,255}$/.test(req.idempotencyKey)) {
    throw new ScalpelError('INVALID_ARGUMENT', 'Idempotency-Key must be 1–255 printable ASCII characters.', {
      stage: 'args',
      details: { header: 'Idempotency-Key' },
    });
  }
  // A fresh sentence is planned with what the request carries: a missing logo is refused here, not in a job.
  const plan =
    req.plan ??
    (await readPlan(req.instruction, {
      maxLength: svc.config.maxInstructionLength,
      context: { mask: req.mask !== undefined, asset: req.asset !== undefined },
    }));
  // So is new content that no configured engine can draw, and an unknown or unusable forced engine.
  routePlan(plan, req.engine);
  return plan;
}

/**
 * Accepts one edit: validate → idempotency → policy (rate, quota) and queue room → images in →
 * cache → queue. The quota is charged before any image work (a key over it costs nothing) and given
 * back on a cache hit or a later refusal; a refusal leaves no job behind.
 */
export async function submitEdit(svc: Services, tenant: Tenant, req: EditRequest): Promise<Submitted> {
  const plan = await validate(svc, req);
  const fingerprint = sha256(
    JSON.stringify([
      // A session edit is the same request whatever the head is by the time a retry arrives.
      req.session ? `session:${req.session.id}` : await describe(svc, tenant, req.image),
      req.instruction,
      await describe(svc, tenant, req.mask),
      await describe(svc, tenant, req.asset),
      req.format ?? null,
      req.engine ?? null,
    ]),
  );
  const earlier = await replay(svc, tenant, req.idempotencyKey, fingerprint);
  if (earlier) return earlier;
  let release = () => {};
  if (!req.precharged) {
    await svc.policy.check({ kind: 'edit', tenant, instructions: [req.instruction] });
    try {
      release = await svc.scheduler.admit();
    } catch (err) {
      await svc.limits.refund(tenant.id);
      throw err;
    }
  }
  const refund = async () => {
    if (!req.precharged) await svc.limits.refund(tenant.id);
  };
  try {
    const job = await prepare(svc, tenant, req, plan, fingerprint);
    // Intake awaited: a simultaneous retry with the same key may have been queued meanwhile.
    const raced = await replay(svc, tenant, req.idempotencyKey, fingerprint);
    if (raced) {
      await refund();
      return raced;
    }
    const hit = await svc.cache.get(job.cache_key);
    // Audited once the job exists (an insert refused as a retry's duplicate is no acceptance) and
    // before it can finish.
    const audit = () => accepted(svc, job, hit !== undefined);
    if (hit) {
      await refund();
      return {
        job: await svc.scheduler.completeFromCache(job, hit, audit),
        replayed: false,
        warnings: job.warnings,
      };
    }
    await svc.scheduler.enqueue(job, audit);
    return { job: await svc.jobs.get(tenant.id, job.id), replayed: false, warnings: job.warnings };
  } catch (err) {
    await refund();
    // One that arrived in the last moment took the key first (the unique index refused this insert).
    const raced = isUniqueViolation(err)
      ? await replay(svc, tenant, req.idempotencyKey, fingerprint)
      : undefined;
    if (raced) return raced;
    throw err;
  } finally {
    // Queued (and counted as such) or refused: either way the reservation is over.
    release();
  }
}

/** Takes the images in and builds the queued job (not yet stored). */
async function prepare(
  svc: Services,
  tenant: Tenant,
  req: EditRequest,
  plan: EditPlan,
  fingerprint: string,
): Promise<Job> {
  const deps = { config: svc.config, images: svc.images };
  const main =
    'imageId' in req.image
      ? { record: await svc.images.get(tenant.id, req.image.imageId), warnings: [] }
      : await intakeImage(req.image, 'image', tenant.id, deps);
  const mask = req.mask ? (await intakeImage(req.mask, 'mask', tenant.id, deps)).record : undefined;
  const asset = req.asset ? (await intakeImage(req.asset, 'asset', tenant.id, deps)).record : undefined;
  const engines = legsId(routePlan(plan, req.engine));
  return {
    id: newId('job'),
    owner: tenant.id,
    status: 'queued',
    instruction: req.instruction,
    plan,
    options: {
      mask_image: mask?.id,
      asset_image: asset?.id,
      format: req.format as JobOptions['format'],
      ...(req.engine === undefined ? {} : { engine: req.engine }),
    },
    input_image: main.record.id,
    output_image: null,
    preview_image: null,
    preview_source: null,
    report: null,
    error: null,
    warnings: main.warnings,
    cache_key: cacheKey({
      // Per tenant: a hit must not tell one key what another has edited, or when.
      tenant: tenant.id,
      image: main.record.sha256,
      plan,
      engine: engines,
      mask: mask?.sha256,
      asset: asset?.sha256,
      format: req.format ?? main.record.format,
      visibleLabel: svc.config.visibleLabel,
    }),
    fingerprint,
    idempotency_key: req.idempotencyKey ?? null,
    session_id: req.session?.id ?? null,
    base_version: req.session?.baseVersion ?? null,
    batch_id: req.batchId ?? null,
    attempts: 0,
    timeout_ms: svc.config.jobTimeoutMs,
    created_at: Date.now(),
    started_at: null,
    finished_at: null,
    finish_count: 0,
  };
}

/**
 * What identifies an image source for the idempotency fingerprint: its content where we have it
 * (bytes, base64, an image already stored), so a retry matches however the image travelled.
 */
async function describe(
  svc: Services,
  tenant: Tenant,
  src: EditRequest['image'] | undefined,
): Promise<string | null> {
  if (!src) return null;
  if ('imageId' in src) return `sha:${(await svc.images.get(tenant.id, src.imageId)).sha256}`;
  if ('url' in src) return `url:${src.url}`;
  if ('bytes' in src) return `sha:${sha256(src.bytes)}`;
  return `sha:${sha256(Buffer.from(src.base64.replace(/^data:[\w/+.-]+;base64,/, ''), 'base64'))}`;
}

/** The job an earlier request with this Idempotency-Key made, or IDEMPOTENCY_CONFLICT if it asked otherwise. */
async function replay(
  svc: Services,
  tenant: Tenant,
  key: string | undefined,
  fingerprint: string,
): Promise<Submitted | undefined> {
  const prior = key ? await svc.jobs.byIdempotencyKey(tenant.id, key) : undefined;
  if (!prior) return undefined;
  if (prior.fingerprint !== fingerprint) {
    throw new ScalpelError('IDEMPOTENCY_CONFLICT', 'This Idempotency-Key was used for a different request.', {
      stage: 'request',
      details: { idempotency_key: key, job: prior.id },
    });
  }
  return { job: prior, replayed: true, warnings: [] };
}

/** The audit record of an accepted edit: who, what was asked of which pixels, and by which engines. */
async function accepted(svc: Services, job: Job, cached: boolean): Promise<void> {
  const sha = async (id: string | undefined | null) =>
    id ? ((await svc.images.getUnchecked(id))?.sha256 ?? null) : null;
  await svc.audit.record({
    kind: cached ? 'edit.cached' : 'edit.accepted',
    job: job.id,
    key: job.owner,
    session: job.session_id,
    batch: job.batch_id,
    input: await sha(job.input_image),
    mask: await sha(job.options.mask_image),
    asset: await sha(job.options.asset_image),
    instruction: job.instruction,
    plan: job.plan,
    engine: job.options.engine ?? null,
  });
}
