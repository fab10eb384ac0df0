import { ScalpelError } from '../../index.js';
import type { Sql } from '../storage/sql.js';

/**
 * Per-tenant rate limit (a token bucket refilled continuously, in memory: a restart forgives a
 * burst, which is harmless) and a daily quota of accepted edits (in the record store: it must survive restarts).
 */
export class Limits {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly sql: Sql) {}

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

  /**
   * Counts `n` edits against today's quota (UTC day), refusing the whole request if it would exceed
   * it. One conditional upsert: simultaneous requests cannot both take the last of the quota.
   */
  async charge(tenant: string, perDay: number, n = 1, now = Date.now()): Promise<void> {
    if (perDay <= 0) return;
    const day = new Date(now).toISOString().slice(0, 10);
    const taken =
      n <= perDay &&
      (await this.sql.run(
        `insert into usage (owner, day, count) values (?, ?, ?)
         on conflict (owner, day) do update set count = usage.count + excluded.count
         where usage.count + excluded.count <= ?`,
        [tenant, day, n, perDay],
      )) === 1;
    if (taken) return;
    const used =
      (
        await this.sql.get<{ count: number }>('select count from usage where owner = ? and day = ?', [
          tenant,
          day,
        ])
      )?.count ?? 0;
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

  /** Gives back quota for edits that were refused after charging (e.g. the queue was full). */
  async refund(tenant: string, n = 1, now = Date.now()): Promise<void> {
    const day = new Date(now).toISOString().slice(0, 10);
    await this.sql.run(
      'update usage set count = case when count > ? then count - ? else 0 end where owner = ? and day = ?',
      [n, n, tenant, day],
    );
  }
}
