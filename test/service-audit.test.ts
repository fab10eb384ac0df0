/**
 * The audit trail: every request and decision appended as a hash-chained line (accepted, finished,
 * refused), no image bytes or secrets in it, and `scalpel audit verify` catching a log edited,
 * shortened, or with a line removed or moved.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../src/service/policy/audit.js';
import { openDb } from '../src/service/storage/db.js';
import { SqliteSql } from '../src/service/storage/sql.js';
import { b64, poster, startTestService, type TestService } from './service.js';

const CLI = path.resolve(import.meta.dirname, '../dist/src/cli/index.js');
let t: TestService;
let secret: string;
const copies: string[] = [];

beforeAll(async () => {
  t = await startTestService();
  secret = (await t.svc.keys.create({ name: 'auditor' })).key;
  const auth = { authorization: `Bearer ${secret}` };
  await t.post('/v1/edits?wait=60', { image: b64(await poster()), instruction: '暖一点' }, auth);
  await t.post('/v1/edits', { image: b64(await poster()), instruction: '' }, auth);
  await t.post('/v1/edits', { image: b64(await poster()), instruction: '暖一点' }); // no key: refused
  await t.post('/v1/edits?wait=60', { image: b64(await poster()), instruction: '暖一点' }, auth); // cached
});
afterAll(async () => {
  await t.close();
  for (const c of copies) rmSync(c, { recursive: true, force: true });
});

const lines = (dir: string) => readFileSync(path.join(dir, 'audit.log'), 'utf8').split('\n').filter(Boolean);

/** `scalpel audit verify` on a copy of the data directory changed by `tamper`. */
function verifyCopy(tamper: (log: string[]) => string[]): {
  code: number;
  out: { ok: boolean; problems: string[] };
} {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'scalpel-audit-'));
  copies.push(dir);
  cpSync(t.dataDir, dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'audit.log'),
    tamper(lines(dir))
      .map((l) => `${l}\n`)
      .join(''),
  );
  try {
    return {
      code: 0,
      out: JSON.parse(
        execFileSync('node', [CLI, 'audit', 'verify', '--data-dir', dir, '--json'], { encoding: 'utf8' }),
      ),
    };
  } catch (err) {
    const e = err as { status: number; stdout: string };
    return { code: e.status, out: JSON.parse(e.stdout) };
  }
}

describe('the audit log', () => {
  it('records who asked what of which pixels, each decision, and no bytes or secrets', () => {
    const recs = lines(t.dataDir).map((l) => JSON.parse(l) as Record<string, unknown>);
    // The request without a key is not audited: anyone could repeat it (it is in the access log).
    expect(recs.map((r) => r.kind)).toEqual([
      'edit.accepted',
      'job.done',
      'request.refused',
      'edit.cached',
      'job.done',
    ]);
    expect(recs.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    const [accepted, done, empty] = recs;
    expect(accepted).toMatchObject({ instruction: '暖一点', input: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(done).toMatchObject({ engines: ['local'], output: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(empty).toMatchObject({
      code: 'EMPTY_INSTRUCTION',
      status: 400,
      key: expect.stringMatching(/^key_/),
    });
    const raw = readFileSync(path.join(t.dataDir, 'audit.log'), 'utf8');
    expect(raw).not.toContain(secret);
    expect(raw).not.toContain(b64(Buffer.from('\x89PNG')).slice(0, 6));
    expect(raw.length).toBeLessThan(20_000);
  });

  it('verifies intact, and catches each kind of tampering', () => {
    expect(verifyCopy((l) => l)).toEqual({
      code: 0,
      out: expect.objectContaining({ ok: true, problems: [] }),
    });
    const edited = verifyCopy((l) => l.map((x, i) => (i === 0 ? x.replace('暖一点', '冷一点') : x)));
    expect(edited.code).toBe(1);
    expect(edited.out.problems.join('\n')).toMatch(/line 1: its MAC does not match \(edited\)/);
    const removed = verifyCopy((l) => l.filter((_, i) => i !== 2));
    expect(removed.code).toBe(1);
    expect(removed.out.problems.join('\n')).toMatch(/line 3: record 4 where 3 was expected/);
    const swapped = verifyCopy((l) => [l[0], l[2], l[1], ...l.slice(3)]);
    expect(swapped.code).toBe(1);
    expect(swapped.out.problems.join('\n')).toMatch(/removed or reordered/);
    const cut = verifyCopy((l) => l.slice(0, -1));
    expect(cut.code).toBe(1);
    expect(cut.out.problems.join('\n')).toMatch(/cut short or replaced/);
    // Rewriting the whole chain needs the secret in the database: recomputing plain hashes is not enough.
    const forged = verifyCopy((l) => l.map((x) => x.replace('"暖一点"', '"冷一点"')));
    expect(forged.code).toBe(1);
  });

  it('takes records written just before a crash (appended, not yet checkpointed) as written', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'scalpel-audit-crash-'));
    copies.push(dir);
    const sql = new SqliteSql(openDb(dir));
    const log = await AuditLog.open(sql, dir);
    await log.record({ kind: 'test.one' });
    await log.record({ kind: 'test.two' });
    await log.record({ kind: 'test.three' });
    // The crash: the checkpoint writes of records 2 and 3 never reached the database.
    const one = JSON.parse(lines(dir)[0]) as { seq: number; mac: string };
    const rewind = () =>
      sql.db
        .prepare("update meta set value = ? where key = 'audit_head'")
        .run(JSON.stringify({ seq: 1, mac: one.mac }));
    rewind();
    expect((await (await AuditLog.open(sql, dir)).verify()).problems).toEqual([]);
    // At the next start they are adopted: the next record is 4, and the chain stays whole.
    rewind();
    const after = await AuditLog.open(sql, dir);
    await after.record({ kind: 'test.four' });
    expect(lines(dir).map((l) => (JSON.parse(l) as { seq: number }).seq)).toEqual([1, 2, 3, 4]);
    expect((await after.verify()).problems).toEqual([]);
    // Past the checkpoint, a record that does not continue the chain is not a crash's leftover.
    rewind();
    const kept = lines(dir);
    writeFileSync(path.join(dir, 'audit.log'), [kept[0], kept[2], kept[3]].join('\n') + '\n');
    const problems = (await (await AuditLog.open(sql, dir)).verify()).problems.join('\n');
    expect(problems).toMatch(/removed or reordered/);
    expect(problems).toMatch(/cut short or replaced/);
  });
});
