/**
 * N clients sharing one list of requests: each takes the next, submits it, follows it to the end
 * (even clients by long poll, odd ones by SSE) and takes another. A repeat waits for its original,
 * so it meets the cache. `onAccepted` lets the caller kill the server halfway through.
 */
import { LostJob, now, type Counters, type JobView } from './api.js';
import { submit, waitFinal } from './client.js';
import type { BenchRequest } from './workload.js';

export interface Outcome {
  req: BenchRequest;
  key: string;
  mode: 'poll' | 'sse';
  /** Submit started (after a repeat's wait for its original), accepted, preview seen, final seen. */
  t0: number;
  tAccepted?: number;
  tPreview?: number;
  tFinal: number;
  /** The HTTP status of the answer that ended the submission (202/200, or the refusal's). */
  httpStatus: number;
  /** The refusal's code, or the failed job's. */
  errorCode?: string;
  jobId?: string;
  final?: JobView;
  /** POSTs sent for the submission (more than one when a connection dropped). */
  tries: number;
  counters: Counters;
  /** After a dropped wait, the same key was submitted again: did it name the same job? */
  resubmit?: { sameJob: boolean; replayed: boolean };
  /** The server forgot an accepted job, or the request could not be finished at all. */
  lost?: string;
}

export interface LoadOptions {
  base: string;
  clients: number;
  /** Prefix of every Idempotency-Key, unique per run. */
  runId: string;
  onAccepted: (accepted: number) => void;
  onProgress?: (done: number, total: number) => void;
}

export async function runLoad(requests: BenchRequest[], opts: LoadOptions): Promise<Outcome[]> {
  const outcomes: Outcome[] = new Array(requests.length);
  const finished = requests.map(() => {
    let resolve = () => {};
    const p = new Promise<void>((r) => (resolve = r));
    return { p, resolve };
  });
  let next = 0;
  let accepted = 0;
  let done = 0;
  const client = async (c: number) => {
    for (let i = next++; i < requests.length; i = next++) {
      const req = requests[i];
      if (req.repeatOf !== undefined) await finished[req.repeatOf].p;
      outcomes[i] = await runOne(req, c % 2 === 0 ? 'poll' : 'sse', opts, () => opts.onAccepted(++accepted));
      finished[i].resolve();
      opts.onProgress?.(++done, requests.length);
    }
  };
  await Promise.all(Array.from({ length: opts.clients }, (_, c) => client(c)));
  return outcomes;
}

async function runOne(
  req: BenchRequest,
  mode: 'poll' | 'sse',
  opts: LoadOptions,
  accepted: () => void,
): Promise<Outcome> {
  const key = `${opts.runId}-${req.index}`;
  const counters: Counters = { connErrors: 0, throttled: 0 };
  const out: Outcome = { req, key, mode, t0: now(), tFinal: NaN, httpStatus: 0, tries: 0, counters };
  try {
    const sub = await submit(opts.base, req, key, counters);
    out.tries = sub.tries;
    out.httpStatus = sub.status;
    if (!sub.job) {
      out.errorCode = sub.error?.code;
      out.tFinal = now();
      return out;
    }
    out.tAccepted = now();
    out.jobId = sub.job.id;
    accepted();
    const dropsBefore = counters.connErrors;
    const view = await waitFinal(opts.base, sub.job, mode, counters, () => (out.tPreview ??= now()));
    out.tFinal = now();
    out.final = view;
    if (view.status !== 'done') out.errorCode = view.error?.code;
    if (counters.connErrors > dropsBefore) {
      // The wait lost the server: a client unsure of its submission sends it again with the same key.
      const again = await submit(opts.base, req, key, { connErrors: 0, throttled: 0 });
      out.resubmit = { sameJob: again.job?.id === view.id, replayed: again.replayed };
    }
  } catch (err) {
    out.lost = err instanceof LostJob ? err.message : `gave up: ${String(err)}`;
    out.tFinal = now();
  }
  return out;
}
