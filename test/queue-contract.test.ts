/**
 * One contract for every place edits run: this server's worker processes, and BullMQ on a real
 * Redis with `scalpel worker` processes. Same tasks, same answers, same errors, same handling of a
 * cancel and of a worker killed mid-edit.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInstruction, ScalpelError } from '../src/index.js';
import type { Executor, PreviewOutput, WorkTask } from '../src/service/jobs/executor.js';
import { ProcessPool } from '../src/service/jobs/pool.js';
import { RedisQueue } from '../src/service/jobs/redis-queue.js';
import { s3FromSpec } from '../src/service/storage/s3.js';
import { DiskStorage } from '../src/service/storage/blobs.js';
import { fakeS3, s3Env } from './fakes/s3.js';
import { REDIS_SERVER, startRedis, type LocalServer } from '../bench/service/local-servers.js';
import { startWorker, type WorkerProc } from '../bench/service/workers.js';
import { poster, slowRemoval } from './service.js';

interface Impl {
  executor: Executor;
  /** Whether a run is under way (taken by a worker), to kill or cancel it mid-edit. */
  running(): Promise<boolean>;
  /** Kills the process running the edit, without warning. */
  killWorker(): Promise<void>;
  close(): Promise<void>;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalpel-contract-'));
const storage = new DiskStorage(path.join(dir, 'blobs'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const IMPLS: { name: string; skip: boolean; make(): Promise<Impl> }[] = [
  {
    name: 'worker processes of this server',
    skip: false,
    async make() {
      const pool = new ProcessPool();
      const busy = (pool as unknown as { busy: Set<ChildProcess> }).busy;
      return {
        executor: pool,
        running: async () => busy.size > 0,
        killWorker: async () => void [...busy][0]?.kill('SIGKILL'),
        close: () => pool.close(),
      };
    },
  },
  {
    // .ci/run installs redis-server when it is missing; without it these are skipped, visibly.
    name: 'BullMQ on Redis with scalpel worker processes',
    skip: !REDIS_SERVER,
    make: () => onRedis(),
  },
  {
    name: 'BullMQ on Redis, images through an S3-compatible store',
    skip: !REDIS_SERVER,
    make: () => onRedis(true),
  },
];

/** A Redis, a worker, the queue; the images on this disk (shared) or in a loopback S3 store. */
async function onRedis(viaS3 = false): Promise<Impl> {
  const redis: LocalServer = await startRedis();
  const s3 = viaS3 ? await fakeS3() : undefined;
  const env = s3 ? s3Env(s3) : {};
  const shared = s3 ? s3FromSpec('s3://scalpel-test/blobs', env) : storage;
  const spawnOne = () =>
    startWorker({
      redis: redis.url,
      storage: s3 ? 's3://scalpel-test/blobs' : storage.dir,
      lockMs: 2_000,
      env,
    });
  let worker: WorkerProc = await spawnOne();
  const queue = new RedisQueue({ url: redis.url, name: 'scalpel', storage: shared, local: storage });
  return {
    executor: queue,
    running: async () => (await queue.counts()).active > 0,
    async killWorker() {
      await worker.kill();
      // As an orchestrator would: a replacement, which also notices the lost run's expired lock.
      worker = await spawnOne();
    },
    async close() {
      await queue.close();
      await worker.stop();
      await redis.stop();
      if (s3) {
        // Every request to the store was signed right, and the results went through it.
        expect(s3.refused).toBe(0);
        expect(s3.requests.filter((r) => r.method === 'PUT').length).toBeGreaterThan(3);
        await s3.close();
      }
    },
  };
}

async function task(instruction: string, image: Buffer, more: Partial<WorkTask> = {}): Promise<WorkTask> {
  return {
    jobId: `job_${Math.random().toString(36).slice(2)}`,
    input: storage.pathOf(await storage.put(image)),
    instruction,
    plan: parseInstruction(instruction),
    maxPixels: 40e6,
    previewSide: 0,
    previewAbove: 1600,
    ...more,
  };
}

/** Time to cancel or kill it. */
async function slowTask(): Promise<WorkTask> {
  const { image, mask } = await slowRemoval();
  return task('去掉这个', image, { mask: storage.pathOf(await storage.put(mask)) });
}

const quiet = { onPreview: () => undefined, onPreviewFailed: () => undefined };
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: unknown) => ScalpelError.from(e).code,
  );

