/**
 * The same mix without the service: each distinct request once, sequentially, through `edit()` in
 * this process (no HTTP, no queue, no preview, no cache). What the service adds is the difference.
 */
import { edit, ScalpelError } from '../../src/index.js';
import { now } from './api.js';
import type { BenchRequest, Op } from './workload.js';

export interface BaselineSample {
  op: Op;
  ms: number;
  /** The error code when edit() refused or failed (the bad requests must). */
  code?: string;
}

export async function runBaseline(
  requests: BenchRequest[],
  onProgress?: (done: number, total: number) => void,
): Promise<BaselineSample[]> {
  const distinct = requests.filter((r) => r.repeatOf === undefined);
  const out: BaselineSample[] = [];
  const gc = (globalThis as { gc?: () => void }).gc;
  for (const r of distinct) {
    const t0 = now();
    let code: string | undefined;
    try {
      await edit(r.image, r.instruction);
    } catch (err) {
      code = ScalpelError.from(err).code;
    }
    out.push({ op: r.op, ms: now() - t0, code });
    onProgress?.(out.length, distinct.length);
    gc?.();
  }
  return out;
}
