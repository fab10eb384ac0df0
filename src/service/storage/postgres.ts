import pg from 'pg';
import { ScalpelError } from '../../index.js';
import type { Param, Sql } from './sql.js';

/** int8 (counts, millisecond times) and numeric (sums) as numbers: every value here fits in 2^53. */
const NUMERIC_OIDS = new Set([20, 1700]);
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    NUMERIC_OIDS.has(oid)
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** The advisory lock one active service holds (any number, fixed: the database is the namespace). */
const LEASE_KEY = 7_325_735;
/**
 * The lease's heartbeat, sent every beat and checked every half. The service lets the lease go when
 * no beat sent in the last 2.5 beats has been answered (so at most 3 beats after the last beat that
 * was), and the database ends a lease session silent for 4 (idle_session_timeout), counted from its
 * last answer, which comes after that beat was sent: so on a link that dies without a word, the old
 * service has let go a beat before a standby can take the lock. Tests shorten it.
 */
export const LEASE_TIMING = { heartbeatMs: 10_000 };

/** `?` placeholders as PostgreSQL's `$1…`, leaving quoted text alone. */
export function numbered(text: string): string {
  let n = 0;
  let quoted = false;
  let out = '';
  for (const ch of text) {
    if (ch === "'") quoted = !quoted;
    out += ch === '?' && !quoted ? `$${++n}` : ch;
  }
  return out;
}

interface Queryable {
  query(text: string, params: Param[]): Promise<pg.QueryResult>;
}

/** PostgreSQL (`SCALPEL_DATABASE_URL`), through a small pool; one connection per transaction. */
export class PgSql implements Sql {
  readonly dialect = 'postgres' as const;

  constructor(
    private readonly on: Queryable & { end?: () => Promise<void> },
    private readonly url = '',
  ) {}

  static connect(url: string, max = 8): PgSql {
    const pool = new pg.Pool({ connectionString: url, max, types, connectionTimeoutMillis: 10_000 });
    // An idle connection the server drops (restart, failover) must not take the process down.
    pool.on('error', () => undefined);
    return new PgSql(pool, url);
  }

  /**
   * Makes this the one active service on the database: a session lock on a connection of its own.
   * Another service started on the same database waits here (`onWait` says so) until this one stops
   * or dies, then takes over: a hot standby. `onLost` runs if the lock's connection drops, when
   * another may already have taken over.
   */
  async lease(onWait: () => void, onLost: (err: Error) => void): Promise<() => Promise<void>> {
    // Keep-alive and a heartbeat: an idle connection a firewall drops silently would let the server
    // release the lock while this service still runs.
    const client = new pg.Client({
      connectionString: this.url,
      types,
      connectionTimeoutMillis: 10_000,
      keepAlive: true,
    });
    const every = LEASE_TIMING.heartbeatMs;
    let released = false;
    const beat: { timer?: NodeJS.Timeout; answered: number; ticks: number } = { answered: 0, ticks: 0 };
    const lost = (err: Error) => {
      if (released) return;
      released = true;
      clearInterval(beat.timer);
      // Not awaited: on a dead link the goodbye may never be answered.
      client.end().catch(() => undefined);
      onLost(err);
    };
    client.on('error', lost);
    try {
      await client.connect();
      // PostgreSQL 14 and later (older servers keep a silently dead lease until their TCP gives up).
      // A standby blocked on the lock below is not idle: this starts to count once it holds it.
      await client.query(`set idle_session_timeout = ${4 * every}`).catch(() => undefined);
      const got = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1) ok', [LEASE_KEY]);
      if (!got.rows[0]?.ok) {
        onWait();
        await client.query('select pg_advisory_lock($1)', [LEASE_KEY]);
      }
    } catch (e) {
      released = true;
      await client.end().catch(() => undefined);
      throw unavailable(e);
    }
    // Monotonic time: a wall clock set back or forward must not end a healthy lease.
    beat.answered = performance.now();
    const tick = () => {
      const silent = performance.now() - beat.answered;
      if (silent > 2.5 * every)
        return lost(new Error(`no heartbeat has been answered for ${Math.round(silent)} ms`));
      if (beat.ticks++ % 2) return;
      const sent = performance.now();
      client.query('select 1').then(
        () => (beat.answered = Math.max(beat.answered, sent)),
        (e: unknown) => lost(e instanceof Error ? e : new Error(String(e))),
      );
    };
    tick();
    beat.timer = setInterval(tick, every / 2);
    beat.timer.unref();
    return async () => {
      released = true;
      clearInterval(beat.timer);
      await client.end().catch(() => undefined);
    };
  }

  async all<T>(text: string, params: readonly Param[] = []): Promise<T[]> {
    return (await this.query(text, params)).rows as T[];
  }

  async get<T>(text: string, params: readonly Param[] = []): Promise<T | undefined> {
    return (await this.query(text, params)).rows[0] as T | undefined;
  }

  async run(text: string, params: readonly Param[] = []): Promise<number> {
    return (await this.query(text, params)).rowCount ?? 0;
  }

  async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    if (!(this.on instanceof pg.Pool)) return fn(this);
    const client = await this.on.connect().catch((e: unknown) => {
      throw unavailable(e);
    });
    try {
      await client.query('begin');
      const out = await fn(new PgSql(client));
      await client.query('commit');
      return out;
    } catch (e) {
      await client.query('rollback').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.on.end?.();
  }

  private async query(text: string, params: readonly Param[]): Promise<pg.QueryResult> {
    try {
      return await this.on.query(numbered(text), [...params]);
    } catch (e) {
      // A refused or dropped connection (SQLSTATE class 08, or 57P shutdowns) is the database being
      // away; any other SQL error is ours and keeps its own message.
      if (e instanceof pg.DatabaseError && !/^(08|57P)/u.test(e.code ?? '')) throw e;
      throw unavailable(e);
    }
  }
}

function unavailable(cause: unknown): ScalpelError {
  return new ScalpelError('DATABASE_UNAVAILABLE', 'The record database (PostgreSQL) did not answer.', {
    stage: 'storage',
    details: {
      reason:
        cause instanceof Error ? cause.message.replace(/postgres(ql)?:\/\/\S+/giu, '<url>') : String(cause),
    },
    cause,
  });
}
