/**
 * One contract for both record stores: SQLite in the data directory (the embedded default) and a
 * real PostgreSQL (SCALPEL_DATABASE_URL). Same answers, same refusals, and the same guarantees when
 * two services' stores race on one database: a job claimed once, finished once, events numbered
 * without gaps or repeats, a quota never overdrawn.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInstruction, ScalpelError } from '../src/index.js';
import { isUniqueViolation, JobStore, type Job } from '../src/service/jobs/jobs.js';
import { SessionStore } from '../src/service/jobs/sessions.js';
import { AuditLog } from '../src/service/policy/audit.js';
import { KeyStore } from '../src/service/policy/keys.js';
import { Limits } from '../src/service/policy/limits.js';
import { ResultCache } from '../src/service/storage/cache.js';
import { metaValue, openDb, openRecords } from '../src/service/storage/db.js';
import { ImageStore } from '../src/service/storage/images.js';
import { OssUploads } from '../src/service/storage/oss-uploads.js';
import { sweepRetention } from '../src/service/storage/retention.js';
import { SqliteSql, type Sql } from '../src/service/storage/sql.js';
import { LEASE_TIMING, PgSql } from '../src/service/storage/postgres.js';
import { tcpProxy } from './fakes/tcp-proxy.js';
import {
  freshDatabase,
  POSTGRES_BIN,
  startPostgres,
  type LocalServer,
} from '../bench/service/local-servers.js';

interface Backend {
  name: string;
  skip: boolean;
  /** A new, empty database; `open` gives another connection to it (a second service, say). */
  create(): Promise<{ open(): Promise<Sql>; dataDir: string }>;
}

const dirs: string[] = [];
let pg: LocalServer | undefined;
let databases = 0;
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'scalpel-records-'));
  dirs.push(d);
  return d;
};

const BACKENDS: Backend[] = [
  {
    // One process's store: its "two services" share the one connection, as a service's parts do.
    // (Two connections in one process would block each other: better-sqlite3 waits synchronously.)
    name: 'SQLite',
    skip: false,
    async create() {
      const dataDir = tempDir();
      const sql = new SqliteSql(openDb(dataDir));
      let closes = 0;
      const close = sql.close.bind(sql);
      sql.close = () => (++closes === 2 ? close() : Promise.resolve());
      return { dataDir, open: async () => sql };
    },
  },
  {
    // .ci/run installs Debian's postgresql when it is missing; without it this half is skipped, visibly.
    name: 'PostgreSQL',
    skip: !POSTGRES_BIN,
    async create() {
      pg ??= await startPostgres();
      const url = await freshDatabase(pg.url, `contract_${++databases}`);
      const dataDir = tempDir();
      return { dataDir, open: () => openRecords({ dataDir, databaseUrl: url }) };
    },
  },
];

afterAll(async () => {
  await pg?.stop();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

let n = 0;
function job(over: Partial<Job> = {}): Job {
  return {
    id: `job_${++n}_${Math.random().toString(36).slice(2, 8)}`,
    owner: 'alice',
    status: 'queued',
    instruction: '去掉水印',
    plan: parseInstruction('去掉水印'),
    options: {},
    input_image: 'img_in',
    output_image: null,
    preview_image: null,
    preview_source: null,
    report: null,
    error: null,
    warnings: [],
    cache_key: 'k',
    fingerprint: 'f',
    idempotency_key: null,
    session_id: null,
    base_version: null,
    batch_id: null,
    attempts: 0,
    timeout_ms: 60_000,
    created_at: Date.now(),
    started_at: null,
    finished_at: null,
    finish_count: 0,
    ...over,
  };
}

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: unknown) => (e instanceof ScalpelError ? e.code : String(e)),
  );

