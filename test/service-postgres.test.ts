/**
 * The service with its records in a real PostgreSQL (SCALPEL_DATABASE_URL): the API end to end on
 * it (edits, cache, sessions, batches, keys and quota, retention, audit), and one active service per
 * database, with a second waiting as a standby that takes over the first one's running jobs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freshDatabase,
  POSTGRES_BIN,
  startPostgres,
  type LocalServer,
} from '../bench/service/local-servers.js';
import type { ScalpelError } from '../src/index.js';
import { configFromEnv } from '../src/service/config.js';
import type { WorkOutput, WorkTask } from '../src/service/jobs/executor.js';
import { b64, EchoExecutor, HeldExecutor, poster, startTestService } from './service.js';

/** Holds each edit until released, then answers it with the input's bytes (EchoExecutor). */
class GateExecutor extends EchoExecutor {
  waiting = false;
  private open!: () => void;
  private readonly opened = new Promise<void>((r) => (this.open = r));
  override async run(task: WorkTask): Promise<WorkOutput> {
    this.waiting = true;
    await this.opened;
    return super.run(task);
  }
  release() {
    this.open();
  }
}

interface JobJson {
  id: string;
  status: string;
  cache: { hit: boolean };
  result: { image: { id: string; url: string } } | null;
  error: { code: string } | null;
}

let pg: LocalServer;
let databases = 0;
const database = () => freshDatabase(pg.url, `svc_${++databases}`);

