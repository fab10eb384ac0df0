import { ScalpelClientError } from './http.js';
import { newKey, type ScalpelClient } from './client.js';
import type { EditInput, Job } from './types.js';

/**
 * Edits made while offline: kept in a store (IndexedDB in the web app, memory here or in tests) with
 * the idempotency key they will be submitted under, and sent when the connection returns. The key
 * makes a resubmission after a lost answer run once. What the queue holds is shown to the user.
 */
export interface Queued {
  key: string;
  input: EditInput;
  queuedAt: number;
  /** Set once the service accepted it. */
  jobId?: string;
  /** The last refusal (kept, not retried: the request itself is wrong). */
  error?: { code: string; message: string };
}

export interface QueueStore {
  all(): Promise<Queued[]>;
  put(item: Queued): Promise<void>;
  delete(key: string): Promise<void>;
}

export class MemoryStore implements QueueStore {
  private readonly items = new Map<string, Queued>();
  async all() {
    return [...this.items.values()].sort((a, b) => a.queuedAt - b.queuedAt);
  }
  async put(item: Queued) {
    this.items.set(item.key, structuredClone(item));
  }
  async delete(key: string) {
    this.items.delete(key);
  }
}

export class OfflineQueue {
  private flushing?: Promise<Job[]>;
  constructor(
    private readonly client: ScalpelClient,
    private readonly store: QueueStore,
  ) {}

  /** Keeps an edit for later; it is sent by the next flush(). */
  async add(input: EditInput): Promise<Queued> {
    const item: Queued = { key: input.idempotencyKey ?? newKey(), input, queuedAt: Date.now() };
    await this.store.put(item);
    return item;
  }

  pending(): Promise<Queued[]> {
    return this.store.all();
  }

  /**
   * Sends what waits, oldest first, and answers the accepted jobs. A network failure stops the flush
   * and keeps the rest for next time; a refusal is kept with its error, for the user to see.
   * Concurrent calls share one flush.
   */
  flush(): Promise<Job[]> {
    this.flushing ??= this.run().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async run(): Promise<Job[]> {
    const accepted: Job[] = [];
    for (const item of await this.store.all()) {
      if (item.error) continue;
      try {
        const job = await this.client.edit({ ...item.input, idempotencyKey: item.key });
        await this.store.delete(item.key);
        accepted.push(job);
      } catch (err) {
        if (err instanceof ScalpelClientError && err.status === 0) break;
        const e =
          err instanceof ScalpelClientError ? err : new ScalpelClientError(String(err), 'CLIENT_ERROR', 0);
        if (e.status >= 500 || e.status === 429) break;
        await this.store.put({ ...item, error: { code: e.code, message: e.message } });
      }
    }
    return accepted;
  }
}
