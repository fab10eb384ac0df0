import { ScalpelClientError } from './http.js';
import { newKey, type ScalpelClient } from './client.js';
import type { EditInput, ImageInput, Job } from './types.js';

/**
 * Edits made while offline: kept in a store (IndexedDB in the web app, memory here or in tests) with
 * the idempotency key they will be submitted under, and sent when the connection returns. The key
 * makes a resubmission after a lost answer run once. What the queue holds is shown to the user.
 */
export type QueuedEdit =
  /** A whole edit: the image travels with it. */
  | { kind: 'edit'; input: EditInput }
  /** The next step of a session opened while online: only the sentence travels. */
  | { kind: 'session'; session: string; instruction: string; mask?: ImageInput };

export type Queued = QueuedEdit & {
  key: string;
  queuedAt: number;
  /** The last refusal (kept, not retried: the request itself is wrong). */
  error?: { code: string; message: string };
};

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

/** What a flush sent: the queued item and the service's answer (a job, or a session move for 撤销). */
export interface Sent {
  item: Queued;
  job?: Job;
}

export class OfflineQueue {
  private flushing?: Promise<Sent[]>;
  constructor(
    private readonly client: ScalpelClient,
    private readonly store: QueueStore,
  ) {}

  /** Keeps an edit for later; it is sent by the next flush(). */
  async add(edit: QueuedEdit, key = newKey()): Promise<Queued> {
    const item: Queued = { ...edit, key, queuedAt: Date.now() };
    await this.store.put(item);
    return item;
  }

  pending(): Promise<Queued[]> {
    return this.store.all();
  }

  /**
   * Sends what waits, oldest first, each under its own key. A network failure (or the service
   * overloaded) stops the flush and keeps the rest for next time; a refusal is kept with its error,
   * for the user to see. Concurrent calls share one flush.
   */
  flush(): Promise<Sent[]> {
    this.flushing ??= this.run().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async run(): Promise<Sent[]> {
    const sent: Sent[] = [];
    for (const item of await this.store.all()) {
      if (item.error) continue;
      try {
        const answer =
          item.kind === 'edit'
            ? await this.client.edit({ ...item.input, idempotencyKey: item.key })
            : await this.client.sessions.edit(item.session, item.instruction, {
                idempotencyKey: item.key,
                mask: item.mask,
              });
        await this.store.delete(item.key);
        sent.push({ item, ...('status' in answer ? { job: answer } : {}) });
      } catch (err) {
        const e =
          err instanceof ScalpelClientError ? err : new ScalpelClientError(String(err), 'CLIENT_ERROR', 0);
        if (e.status === 0 || e.status >= 500 || e.status === 429) break;
        await this.store.put({ ...item, error: { code: e.code, message: e.message } });
      }
    }
    return sent;
  }
}
