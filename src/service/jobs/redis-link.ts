import { Redis } from 'ioredis';
import { ERROR_CODES, ScalpelError, type EditReport, type ErrorCode, type ErrorJson } from '../../index.js';
import type { WorkTask } from './executor.js';

/**
 * What the service and its workers on Redis say to each other: the task (images by hash, not by
 * path: a worker may be on another machine), its progress, its result, and how errors travel.
 */
export interface RemoteTask extends Omit<WorkTask, 'input' | 'mask' | 'asset'> {
  input: string;
  mask?: string;
  asset?: string;
}

export interface RemoteResult {
  /** The result's blob hash in the shared storage; null for a question. */
  image: string | null;
  report: EditReport;
}

export type RemoteProgress =
  { preview: string | null; report: EditReport; source: 'edit' | 'result' } | { previewFailed: ErrorJson };

/** BullMQ's reason for a job whose worker stopped renewing its lock (killed, or its machine lost). */
export const STALLED = 'job stalled more than allowable limit';

export const cancelChannel = (queue: string) => `scalpel:${queue}:cancel`;
export const cancelKey = (queue: string, runId: string) => `scalpel:${queue}:cancelled:${runId}`;

/**
 * Connections as BullMQ wants them (commands wait for a reconnect instead of failing after 20 tries),
 * kept so that closing ends them all: BullMQ leaves connections it was given open.
 */
export class Connections {
  private readonly all: Redis[] = [];

  constructor(private readonly url: string) {}

  open(): Redis {
    const r = new Redis(this.url, { maxRetriesPerRequest: null });
    // Redis gone for a while: ioredis reconnects by itself, and the commands waiting meanwhile fail
    // or time out where they are used; the event only needs a listener so it is not printed per try.
    r.on('error', () => {});
    this.all.push(r);
    return r;
  }

  close(): void {
    for (const r of this.all) r.disconnect();
  }
}

/** A ScalpelError as the text of the Error a BullMQ processor throws (its failedReason). */
export function encodeError(err: unknown): Error {
  return new Error(JSON.stringify(ScalpelError.from(err).toJSON()));
}

/** Back from a failedReason: our own error, a stalled worker, or anything else as INTERNAL. */
export function decodeFailure(reason: string): ScalpelError {
  if (reason === STALLED) {
    return new ScalpelError('JOB_INTERRUPTED', 'The worker running this edit stopped (its lock expired).', {
      stage: 'queue',
      details: { worker_stopped: true },
    });
  }
  try {
    const e = JSON.parse(reason) as ErrorJson;
    if (typeof e.code === 'string' && e.code in ERROR_CODES) {
      return new ScalpelError(e.code as ErrorCode, e.message, { stage: e.stage, details: e.details });
    }
  } catch {
    // Not ours: reported as it came.
  }
  return new ScalpelError('INTERNAL', `The worker failed: ${reason}`, { stage: 'queue' });
}

/**
 * A blob gone from the shared storage between its writing and its reading (retention deleting an old
 * copy of the same bytes at that moment): the run is interrupted, and its retry stores it anew.
 */
export function lostBlob(err: unknown): ScalpelError | undefined {
  if (!(err instanceof ScalpelError) || err.code !== 'NOT_FOUND') return undefined;
  return new ScalpelError('JOB_INTERRUPTED', 'An image of this edit was not in the shared storage.', {
    stage: 'storage',
    cause: err,
  });
}
