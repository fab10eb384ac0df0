import Database from 'better-sqlite3';

export type Param = string | number | null;

/**
 * The record store's one door: the service's stores speak plain SQL through it, with `?`
 * placeholders and the subset SQLite and PostgreSQL share (upserts with `on conflict`, `returning`).
 * Two implementations: SQLite in the data directory (the embedded default) and PostgreSQL
 * (`SCALPEL_DATABASE_URL`), so one service's records can live on a database server.
 */
export interface Sql {
  readonly dialect: 'sqlite' | 'postgres';
  all<T = Record<string, unknown>>(text: string, params?: readonly Param[]): Promise<T[]>;
  get<T = Record<string, unknown>>(text: string, params?: readonly Param[]): Promise<T | undefined>;
  /** Runs a statement; resolves with how many rows it changed. */
  run(text: string, params?: readonly Param[]): Promise<number>;
  /** Runs `fn` in one transaction on one connection: all of it commits, or none of it. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * better-sqlite3 behind the async door. A statement runs at once, synchronously, when no
 * transaction is open, so callers see the same order and atomicity as direct calls; while one is
 * open, other callers wait for it instead of slipping their statements into it.
 */
export class SqliteSql implements Sql {
  readonly dialect = 'sqlite' as const;
  private readonly statements = new Map<string, Database.Statement>();
  private busy: Promise<void> | undefined;

  constructor(readonly db: Database.Database) {}

  all<T>(text: string, params: readonly Param[] = []): Promise<T[]> {
    return this.when(() => this.statement(text).all(...params) as T[]);
  }

  get<T>(text: string, params: readonly Param[] = []): Promise<T | undefined> {
    return this.when(() => this.statement(text).get(...params) as T | undefined);
  }

  run(text: string, params: readonly Param[] = []): Promise<number> {
    return this.when(() => this.statement(text).run(...params).changes);
  }

  async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    while (this.busy) await this.busy;
    let release!: () => void;
    this.busy = new Promise((r) => (release = r));
    const tx = new SqliteTx(this);
    try {
      this.db.exec('begin immediate');
      const out = await fn(tx);
      this.db.exec('commit');
      return out;
    } catch (e) {
      if (this.db.inTransaction) this.db.exec('rollback');
      throw e;
    } finally {
      tx.done = true;
      this.busy = undefined;
      release();
    }
  }

  close(): Promise<void> {
    this.db.close();
    return Promise.resolve();
  }

  /** Runs now (no transaction open) or after the open one; errors come back as rejections. */
  private when<T>(work: () => T): Promise<T> {
    if (this.busy) return this.busy.then(() => this.when(work));
    try {
      return Promise.resolve(work());
    } catch (e) {
      return Promise.reject(e as Error);
    }
  }

  statement(text: string): Database.Statement {
    let s = this.statements.get(text);
    if (!s) {
      s = this.db.prepare(text);
      this.statements.set(text, s);
    }
    return s;
  }
}

/** The view a transaction's body gets: its statements run inside it, without waiting for it. */
class SqliteTx implements Sql {
  readonly dialect = 'sqlite' as const;
  done = false;

  constructor(private readonly owner: SqliteSql) {}

  all<T>(text: string, params: readonly Param[] = []): Promise<T[]> {
    return this.now(() => this.owner.statement(text).all(...params) as T[]);
  }

  get<T>(text: string, params: readonly Param[] = []): Promise<T | undefined> {
    return this.now(() => this.owner.statement(text).get(...params) as T | undefined);
  }

  run(text: string, params: readonly Param[] = []): Promise<number> {
    return this.now(() => this.owner.statement(text).run(...params).changes);
  }

  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    return fn(this);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  private now<T>(work: () => T): Promise<T> {
    if (this.done) return Promise.reject(new Error('transaction already finished'));
    try {
      return Promise.resolve(work());
    } catch (e) {
      return Promise.reject(e as Error);
    }
  }
}