// .ci/run installs Debian's postgresql when it is missing; without it this suite is skipped, visibly.
describe.skipIf(!POSTGRES_BIN)('the service on PostgreSQL', () => {
  beforeAll(async () => {
    pg = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    await pg?.stop();
  });

  it('edits, answers from the cache, keeps sessions and batches, and forgets by retention', async () => {
    const t = await startTestService({ databaseUrl: await database() }, new EchoExecutor());
    try {
      const image = b64(await poster());
      const first = (await (
        await t.post('/v1/edits?wait=10', { image, instruction: "把'¥199'改成'¥169'" })
      ).json()) as JobJson;
      expect(first.status).toBe('done');
      const again = (await (
        await t.post('/v1/edits?wait=10', { image, instruction: "把'¥199'改成'¥169'" })
      ).json()) as JobJson;
      expect([again.status, again.cache.hit]).toEqual(['done', true]);
      expect(
        (await t.req(new URL(first.result!.image.url).pathname + new URL(first.result!.image.url).search))
          .status,
      ).toBe(200);
      const list = (await (await t.req('/v1/jobs?limit=1')).json()) as { data: JobJson[]; next: string };
      expect(list.data.map((j) => j.id)).toEqual([again.id]);

      const ses = (await (await t.post('/v1/sessions', { image })).json()) as { id: string };
      const edited = (await (
        await t.post(`/v1/sessions/${ses.id}/edits?wait=10`, { instruction: '暖一点' })
      ).json()) as JobJson;
      expect(edited.status).toBe('done');
      const undone = (await (await t.post(`/v1/sessions/${ses.id}/undo`, {})).json()) as {
        head: string;
        versions: { id: string }[];
      };
      expect(undone.versions).toHaveLength(2);
      expect(undone.head).toBe(undone.versions[0]!.id);

      const batch = (await (
        await t.post('/v1/batches', { image, instructions: ['冷一点', '暖一点', "把'¥199'改成'¥99'"] })
      ).json()) as { id: string; total: number };
      expect(batch.total).toBe(3);
      let progress = { done: 0 };
      for (let i = 0; i < 100 && progress.done < 3; i++) {
        progress = (await (await t.req(`/v1/batches/${batch.id}`)).json()) as { done: number };
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(progress.done).toBe(3);

      const health = (await (await t.req('/healthz')).json()) as {
        queued: number;
        cache: { entries: number };
      };
      expect(typeof health.queued).toBe('number');
      expect(health.cache.entries).toBeGreaterThan(0);

      // Everything is old now; the session and batch jobs go, and the images nothing names any more.
      await t.svc.sql.run('update jobs set finished_at = 1');
      for (const table of ['jobs', 'images', 'sessions', 'versions', 'batches'])
        await t.svc.sql.run(`update ${table} set created_at = 1`);
      const swept = await t.svc.sweep();
      expect(swept.retention?.jobs).toBeGreaterThanOrEqual(6);
      expect(swept.retention?.sessions).toBe(1);
      expect((await t.req(`/v1/jobs/${first.id}`)).status).toBe(404);
      expect((await t.svc.audit.verify()).problems).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('holds keys and a daily quota in the database', async () => {
    const t = await startTestService({ databaseUrl: await database() }, new EchoExecutor());
    try {
      const { key } = await t.svc.keys.create({ name: 'cms', quotaPerDay: 2 });
      const auth = { authorization: `Bearer ${key}` };
      const image = b64(await poster());
      expect((await t.post('/v1/edits', { image, instruction: '冷一点' })).status).toBe(401);
      expect((await t.post('/v1/edits', { image, instruction: '冷一点' }, auth)).status).toBe(202);
      expect((await t.post('/v1/edits', { image, instruction: '暖一点' }, auth)).status).toBe(202);
      const over = await t.post('/v1/edits', { image, instruction: '亮一点' }, auth);
      expect(over.status).toBe(429);
      expect(((await over.json()) as { error: { code: string } }).error.code).toBe('QUOTA_EXCEEDED');
    } finally {
      await t.close();
    }
  });

  it('undoes twice when two undos arrive at once, as one after the other would', async () => {
    const t = await startTestService({ databaseUrl: await database() }, new EchoExecutor());
    try {
      const ses = (await (await t.post('/v1/sessions', { image: b64(await poster()) })).json()) as {
        id: string;
      };
      for (const instruction of ['暖一点', '冷一点'])
        expect((await t.post(`/v1/sessions/${ses.id}/edits?wait=10`, { instruction })).status).toBe(200);
      const answers = await Promise.all([0, 1].map(() => t.post(`/v1/sessions/${ses.id}/undo`, {})));
      expect(answers.map((a) => a.status)).toEqual([200, 200]);
      const now = (await (await t.req(`/v1/sessions/${ses.id}`)).json()) as {
        head: string;
        versions: { id: string }[];
      };
      expect(now.head).toBe(now.versions[0]!.id);
    } finally {
      await t.close();
    }
  });

  it('survives the database going away while a job finishes (no crash, the job left for recovery)', async () => {
    const server = await startPostgres();
    const gate = new GateExecutor();
    const t = await startTestService({ databaseUrl: await freshDatabase(server.url, 'away') }, gate);
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => void unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      expect((await t.post('/v1/edits', { image: b64(await poster()), instruction: '冷一点' })).status).toBe(
        202,
      );
      for (let i = 0; i < 100 && !gate.waiting; i++) await new Promise((r) => setTimeout(r, 20));
      await server.stop();
      gate.release();
      // The scheduler waits out a short outage before giving up; the request path answers 503.
      await new Promise((r) => setTimeout(r, 1_500));
      const res = await t.req('/v1/jobs');
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('DATABASE_UNAVAILABLE');
      await t.close();
      await new Promise((r) => setTimeout(r, 100));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  }, 30_000);

  it('runs one active service per database; a standby takes over its running jobs', async () => {
    const databaseUrl = await database();
    const held = new HeldExecutor();
    const active = await startTestService({ databaseUrl, concurrency: 1 }, held);
    const job = (await (
      await active.post('/v1/edits', { image: b64(await poster()), instruction: '冷一点' })
    ).json()) as JobJson;
    for (let i = 0; i < 100 && held.started.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(held.started).toHaveLength(1);

    const lines: string[] = [];
    let ready = false;
    const standby = startTestService(
      { databaseUrl, dataDir: active.dataDir, concurrency: 1 },
      new EchoExecutor(),
      (l) => lines.push(l),
    ).then((s) => ((ready = true), s));
    await new Promise((r) => setTimeout(r, 1_000));
    // Waiting, and saying so, while the active one runs.
    expect(ready).toBe(false);
    expect(lines.join('\n')).toMatch(/Standby/);

    await active.close({ keepData: true });
    const t = await standby;
    try {
      expect(t.svc.recovered.requeued).toBe(1);
      let now = { status: '' } as JobJson;
      for (let i = 0; i < 100 && now.status !== 'done'; i++) {
        now = (await (await t.req(`/v1/jobs/${job.id}`)).json()) as JobJson;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(now.status).toBe('done');
      expect((await t.svc.jobs.find(job.id))?.finish_count).toBe(1);
    } finally {
      await t.close();
    }
  }, 60_000);
});

describe('SCALPEL_DATABASE_URL', () => {
  it('takes a postgres:// URL and refuses anything else without echoing it (it holds a password)', () => {
    const url = 'postgres://scalpel:hunter2@db.internal:5432/scalpel';
    expect(configFromEnv({ SCALPEL_DATABASE_URL: url }).databaseUrl).toBe(url);
    expect(configFromEnv({}).databaseUrl).toBe('');
    let message = '';
    try {
      configFromEnv({ SCALPEL_DATABASE_URL: 'mysql://scalpel:hunter2@db/scalpel' });
    } catch (e) {
      message = JSON.stringify((e as ScalpelError).toJSON());
    }
    expect(message).toMatch(/SCALPEL_DATABASE_URL/);
    expect(message).not.toMatch(/hunter2/);
  });
});
