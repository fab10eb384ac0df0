import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { PgSql } from './postgres.js';
import { SqliteSql, type Sql } from './sql.js';

export type Db = Database.Database;

/** Version 1 of the schema; later issues add tables with `create … if not exists`. */
const SCHEMA = `
create table if not exists meta (key text primary key, value text not null);
create table if not exists api_keys (
  id text primary key, name text not null, hash text not null unique, created_at integer not null,
  revoked_at integer, rate_per_minute integer, quota_per_day integer);
create table if not exists images (
  id text primary key, owner text not null, sha256 text not null, format text not null,
  width integer not null, height integer not null, bytes integer not null, created_at integer not null);
create index if not exists images_sha on images (sha256);
create table if not exists jobs (
  id text primary key, owner text not null, status text not null, instruction text not null,
  plan text not null, options text not null, input_image text not null, output_image text,
  preview_image text, preview_source text, report text, error text, warnings text not null, cache_key text not null, fingerprint text not null,
  idempotency_key text, session_id text, base_version text, batch_id text,
  attempts integer not null default 0,
  timeout_ms integer not null, created_at integer not null, started_at integer, finished_at integer,
  finish_count integer not null default 0);
create index if not exists jobs_queue on jobs (status, created_at);
create index if not exists jobs_owner on jobs (owner, created_at);
create unique index if not exists jobs_idem on jobs (owner, idempotency_key) where idempotency_key is not null;
create table if not exists job_events (
  job_id text not null, seq integer not null, type text not null, data text not null,
  at integer not null, primary key (job_id, seq));
create table if not exists sessions (
  id text primary key, owner text not null, head text not null, created_at integer not null);
create table if not exists versions (
  id text primary key, session_id text not null, parent text, image_id text not null, job_id text,
  instruction text, plan text, created_at integer not null);
create table if not exists batches (
  id text primary key, owner text not null, total integer not null, created_at integer not null);
create table if not exists cache (
  key text primary key, sha256 text not null, format text not null, width integer not null,
  height integer not null, report text not null, bytes integer not null, created_at integer not null,
  last_hit_at integer not null, hits integer not null default 0);
create table if not exists usage (owner text not null, day text not null, count integer not null,
  primary key (owner, day));
create table if not exists oss_uploads (
  key text primary key, owner text not null, image_id text not null, expires_at integer not null);
create table if not exists publications (
  id text primary key, owner text not null, origin text not null, source text not null,
  created_at integer not null);
create table if not exists deliveries (
  id text primary key, publication_id text not null, target text not null, name text not null,
  image_id text not null, meta text not null, status text not null, attempts integer not null default 0,
  response_status integer, location text, error text, created_at integer not null, finished_at integer);
create index if not exists deliveries_by_publication on deliveries (publication_id);
create index if not exists deliveries_pending on deliveries (status);
`;

/**
 * The same tables in PostgreSQL: 64-bit integers (times are milliseconds), and an explicit `rowid`
 * where SQLite's implicit one orders rows created in the same millisecond.
 */
const PG_SCHEMA =
  SCHEMA.replace(/\binteger\b/gu, 'bigint') +
  `alter table jobs add column if not exists rowid bigserial;
alter table versions add column if not exists rowid bigserial;`;

/** Opens (and creates) the SQLite database: WAL so readers never wait for the worker's writes. */
export function openDb(dataDir: string): Db {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, 'scalpel.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);
  return db;
}

/** The record store: PostgreSQL when a database URL is set, else SQLite in the data directory. */
export async function openRecords(opts: { dataDir: string; databaseUrl?: string }): Promise<Sql> {
  if (!opts.databaseUrl) return new SqliteSql(openDb(opts.dataDir));
  const sql = PgSql.connect(opts.databaseUrl);
  try {
    // Two services starting at once must not race each other's `create table if not exists`.
    await sql.transaction(async (tx) => {
      await tx.run('select pg_advisory_xact_lock(5434)');
      for (const stmt of PG_SCHEMA.split(';')
        .map((x) => x.trim())
        .filter(Boolean))
        await tx.run(stmt);
    });
  } catch (e) {
    await sql.close();
    throw e;
  }
  return sql;
}

/** A value kept across restarts (the URL-signing secret), created on first use. */
export async function metaValue(sql: Sql, key: string, create: () => string): Promise<string> {
  const row = await sql.get<{ value: string }>('select value from meta where key = ?', [key]);
  if (row) return row.value;
  await sql.run('insert into meta (key, value) values (?, ?) on conflict do nothing', [key, create()]);
  return (await sql.get<{ value: string }>('select value from meta where key = ?', [key]))!.value;
}
