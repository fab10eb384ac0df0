import crypto from 'node:crypto';
import { ScalpelError } from '../../index.js';
import type { Sql } from '../storage/sql.js';
import { newId, sha256 } from '../storage/ids.js';

export interface ApiKey {
  id: string;
  name: string;
  created_at: number;
  revoked_at: number | null;
  rate_per_minute: number | null;
  quota_per_day: number | null;
}

/** The tenant of single-user mode (no keys configured). */
export const LOCAL_TENANT = 'local';

/**
 * API keys, stored as SHA-256 hashes only: the secret is shown once at creation. Keys carry 256
 * random bits, so a fast hash is enough (there is nothing to brute-force, unlike a password).
 */
export class KeyStore {
  constructor(private readonly sql: Sql) {}

  async create(opts: { name: string; ratePerMinute?: number; quotaPerDay?: number }): Promise<{
    key: string;
    record: ApiKey;
  }> {
    if (!opts.name.trim()) {
      throw new ScalpelError('INVALID_ARGUMENT', 'A key needs a name (--name).', { stage: 'args' });
    }
    const secret = `sk-scalpel-${crypto.randomBytes(32).toString('base64url')}`;
    const record: ApiKey = {
      id: newId('key'),
      name: opts.name.trim(),
      created_at: Date.now(),
      revoked_at: null,
      rate_per_minute: opts.ratePerMinute ?? null,
      quota_per_day: opts.quotaPerDay ?? null,
    };
    await this.sql.run(
      `insert into api_keys (id, name, hash, created_at, rate_per_minute, quota_per_day)
       values (?, ?, ?, ?, ?, ?)`,
      [
        record.id,
        record.name,
        sha256(secret),
        record.created_at,
        record.rate_per_minute,
        record.quota_per_day,
      ],
    );
    return { key: secret, record };
  }

  list(): Promise<ApiKey[]> {
    return this.sql.all<ApiKey>(
      'select id, name, created_at, revoked_at, rate_per_minute, quota_per_day from api_keys order by created_at',
    );
  }

  async revoke(id: string): Promise<void> {
    const changed = await this.sql.run(
      'update api_keys set revoked_at = ? where id = ? and revoked_at is null',
      [Date.now(), id],
    );
    if (changed === 0) {
      throw new ScalpelError('NOT_FOUND', `No active key '${id}'.`, {
        stage: 'args',
        details: {
          key: id,
          valid: (await this.list()).filter((k) => !k.revoked_at).map((k) => k.id),
        },
      });
    }
  }

  /** True once any key exists: from then on only keys are accepted. */
  async enforced(): Promise<boolean> {
    return (await this.sql.get('select 1 one from api_keys limit 1')) !== undefined;
  }

  /** The active key with this secret, or undefined. */
  verify(secret: string): Promise<ApiKey | undefined> {
    return this.sql.get<ApiKey>(
      `select id, name, created_at, revoked_at, rate_per_minute, quota_per_day from api_keys
       where hash = ? and revoked_at is null`,
      [sha256(secret)],
    );
  }
}
