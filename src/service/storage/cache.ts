import type { EditPlan } from '../../index.js';
import type { Db } from './db.js';
import { sha256 } from './ids.js';
import type { ImageStore } from './images.js';

export interface CacheEntry {
  key: string;
  sha256: string;
  format: string;
  width: number;
  height: number;
  report: string;
  bytes: number;
  created_at: number;
  last_hit_at: number;
  hits: number;
}

/** What decides an edit's result: the bytes, the normalised plan, the engine version, the options; per tenant. */
export function cacheKey(parts: {
  tenant: string;
  image: string;
  plan: EditPlan;
  engine: string;
  mask?: string;
  asset?: string;
  format?: string;
  /** The operator's visible label: turning it on must not serve results made without it. */
  visibleLabel?: string;
}): string {
  // The instruction text itself is left out: two phrasings with the same plan share a result.
  return sha256(
    JSON.stringify([
      parts.tenant,
      parts.image,
      parts.plan.steps,
      parts.engine,
      parts.mask ?? null,
      parts.asset ?? null,
      parts.format ?? null,
      // Appended only when set, so the keys of results cached before it existed stay valid.
      ...(parts.visibleLabel ? [parts.visibleLabel] : []),
    ]),
  );
}

/**
 * Finished results by cache key, with a TTL and a size bound. Entries point at blobs in the image
 * store, so a hit copies nothing.
 */
export class ResultCache {
  constructor(
    private readonly db: Db,
    private readonly images: ImageStore,
    private readonly ttlMs: number,
    private readonly maxBytes: number,
  ) {}

  get(key: string, now = Date.now()): CacheEntry | undefined {
    const e = this.db.prepare('select * from cache where key = ?').get(key) as CacheEntry | undefined;
    if (!e) return undefined;
    if (now - e.created_at > this.ttlMs || (e.bytes > 0 && !this.images.hasBlob(e.sha256))) {
      this.db.prepare('delete from cache where key = ?').run(key);
      return undefined;
    }
    this.db.prepare('update cache set hits = hits + 1, last_hit_at = ? where key = ?').run(now, key);
    return e;
  }

  put(e: Omit<CacheEntry, 'created_at' | 'last_hit_at' | 'hits'>, now = Date.now()): void {
    this.db
      .prepare(
        `insert or replace into cache (key, sha256, format, width, height, report, bytes, created_at, last_hit_at, hits)
         values (@key, @sha256, @format, @width, @height, @report, @bytes, @now, @now, 0)`,
      )
      .run({ ...e, now });
  }

  /** Drops expired entries, then the least recently hit until the total fits; then frees unused blobs. */
  sweep(now = Date.now()): { expired: number; evicted: number; freedBytes: number } {
    const expired = this.db.prepare('delete from cache where created_at < ?').run(now - this.ttlMs).changes;
    let evicted = 0;
    let total = (this.db.prepare('select coalesce(sum(bytes), 0) t from cache').get() as { t: number }).t;
    if (total > this.maxBytes) {
      const rows = this.db.prepare('select key, bytes from cache order by last_hit_at').all() as {
        key: string;
        bytes: number;
      }[];
      for (const r of rows) {
        if (total <= this.maxBytes) break;
        this.db.prepare('delete from cache where key = ?').run(r.key);
        total -= r.bytes;
        evicted++;
      }
    }
    return { expired, evicted, freedBytes: this.images.collect() };
  }

  stats(): { entries: number; bytes: number; hits: number } {
    return this.db
      .prepare(
        'select count(*) entries, coalesce(sum(bytes), 0) bytes, coalesce(sum(hits), 0) hits from cache',
      )
      .get() as {
      entries: number;
      bytes: number;
      hits: number;
    };
  }
}
