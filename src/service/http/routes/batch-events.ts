import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Env } from '../http.js';
import { FINAL, type JobEvent } from '../../jobs/jobs.js';
import type { Services } from '../../services.js';
import { progress } from './batches.js';

/**
 * `GET /v1/batches/{id}/events`: server-sent `progress` events (the counts, and which job just
 * changed) as the batch's jobs move, then one `done` with the whole batch; the stream then ends.
 */
export function batchEventRoutes(svc: Services) {
  const app = new Hono<Env>();
  app.get('/v1/batches/:id/events', async (c) => {
    const owner = c.get('tenant').id;
    const origin = new URL(c.req.url).origin;
    const first = await progress(svc, owner, c.req.param('id'), origin);
    const counts = (p: typeof first) => {
      const { jobs: _jobs, ...rest } = p;
      return rest;
    };
    return streamSSE(c, async (stream) => {
      const changes: { job: string; status: string }[] = [];
      let wake: () => void = () => undefined;
      const listeners = first.jobs.map((j) => {
        const on = (ev: JobEvent) => {
          changes.push({ job: j.id, status: ev.type });
          wake();
        };
        svc.jobs.events.on(j.id, on);
        return () => svc.jobs.events.off(j.id, on);
      });
      const stop = () => wake();
      stream.onAbort(stop);
      svc.jobs.events.on('shutdown', stop);
      try {
        let seq = 0;
        await stream.writeSSE({ id: String(++seq), event: 'progress', data: JSON.stringify(counts(first)) });
        for (;;) {
          if (stream.aborted || svc.jobs.closed) return;
          const now = await progress(svc, owner, first.id, origin);
          if (now.jobs.every((j) => FINAL.includes(j.status))) {
            await stream.writeSSE({ id: String(++seq), event: 'done', data: JSON.stringify(now) });
            return;
          }
          if (changes.length === 0) await new Promise<void>((r) => (wake = r));
          while (changes.length) {
            const change = changes.shift() as (typeof changes)[number];
            const data = { ...counts(await progress(svc, owner, first.id, origin)), changed: change };
            await stream.writeSSE({ id: String(++seq), event: 'progress', data: JSON.stringify(data) });
          }
        }
      } finally {
        for (const off of listeners) off();
        svc.jobs.events.off('shutdown', stop);
      }
    });
  });
  return app;
}
