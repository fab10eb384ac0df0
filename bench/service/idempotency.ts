/**
 * The retrying client: one edit sent twice at once under one Idempotency-Key (a retry racing the
 * original), again after it finished, and once more with another instruction under the same key.
 * One job must come of it, run once; the last must be refused with 409.
 */
import { now, type Counters } from './api.js';
import { submit, waitFinal } from './client.js';
import type { BenchRequest } from './workload.js';

export interface IdempotencyResult {
  key: string;
  /** Job ids of the two concurrent POSTs and of the one after the end. */
  jobIds: string[];
  /** How many of those three answers carried Idempotent-Replayed: true. */
  replayed: number;
  finalStatus?: string;
  attempts?: number;
  /** Same key, different instruction: expected 409 IDEMPOTENCY_CONFLICT. */
  conflict: { status: number; code?: string };
  ms: number;
  ok: boolean;
  problem?: string;
}

export async function idempotencyClient(
  base: string,
  req: BenchRequest,
  key: string,
  counters: Counters,
): Promise<IdempotencyResult> {
  const t0 = now();
  const res: IdempotencyResult = { key, jobIds: [], replayed: 0, conflict: { status: 0 }, ms: 0, ok: false };
  try {
    const pair = await Promise.all([submit(base, req, key, counters), submit(base, req, key, counters)]);
    const first = pair.find((s) => s.job)?.job;
    if (!first) throw new Error(`both submissions refused: ${pair.map((s) => s.status).join(', ')}`);
    const final = await waitFinal(base, first, 'poll', counters, () => undefined);
    const after = await submit(base, req, key, counters);
    const all = [...pair, after];
    res.jobIds = all.map((s) => s.job?.id ?? `HTTP ${s.status}`);
    res.replayed = all.filter((s) => s.replayed).length;
    res.finalStatus = after.job?.status ?? final.status;
    res.attempts = after.job?.attempts;
    const other = await submit(base, { ...req, instruction: '暖一点' }, key, counters);
    res.conflict = { status: other.status, code: other.error?.code };
    const problems = [
      new Set(res.jobIds).size !== 1 && `three submissions named ${new Set(res.jobIds).size} jobs`,
      res.replayed < 2 && `only ${res.replayed} of 3 answers said Idempotent-Replayed`,
      other.status !== 409 && `a different request under the same key got ${other.status}, not 409`,
    ].filter(Boolean);
    res.ok = problems.length === 0;
    if (!res.ok) res.problem = problems.join('; ');
  } catch (err) {
    res.problem = String(err);
  }
  res.ms = now() - t0;
  return res;
}
