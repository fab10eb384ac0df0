import type { EditPlan } from '../../index.js';
import type { Sql } from './sql.js';
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
    private readonly sql: Sql,
    private readonly images: ImageStore,
    private readonly ttlMs: number,
    private readonly maxBytes: number,
  ) {}

  async get(key: string, now = Date.now()): Promise<CacheEntry | undefined> {
    const e = await this.sql.get<CacheEntry>('select * from cache where key = ?', [key]);
    if (!e) return undefined;
    // Touched as it is checked: marked fresh, the blob is left to this hit by the collector.
    if (now - e.created_at > this.ttlMs || (e.bytes > 0 && !this.images.disk.touch(e.sha256))) {
      await this.sql.run('delete from cache where key = ?', [key]);
      return undefined;
    }
    await this.sql.run('update cache set hits = hits + 1, last_hit_at = ? where key = ?', [now, key]);
    return e;
  }

  async put(e: Omit<CacheEntry, 'created_at' | 'last_hit_at' | 'hits'>, now = Date.now()): Promise<void> {
    await this.sql.run(
      `insert into cache (key, sha256, format, width, height, report, bytes, created_at, last_hit_at, hits)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)
       on conflict (key) do update set sha256 = excluded.sha256, format = excluded.format,
         width = excluded.width, height = excluded.height, report = excluded.report,
         bytes = excluded.bytes, created_at = excluded.created_at, last_hit_at = excluded.last_hit_at, hits = 0`,
      [e.key, e.sha256, e.format, e.width, e.height, e.report, e.bytes, now, now],
    );
  }

  /** Drops expired entries, then the least recently hit until the total fits; then frees unused blobs. */
  async sweep(now = Date.now()): Promise<{ expired: number; evicted: number; freedBytes: number }> {
    const expired = await this.sql.run('delete from cache where created_at < ?', [now - this.ttlMs]);
    let evicted = 0;
    let total = (await this.sql.get<{ t: number }>('select coalesce(sum(bytes), 0) t from cache'))!.t;
    if (total > this.maxBytes) {
      const rows = await this.sql.all<{ key: string; bytes: number }>(
        'select key, bytes from cache order by last_hit_at',
      );
      for (const r of rows) {
        if (total <= this.maxBytes) break;
        await this.sql.run('delete from cache where key = ?', [r.key]);
        total -= r.bytes;
        evicted++;
      }
    }
    return { expired, evicted, freedBytes: await this.images.collect() };
  }

  async stats(): Promise<{ entries: number; bytes: number; hits: number }> {
    return (await this.sql.get<{ entries: number; bytes: number; hits: number }>(
      'select count(*) entries, coalesce(sum(bytes), 0) bytes, coalesce(sum(hits), 0) hits from cache',
    ))!;
  }
}
