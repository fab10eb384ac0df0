import os from 'node:os';
import path from 'node:path';
import { ScalpelError } from '../index.js';
import { LABEL_CORNERS } from '../provenance/visible.js';

/** Everything the service can be told; each field has a default so `npm start` needs nothing. */
export interface ServiceConfig {
  host: string;
  port: number;
  /** SQLite database and image files live here. */
  dataDir: string;
  /** Edits running at once (each in its own worker process with its own models). */
  concurrency: number;
  /** Jobs waiting beyond this get 429 QUEUE_FULL with Retry-After. */
  maxQueue: number;
  jobTimeoutMs: number;
  /** Request bodies (uploads, base64 JSON) larger than this are refused before parsing. */
  maxBodyBytes: number;
  /** Bytes of request bodies being read and decoded at once; beyond, 503 SERVER_BUSY (0: no bound). */
  maxInflightBytes: number;
  maxPixels: number;
  maxInstructionLength: number;
  /** Long side of the preview edit (0: never a preview). */
  previewSide: number;
  /**
   * Only inputs whose long side is over this get a preview: below it the full edit is about as quick
   * as the preview (a 1024² poster: ≈ 0.6 s full vs 0.7 s preview first), so a preview only delays it.
   */
  previewAbove: number;
  cacheTtlMs: number;
  cacheMaxBytes: number;
  sweepIntervalMs: number;
  /** What to do with blurred, badly exposed or noisy inputs. */
  qualityGate: 'off' | 'warn' | 'refuse';
  urlTimeoutMs: number;
  /** Lets image URLs reach private addresses: for tests and intranet deployments only. */
  urlAllowPrivate: boolean;
  /** Per-key defaults when a key does not set its own. */
  ratePerMinute: number;
  quotaPerDay: number;
  /**
   * The origin clients reach this service at (https://scalpel.example.com), for every absolute link
   * it makes (signed file URLs, job links, upload hosts). '' = the request's own Host, which a
   * client can forge: set this behind a proxy or on any public deployment.
   */
  publicUrl: string;
  /** One JSON line per request on stdout (SCALPEL_ACCESS_LOG=false turns it off). */
  accessLog: boolean;
  /** Where results may be published: JSON naming each target (see publish/targets.ts); '' = none. */
  publishTargets: string;
  /** Tries per delivery while failures may pass, the first wait (doubling) between them. */
  publishAttempts: number;
  publishBackoffMs: number;
  /** Signed result URLs stay valid this long. */
  urlTtlMs: number;
  /** Finished jobs, idle sessions and unused images older than this are deleted (0: kept forever). */
  retentionDays: number;
  /** A job that was running when the server stopped is retried this many times, then fails. */
  maxAttempts: number;
  /**
   * Scale-out: the Redis that carries the queue to `scalpel worker` processes (redis://host:6379);
   * '' = edits run in this server's own worker processes.
   */
  redisUrl: string;
  /**
   * Scale-out: the PostgreSQL that keeps the records (jobs, sessions, keys, usage, the cache index…),
   * postgres://user:pass@host/db; '' = SQLite in the data directory.
   */
  databaseUrl: string;
  /** The queue's name on that Redis: the service and its workers must be told the same. */
  queueName: string;
  /**
   * Where workers read and write images: a directory every machine mounts, or s3://bucket/prefix (an
   * S3-compatible store, see storage/s3.ts); '' = the data directory's blobs/.
   */
  storage: string;
  /**
   * Every image this service writes also carries the visible AIGC label at this corner
   * (bottom-right, bottom-left, top-right, top-left); '' = only the implicit label in the metadata.
   */
  visibleLabel: string;
  /** A worker's lock on a run; one killed mid-edit is noticed after one to two of these (scalpel worker). */
  lockMs: number;
}

const HOUR = 3_600_000;

export function defaultConfig(): ServiceConfig {
  return {
    host: '127.0.0.1',
    port: 8080,
    dataDir: path.resolve('.scalpel'),
    // One worker per two cores: an edit already keeps two busy (onnxruntime, sharp and tfjs threads);
    // on 2 cores one worker did 1.63–1.84 jobs/s against 1.64 for two, in 1.5 GB instead of 2.6
    // (bench/SERVICE.md). Each worker holds its own models (0.7–1.4 GB), so memory bounds it too.
    concurrency: Math.max(
      1,
      Math.min(Math.floor(os.availableParallelism() / 2), Math.floor(os.totalmem() / 2 ** 31)),
    ),
    maxQueue: 64,
    jobTimeoutMs: 120_000,
    maxBodyBytes: 70 * 1024 * 1024,
    maxInflightBytes: 256 * 1024 * 1024,
    maxPixels: 40_000_000,
    maxInstructionLength: 200,
    previewSide: 512,
    previewAbove: 1600,
    cacheTtlMs: 24 * HOUR,
    cacheMaxBytes: 2 * 1024 ** 3,
    sweepIntervalMs: 10 * 60_000,
    qualityGate: 'warn',
    urlTimeoutMs: 10_000,
    urlAllowPrivate: false,
    // Every request counts, polls included: 10 a second leaves room for a UI that polls.
    ratePerMinute: 600,
    quotaPerDay: 10_000,
    urlTtlMs: 24 * HOUR,
    retentionDays: 30,
    maxAttempts: 2,
    publicUrl: '',
    accessLog: true,
    publishTargets: '',
    publishAttempts: 5,
    publishBackoffMs: 1000,
    redisUrl: '',
    databaseUrl: '',
    queueName: 'scalpel',
    storage: '',
    lockMs: 30_000,
    visibleLabel: '',
  };
}

