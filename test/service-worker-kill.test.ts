/**
 * A worker killed mid-job (the OOM killer, kill -9) is treated like a server restart: the job runs
 * once more, and a second interruption fails it as JOB_INTERRUPTED. Real worker processes.
 */
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { ProcessPool } from '../src/service/jobs/pool.js';
import { b64, poster, startTestService, type TestService } from './service.js';

interface JobJson {
  id: string;
  status: string;
  attempts: number;
  error: { code: string; details: Record<string, unknown> } | null;
}

let t: TestService | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** Waits until the job runs (for the given time), then SIGKILLs the worker running it. */
async function killWhileRunning(pool: ProcessPool, id: string, attempt: number) {
  for (;;) {
    const job = (await (await t!.req(`/v1/jobs/${id}`)).json()) as JobJson;
    const busy = [...(pool as unknown as { busy: Set<ChildProcess> }).busy];
    if (job.status === 'running' && job.attempts === attempt && busy.length === 1) {
      await new Promise((r) => setTimeout(r, 150));
      busy[0].kill('SIGKILL');
      return;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('a worker killed mid-job', () => {
  it('runs the job again once, and it finishes', async () => {
    const pool = new ProcessPool();
    t = await startTestService({ concurrency: 1, maxAttempts: 2 }, pool);
    const job = (await (
      await t.post('/v1/edits', { image: b64(await poster()), instruction: '背景换成纯白' })
    ).json()) as JobJson;
    await killWhileRunning(pool, job.id, 1);
    const done = (await (await t.req(`/v1/jobs/${job.id}?wait=120`)).json()) as JobJson;
    expect([done.status, done.attempts]).toEqual(['done', 2]);
    const events = t.db.prepare('select type from job_events where job_id = ? order by seq').all(job.id) as {
      type: string;
    }[];
    expect(events.map((e) => e.type)).toContain('requeued');
  }, 180_000);

  it('fails it as JOB_INTERRUPTED when it is killed again', async () => {
    const pool = new ProcessPool();
    t = await startTestService({ concurrency: 1, maxAttempts: 2 }, pool);
    const job = (await (
      await t.post('/v1/edits', { image: b64(await poster()), instruction: '背景换成渐变蓝色' })
    ).json()) as JobJson;
    await killWhileRunning(pool, job.id, 1);
    await killWhileRunning(pool, job.id, 2);
    const failed = (await (await t.req(`/v1/jobs/${job.id}?wait=60`)).json()) as JobJson;
    expect([failed.status, failed.error?.code, failed.attempts]).toEqual(['failed', 'JOB_INTERRUPTED', 2]);
    expect(failed.error?.details).toMatchObject({ signal: 'SIGKILL', attempts: 2 });
  }, 180_000);
});
