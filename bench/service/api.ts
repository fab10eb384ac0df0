/** What the benchmark's client side shares: the job view it reads, its counters, its clock. */

export const FINAL = ['done', 'failed', 'cancelled'];

/** Wall-clock milliseconds with sub-ms precision: comparable with the server's Date.now() stamps. */
export const now = () => performance.timeOrigin + performance.now();

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The parts of the API's job view the benchmark reads. */
export interface JobView {
  id: string;
  status: string;
  attempts: number;
  preview: unknown;
  cache: { hit: boolean };
  error: { code: string } | null;
  result: { answer: { exists?: boolean } | null } | null;
}

export interface Counters {
  /** fetch failed (refused, reset, cut mid-body): each one retried. */
  connErrors: number;
  throttled: number;
}

/** A job the server accepted and then did not know: exactly what the benchmark must catch. */
export class LostJob extends Error {
  constructor(
    readonly jobId: string,
    readonly status: number,
    readonly code?: string,
  ) {
    super(`GET /v1/jobs/${jobId} answered ${status} ${code ?? ''}`);
  }
}
