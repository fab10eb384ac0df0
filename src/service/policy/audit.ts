import crypto from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { metaValue } from '../storage/db.js';
import type { Sql } from '../storage/sql.js';

/**
 * The audit trail: one JSON line per request and decision (accepted, answered from the cache,
 * finished, failed, refused, published), appended to `audit.log` in the data directory. Each line
 * carries its sequence number, the previous line's MAC and its own: HMAC-SHA256 under a secret kept
 * in the record store, over the previous MAC and the record. An edited line breaks its MAC; a removed or
 * reordered one breaks the sequence and the chain; cutting the tail is caught by the checkpoint the
 * database keeps of the last line. `scalpel audit verify` checks all of it.
 */
export interface AuditRecord {
  kind: string;
  [field: string]: unknown;
}

const GENESIS = '0'.repeat(64);

export class AuditLog {
  readonly file: string;
  private seq: number;
  private prev: string;
  /** Checkpoint writes, in record order. */
  private writing: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly sql: Sql,
    dataDir: string,
    private readonly secret: string,
    private head: { seq: number; mac: string },
  ) {
    this.file = path.join(dataDir, 'audit.log');
    this.seq = head.seq;
    this.prev = head.mac;
  }

  static async open(sql: Sql, dataDir: string): Promise<AuditLog> {
    const secret = await metaValue(sql, 'audit_secret', () => crypto.randomBytes(32).toString('base64url'));
    const log = new AuditLog(sql, dataDir, secret, await checkpoint(sql));
    // A crash between appending records and checkpointing them leaves whole, valid records past
    // the checkpoint: they were written, so they are adopted (and the next one follows them).
    const tail = log.pending(log.lines());
    if (tail) {
      log.seq = tail.seq;
      log.prev = tail.mac;
      await log.checkpointTo(tail.seq, tail.mac);
    }
    return log;
  }

  private lines(): string[] {
    return existsSync(this.file) ? readFileSync(this.file, 'utf8').split('\n').filter(Boolean) : [];
  }

  /**
   * The last of the records after the checkpoint when every one of them continues the chain with
   * a MAC only we could have made, up to the end of the log; undefined when there are none (or not).
   */
  private pending(lines: string[]): { seq: number; mac: string } | undefined {
    if (lines.length <= this.head.seq) return undefined;
    let at = { ...this.head };
    for (const line of lines.slice(this.head.seq)) {
      const rec = parseLine(line);
      if (!rec) return undefined;
      const { mac, ...body } = rec;
      if (body.seq !== at.seq + 1 || body.prev !== at.mac || mac !== macOf(this.secret, at.mac, body))
        return undefined;
      at = { seq: Number(body.seq), mac: String(mac) };
    }
    return at;
  }

  private checkpointTo(seq: number, mac: string): Promise<unknown> {
    this.head = { seq, mac };
    this.writing = this.writing
      .catch(() => undefined)
      .then(() =>
        this.sql.run(
          "insert into meta (key, value) values ('audit_head', ?) on conflict (key) do update set value = excluded.value",
          [JSON.stringify({ seq, mac })],
        ),
      );
    return this.writing;
  }

  /**
   * Appends one record synchronously (the sequence is taken and the line is on disk before this
   * returns), then moves the checkpoint; await it for the decision to be checkpointed too.
   */
  record(rec: AuditRecord): Promise<void> {
    const seq = this.seq + 1;
    const body = { seq, at: new Date().toISOString(), prev: this.prev, ...rec };
    const mac = macOf(this.secret, this.prev, body);
    appendFileSync(this.file, `${JSON.stringify({ ...body, mac })}\n`);
    this.seq = seq;
    this.prev = mac;
    return this.checkpointTo(seq, mac).then(() => undefined);
  }

  /** Waits for every checkpoint write (before the database closes). */
  flush(): Promise<void> {
    return this.writing.then(
      () => undefined,
      () => undefined,
    );
  }

  /** Every problem in the log, by line: edited, removed, reordered, or cut short. Empty: intact. */
  async verify(): Promise<{ records: number; problems: string[] }> {
    const problems: string[] = [];
    const lines = this.lines();
    let prev = GENESIS;
    let expected = 1;
    for (const [i, line] of lines.entries()) {
      const n = i + 1;
      let rec: Record<string, unknown>;
      try {
        rec = JSON.parse(line) as Record<string, unknown>;
      } catch {
        problems.push(`line ${n}: not JSON (edited or damaged)`);
        continue;
      }
      const { mac, ...body } = rec;
      if (body.seq !== expected)
        problems.push(
          `line ${n}: record ${String(body.seq)} where ${expected} was expected (removed or reordered)`,
        );
      if (body.prev !== prev)
        problems.push(`line ${n}: does not follow the line before it (removed or reordered)`);
      if (mac !== macOf(this.secret, String(body.prev), body))
        problems.push(`line ${n}: its MAC does not match (edited)`);
      prev = String(mac);
      expected = (typeof body.seq === 'number' ? body.seq : expected) + 1;
    }
    this.head = await checkpoint(this.sql);
    const head = this.head;
    // Valid records past the checkpoint are a crash before checkpointing (adopted at the next start).
    const pending = this.pending(lines) !== undefined;
    if (!pending && (head.seq !== lines.length || (lines.length > 0 && head.mac !== prev)))
      problems.push(
        `the log ends at record ${lines.length}, but ${head.seq} were written (cut short or replaced)`,
      );
    return { records: lines.length, problems };
  }
}

async function checkpoint(sql: Sql): Promise<{ seq: number; mac: string }> {
  const row = await sql.get<{ value: string }>("select value from meta where key = 'audit_head'");
  return row ? (JSON.parse(row.value) as { seq: number; mac: string }) : { seq: 0, mac: GENESIS };
}

function parseLine(line: string): Record<string, unknown> | undefined {
  try {
    return line.trim() ? (JSON.parse(line) as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The MAC over the previous MAC and the record as written (key order kept). */
function macOf(secret: string, prev: string, body: Record<string, unknown>): string {
  return crypto.createHmac('sha256', secret).update(prev).update(JSON.stringify(body)).digest('hex');
}

/** A content hash for the log: images are named by their SHA-256, never copied into it. */
export const sha256Of = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');
