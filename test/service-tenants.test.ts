/** API keys, tenant isolation, rate limits and quotas, through real requests. */
import { afterEach, describe, expect, it } from 'vitest';
import { b64, errorOf, poster, startTestService, type TestService } from './service.js';

const QUESTION = "图中有没有'¥199'？";
let t: TestService;
afterEach(() => t.close());

const as = (key: string) => ({ authorization: `Bearer ${key}` });

describe('API keys', () => {
  it('accepts anyone in single-user mode, and only valid keys once one exists', async () => {
    t = await startTestService();
    expect((await t.req('/v1/jobs')).status).toBe(200);
    const { key, record } = await t.svc.keys.create({ name: 'cms' });
    let e = await errorOf(await t.req('/v1/jobs'));
    expect([e.status, e.code]).toEqual([401, 'UNAUTHORIZED']);
    e = await errorOf(await t.req('/v1/jobs', { headers: as('sk-scalpel-wrong') }));
    expect([e.status, e.code]).toEqual([401, 'UNAUTHORIZED']);
    expect((await t.req('/v1/jobs', { headers: as(key) })).status).toBe(200);
    expect((await t.req('/v1/jobs', { headers: { 'x-api-key': key } })).status).toBe(200);
    // Stored hashed: the secret itself is nowhere in the database.
    const rows = JSON.stringify(t.db.prepare('select * from api_keys').all());
    expect(rows).not.toContain(key);
    await t.svc.keys.revoke(record.id);
    expect((await t.req('/v1/jobs', { headers: as(key) })).status).toBe(401);
  });

  it('keeps tenants apart: no read, list, result, image or session of another key', async () => {
    t = await startTestService();
    const a = (await t.svc.keys.create({ name: 'a' })).key;
    const b = (await t.svc.keys.create({ name: 'b' })).key;
    const png = await poster();
    const job = (await (
      await t.post('/v1/edits?wait=60', { image: b64(png), instruction: "把'¥199'改成'¥1'" }, as(a))
    ).json()) as {
      id: string;
      result: { image: { id: string; url: string } };
    };
    const ses = (await (await t.post('/v1/sessions', { image: b64(png) }, as(a))).json()) as { id: string };
    for (const p of [
      `/v1/jobs/${job.id}`,
      `/v1/jobs/${job.id}/result`,
      `/v1/jobs/${job.id}/events`,
      `/v1/images/${job.result.image.id}`,
      `/v1/sessions/${ses.id}`,
    ]) {
      const e = await errorOf(await t.req(p, { headers: as(b) }));
      expect([p, e.status, e.code]).toEqual([p, 404, 'NOT_FOUND']);
      expect((await t.req(p, { headers: as(a) })).status).toBe(200);
    }
    const cancel = await errorOf(
      await t.req(`/v1/jobs/${job.id}/cancel`, { method: 'POST', headers: as(b) }),
    );
    expect(cancel.code).toBe('NOT_FOUND');
    const listB = (await (await t.req('/v1/jobs', { headers: as(b) })).json()) as { data: unknown[] };
    expect(listB.data).toHaveLength(0);
    // Ids are 128 random bits, not counters.
    expect(job.id).toMatch(/^job_[A-Za-z0-9_-]{22}$/);
    // The signed URL is the one way to share a result, and it cannot be altered.
    const url = new URL(job.result.image.url);
    expect((await t.req(url.pathname + url.search)).status).toBe(200);
    const forged = url.search.replace(/sig=[^&]+/, 'sig=AAAA');
    expect((await t.req(url.pathname + forged)).status).toBe(404);
    const extended = url.search.replace(/exp=\d+/, 'exp=9999999999');
    expect((await t.req(url.pathname + extended)).status).toBe(404);
  });
});

describe('limits', () => {
  it('RATE_LIMITED with Retry-After past the per-minute rate', async () => {
    t = await startTestService({ ratePerMinute: 3 });
    for (let i = 0; i < 3; i++) expect((await t.req('/v1/jobs')).status).toBe(200);
    const res = await t.req('/v1/jobs');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    const e = await errorOf(res);
    expect([e.status, e.code, e.details.limit_per_minute]).toEqual([429, 'RATE_LIMITED', 3]);
  });

  it('QUOTA_EXCEEDED once the daily quota is used; cache hits and replays are not charged', async () => {
    t = await startTestService({ quotaPerDay: 2 });
    const png = await poster();
    const first = { image: b64(png), instruction: QUESTION };
    expect((await t.post('/v1/edits?wait=60', first)).status).toBe(200);
    expect((await t.post('/v1/edits?wait=60', first)).status).toBe(200); // a cache hit
    expect(
      (await t.post('/v1/edits?wait=60', { image: b64(png), instruction: '图中有没有人？' })).status,
    ).toBe(200);
    const res = await t.post('/v1/edits', { image: b64(png), instruction: '图中有没有猫？' });
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    const e = await errorOf(res);
    expect([e.status, e.code, e.details.used]).toEqual([429, 'QUOTA_EXCEEDED', 2]);
  });

  it('a key can carry its own limits', async () => {
    t = await startTestService({ ratePerMinute: 100 });
    const { key } = await t.svc.keys.create({ name: 'tight', ratePerMinute: 1 });
    expect((await t.req('/v1/jobs', { headers: as(key) })).status).toBe(200);
    expect((await errorOf(await t.req('/v1/jobs', { headers: as(key) }))).code).toBe('RATE_LIMITED');
  });
});
