import crypto from 'node:crypto';
import type { Raster } from '../image/raster.js';

/**
 * What one image's analysis costs, kept for the next edit of the same pixels: a batch of ten price
 * variants reads the poster once, fits the old line's style once and fills the erased glyphs once.
 * Keyed by the pixels' hash, never by a name or an id, so an entry can only serve identical input;
 * least recently used entries go first when the budget (`SCALPEL_ANALYSIS_CACHE_MB`, default 64,
 * 0 = off) is spent. Values are treated as read-only by every caller.
 */
interface Entry {
  value: unknown;
  bytes: number;
}

const DEFAULT_MB = 64;
const entries = new Map<string, Entry>();
const keys = new WeakMap<Raster, string>();
let budget: number | undefined;
let used = 0;
const stats = { hits: 0, misses: 0 };

function limit(): number {
  if (budget === undefined) {
    const mb = Number(process.env.SCALPEL_ANALYSIS_CACHE_MB ?? DEFAULT_MB);
    budget = Number.isFinite(mb) && mb > 0 ? mb * 2 ** 20 : 0;
  }
  return budget;
}

/** Sets the budget in bytes (0 turns the cache off) and empties it; tests and benchmarks compare both. */
export function setAnalysisCacheBytes(bytes: number): void {
  budget = Math.max(0, bytes);
  entries.clear();
  used = 0;
}

/** Forgets every entry (a benchmark's edit then starts as cold as a new request's). */
export function clearAnalysisCache(): void {
  entries.clear();
  used = 0;
}

/** Hits and misses since the process started (the benchmark reports them). */
export function analysisCacheStats() {
  return { ...stats, entries: entries.size, bytes: used };
}

/** A hash of the pixels and their size, computed once per raster object. */
export function rasterKey(img: Raster): string {
  let key = keys.get(img);
  if (key === undefined) {
    key = crypto
      .createHash('sha1')
      .update(`${img.width}x${img.height}:`)
      .update(img.data)
      .digest('base64url');
    keys.set(img, key);
  }
  return key;
}

/** A short hash of any bytes (an erase mask), for keys. */
export function bytesKey(data: Uint8Array): string {
  return crypto.createHash('sha1').update(data).digest('base64url');
}

function lookup(key: string): Entry | undefined {
  const hit = entries.get(key);
  if (hit) {
    // Re-inserted so that Map order is recency order.
    entries.delete(key);
    entries.set(key, hit);
  }
  return hit;
}

function store(key: string, entry: Entry, max: number): void {
  entries.set(key, entry);
  used += entry.bytes;
  for (const [k, e] of entries) {
    if (used <= max) break;
    entries.delete(k);
    used -= e.bytes;
  }
}

/**
 * The cached value for `key`, or `compute()`'s, kept when it fits. `size` estimates its bytes.
 * Concurrent callers of one key share one computation; a failed one is not kept.
 */
export function cached<T>(key: string, size: (v: T) => number, compute: () => Promise<T>): Promise<T> {
  const max = limit();
  if (max === 0) return compute();
  const hit = lookup(key);
  if (hit) {
    stats.hits++;
    return hit.value as Promise<T>;
  }
  stats.misses++;
  const entry: Entry = { value: undefined, bytes: 0 };
  const value = compute().then(
    (v) => {
      // Held at no cost while pending; sized and budgeted once known (unless cleared meanwhile).
      if (entries.get(key) !== entry) return v;
      entries.delete(key);
      entry.bytes = size(v);
      if (entry.bytes <= max / 2) store(key, entry, max);
      return v;
    },
    (err: unknown) => {
      if (entries.get(key) === entry) entries.delete(key);
      throw err;
    },
  );
  entry.value = value;
  entries.set(key, entry);
  return value;
}

/** The synchronous form, for pure computations. */
export function cachedSync<T>(key: string, size: (v: T) => number, compute: () => T): T {
  const max = limit();
  if (max === 0) return compute();
  const hit = lookup(key);
  if (hit) {
    stats.hits++;
    return hit.value as T;
  }
  stats.misses++;
  const value = compute();
  const bytes = size(value);
  if (bytes <= max / 2) store(key, { value, bytes }, max);
  return value;
}
