/** Retention: old finished jobs, idle sessions and unused images are forgotten; nothing live is. */
import { existsSync, utimesSync } from 'node:fs';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { b64, EchoExecutor, HeldExecutor, poster, startTestService, type TestService } from './service.js';

const DAY = 86_400_000;
let t: TestService | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const ids = (sql: string) => (t!.db.prepare(sql).all() as { id: string }[]).map((r) => r.id);

describe('retention', () => {
  it('deletes finished jobs, their images and idle sessions past the limit; keeps what is live', async () => {
    t = await startTestService({ retentionDays: 30 }, new EchoExecutor());
    const png = await poster();
    // The old edit's image is its own: its bytes can go once nothing names them.
    const other = await sharp(png).resize(400, 500).png().toBuffer();
    const old = (await (
      await t.post('/v1/edits?wait=10', { image: b64(other), instruction: "把'¥199'改成'¥1'" })
    ).json()) as {
      id: string;
      result: { image: { id: string } };
    };
    const ses = (await (await t.post('/v1/sessions', { image: b64(png) })).json()) as { id: string };
    const sesJob = (await (
      await t.post(`/v1/sessions/${ses.id}/edits?wait=10`, { instruction: '暖一点' })
    ).json()) as {
      id: string;
    };
    const fresh = (await (
      await t.post('/v1/edits?wait=10', { image: b64(png), instruction: '冷一点' })
    ).json()) as { id: string };
    // Everything but `fresh` is 40 days old.
    const past = Date.now() - 40 * DAY;
    for (const table of ['jobs', 'images', 'sessions', 'versions', 'cache'])
      t.db.prepare(`update ${table} set created_at = ?`).run(past);
    t.db.prepare('update jobs set finished_at = ? where id != ?').run(past, fresh.id);
    t.db
      .prepare('update jobs set created_at = ?, finished_at = ? where id = ?')
      .run(Date.now(), Date.now(), fresh.id);
    const freshImages = t.db
      .prepare('select input_image i, output_image o from jobs where id = ?')
      .get(fresh.id) as { i: string; o: string };
    t.db
      .prepare('update images set created_at = ? where id in (?, ?)')
      .run(Date.now(), freshImages.i, freshImages.o);
    const oldBlob = t.svc.images.blobPath((await t.svc.images.get('local', old.result.image.id)).sha256);
    // Files unnamed for less than an hour are left (a worker may be handing one over): this one is old.
    utimesSync(oldBlob, past / 1000, past / 1000);

    const swept = await t.svc.sweep();
    expect(swept.retention).toEqual({ sessions: 1, jobs: 2, images: 4 });
    expect(ids('select id from jobs')).toEqual([fresh.id]);
    expect(ids('select id from sessions')).toEqual([]);
    expect(ids('select id from versions')).toEqual([]);
    expect(ids('select id from images').sort()).toEqual([freshImages.i, freshImages.o].sort());
    expect(t.db.prepare('select count(*) n from job_events where job_id != ?').get(fresh.id)).toEqual({
      n: 0,
    });
    expect((await t.req(`/v1/jobs/${old.id}`)).status).toBe(404);
    expect((await t.req(`/v1/jobs/${sesJob.id}`)).status).toBe(404);
    expect((await t.req(`/v1/jobs/${fresh.id}/result`)).status).toBe(200);
    // The old edit's bytes: no image row and no (expired) cache entry names them any more.
    expect(existsSync(oldBlob)).toBe(false);
    expect(swept.cache.freedBytes).toBeGreaterThan(0);
    // A result a worker has just written, not yet recorded by the service: kept.
    const handed = t.svc.images.blobPath(t.svc.images.putBlob(Buffer.from('a result in transit')));
    await t.svc.sweep();
    expect(existsSync(handed)).toBe(true);
  });

  it('never deletes a queued or running job, nor a session used since the limit', async () => {
    t = await startTestService({ retentionDays: 1 }, new HeldExecutor());
    const png = await poster();
    const job = (await (await t.post('/v1/edits', { image: b64(png), instruction: '暖一点' })).json()) as {
      id: string;
    };
    const ses = (await (await t.post('/v1/sessions', { image: b64(png) })).json()) as { id: string };
    const past = Date.now() - 10 * DAY;
    t.db.prepare('update jobs set created_at = ?').run(past);
    t.db.prepare('update images set created_at = ?').run(past);
    t.db.prepare('update sessions set created_at = ?').run(past);
    expect((await t.svc.sweep()).retention).toEqual({ sessions: 0, jobs: 0, images: 0 });
    expect(ids('select id from jobs')).toEqual([job.id]);
    expect(ids('select id from sessions')).toEqual([ses.id]);
  });

  it('keeps everything with retention off', async () => {
    t = await startTestService({ retentionDays: 0 }, new EchoExecutor());
    expect((await t.svc.sweep()).retention).toBeUndefined();
  });
});
