import path from 'node:path';
import { configFromEnv } from '../service/config.js';
import { startRemoteWorker } from '../service/jobs/remote-worker.js';
import { openStorage } from '../service/storage/s3.js';
import { usage, type ParsedArgs } from './args.js';
import type { Io } from './run.js';

/**
 * `scalpel worker`: runs edits from the service's queue on Redis, here or on any machine that reaches
 * the Redis and the image storage. One JSON line per run on stdout; SIGTERM finishes the runs in hand.
 */
export async function runWorker(args: ParsedArgs, io: Io): Promise<number> {
  const config = configFromEnv();
  const url = String(args.flags['--redis'] ?? config.redisUrl);
  if (!/^rediss?:\/\/\S+$/.test(url)) {
    throw usage('scalpel worker needs the queue: --redis redis://host:6379 (or SCALPEL_REDIS_URL).');
  }
  const queue = String(args.flags['--queue'] ?? config.queueName);
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(queue)) throw usage(`--queue must be letters, digits, - and _.`);
  const raw = String(args.flags['--concurrency'] ?? 1);
  const concurrency = Number(raw);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    throw usage(`--concurrency must be 1–64, not '${raw}'.`);
  }
  const spec = String(args.flags['--storage'] ?? (config.storage || path.join(config.dataDir, 'blobs')));
  const worker = await startRemoteWorker({
    url,
    queue,
    storage: openStorage(spec),
    concurrency,
    lockMs: config.lockMs,
    log: (line) => io.stdout(JSON.stringify({ at: new Date().toISOString(), ...line }) + '\n'),
  });
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await worker.close();
  return 0;
}
