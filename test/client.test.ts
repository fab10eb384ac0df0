/**
 * The client SDK (`scalpel/client`) against the service in-process (its fetch is the app's own):
 * plan, edit, events, wait, result, sessions with undo, batches, retries that run once thanks to
 * idempotency keys, the service's errors with their codes, and the offline queue.
 */
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore, OfflineQueue, ScalpelClient, ScalpelClientError } from '../src/client/index.js';
import { POSTER, startTestService, type TestService } from './service.js';

let t: TestService;
const poster = readFileSync(POSTER);
const appFetch = (): typeof fetch => (url, init) => Promise.resolve(t.app.request(String(url), init));

beforeAll(async () => {
  t = await startTestService();
});
afterAll(() => t.close());

const client = (over: Partial<ConstructorParameters<typeof ScalpelClient>[0]> = {}) =>
  new ScalpelClient({ baseUrl: 'http://scalpel.test', fetch: appFetch(), backoffMs: 1, ...over });

describe('scalpel/client', () => {
  it('plans, edits, streams events, waits and fetches the result', async () => {
    const c = client();
    expect((await c.plan("把'¥199'改成'¥169'")).engines).toEqual(['local']);
    const job = await c.edit({ image: new Blob([poster]), instruction: "把'¥199'改成'¥169'" });
    const types: string[] = [];
    for await (const ev of c.events(job.id)) types.push(ev.type);
    expect(types.at(-1)).toBe('done');
    const done = await c.wait(job.id);
    expect(done.status).toBe('done');
    const png = await c.result(job.id);
    const meta = await sharp(png).metadata();
    expect([meta.width, meta.height]).toEqual([800, 1000]);
  });

  it('plans with the image: where each step acts; a session edit carries a painted mask', async () => {
    const c = client();
    const { where } = await c.plan("把'¥199'改成'¥169'", { image: new Blob([poster]) });
    expect(where?.[0].box?.width).toBeGreaterThan(20);
    const session = await c.sessions.create(poster);
    const mask = await sharp({ create: { width: 800, height: 1000, channels: 3, background: '#000' } })
      .composite([
        { input: { create: { width: 80, height: 40, channels: 3, background: '#fff' } }, left: 10, top: 20 },
      ])
      .png()
      .toBuffer();
    const painted = await c.plan('把这里换成蓝色', { session: session.id, mask });
    expect(painted.where?.[0].box).toEqual({ x: 10, y: 20, width: 80, height: 40 });
    const job = await c.sessions.edit(session.id, '把这里换成蓝色', { mask });
    if (!('id' in job)) throw new Error('expected a job');
    const done = await c.wait(job.id);
    expect(done.status).toBe('done');
    const region = (done.result?.report as { steps: { region: unknown }[] }).steps[0].region;
    expect(region).toEqual({ x: 10, y: 20, width: 80, height: 40 });
  });

  it('retries a lost answer under the same idempotency key: one job, not two', async () => {
    let calls = 0;
    const flaky: typeof fetch = async (url, init) => {
      const res = await t.app.request(String(url), init);
      // The first submission reaches the service, but its answer is lost on the way back.
      if (String(url).includes('/v1/edits') && calls++ === 0) throw new TypeError('fetch failed');
      return res;
    };
    const c = client({ fetch: flaky });
    const job = await c.edit({ image: poster, instruction: "把'¥199'改成'¥129'" });
    expect(calls).toBe(2);
    const list = (await (await t.req('/v1/jobs?limit=100')).json()) as { data: { instruction: string }[] };
    expect(list.data.filter((j) => j.instruction === "把'¥199'改成'¥129'")).toHaveLength(1);
    expect((await c.wait(job.id)).status).toBe('done');
  });

  it('hands the service’s refusals back with their codes, without retrying them', async () => {
    let posts = 0;
    const c = client({
      fetch: (url, init) => {
        if (init?.method === 'POST') posts++;
        return Promise.resolve(t.app.request(String(url), init));
      },
    });
    const err = await c.edit({ image: poster, instruction: '布料变皮革' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScalpelClientError);
    expect(err).toMatchObject({ code: 'NEEDS_GENERATIVE_ENGINE', status: 422 });
    expect(posts).toBe(1);
  });

  it('edits in a session and undoes', async () => {
    const c = client();
    const s = await c.sessions.create(poster);
    const job = await c.sessions.edit(s.id, "把'¥199'改成'¥99'");
    expect('id' in job && (await c.wait(job.id)).status).toBe('done');
    const after = await c.sessions.get(s.id);
    expect(after.versions).toHaveLength(2);
    expect((await c.sessions.undo(s.id)).head).toBe(s.head);
  });

  it('runs a batch of variants', async () => {
    const c = client();
    const b = await c.batches.create(poster, ["把'¥199'改成'¥99'", "把'¥199'改成'¥109'"]);
    expect(b.total).toBe(2);
    for (const j of b.jobs) await c.wait(j.id);
    const p = await c.batches.get(b.id);
    expect([p.done, p.progress]).toEqual([2, 1]);
  });

  it('keeps edits made offline and sends each once when the connection returns', async () => {
    let online = false;
    const c = client({
      retries: 0,
      fetch: (url, init) =>
        online ? Promise.resolve(t.app.request(String(url), init)) : Promise.reject(new TypeError('offline')),
    });
    const queue = new OfflineQueue(c, new MemoryStore());
    await queue.add({ kind: 'edit', input: { image: poster, instruction: "把'¥199'改成'¥88'" } });
    await queue.add({ kind: 'edit', input: { image: poster, instruction: '布料变皮革' } });
    expect(await queue.flush()).toEqual([]);
    expect(await queue.pending()).toHaveLength(2);
    online = true;
    const [a, b] = await Promise.all([queue.flush(), queue.flush()]);
    expect(a).toBe(b);
    expect(a).toHaveLength(1);
    // The refusal stays, with its error, for the user to see; it is not sent again.
    const left = await queue.pending();
    expect(left).toHaveLength(1);
    expect(left[0].error?.code).toBe('NEEDS_GENERATIVE_ENGINE');
    expect(await queue.flush()).toEqual([]);
    const list = (await (await t.req('/v1/jobs?limit=100')).json()) as { data: { instruction: string }[] };
    expect(list.data.filter((j) => j.instruction === "把'¥199'改成'¥88'")).toHaveLength(1);
  });
});
