import { ScalpelError } from '../../index.js';
import type { Db } from '../storage/db.js';

/**
 * Per-tenant rate limit (a token bucket refilled continuously, in memory: a restart forgives a
 * burst, which is harmless) and a daily quota of accepted edits (in SQLite: it must survive restarts).
 */
export class Limits {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly db: Db) {}

  /** Takes one request from the tenant's bucket, or throws RATE_LIMITED with the wait in seconds. */
  take(tenant: string, perMinute: number, now = Date.now()): void {
    if (perMinute <= 0) return;
    const b = this.buckets.get(tenant) ?? { tokens: perMinute, at: now };
    b.tokens = Math.min(perMinute, b.tokens + ((now - b.at) / 60_000) * perMinute);
    b.at = now;
    if (b.tokens < 1) {
      const retryAfter = Math.ceil(((1 - b.tokens) * 60) / perMinute);
      this.buckets.set(tenant, b);
      throw new ScalpelError('RATE_LIMITED', `Too many requests: the limit is ${perMinute} per minute.`, {
        stage: 'policy',
        details: { limit_per_minute: perMinute, retry_after_s: retryAfter },
      });
    }
    b.tokens -= 1;
    this.buckets.set(tenant, b);
  }

  /** Counts `n` edits against today's quota (UTC day), refusing the whole request if it would exceed it. */
  charge(tenant: string, perDay: number, n = 1, now = Date.now()): void {
    if (perDay <= 0) return;
    const day = new Date(now).toISOString().slice(0, 10);
    const used =
      (
        this.db.prepare('select count from usage where owner = ? and day = ?').get(tenant, day) as
          { count: number } | undefined
      )?.count ?? 0;
    if (used + n > perDay) {
      const midnight = Date.parse(`${day}T00:00:00Z`) + 86_400_000;
      throw new ScalpelError(
        'QUOTA_EXCEEDED',
        `Daily quota of ${perDay} edits used up (${used} so far today).`,
        {
          stage: 'policy',
          details: {
            quota_per_day: perDay,
            used,
            requested: n,
            retry_after_s: Math.ceil((midnight - now) / 1000),
          },
        },
      );
    }
    this.db
      .prepare(
        `insert into usage (owner, day, count) values (?, ?, ?)
         on conflict (owner, day) do update set count = count + excluded.count`,
      )
      .run(tenant, day, n);
  }

  /** Gives back quota for edits that were refused after charging (e.g. the queue was full). */
  refund(tenant: string, n = 1, now = Date.now()): void {
    const day = new Date(now).toISOString().slice(0, 10);
    this.db
      .prepare('update usage set count = max(0, count - ?) where owner = ? and day = ?')
      .run(n, tenant, day);
  }
}
