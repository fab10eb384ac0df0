import crypto from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../storage/db.js';
import { metaValue } from '../storage/db.js';

/**
 * The audit trail: one JSON line per request and decision (accepted, answered from the cache,
 * finished, failed, refused, published), appended to `audit.log` in the data directory. Each line
 * carries its sequence number, the previous line's MAC and its own: HMAC-SHA256 under a secret kept
 * in the database, over the previous MAC and the record. An edited line breaks its MAC; a removed or
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
  private readonly secret: string;
  private seq: number;
  private prev: string;

  constructor(
    private readonly db: Db,
    dataDir: string,
  ) {
    this.file = path.join(dataDir, 'audit.log');
    this.secret = metaValue(db, 'audit_secret', () => crypto.randomBytes(32).toString('base64url'));
    const head = this.checkpoint();
    this.seq = head.seq;
    this.prev = head.mac;
    // A crash between appending a record and checkpointing it leaves one whole, valid record past
    // the checkpoint: it was written, so it is adopted (and the next one follows it, not repeats it).
    const last = this.lastLine();
    if (last && this.follows(last, head)) this.checkpointTo(Number(last.seq), String(last.mac));
  }

  /** The log's last line, parsed; undefined for none or a torn one. */
  private lastLine(): Record<string, unknown> | undefined {
    if (!existsSync(this.file)) return undefined;
    const text = readFileSync(this.file, 'utf8');
    return parseLine(text.slice(text.lastIndexOf('\n', text.length - 2) + 1));
  }

  /** Whether a record is the one right after the checkpoint, with a MAC only we could have made. */
  private follows(rec: Record<string, unknown>, head: { seq: number; mac: string }): boolean {
    const { mac, ...body } = rec;
    return body.seq === head.seq + 1 && body.prev === head.mac && mac === macOf(this.secret, head.mac, body);
  }

  private checkpointTo(seq: number, mac: string): void {
    this.seq = seq;
    this.prev = mac;
    this.db
      .prepare(
        "insert into meta (key, value) values ('audit_head', ?) on conflict(key) do update set value = excluded.value",
      )
      .run(JSON.stringify({ seq, mac }));
  }

  /** Appends one record, synchronously: a decision is on disk before it is answered. */
  record(rec: AuditRecord): void {
    const seq = this.seq + 1;
    const body = { seq, at: new Date().toISOString(), prev: this.prev, ...rec };
    const mac = macOf(this.secret, this.prev, body);
    appendFileSync(this.file, `${JSON.stringify({ ...body, mac })}\n`);
    this.checkpointTo(seq, mac);
  }

  private checkpoint(): { seq: number; mac: string } {
    const row = this.db.prepare("select value from meta where key = 'audit_head'").get() as
      { value: string } | undefined;
    return row ? (JSON.parse(row.value) as { seq: number; mac: string }) : { seq: 0, mac: GENESIS };
  }

  /** Every problem in the log, by line: edited, removed, reordered, or cut short. Empty: intact. */
  verify(): { records: number; problems: string[] } {
    const problems: string[] = [];
    const lines = existsSync(this.file) ? readFileSync(this.file, 'utf8').split('\n').filter(Boolean) : [];
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
    const head = this.checkpoint();
    // One valid record past the checkpoint is a crash before checkpointing (adopted at the next start).
    const tail = parseLine(lines.at(-1) ?? '');
    const pending = lines.length === head.seq + 1 && tail !== undefined && this.follows(tail, head);
    if (!pending && (head.seq !== lines.length || (lines.length > 0 && head.mac !== prev)))
      problems.push(
        `the log ends at record ${lines.length}, but ${head.seq} were written (cut short or replaced)`,
      );
    return { records: lines.length, problems };
  }
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
