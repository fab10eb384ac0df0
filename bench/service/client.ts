/**
 * One request over plain fetch, as a careful client would send it: POST /v1/edits with an
 * Idempotency-Key, re-sent with the same key when the connection drops (the server may be
 * restarting), 429s waited out, then the job followed to a final state by long poll or SSE.
 */
import { FINAL, LostJob, now, sleep, type Counters, type JobView } from './api.js';
import { followSse } from './sse.js';
import type { BenchRequest } from './workload.js';

export interface Submission {
  status: number;
  replayed: boolean;
  job?: JobView;
  error?: { code: string; message: string };
  /** POSTs sent for this submission (more than one when the connection dropped). */
  tries: number;
}

/** Gives up on a request that cannot reach the server for this long (the restart takes ~1 s). */
const GIVE_UP_MS = 120_000;
const RETRY_MS = 100;

function form(req: Pick<BenchRequest, 'image' | 'instruction'>): FormData {
  const f = new FormData();
  f.set('image', new Blob([new Uint8Array(req.image)], { type: 'image/png' }), 'input.png');
  f.set('instruction', req.instruction);
  return f;
}

/** POSTs until the server answers; a dropped connection is re-sent with the same key. */
export async function submit(
  base: string,
  req: Pick<BenchRequest, 'image' | 'instruction'>,
  key: string,
  counters: Counters,
): Promise<Submission> {
  const t0 = now();
  for (let tries = 1; ; tries++) {
    try {
      const res = await fetch(`${base}/v1/edits`, {
        method: 'POST',
        body: form(req),
        headers: { 'Idempotency-Key': key },
      });
      const body = (await res.json()) as JobView & { error: { code: string; message: string } | null };
      if (res.status === 429) {
        counters.throttled++;
        await sleep(Number(res.headers.get('retry-after') ?? 1) * 1000);
        continue;
      }
      const replayed = res.headers.get('idempotent-replayed') === 'true';
      if (!res.ok) return { status: res.status, replayed, error: body.error ?? undefined, tries };
      return { status: res.status, replayed, job: body, tries };
    } catch (err) {
      counters.connErrors++;
      if (now() - t0 > GIVE_UP_MS) throw err;
      await sleep(RETRY_MS);
    }
  }
}

/** Follows the job until it is final; `onPreview` fires once when a preview exists (SSE mode). */
export async function waitFinal(
  base: string,
  job: JobView,
  mode: 'poll' | 'sse',
  counters: Counters,
  onPreview: () => void,
): Promise<JobView> {
  if (FINAL.includes(job.status)) return job;
  if (mode === 'sse') return followSse(base, job.id, counters, onPreview);
  const t0 = now();
  let view = job;
  while (!FINAL.includes(view.status)) {
    try {
      const res = await fetch(`${base}/v1/jobs/${job.id}?wait=120`);
      const body = (await res.json()) as JobView & { error: { code: string } | null };
      if (res.status === 429) {
        counters.throttled++;
        await sleep(Number(res.headers.get('retry-after') ?? 1) * 1000);
        continue;
      }
      // A job the server accepted and now does not know is lost: that is what the check is for.
      if (!res.ok) throw new LostJob(job.id, res.status, body.error?.code);
      view = body;
    } catch (err) {
      if (err instanceof LostJob || now() - t0 > GIVE_UP_MS + 120_000) throw err;
      counters.connErrors++;
      await sleep(RETRY_MS);
    }
  }
  return view;
}
