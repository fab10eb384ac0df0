/**
 * Review findings: each test failed on the code as first reviewed and names the defect it proves.
 * Edits run in a stand-in executor (EchoExecutor) so the tests are fast; it reports what
 * src/runtime/edit.ts reports (`plan` is the job's plan, instruction included).
 */
import sharp from 'sharp';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  b64,
  EchoExecutor,
  errorOf,
  form,
  HeldExecutor,
  poster,
  startTestService,
  type TestService,
} from './service.js';

let t: TestService | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
  vi.restoreAllMocks();
});

const EDIT = "把'¥199'改成'¥1'";

interface JobJson {
  id: string;
  status: string;
  created_at: number;
  cache: { hit: boolean };
  result: { report: { plan: { instruction: string } } } | null;
}

const as = (key: string) => ({ authorization: `Bearer ${key}` });
const DASHSCOPE = '/api/v1/services/aigc/multimodal-generation/generation';

describe('review: paging parameters', () => {
  it('GET /v1/jobs?limit=1.5 is a 400, not a 500 (SQLite datatype mismatch)', async () => {
    t = await startTestService({}, new EchoExecutor());
    const res = await t.req('/v1/jobs?limit=1.5');
    expect(res.status).toBe(400);
  });

  it('GET /v1/jobs?before=abc is refused (400), not silently an empty page', async () => {
    t = await startTestService({}, new EchoExecutor());
    const png = await poster();
    await t.post('/v1/edits?wait=5', { image: b64(png), instruction: EDIT });
    const res = await t.req('/v1/jobs?before=abc');
    expect(res.status).toBe(400);
  });

  it('paging with the next cursor does not skip or repeat jobs created in the same millisecond', async () => {
    t = await startTestService({}, new HeldExecutor());
    const png = await poster();
    // A batch queues its jobs in one tight loop, so several share a millisecond (10 jobs spread over
    // 6 distinct created_at values in a probe run); the clock is pinned here only for determinism.
    const now = Date.now();
    const spy = vi.spyOn(Date, 'now').mockReturnValue(now);
    const bat = await t.post('/v1/batches', {
      image: b64(png),
      instructions: [EDIT, "把'¥199'改成'¥2'", "把'¥199'改成'¥3'"],
    });
    spy.mockRestore();
    expect(bat.status).toBe(202);
    const seen: string[] = [];
    let next: string | null = null;
    for (let page = 0; page < 5; page++) {
      const q = next === null ? '' : `&before=${next}`;
      const body = (await (await t.req(`/v1/jobs?limit=1${q}`)).json()) as {
        data: JobJson[];
        next: string | null;
      };
      seen.push(...body.data.map((j) => j.id));
      next = body.next;
      if (next === null) break;
    }
    expect(new Set(seen).size).toBe(3);
    expect(seen).toHaveLength(3);
    expect((await errorOf(await t.req('/v1/jobs?before=job_unknown'))).code).toBe('INVALID_ARGUMENT');
  });
});

describe('review: idempotency', () => {
  it('a retried session edit with the same Idempotency-Key replays the job after the head moved (no 409)', async () => {
    t = await startTestService({}, new EchoExecutor());
    const png = await poster();
    const ses = (await (await t.post('/v1/sessions', { image: b64(png) })).json()) as { id: string };
    const key = { 'idempotency-key': 'session-edit-1' };
    const first = await t.post(`/v1/sessions/${ses.id}/edits?wait=10`, { instruction: EDIT }, key);
    expect(first.status).toBe(200);
    const job = (await first.json()) as JobJson;
    expect(job.status).toBe('done');
    // The client never saw the answer (network drop) and retries the very same request.
    const retry = await t.post(`/v1/sessions/${ses.id}/edits?wait=10`, { instruction: EDIT }, key);
    expect(retry.status).not.toBe(409);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(((await retry.json()) as JobJson).id).toBe(job.id);
  });

  it('a retried DashScope call with parameters.size and the same Idempotency-Key replays (no 409)', async () => {
    t = await startTestService({}, new EchoExecutor());
    const png = await poster();
    const body = {
      model: 'qwen-image-edit',
      input: { messages: [{ role: 'user', content: [{ image: b64(png) }, { text: EDIT }] }] },
      parameters: { size: '800*1000' },
    };
    const key = { 'idempotency-key': 'ds-retry-1' };
    const first = await t.post(DASHSCOPE, body, key);
    expect(first.status).toBe(200);
    const retry = await t.post(DASHSCOPE, body, key);
    const answer = (await retry.json()) as { code?: string; request_id: string };
    expect([retry.status, answer.code]).toEqual([200, undefined]);
    expect(answer.request_id).toBe(((await first.json()) as { request_id: string }).request_id);
  });

  it('a retried OpenAI images/edits call with size and the same Idempotency-Key replays (no 409)', async () => {
    t = await startTestService({}, new EchoExecutor());
    const png = await poster();
    const send = () =>
      t!.req('/v1/images/edits', {
        method: 'POST',
        body: form({ prompt: EDIT, size: '800x1000' }, { image: png }),
        headers: { 'idempotency-key': 'oa-retry-1' },
      });
    expect((await send()).status).toBe(200);
    const retry = await send();
    expect(retry.status).toBe(200);
  });
});

