/**
 * The /v1 API end to end in-process: real SQLite, real edits (in this process), every answer checked.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edit } from '../src/index.js';
import { b64, errorOf, form, poster, startTestService, type TestService } from './service.js';

const PRICE = "把'¥199'改成'¥169'，字体颜色变红";
let t: TestService;
let png: Buffer;

beforeAll(async () => {
  t = await startTestService();
  png = await poster();
});
afterAll(() => t.close());

interface JobJson {
  id: string;
  status: string;
  preview: { image: { url: string; width: number; height: number } } | null;
  result: {
    image: { id: string; url: string; width: number; height: number } | null;
    report: Record<string, unknown>;
  } | null;
  error: { code: string } | null;
  cache: { hit: boolean };
}

describe('POST /v1/edits', () => {
  it('runs a multipart upload to the same bytes as edit() and serves them by signed URL', async () => {
    const res = await t.req('/v1/edits?wait=120', {
      method: 'POST',
      body: form({ instruction: PRICE }, { image: png }),
    });
    expect(res.status).toBe(200);
    const job = (await res.json()) as JobJson;
    expect(job.status).toBe('done');
    expect(job.cache.hit).toBe(false);
    // The same bytes, AIGC label included, when the label carries the same ProduceID (the job's id).
    const direct = await edit(png, PRICE, { produceId: job.id });
    const url = new URL(job.result?.image?.url as string);
    const file = await t.req(url.pathname + url.search);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await file.arrayBuffer()).equals(direct.image)).toBe(true);
    // 1000 px on the long side: edited at full size at once; the preview is the result scaled down.
    expect([job.preview?.image.width, job.preview?.image.height]).toEqual([410, 512]);
    expect(job.preview?.image.url).toMatch(/\/v1\/files\//);
    const events = await (await t.req(`/v1/jobs/${job.id}/events`)).text();
    const types = [...events.matchAll(/^event: (\S+)$/gm)].map((m) => m[1]);
    expect(types).toEqual(['queued', 'running', 'preview', 'done']);
    expect(events).toMatch(/"source":"result"/);
  });

  it('answers the same image and plan from the cache, even phrased differently', async () => {
    const first = (await (
      await t.post('/v1/edits?wait=120', { image: b64(png), instruction: PRICE })
    ).json()) as JobJson;
    expect(first.cache.hit).toBe(true);
    const other = '将“¥199”改为“¥169”，字体颜色变为红色';
    const res = await t.post('/v1/edits', { image: `data:image/png;base64,${b64(png)}`, instruction: other });
    expect(res.status).toBe(200); // done at once: no 202
    const hit = (await res.json()) as JobJson;
    expect(hit.cache.hit).toBe(true);
    expect(hit.result?.image?.id).not.toBe(first.result?.image?.id);
  });

  it('accepts JSON with base64, queues (202) and can be polled and waited on', async () => {
    const res = await t.post('/v1/edits', { image: b64(png), instruction: "把'¥199'改成'¥99'" });
    expect(res.status).toBe(202);
    expect(res.headers.get('location')).toMatch(/^\/v1\/jobs\/job_/);
    const queued = (await res.json()) as JobJson;
    expect(['queued', 'running']).toContain(queued.status);
    const done = (await (await t.req(`/v1/jobs/${queued.id}?wait=120`)).json()) as JobJson;
    expect(done.status).toBe('done');
    const out = await sharp(
      Buffer.from(await (await t.req(`/v1/jobs/${queued.id}/result`)).arrayBuffer()),
    ).metadata();
    expect([out.width, out.height]).toEqual([800, 1000]);
  });

  it('streams events live: a large input shows a 512 px preview first, then the final state', async () => {
    const big = await sharp(png).resize(1800, 2250).png().toBuffer();
    const res = await t.post('/v1/edits', { image: b64(big), instruction: "把'¥199'改成'¥119'" });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as JobJson;
    const stream = await t.req(`/v1/jobs/${id}/events`);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const text = await stream.text(); // the stream closes itself after the final event
    const events = [...text.matchAll(/^event: (\S+)\ndata: (.*)$/gm)].map((m) => [m[1], JSON.parse(m[2])]);
    expect(events.map((e) => e[0])).toEqual(['queued', 'running', 'preview', 'done']);
    expect([events[2][1].preview.image.width, events[2][1].preview.image.height]).toEqual([410, 512]);
    expect(events[2][1].preview.source).toBe('edit');
    expect(events[3][1].status).toBe('done');
    expect([events[3][1].result.image.width, events[3][1].result.image.height]).toEqual([1800, 2250]);
    const preview = await t.req(`/v1/jobs/${id}/preview`);
    expect(preview.headers.get('content-type')).toBe('image/webp');
    // Resuming after the preview replays only what came later.
    const rest = await (await t.req(`/v1/jobs/${id}/events`, { headers: { 'last-event-id': '3' } })).text();
    expect([...rest.matchAll(/^event: (\S+)$/gm)].map((m) => m[1])).toEqual(['done']);
  });

  it('answers a question with no image', async () => {
    const job = (await (
      await t.post('/v1/edits?wait=60', { image: b64(png), instruction: "图中有没有'¥199'？" })
    ).json()) as JobJson & {
      result: { answer: { exists: boolean } };
    };
    expect(job.status).toBe('done');
    expect(job.result.answer.exists).toBe(true);
    expect(job.result.image).toBeNull();
    const none = await errorOf(await t.req(`/v1/jobs/${job.id}/result`));
    expect([none.status, none.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('fails a job whose target is absent, with the error of the edit', async () => {
    const job = (await (
      await t.post('/v1/edits?wait=60', { image: b64(png), instruction: "把'¥888'改成'¥1'" })
    ).json()) as JobJson;
    expect(job.status).toBe('failed');
    expect(job.error?.code).toBe('TARGET_NOT_FOUND');
    const err = await errorOf(await t.req(`/v1/jobs/${job.id}/result`));
    expect([err.status, err.code]).toEqual([422, 'TARGET_NOT_FOUND']);
  });
});

describe('POST /v1/plan', () => {
  it('answers the plan and its words at once, creating no job and charging nothing', async () => {
    const listed = async () =>
      ((await (await t.req('/v1/jobs?limit=100')).json()) as { data: unknown[] }).data;
    const before = (await listed()).length;
    const res = await t.post('/v1/plan', { instruction: '去掉这个，再把背景换成纯白', mask: true });
    expect(res.status).toBe(200);
    const out = (await res.json()) as { ok: boolean; plan: { steps: { op: string }[] }; summary: string[] };
    expect(out.ok).toBe(true);
    expect(out.plan.steps.map((s) => s.op)).toEqual(['remove', 'replace-background']);
    expect(out.summary).toEqual([
      'remove the masked area and fill in what was behind it',
      'replace the background with white',
    ]);
    expect((await listed()).length).toBe(before);
    const zh = (await (
      await t.post('/v1/plan', { instruction: '去掉这个，再把背景换成纯白', mask: true, lang: 'zh' })
    ).json()) as { summary: string[] };
    expect(zh.summary).toEqual(['去掉涂抹的区域，并补全后面的画面', '背景换成白色']);
  });

  it('shows the words it set aside as context, in the plan and in words', async () => {
    const res = await t.post('/v1/plan', { instruction: "老板说价格写错了，把'¥299'改成'¥259'吧" });
    const out = (await res.json()) as {
      plan: { steps: { op: string }[]; ignored: string[] };
      summary: string[];
    };
    expect(out.plan.steps.map((s) => s.op)).toEqual(['replace-text']);
    expect(out.plan.ignored).toEqual(['老板说价格写错了']);
    expect(out.summary.at(-1)).toBe('(set aside as context: "老板说价格写错了")');
  });

  it('takes a multipart form, where a mask file says a mask is given', async () => {
    const res = await t.req('/v1/plan', {
      method: 'POST',
      body: form({ instruction: '把这里换成蓝色' }, { mask: png }),
    });
    expect(res.status).toBe(200);
    const out = (await res.json()) as { plan: { steps: { target: { kind: string } }[] } };
    expect(out.plan.steps[0].target.kind).toBe('mask');
  });

  it('POST /v1/edits refuses a logo edit with no asset at once, queueing nothing', async () => {
    const err = await errorOf(await t.post('/v1/edits', { image: b64(png), instruction: '右下角加上LOGO' }));
    expect([err.status, err.code]).toEqual([400, 'INVALID_ARGUMENT']);
    expect(err.message).toMatch(/needs an image: pass it with --asset/);
  });

  it('refuses what an edit would refuse, with the same codes', async () => {
    const cases: [Record<string, unknown>, number, string][] = [
      [{ instruction: '去掉这个' }, 400, 'INVALID_ARGUMENT'],
      [{ instruction: '右下角加上LOGO', asset: false }, 400, 'INVALID_ARGUMENT'],
      [{ instruction: '布料变皮革' }, 422, 'NEEDS_GENERATIVE_ENGINE'],
      [{ instruction: '' }, 400, 'EMPTY_INSTRUCTION'],
      [{ instruction: '去掉路人', mask: 'maybe' }, 400, 'INVALID_ARGUMENT'],
      [{ instruction: 'x'.repeat(201) }, 400, 'INSTRUCTION_TOO_LONG'],
      [{ instruction: '暖一点', lang: 'fr' }, 400, 'INVALID_ARGUMENT'],
    ];
    for (const [body, status, code] of cases) {
      const err = await errorOf(await t.post('/v1/plan', body));
      expect([err.status, err.code], JSON.stringify(body)).toEqual([status, code]);
    }
  });
});

describe('input hygiene', () => {
  it('applies EXIF orientation: a sideways JPEG is stored and edited upright, and the report says so', async () => {
    const upright = await sharp(png).resize(400, 500).jpeg().toBuffer();
    // Pixels stored rotated, with orientation 6 telling viewers to turn them back.
    const sideways = await sharp(upright).rotate(-90).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    expect((await sharp(sideways).metadata()).width).toBe(500);
    const job = (await (
      await t.post('/v1/edits?wait=60', { image: b64(sideways), instruction: '暖一点' })
    ).json()) as JobJson;
    expect(job.status).toBe('done');
    expect([job.result?.image?.width, job.result?.image?.height]).toEqual([400, 500]);
    expect(JSON.stringify(job.result?.report)).toMatch(/EXIF orientation 6/);
  });
});

describe('idempotency', () => {
  it('replays the same job for a retried request and refuses the key for another body', async () => {
    const body = { image: b64(png), instruction: "把'¥199'改成'¥149'" };
    const key = { 'idempotency-key': 'phone-retry-1' };
    const a = (await (await t.post('/v1/edits', body, key)).json()) as JobJson;
    const again = await t.post('/v1/edits', body, key);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(((await again.json()) as JobJson).id).toBe(a.id);
    const err = await errorOf(await t.post('/v1/edits', { ...body, instruction: "把'¥199'改成'¥1'" }, key));
    expect([err.status, err.code]).toEqual([409, 'IDEMPOTENCY_CONFLICT']);
    await t.req(`/v1/jobs/${a.id}?wait=120`);
    const rows = t.db
      .prepare('select count(*) n from jobs where idempotency_key = ?')
      .get('phone-retry-1') as { n: number };
    expect(rows.n).toBe(1);
  });

  it('gives two simultaneous retries with one key the same single job', async () => {
    const body = { image: b64(png), instruction: "把'¥199'改成'¥139'" };
    const key = { 'idempotency-key': 'phone-retry-2' };
    const [a, b] = await Promise.all([t.post('/v1/edits', body, key), t.post('/v1/edits', body, key)]);
    const [ja, jb] = [(await a.json()) as JobJson, (await b.json()) as JobJson];
    expect(ja.id).toBe(jb.id);
    expect([a.headers.get('idempotent-replayed'), b.headers.get('idempotent-replayed')]).toContain('true');
    await t.req(`/v1/jobs/${ja.id}?wait=120`);
    const rows = t.db
      .prepare('select count(*) n from jobs where idempotency_key = ?')
      .get('phone-retry-2') as {
      n: number;
    };
    expect(rows.n).toBe(1);
  });
});
