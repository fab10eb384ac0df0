import crypto from 'node:crypto';
import { ResultCache } from './storage/cache.js';
import { sweepRetention, type RetentionSweep } from './storage/retention.js';
import type { ServiceConfig } from './config.js';
import { metaValue, openDb, type Db } from './storage/db.js';
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
import { SessionStore } from './jobs/sessions.js';
import { OssUploads } from './storage/oss-uploads.js';
import { UrlSigner } from './policy/signer.js';

/** Everything a request handler may use, built once per server. */
export interface Services {
  config: ServiceConfig;
  db: Db;
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
  sweep(now?: number): {
    retention?: RetentionSweep;
    cache: ReturnType<ResultCache['sweep']>;
    uploads: number;
  };
  /** What recovery found at start: jobs put back in the queue, and those failed for good. */
  recovered: { requeued: number; failed: string[] };
  close(): Promise<void>;
}

/**
 * Where edits run: this server's own worker processes, or (SCALPEL_REDIS_URL) `scalpel worker`
 * processes anywhere that share the queue and the image storage.
 */
function defaultExecutor(config: ServiceConfig, images: ImageStore): Executor {
  if (!config.redisUrl) return new ProcessPool();
  return new RedisQueue({
    url: config.redisUrl,
    name: config.queueName,
    storage: config.storage ? openStorage(config.storage) : images.disk,
    local: images.disk,
  });
}

export function createServices(config: ServiceConfig, given?: Executor): Services {
  // A bad publishing setting stops the start, before anything is opened.
  const targets = parseTargets(config.publishTargets);
  const db = openDb(config.dataDir);
  const images = new ImageStore(db, config.dataDir);
  const keys = new KeyStore(db);
  const limits = new Limits(db);
  const jobs = new JobStore(db);
  const executor = given ?? defaultExecutor(config, images);
  const cache = new ResultCache(db, images, config.cacheTtlMs, config.cacheMaxBytes);
  const scheduler = new Scheduler(jobs, images, cache, executor, {
    concurrency: config.concurrency,
    maxQueue: config.maxQueue,
    maxPixels: config.maxPixels,
    previewSide: config.previewSide,
    previewAbove: config.previewAbove,
    maxAttempts: config.maxAttempts,
    visibleLabel: config.visibleLabel,
  });
  const sessions = new SessionStore(db, jobs);
  scheduler.onDone((job, out) => sessions.jobDone(job, out));
  const signer = new UrlSigner(
    metaValue(db, 'url_secret', () => crypto.randomBytes(32).toString('base64url')),
    config.urlTtlMs,
  );
  const uploads = new OssUploads(
    db,
    metaValue(db, 'upload_secret', () => crypto.randomBytes(32).toString('base64url')),
  );
  const audit = new AuditLog(db, config.dataDir);
  const sha = (id: string | null) => (id ? (images.getUnchecked(id)?.sha256 ?? null) : null);
  jobs.onFinish((job) =>
    audit.record({
      kind: `job.${job.status}`,
      job: job.id,
      key: job.owner,
      output: sha(job.output_image),
      engines: job.report?.steps.map((s) => s.engine) ?? [],
      produce_id: job.report?.aigc?.ProduceID ?? null,
      error: job.error ? { code: job.error.code, message: job.error.message } : null,
    }),
  );
  const recovered = jobs.recover(config.maxAttempts);
  const publisher = new Publisher(db, images, signer, targets, {
    attempts: Math.max(1, config.publishAttempts),
    backoffMs: config.publishBackoffMs,
  });
  publisher.resume();
  // In-process when the edits are (tests); otherwise its own process, forked on first use.
  const locator = new Locator({
    inline: executor instanceof InlineExecutor,
    timeoutMs: Math.min(config.jobTimeoutMs, 60_000),
    maxWaiting: 4,
  });
  const sweepNow = (now = Date.now()) => ({
    retention:
      config.retentionDays > 0 ? sweepRetention(db, now - config.retentionDays * 86_400_000) : undefined,
    cache: cache.sweep(now),
    uploads: uploads.sweep(now),
  });
  const sweep = setInterval(() => sweepNow(), config.sweepIntervalMs);
  sweep.unref();
  scheduler.pump();
  return {
    config,
    db,
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
      db.close();
    },
  };
}