/** The environment variables `scalpel serve` reads, each mapped to one field. */
const ENV: Record<string, keyof ServiceConfig> = {
  HOST: 'host',
  PORT: 'port',
  SCALPEL_DATA_DIR: 'dataDir',
  SCALPEL_CONCURRENCY: 'concurrency',
  SCALPEL_MAX_QUEUE: 'maxQueue',
  SCALPEL_JOB_TIMEOUT_MS: 'jobTimeoutMs',
  SCALPEL_MAX_BODY_BYTES: 'maxBodyBytes',
  SCALPEL_MAX_INFLIGHT_BYTES: 'maxInflightBytes',
  SCALPEL_MAX_PIXELS: 'maxPixels',
  SCALPEL_MAX_INSTRUCTION_LENGTH: 'maxInstructionLength',
  SCALPEL_PREVIEW_SIDE: 'previewSide',
  SCALPEL_PREVIEW_ABOVE: 'previewAbove',
  SCALPEL_CACHE_TTL_MS: 'cacheTtlMs',
  SCALPEL_CACHE_MAX_BYTES: 'cacheMaxBytes',
  SCALPEL_QUALITY_GATE: 'qualityGate',
  SCALPEL_URL_ALLOW_PRIVATE: 'urlAllowPrivate',
  SCALPEL_RATE_PER_MINUTE: 'ratePerMinute',
  SCALPEL_QUOTA_PER_DAY: 'quotaPerDay',
  SCALPEL_RETENTION_DAYS: 'retentionDays',
  SCALPEL_PUBLIC_URL: 'publicUrl',
  SCALPEL_ACCESS_LOG: 'accessLog',
  SCALPEL_PUBLISH_TARGETS: 'publishTargets',
  SCALPEL_PUBLISH_ATTEMPTS: 'publishAttempts',
  SCALPEL_PUBLISH_BACKOFF_MS: 'publishBackoffMs',
  SCALPEL_REDIS_URL: 'redisUrl',
  SCALPEL_DATABASE_URL: 'databaseUrl',
  SCALPEL_QUEUE_NAME: 'queueName',
  SCALPEL_STORAGE: 'storage',
  SCALPEL_LOCK_MS: 'lockMs',
  SCALPEL_VISIBLE_LABEL: 'visibleLabel',
};

export const ENV_VARS = Object.keys(ENV);

/** Reads the environment over the defaults; a malformed value is an error naming the variable. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const cfg = defaultConfig();
  const out: Record<string, unknown> = { ...cfg };
  for (const [name, field] of Object.entries(ENV)) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const current = cfg[field];
    if (typeof current === 'number') {
      const n = Number(raw);
      if (!Number.isFinite(n) || n < 0) throw badEnv(name, raw, 'a non-negative number');
      out[field] = n;
    } else if (typeof current === 'boolean') {
      if (!['1', '0', 'true', 'false'].includes(raw)) throw badEnv(name, raw, 'true or false');
      out[field] = raw === '1' || raw === 'true';
    } else if (field === 'qualityGate') {
      if (!['off', 'warn', 'refuse'].includes(raw)) throw badEnv(name, raw, 'off, warn or refuse');
      out[field] = raw;
    } else if (field === 'publicUrl') {
      out[field] = publicOrigin(raw);
    } else if (field === 'redisUrl') {
      // Never echoed: the URL may carry Redis's password.
      if (!/^rediss?:\/\/[^\s]+$/.test(raw)) throw badEnv(name, '(not shown)', 'a redis:// or rediss:// URL');
      out[field] = raw;
    } else if (field === 'databaseUrl') {
      // Never echoed either: it carries the database password.
      if (!/^postgres(ql)?:\/\/[^\s]+$/.test(raw))
        throw badEnv(name, '(not shown)', 'a postgres:// or postgresql:// URL');
      out[field] = raw;
    } else if (field === 'visibleLabel') {
      if (!(LABEL_CORNERS as readonly string[]).includes(raw))
        throw badEnv(name, raw, LABEL_CORNERS.join(', '));
      out[field] = raw;
    } else if (field === 'queueName') {
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(raw)) throw badEnv(name, raw, 'letters, digits, - and _');
      out[field] = raw;
    } else {
      out[field] =
        field === 'dataDir' || (field === 'storage' && !raw.startsWith('s3://')) ? path.resolve(raw) : raw;
    }
  }
  if ((out.lockMs as number) < 1000) throw badEnv('SCALPEL_LOCK_MS', String(out.lockMs), 'at least 1000');
  return out as unknown as ServiceConfig;
}

function badEnv(name: string, value: string, want: string) {
  return new ScalpelError('INVALID_ARGUMENT', `${name}=${value} is not valid: expected ${want}.`, {
    stage: 'args',
    details: { variable: name, value },
  });
}

/** An origin (scheme, host, port) and nothing else: a path prefix would not be routed. */
export function publicOrigin(raw: string): string {
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (
    !url ||
    !/^https?:$/.test(url.protocol) ||
    url.pathname !== '/' ||
    url.search ||
    url.hash ||
    url.username
  )
    throw badEnv('SCALPEL_PUBLIC_URL', raw, 'an origin such as https://scalpel.example.com (no path)');
  return url.origin;
}
