import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeS3, s3Env, type FakeS3 } from '../../../test/fakes/s3.js';
import { openRecords } from './db.js';
import { ImageStore } from './images.js';
import { s3FromSpec } from './s3.js';
import type { Sql } from './sql.js';

let s3: FakeS3;
let sql: Sql;
let dir: string;
beforeAll(async () => {
  s3 = await fakeS3();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalpel-images-'));
  sql = await openRecords({ dataDir: dir });
});
afterAll(async () => {
  await sql.close();
  await s3.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Makes a blob file look written two hours ago, past the collector's grace. */
function age(images: ImageStore, hash: string): void {
  const then = new Date(Date.now() - 2 * 3_600_000);
  fs.utimesSync(images.blobPath(hash), then, then);
}

describe('ImageStore.collect', () => {
  it('deletes an unnamed blob here and in the shared storage, and keeps a named one in both', async () => {
    const shared = s3FromSpec('s3://blobs/svc', s3Env(s3));
    const images = new ImageStore(sql, dir, shared);
    const named = await images.put('alice', Buffer.from('kept'), { format: 'png', width: 1, height: 1 });
    const unnamed = images.putBlob(Buffer.from('dropped'));
    const fresh = images.putBlob(Buffer.from('just written'));
    for (const hash of [named.sha256, unnamed, fresh]) await shared.put(await images.disk.get(hash));
    age(images, named.sha256);
    age(images, unnamed);

    const freed = await images.collect();
    expect(freed).toBe('dropped'.length);
    expect(images.hasBlob(unnamed)).toBe(false);
    expect(await shared.has(unnamed)).toBe(false);
    expect(images.hasBlob(named.sha256)).toBe(true);
    expect(await shared.has(named.sha256)).toBe(true);
    // Within the grace a worker may be about to hand it over: left in both.
    expect(images.hasBlob(fresh)).toBe(true);
    expect(await shared.has(fresh)).toBe(true);
    expect(s3.refused).toBe(0);
  });

  it('cleans its own disk when the shared storage cannot delete, and says so once a sweep', async () => {
    const down = s3FromSpec('s3://blobs/svc', { ...s3Env(s3), SCALPEL_S3_ENDPOINT: 'http://127.0.0.1:9' });
    const said: string[] = [];
    const images = new ImageStore(sql, dir, down, (e) => said.push(e.message));
    const strays = ['stray one', 'stray two'].map((t) => images.putBlob(Buffer.from(t)));
    for (const hash of strays) age(images, hash);
    expect(await images.collect()).toBe('stray one'.length + 'stray two'.length);
    expect(strays.map((h) => images.hasBlob(h))).toEqual([false, false]);
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/did not answer/);
  });

  it('puts the shared copy back when the same bytes are stored again while it is being deleted', async () => {
    const real = s3FromSpec('s3://blobs/race', s3Env(s3));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let deleting!: () => void;
    const started = new Promise<void>((r) => (deleting = r));
    // A slow store: the delete waits until the test has stored the bytes again.
    const slow = Object.assign(Object.create(real) as typeof real, {
      async delete(hash: string) {
        deleting();
        await gate;
        return real.delete(hash);
      },
    });
    const images = new ImageStore(sql, dir, slow);
    const bytes = Buffer.from('uploaded again mid-sweep');
    const hash = images.putBlob(bytes);
    await real.put(bytes);
    age(images, hash);

    const sweep = images.collect();
    await started;
    const rec = await images.put('alice', bytes, { format: 'png', width: 1, height: 1 });
    release();
    await sweep;
    expect(rec.sha256).toBe(hash);
    expect(images.read(rec).equals(bytes)).toBe(true);
    expect(await real.has(hash)).toBe(true);
  });

  it('makes bytes stored or linked again fresh, so a row about to name them does not lose them', async () => {
    const images = new ImageStore(sql, dir);
    const hash = images.putBlob(Buffer.from('again'));
    age(images, hash);
    images.putBlob(Buffer.from('again'));
    const cached = images.putBlob(Buffer.from('a cached result'));
    age(images, cached);
    // A cache hit hands the cached bytes out under a new id.
    await images.link('alice', cached, 15, { format: 'png', width: 1, height: 1 });
    await sql.run('delete from images where sha256 = ?', [cached]);
    await images.collect();
    expect(images.hasBlob(hash)).toBe(true);
    expect(images.hasBlob(cached)).toBe(true);
  });
});
