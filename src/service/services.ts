import crypto from 'node:crypto';
import { ResultCache } from './storage/cache.js';
import { sweepRetention, type RetentionSweep } from './storage/retention.js';
import type { ServiceConfig } from './config.js';
import { metaValue, openRecords } from './storage/db.js';
import type { Sql } from './storage/sql.js';
import { PgSql } from './storage/postgres.js';
import type { Executor } from './jobs/executor.js';
import { ImageStore } from './storage/images.js';
import { JobStore } from './jobs/jobs.js';
import { KeyStore } from './policy/keys.js';
import { Limits } from './policy/limits.js';
import { defaultRules, Policy } from './policy/policy.js';
import { AuditLog } from './policy/audit.js';
import { Locator } from './jobs/locator.js';
import { Publisher } from './publish/publisher.js';
import { parseTargets } from './publish/targets.js';
import { InlineExecutor, ProcessPool } from './jobs/pool.js';
import { RedisQueue } from './jobs/redis-queue.js';
import { Scheduler } from './jobs/scheduler.js';
import { openStorage } from './storage/s3.js';
import type { BlobStorage } from './storage/blobs.js';
import { SessionStore } from './jobs/sessions.js';
import { OssUploads } from './storage/oss-uploads.js';
import { UrlSigner } from './policy/signer.js';

/** Everything a request handler may use, built once per server. */
export interface Services {
  config: ServiceConfig;
  /** The record store: SQLite in the data directory, or PostgreSQL (SCALPEL_DATABASE_URL). */
  sql: Sql;
  images: ImageStore;
  keys: KeyStore;
  limits: Limits;
  policy: Policy;
  jobs: JobStore;
  cache: ResultCache;
  scheduler: Scheduler;
  sessions: SessionStore;
  signer: UrlSigner;
  /** Where a plan would act (`POST /v1/plan` with an image), in a process of its own. */
  locator: Locator;
  /** The hash-chained trail of every request and decision (audit.log in the data directory). */
  audit: AuditLog;
  /** Publishing to the configured targets, with its delivery log. */
  publisher: Publisher;
  /** DashScope-SDK uploads: signed grants and the oss:// keys they stored. */
  uploads: OssUploads;
  /** Retention (when set), then the cache's expiry, size bound and unused blob files. */
  sweep(now?: number): Promise<{
    retention?: RetentionSweep;
    cache: Awaited<ReturnType<ResultCache['sweep']>>;
    uploads: number;
  }>;
  /** What recovery found at start: jobs put back in the queue, and those failed for good. */
  recovered: { requeued: number; failed: string[] };
  close(): Promise<void>;
}

/**
 * Where edits run: this server's own worker processes, or (SCALPEL_REDIS_URL) `scalpel worker`
 * processes anywhere that share the queue and the image storage.
 */
function defaultExecutor(config: ServiceConfig, images: ImageStore, shared?: BlobStorage): Executor {
  if (!config.redisUrl) return new ProcessPool();
  return new RedisQueue({
    url: config.redisUrl,
    name: config.queueName,
    storage: shared ?? images.disk,
    local: images.disk,
  });
}

export async function createServices(
  config: ServiceConfig,
  given?: Executor,
  hooks: { log?: (line: string) => void; onLeaseLost?: () => void } = {},
): Promise<Services> {
  const log = hooks.log ?? (() => undefined);
  // A bad publishing setting stops the start, before anything is opened.
  const targets = parseTargets(config.publishTargets);
  const sql = await openRecords(config);
  // One active service per record database: recovery re-queues every running job, which is right
  // only when no other service is running them. A second one waits as a standby.
  const endLease =
    sql instanceof PgSql
      ? await sql
          .lease(
            () => log('Standby: another service is active on this record database; waiting to take over.'),
            (err) => {
              log(`Lost the record database's lease (${err.message}); a standby may take over.`);
              hooks.onLeaseLost?.();
            },
          )
          .catch(async (e: unknown) => {
            await sql.close();
            throw e;
          })
      : undefined;
  // Opened only when workers elsewhere use it: a setting without Redis stays inert, as before.
  const shared = config.redisUrl && config.storage ? openStorage(config.storage) : undefined;
  const images = new ImageStore(sql, config.dataDir, shared, (err) =>
    log(
      `Retention could not keep ${shared?.where} in step: ${err.message} Blobs it meant to delete stay there; ` +
        'one a job needs and does not find there is uploaded again.',
    ),
  );
  const executor = given ?? defaultExecutor(config, images, shared);
  try {
    return await assemble(config, sql, images, executor, targets, endLease);
  } catch (e) {
    // A start that fails halfway leaves nothing open: no pool, no lease, no forked workers.
    await executor.close().catch(() => undefined);
    await sql.close().catch(() => undefined);
    await endLease?.();
    throw e;
  }
}

