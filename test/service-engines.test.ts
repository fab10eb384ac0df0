/**
 * The service with a generative engine configured (a loopback DashScope, test/fakes): GET /v1/engines,
 * new content routed to it through the job queue, the engine named per step, a forced engine, and the
 * plan saying who would run each step.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeDashScope } from './fakes/dashscope.js';
import { PHOTOS_DIR } from './fixtures/photos.js';
import { b64, errorOf, startTestService, type TestService } from './service.js';

const KEY = 'sk-service-secret-5555';
let t: TestService;
let ds: Awaited<ReturnType<typeof fakeDashScope>>;
let photo: Buffer;

interface JobJson {
  id: string;
  status: string;
  result?: { report?: { steps: { op: string; engine: string; quality: Record<string, unknown> }[] } };
}

beforeAll(async () => {
  ds = await fakeDashScope(KEY);
  Object.assign(process.env, { DASHSCOPE_API_KEY: KEY, DASHSCOPE_BASE_URL: ds.url });
  // Every input gets a quick preview edit first, so the preview's routing is exercised too.
  t = await startTestService({ previewAbove: 100, previewSide: 200 });
  photo = await sharp(await readFile(path.join(PHOTOS_DIR, 'coffee.png')))
    .resize(400)
    .png()
    .toBuffer();
});
afterAll(async () => {
  await t.close();
  await ds.close();
});

describe('engines over HTTP', () => {
  it('GET /v1/engines lists them, the configured one probed, no secret shown', async () => {
    const res = await t.req('/v1/engines');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(KEY);
    const body = JSON.parse(text) as {
      engines: { id: string; configured: boolean; reachable: boolean | null }[];
    };
    expect(body.engines.find((e) => e.id === 'dashscope')).toMatchObject({
      configured: true,
      reachable: true,
    });
  });

  it('POST /v1/plan says which engine would run each step', async () => {
    const res = await t.post('/v1/plan', { instruction: '把杯子换成蓝色，然后背景加入樱花元素' });
    const out = (await res.json()) as { plan: { steps: { op: string }[] }; engines: string[] };
    expect(out.plan.steps.map((s) => s.op)).toEqual(['recolor', 'edit']);
    expect(out.engines).toEqual(['local', 'dashscope']);
  });

  it('runs new content through the queue on the generative engine, surgical outside the region', async () => {
    const res = await t.post('/v1/edits', { image: b64(photo), instruction: '把杯子换成陶瓷材质' });
    const { id } = (await res.json()) as JobJson;
    const done = (await (await t.req(`/v1/jobs/${id}?wait=120`)).json()) as JobJson;
    expect(done.status).toBe('done');
    expect(done.result?.report?.steps[0]).toMatchObject({
      op: 'edit',
      engine: 'dashscope',
      quality: { outside_changed_pixels: 0 },
    });
  });

  it('keys idempotency on the engine too: the same key for another engine is a conflict', async () => {
    const body = { image: b64(photo), instruction: '把杯子换成红色' };
    const headers = { 'Idempotency-Key': 'engines-1' };
    const first = await t.post('/v1/edits', { ...body, engine: 'local' }, headers);
    expect(first.status).toBeLessThan(300);
    const err = await errorOf(await t.post('/v1/edits', { ...body, engine: 'dashscope' }, headers));
    expect([err.status, err.code]).toEqual([409, 'IDEMPOTENCY_CONFLICT']);
  });

  it('never calls the provider for a forced local job, preview included', async () => {
    const { width, height } = await sharp(photo).metadata();
    const big = await sharp({ create: { width: width!, height: height!, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    const before = ds.requests.filter((r) => r.method === 'POST').length;
    const res = await t.post('/v1/edits', {
      image: b64(photo),
      mask: b64(big),
      instruction: '去掉这里',
      engine: 'local',
    });
    const { id } = (await res.json()) as JobJson;
    const done = (await (await t.req(`/v1/jobs/${id}?wait=120`)).json()) as JobJson & {
      error?: { code: string };
    };
    expect(done.status).toBe('failed');
    expect(done.error?.code).toBe('NEEDS_GENERATIVE_ENGINE');
    expect(ds.requests.filter((r) => r.method === 'POST').length).toBe(before);
  });

  it('takes a forced engine per request, and refuses an unknown one at once', async () => {
    const res = await t.post('/v1/edits', {
      image: b64(photo),
      instruction: '把杯子换成红色',
      engine: 'dashscope',
    });
    const { id } = (await res.json()) as JobJson;
    const done = (await (await t.req(`/v1/jobs/${id}?wait=120`)).json()) as JobJson;
    expect(done.result?.report?.steps[0]).toMatchObject({ op: 'recolor', engine: 'dashscope' });
    const err = await errorOf(
      await t.post('/v1/edits', { image: b64(photo), instruction: '把杯子换成红色', engine: 'dalle' }),
    );
    expect([err.status, err.code]).toEqual([400, 'INVALID_ARGUMENT']);
  });
});