describe.each(BACKENDS)('record store contract: $name', (backend) => {
  let db: { open(): Promise<Sql>; dataDir: string };
  let a: Sql;
  let b: Sql;
  beforeAll(async () => {
    if (backend.skip) return;
    db = await backend.create();
    [a, b] = [await db.open(), await db.open()];
  }, 60_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it.skipIf(backend.skip)('keeps jobs per owner and pages them newest first without gaps', async () => {
    const jobs = new JobStore(a);
    const at = Date.now() - 1000;
    // Five in the same millisecond: the cursor's tie-break must neither skip nor repeat one.
    const made = [1, 2, 3, 4, 5].map(() => job({ created_at: at, batch_id: 'bat_1' }));
    for (const j of made) await jobs.insert(j);
    await jobs.insert(job({ owner: 'bob' }));
    const got = await jobs.get('alice', made[0]!.id);
    expect(got).toEqual({ ...made[0], warnings: [], options: {} });
    expect(await codeOf(jobs.get('bob', made[0]!.id))).toBe('NOT_FOUND');
    const seen: string[] = [];
    let before: string | undefined;
    for (;;) {
      const page = await jobs.list('alice', { limit: 2, before, batch: 'bat_1' });
      if (page.length === 0) break;
      seen.push(...page.map((j) => j.id));
      before = page.at(-1)!.id;
    }
    expect(seen).toEqual([...made].reverse().map((j) => j.id));
    expect(await codeOf(jobs.list('alice', { limit: 2, before: 'job_nope' }))).toBe('INVALID_ARGUMENT');
    expect(typeof (await jobs.countQueued())).toBe('number');
  });

  it.skipIf(backend.skip)('refuses a second job with the same idempotency key', async () => {
    const jobs = new JobStore(a);
    await jobs.insert(job({ idempotency_key: 'same' }));
    const err = await jobs.insert(job({ idempotency_key: 'same' })).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isUniqueViolation(err)).toBe(true);
    expect((await jobs.byIdempotencyKey('alice', 'same'))?.idempotency_key).toBe('same');
  });

  it.skipIf(backend.skip)('claims each queued job once when two services race for them', async () => {
    const [one, two] = [new JobStore(a), new JobStore(b)];
    const ids = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const j = job({ owner: 'race' });
      ids.add(j.id);
      await one.insert(j);
    }
    const drain = async (s: JobStore) => {
      const got: Job[] = [];
      for (let j = await s.claim(); j; j = await s.claim()) if (j.owner === 'race') got.push(j);
      return got;
    };
    const [x, y, z] = await Promise.all([drain(one), drain(two), drain(one)]);
    const claimed = [...x, ...y, ...z];
    expect(claimed.map((j) => j.id).sort()).toEqual([...ids].sort());
    expect(claimed.every((j) => j.status === 'running' && j.attempts === 1)).toBe(true);
  });

  it.skipIf(backend.skip)('finishes a job once, with gapless events, however many try', async () => {
    const [one, two] = [new JobStore(a), new JobStore(b)];
    const finished: string[] = [];
    one.onFinish((j) => void finished.push(j.id));
    two.onFinish((j) => void finished.push(j.id));
    const j = job();
    await one.insert(j);
    await Promise.all(
      Array.from({ length: 24 }, (_, i) => (i % 2 ? one : two).emit(j.id, 'progress', { i })),
    );
    const wins = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        (i % 2 ? one : two).finish(j.id, i % 3 ? 'done' : 'failed', { output_image: `img_${i}` }),
      ),
    );
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect(finished).toEqual([j.id]);
    const row = await two.find(j.id);
    expect(row?.finish_count).toBe(1);
    const seqs = (await one.eventsOf(j.id)).map((e) => e.seq);
    // queued + 24 progress + the one final state
    expect(seqs).toEqual(Array.from({ length: 26 }, (_, i) => i + 1));
    expect((await one.eventsOf(j.id, 24)).map((e) => e.seq)).toEqual([25, 26]);
  });

  it.skipIf(backend.skip)('recovers running jobs: requeued, or failed once out of attempts', async () => {
    const jobs = new JobStore(a);
    const [again, spent] = [job({ owner: 'rec' }), job({ owner: 'rec' })];
    await jobs.insert(again);
    await jobs.insert(spent);
    await a.run("update jobs set status = 'running', attempts = 1 where id = ?", [again.id]);
    await a.run("update jobs set status = 'running', attempts = 2 where id = ?", [spent.id]);
    const out = await jobs.recover(2);
    expect(out.failed).toEqual([spent.id]);
    expect(out.requeued).toBeGreaterThanOrEqual(1);
    expect((await jobs.get('rec', again.id)).status).toBe('queued');
    expect((await jobs.get('rec', spent.id)).error?.code).toBe('JOB_INTERRUPTED');
  });

  it.skipIf(backend.skip)('never lets simultaneous charges overdraw a quota', async () => {
    const [one, two] = [new Limits(a), new Limits(b)];
    const tries = await Promise.all(
      Array.from({ length: 10 }, (_, i) => codeOf((i % 2 ? one : two).charge('quota', 4))),
    );
    expect(tries.filter((t) => t === 'resolved')).toHaveLength(4);
    expect(tries.filter((t) => t === 'QUOTA_EXCEEDED')).toHaveLength(6);
    await one.refund('quota', 10);
    await two.charge('quota', 4, 4);
    expect(await codeOf(two.charge('quota', 4))).toBe('QUOTA_EXCEEDED');
  });

  it.skipIf(backend.skip)('stores images, keys, uploads and secrets', async () => {
    const images = new ImageStore(a, db.dataDir);
    const rec = await images.put('alice', Buffer.from('pixels'), { format: 'png', width: 3, height: 2 });
    expect(await images.get('alice', rec.id)).toEqual(rec);
    expect(await codeOf(images.get('bob', rec.id))).toBe('NOT_FOUND');
    expect(await new ImageStore(b, db.dataDir).getUnchecked(rec.id)).toEqual(rec);

    const keys = new KeyStore(a);
    expect(await keys.enforced()).toBe(false);
    const { key, record } = await keys.create({ name: 'ci', quotaPerDay: 5 });
    expect(await new KeyStore(b).verify(key)).toEqual(record);
    await keys.revoke(record.id);
    expect(await keys.verify(key)).toBeUndefined();
    expect(await codeOf(keys.revoke(record.id))).toBe('NOT_FOUND');
    expect(await keys.enforced()).toBe(true);

    const uploads = new OssUploads(a, 'secret');
    expect(await uploads.put('dir/a.png', 'alice', rec.id, Date.now() + 60_000)).toBe(true);
    expect(await uploads.put('dir/a.png', 'alice', 'img_other', Date.now() + 60_000)).toBe(false);
    expect(await uploads.resolve('dir/a.png', 'alice')).toBe(rec.id);
    expect(await uploads.resolve('dir/a.png', 'bob')).toBeUndefined();
    expect(await uploads.sweep(Date.now() + 120_000)).toBe(1);

    const made = await Promise.all(
      [a, b, a].map((s) => metaValue(s, 'secret_x', () => Math.random().toString())),
    );
    expect(new Set(made).size).toBe(1);
  });

  it.skipIf(backend.skip)('caches results with hits, a size bound and numbers as numbers', async () => {
    const images = new ImageStore(a, db.dataDir);
    const cache = new ResultCache(a, images, 60_000, 10);
    const blob = images.putBlob(Buffer.from('result'));
    const entry = { sha256: blob, format: 'png', width: 4, height: 4, report: '{}', bytes: 6 };
    await cache.put({ key: 'k1', ...entry }, 1_000);
    await cache.put({ key: 'k2', ...entry }, 2_000);
    await cache.put({ key: 'k2', ...entry, width: 8 }, 3_000);
    expect((await cache.get('k2', 3_500))?.width).toBe(8);
    expect(await cache.stats()).toEqual({ entries: 2, bytes: 12, hits: 1 });
    const swept = await cache.sweep(4_000);
    expect([swept.expired, swept.evicted]).toEqual([0, 1]);
    expect(await cache.get('k1', 4_000)).toBeUndefined();
    expect(await cache.get('k2', 70_000)).toBeUndefined();
  });

  it.skipIf(backend.skip)('keeps session versions in order through undo and redo', async () => {
    const jobs = new JobStore(a);
    const sessions = new SessionStore(a, jobs);
    const images = new ImageStore(a, db.dataDir);
    const first = await images.put('alice', Buffer.from('v0'), { format: 'png', width: 1, height: 1 });
    const s = await sessions.create('alice', first);
    const next = await images.put('alice', Buffer.from('v1'), { format: 'png', width: 1, height: 1 });
    await sessions.jobDone(job({ session_id: s.id, base_version: s.head }), next);
    const after = await sessions.get('alice', s.id);
    expect(after.versions.map((v) => v.image_id)).toEqual([first.id, next.id]);
    expect(after.head).toBe(after.versions[1]!.id);
    expect(after.versions[1]!.plan?.steps[0]?.op).toBe('remove');
    expect((await sessions.undo('alice', s.id)).head).toBe(after.versions[0]!.id);
    expect((await sessions.redo('alice', s.id)).head).toBe(after.versions[1]!.id);
    expect(await codeOf(sessions.get('bob', s.id))).toBe('NOT_FOUND');
  });

  it.skipIf(backend.skip)('forgets what retention says, and keeps images a job still names', async () => {
    const jobs = new JobStore(a);
    const images = new ImageStore(a, db.dataDir);
    const put = (s: string) => images.put('ret', Buffer.from(s), { format: 'png', width: 1, height: 1 });
    const [input, mask, old, kept] = [await put('in'), await put('mask'), await put('old'), await put('k')];
    const live = job({ owner: 'ret', input_image: input.id, options: { mask_image: mask.id } });
    const gone = job({ owner: 'ret', input_image: old.id });
    await jobs.insert(live);
    await jobs.insert(gone);
    await jobs.finish(gone.id, 'done', {});
    await a.run("update images set created_at = 0 where owner = 'ret'");
    await a.run('update jobs set finished_at = 0 where id = ?', [gone.id]);
    const swept = await sweepRetention(a, 1_000);
    expect(swept.jobs).toBe(1);
    const left = (await a.all<{ id: string }>("select id from images where owner = 'ret'")).map((r) => r.id);
    // The live job's input and mask stay (the mask only through its options' JSON); the rest go.
    expect(left.sort()).toEqual([input.id, mask.id].sort());
    expect(kept.id).not.toBe(input.id);
    expect(await jobs.eventsOf(gone.id)).toEqual([]);
  });

  it.skipIf(backend.skip)(
    'keeps the audit checkpoint, and a rolled-back transaction leaves nothing',
    async () => {
      const log = await AuditLog.open(a, db.dataDir);
      await log.record({ kind: 'test.one' });
      await log.record({ kind: 'test.two' });
      expect(await (await AuditLog.open(b, db.dataDir)).verify()).toEqual({ records: 2, problems: [] });

      const failed = await a
        .transaction(async (tx) => {
          await tx.run("insert into batches (id, owner, total, created_at) values ('bat_tx', 'alice', 1, 0)");
          throw new Error('halfway');
        })
        .catch((e: Error) => e.message);
      expect(failed).toBe('halfway');
      expect(await b.get("select id from batches where id = 'bat_tx'")).toBeUndefined();
    },
  );
});