async function assemble(
  config: ServiceConfig,
  sql: Sql,
  images: ImageStore,
  executor: Executor,
  targets: ReturnType<typeof parseTargets>,
  endLease: (() => Promise<void>) | undefined,
): Promise<Services> {
  const keys = new KeyStore(sql);
  const limits = new Limits(sql);
  const jobs = new JobStore(sql);
  const cache = new ResultCache(sql, images, config.cacheTtlMs, config.cacheMaxBytes);
  const scheduler = new Scheduler(jobs, images, cache, executor, {
    concurrency: config.concurrency,
    maxQueue: config.maxQueue,
    maxPixels: config.maxPixels,
    previewSide: config.previewSide,
    previewAbove: config.previewAbove,
    maxAttempts: config.maxAttempts,
    visibleLabel: config.visibleLabel,
  });
  const sessions = new SessionStore(sql, jobs);
  scheduler.onDone((job, out) => sessions.jobDone(job, out));
  const signer = new UrlSigner(
    await metaValue(sql, 'url_secret', () => crypto.randomBytes(32).toString('base64url')),
    config.urlTtlMs,
  );
  const uploads = new OssUploads(
    sql,
    await metaValue(sql, 'upload_secret', () => crypto.randomBytes(32).toString('base64url')),
  );
  const audit = await AuditLog.open(sql, config.dataDir);
  const sha = async (id: string | null) => (id ? ((await images.getUnchecked(id))?.sha256 ?? null) : null);
  jobs.onFinish(async (job) =>
    audit.record({
      kind: `job.${job.status}`,
      job: job.id,
      key: job.owner,
      output: await sha(job.output_image),
      engines: job.report?.steps.map((s) => s.engine) ?? [],
      produce_id: job.report?.aigc?.ProduceID ?? null,
      error: job.error ? { code: job.error.code, message: job.error.message } : null,
    }),
  );
  const recovered = await jobs.recover(config.maxAttempts);
  const publisher = new Publisher(sql, images, signer, targets, {
    attempts: Math.max(1, config.publishAttempts),
    backoffMs: config.publishBackoffMs,
  });
  await publisher.resume();
  // In-process when the edits are (tests); otherwise its own process, forked on first use.
  const locator = new Locator({
    inline: executor instanceof InlineExecutor,
    timeoutMs: Math.min(config.jobTimeoutMs, 60_000),
    maxWaiting: 4,
  });
  const sweepNow = async (now = Date.now()) => ({
    retention:
      config.retentionDays > 0
        ? await sweepRetention(sql, now - config.retentionDays * 86_400_000)
        : undefined,
    cache: await cache.sweep(now),
    uploads: await uploads.sweep(now),
  });
  // A sweep that fails (the database away for a moment) is tried again at the next interval; one
  // still deleting from a slow shared store is not run over by the next.
  let sweeping = false;
  const sweep = setInterval(() => {
    if (sweeping) return;
    sweeping = true;
    void sweepNow()
      .catch(() => undefined)
      .finally(() => (sweeping = false));
  }, config.sweepIntervalMs);
  sweep.unref();
  scheduler.pump();
  return {
    config,
    sql,
    images,
    keys,
    limits,
    policy: new Policy(defaultRules(limits)),
    jobs,
    cache,
    scheduler,
    sessions,
    signer,
    uploads,
    locator,
    publisher,
    audit,
    recovered,
    sweep: sweepNow,
    async close() {
      clearInterval(sweep);
      locator.close();
      publisher.close();
      jobs.close();
      await scheduler.close();
      await audit.flush();
      await sql.close();
      await endLease?.();
    },
  };
}