async function until(cond: () => Promise<boolean>, ms = 60_000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
    if (await cond()) return;
  }
  throw new Error('timed out waiting');
}

describe.each(IMPLS)('edits run by $name', ({ skip, make }) => {
  let impl: Impl;
  beforeAll(async () => {
    if (!skip) impl = await make();
  }, 60_000);
  afterAll(async () => impl?.close());

  it.skipIf(skip)(
    'runs an edit: the result, its report, and the preview first',
    async () => {
      const seen: string[] = [];
      const previews: PreviewOutput[] = [];
      const t = await task("把'¥199'改成'¥169'", await poster(), { previewSide: 256, previewAbove: 200 });
      const out = await impl.executor.run(
        t,
        {
          onPreview: (p) => (seen.push('preview'), previews.push(p)),
          onPreviewFailed: () => seen.push('preview-failed'),
        },
        new AbortController().signal,
      );
      seen.push('result');
      expect(seen).toEqual(['preview', 'result']);
      expect(previews[0]?.source).toBe('edit');
      expect((await sharp(previews[0]?.image).metadata()).width).toBeLessThanOrEqual(256);
      const meta = await sharp(out.image).metadata();
      expect([meta.width, meta.height]).toEqual([out.report.image.width, out.report.image.height]);
      expect(out.report.steps[0]).toMatchObject({ op: 'replace-text' });
      expect(out.report.aigc?.ProduceID).toBe(t.jobId);
    },
    120_000,
  );

  it.skipIf(skip)(
    'answers a question with a report and no image',
    async () => {
      const out = await impl.executor.run(
        await task("图中有没有'¥199'？", await poster()),
        quiet,
        new AbortController().signal,
      );
      expect(out.image).toBeUndefined();
      expect(out.report.answer?.exists).toBe(true);
    },
    60_000,
  );

  it.skipIf(skip)(
    "returns the edit's own error with its code",
    async () => {
      const run = impl.executor.run(
        await task("把'¥999'改成'¥1'", await poster()),
        quiet,
        new AbortController().signal,
      );
      await expect(codeOf(run)).resolves.toBe('TARGET_NOT_FOUND');
    },
    60_000,
  );

  it.skipIf(skip)(
    'stops a running edit on cancel, then runs the next one',
    async () => {
      const ctl = new AbortController();
      const run = impl.executor.run(await slowTask(), quiet, ctl.signal);
      await until(() => impl.running());
      ctl.abort(new ScalpelError('JOB_CANCELLED', 'cancelled', { stage: 'queue' }));
      await expect(codeOf(run)).resolves.toBe('JOB_CANCELLED');
      // The edit itself stopped (its process killed), well before the many seconds it would take.
      await until(async () => !(await impl.running()), 5_000);
      const next = await impl.executor.run(
        await task("图中有没有'¥199'？", await poster()),
        quiet,
        new AbortController().signal,
      );
      expect(next.report.answer?.exists).toBe(true);
    },
    120_000,
  );

  it.skipIf(skip)(
    'fails a run whose worker is killed mid-edit as JOB_INTERRUPTED',
    async () => {
      const run = impl.executor.run(await slowTask(), quiet, new AbortController().signal);
      await until(() => impl.running());
      await impl.killWorker();
      await expect(codeOf(run)).resolves.toBe('JOB_INTERRUPTED');
    },
    120_000,
  );
});

describe('the queue on Redis when Redis cannot be reached', () => {
  it('fails a run as QUEUE_UNAVAILABLE, ends one at once on cancel, and closes without hanging', async () => {
    const queue = new RedisQueue({
      url: 'redis://127.0.0.1:1',
      name: 'scalpel',
      storage,
      local: storage,
      connectMs: 1_000,
    });
    const t = await task("图中有没有'¥199'？", await poster());
    await expect(codeOf(queue.run(t, quiet, new AbortController().signal))).resolves.toBe(
      'QUEUE_UNAVAILABLE',
    );
    const ctl = new AbortController();
    const run = queue.run(t, quiet, ctl.signal);
    setTimeout(() => ctl.abort(new ScalpelError('JOB_TIMEOUT', 'too long', { stage: 'queue' })), 100);
    await expect(codeOf(run)).resolves.toBe('JOB_TIMEOUT');
    const t0 = Date.now();
    await queue.close();
    expect(Date.now() - t0).toBeLessThan(3_000);
  }, 30_000);
});