describe.skipIf(!POSTGRES_BIN)('PostgreSQL away', () => {
  it('is DATABASE_UNAVAILABLE, with no password in the message', async () => {
    const dataDir = tempDir();
    const url = 'postgres://scalpel:hunter2@127.0.0.1:1/records';
    const err = await openRecords({ dataDir, databaseUrl: url }).then(
      () => undefined,
      (e: unknown) => e as ScalpelError,
    );
    expect(err?.code).toBe('DATABASE_UNAVAILABLE');
    expect(err?.status).toBe(503);
    expect(JSON.stringify(err?.toJSON())).not.toContain('hunter2');
  });

  it('turns a server that stops under the service into DATABASE_UNAVAILABLE, not a crash', async () => {
    const server = await startPostgres();
    const url = await freshDatabase(server.url, 'gone');
    const sql = await openRecords({ dataDir: tempDir(), databaseUrl: url });
    const jobs = new JobStore(sql);
    await jobs.insert(job());
    await server.stop();
    expect(await codeOf(jobs.countQueued())).toBe('DATABASE_UNAVAILABLE');
    await sql.close();
  });

  it('lets the lease go on a link that dies without a word, before a standby can take it', async () => {
    const beat = LEASE_TIMING.heartbeatMs;
    LEASE_TIMING.heartbeatMs = 500;
    pg ??= await startPostgres();
    const url = await freshDatabase(pg.url, 'lease');
    const proxy = await tcpProxy(Number(new URL(url).port));
    const through = new URL(url);
    through.port = String(proxy.port);
    const active = PgSql.connect(through.toString());
    const standby = PgSql.connect(url);
    try {
      let lostAt = 0;
      await active.lease(
        () => undefined,
        () => (lostAt = Date.now()),
      );
      let waiting = false;
      let tookAt = 0;
      const took = standby
        .lease(
          () => (waiting = true),
          () => undefined,
        )
        .then((end) => ((tookAt = Date.now()), end));
      // Beats answered: the active one keeps its lease, the standby waits.
      await new Promise((r) => setTimeout(r, 2_500));
      expect([waiting, tookAt, lostAt]).toEqual([true, 0, 0]);

      proxy.freeze();
      const end = await took;
      expect(lostAt).toBeGreaterThan(0);
      // Never two at once: the silent one had let go when the standby got the lock.
      expect(lostAt).toBeLessThan(tookAt);
      await end();
    } finally {
      LEASE_TIMING.heartbeatMs = beat;
      await proxy.close();
      await active.close();
      await standby.close();
    }
  });
});
