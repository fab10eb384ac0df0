/**
 * The scale-out configuration with its real parts: the service queues on a real Redis (BullMQ), three
 * `scalpel worker` processes take the edits, one is killed mid-edit. Every job ends done, once, and
 * no edit is completed by two workers. Run with the records in SQLite and in a real PostgreSQL.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedisQueue } from '../src/service/jobs/redis-queue.js';
import {
  freshDatabase,
  POSTGRES_BIN,
  REDIS_SERVER,
  startPostgres,
  startRedis,
  type LocalServer,
} from '../bench/service/local-servers.js';
import { startWorker, type WorkerProc } from '../bench/service/workers.js';
import { b64, poster, startTestService, type TestService } from './service.js';

interface JobJson {
  id: string;
  status: string;
  attempts: number;
  output: { image: string } | null;
  error: { code: string } | null;
}

const RECORDS = [
  { records: 'SQLite', skip: !REDIS_SERVER },
  { records: 'PostgreSQL', skip: !REDIS_SERVER || !POSTGRES_BIN },
];

// .ci/run installs redis-server and postgresql when missing; without them this is skipped, visibly.
describe.each(RECORDS)('several workers on one queue (BullMQ on Redis), records in $records', (c) => {
  let redis: LocalServer;
  let pg: LocalServer | undefined;
  let t: TestService;
  let workers: WorkerProc[] = [];
  beforeAll(async () => {
    if (c.skip) return;
    redis = await startRedis();
    pg = c.records === 'PostgreSQL' ? await startPostgres() : undefined;
    const databaseUrl = pg ? await freshDatabase(pg.url, 'scale') : '';
    t = await startTestService({ redisUrl: redis.url, databaseUrl, concurrency: 3, jobTimeoutMs: 90_000 });
    const storage = path.join(t.dataDir, 'blobs');
    workers = await Promise.all(
      [0, 1, 2].map(() => startWorker({ redis: redis.url, storage, lockMs: 2_000 })),
    );
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await Promise.all(workers.map((w) => w.stop()));
    await redis?.stop();
    await pg?.stop();
  });

  it.skipIf(c.skip)(
    'finishes every job exactly once when a worker is killed mid-edit',
    async () => {
      const image = b64(await poster());
      const ids: string[] = [];
      for (let i = 0; i < 8; i++) {
        const res = await t.post('/v1/edits', { image, instruction: `把'¥199'改成'¥${150 + i}'` });
        expect(res.status).toBe(202);
        ids.push(((await res.json()) as JobJson).id);
      }
      const queue = t.svc.scheduler['executor'] as RedisQueue;
      // All three busy: whichever the first worker holds is lost with it.
      for (let i = 0; i < 600 && (await queue.counts()).active < 3; i++)
        await new Promise((r) => setTimeout(r, 50));
      expect((await queue.counts()).active).toBe(3);
      const killed = workers[0];
      await killed.kill();

      const jobs: JobJson[] = [];
      for (const id of ids) jobs.push((await (await t.req(`/v1/jobs/${id}?wait=120`)).json()) as JobJson);
      expect(jobs.map((j) => j.status)).toEqual(ids.map(() => 'done'));
      // The killed worker's job ran again (attempt 2) on another worker; the others ran once.
      expect(jobs.filter((j) => j.attempts === 2)).toHaveLength(1);
      expect(jobs.filter((j) => j.attempts === 1)).toHaveLength(7);
      for (const id of ids) expect((await t.svc.jobs.find(id))?.finish_count).toBe(1);
      const requeued: string[] = [];
      for (const id of ids)
        if ((await t.svc.jobs.eventsOf(id)).some((e) => e.type === 'requeued')) requeued.push(id);
      expect(requeued).toEqual(jobs.filter((j) => j.attempts === 2).map((j) => j.id));

      // Completed runs, from every worker's own log: one per job, none by two workers.
      const done = workers.flatMap((w) => w.lines.filter((l) => l.event === 'run.done').map((l) => l.job));
      expect([...done].sort()).toEqual([...ids].sort());
      expect(killed.lines.some((l) => l.event === 'run.done' && l.job === requeued[0])).toBe(false);
      // And the work spread: the two survivors both ran edits.
      for (const w of workers.slice(1)) expect(w.lines.some((l) => l.event === 'run.done')).toBe(true);
    },
    240_000,
  );
});