describe('review: batch retries', () => {
  it('a retried batch with the same Idempotency-Key answers the batch it made, charged once', async () => {
    t = await startTestService({}, new HeldExecutor());
    const png = await poster();
    const body = { image: b64(png), instructions: [EDIT, "把'¥199'改成'¥2'"] };
    const key = { 'idempotency-key': 'batch-retry-1' };
    const first = await t.post('/v1/batches', body, key);
    expect(first.status).toBe(202);
    const retry = await t.post('/v1/batches', body, key);
    expect([retry.status, retry.headers.get('idempotent-replayed')]).toEqual([200, 'true']);
    expect(((await retry.json()) as { id: string }).id).toBe(((await first.json()) as { id: string }).id);
    const n = (sql: string) => (t!.db.prepare(sql).get() as { n: number }).n;
    expect(n('select count(*) n from jobs')).toBe(2);
    expect(n('select count n from usage')).toBe(2);
  });
});

describe('batch events', () => {
  it('streams progress as each job finishes, then done with the whole batch', async () => {
    /** Echo, but one job at a time with a pause: the stream sees every step. */
    class SlowEcho extends EchoExecutor {
      override async run(task: Parameters<EchoExecutor['run']>[0]) {
        await new Promise((r) => setTimeout(r, 60));
        return super.run(task);
      }
    }
    t = await startTestService({}, new SlowEcho());
    const png = await poster();
    const bat = (await (
      await t.post('/v1/batches', {
        image: b64(png),
        instructions: [EDIT, "把'¥199'改成'¥2'", "把'¥199'改成'¥3'"],
      })
    ).json()) as { id: string };
    const text = await (await t.req(`/v1/batches/${bat.id}/events`)).text();
    const events = [...text.matchAll(/^event: (\S+)\ndata: (.*)$/gm)].map((m) => ({
      type: m[1],
      data: JSON.parse(m[2]),
    }));
    expect(events[0].type).toBe('progress');
    expect(events.at(-1)?.type).toBe('done');
    expect(events.at(-1)?.data).toMatchObject({ total: 3, done: 3, progress: 1 });
    expect(events.at(-1)?.data.jobs).toHaveLength(3);
    const dones = events.filter((e) => e.type === 'progress' && e.data.changed?.status === 'done');
    expect(dones.map((e) => e.data.done)).toEqual([1, 2, 3].slice(3 - dones.length));
    expect((await t.req('/v1/batches/bat_nope/events')).status).toBe(404);
  });
});

describe('review: quota and policy', () => {
  it('a batch answered wholly from the cache is not charged quota (cache hits are free)', async () => {
    // Room for the whole batch must exist before any work (3 ≥ 1 used + 2 asked); hits are then given back.
    t = await startTestService({ quotaPerDay: 3 }, new EchoExecutor());
    const png = await poster();
    const used = () => (t!.db.prepare('select count from usage').get() as { count: number }).count;
    const first = (await (
      await t.post('/v1/edits?wait=10', { image: b64(png), instruction: EDIT })
    ).json()) as JobJson;
    expect([first.status, used()]).toEqual(['done', 1]);
    // The same edit alone is a free cache hit…
    const single = (await (
      await t.post('/v1/edits', { image: b64(png), instruction: EDIT })
    ).json()) as JobJson;
    expect([single.cache.hit, used()]).toEqual([true, 1]);
    // …and so is the same edit in a batch.
    const res = await t.post('/v1/batches', { image: b64(png), instructions: [EDIT, EDIT] });
    expect(res.status).toBe(202);
    expect(used()).toBe(1);
  });

  it('a key over its daily quota is refused before any work: no image taken in and stored', async () => {
    t = await startTestService({ quotaPerDay: 1 }, new EchoExecutor());
    const a = (await t.svc.keys.create({ name: 'a' })).key;
    const png = await poster();
    expect((await t.post('/v1/edits?wait=10', { image: b64(png), instruction: EDIT }, as(a))).status).toBe(
      200,
    );
    const count = () => (t!.db.prepare('select count(*) n from images').get() as { n: number }).n;
    const before = count();
    const other = await sharp(png).resize(400, 500).png().toBuffer();
    const e = await errorOf(await t.post('/v1/edits', { image: b64(other), instruction: EDIT }, as(a)));
    expect([e.status, e.code]).toEqual([429, 'QUOTA_EXCEEDED']);
    expect(count()).toBe(before);
  });
});

describe('review: tenant isolation', () => {
  it("the cache is per key: B's identical edit is not answered from A's result, nor shown A's words", async () => {
    t = await startTestService({}, new EchoExecutor());
    const a = (await t.svc.keys.create({ name: 'a' })).key;
    const b = (await t.svc.keys.create({ name: 'b' })).key;
    const png = await poster();
    const secret = "把'¥199'改成'¥1'";
    const mine = '将“¥199”改为“¥1”';
    const ja = (await (
      await t.post('/v1/edits?wait=10', { image: b64(png), instruction: secret }, as(a))
    ).json()) as JobJson;
    expect(ja.status).toBe('done');
    const jb = (await (
      await t.post('/v1/edits?wait=10', { image: b64(png), instruction: mine }, as(b))
    ).json()) as JobJson;
    expect(jb.cache.hit).toBe(false);
    expect(JSON.stringify(jb)).not.toContain(secret);
    // Within one key a hit carries the words of the request it answers.
    const again = (await (
      await t.post('/v1/edits', { image: b64(png), instruction: secret }, as(b))
    ).json()) as JobJson;
    expect(again.cache.hit).toBe(true);
    expect(again.result?.report.plan.instruction).toBe(secret);
  });
});
