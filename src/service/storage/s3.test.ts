import crypto from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeS3, s3Env, type FakeS3 } from '../../../test/fakes/s3.js';
import { openStorage, s3FromSpec } from './s3.js';
import { DiskStorage } from './blobs.js';

let s3: FakeS3;
beforeAll(async () => {
  s3 = await fakeS3();
});
afterAll(() => s3.close());

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: { code?: string }) => e.code,
  );

describe('S3Storage', () => {
  it('stores by content hash under the prefix, signed, and reads back what it stored', async () => {
    const store = s3FromSpec('s3://scalpel-blobs/jobs', s3Env(s3));
    const bytes = crypto.randomBytes(5000);
    const hash = await store.put(bytes);
    expect(hash).toBe(crypto.createHash('sha256').update(bytes).digest('hex'));
    expect([...s3.objects.keys()]).toContain(`/scalpel-blobs/jobs/${hash}`);
    expect(await store.has(hash)).toBe(true);
    expect((await store.get(hash)).equals(bytes)).toBe(true);
    // A second put of the same bytes is a HEAD, not another upload.
    const puts = s3.requests.filter((r) => r.method === 'PUT').length;
    await store.put(bytes);
    expect(s3.requests.filter((r) => r.method === 'PUT').length).toBe(puts);
    // The edit reads files: a local copy, verified against its hash.
    expect(fs.readFileSync(await store.localPath(hash)).equals(bytes)).toBe(true);
    expect(s3.refused).toBe(0);
  });

  it('deletes a blob, and takes one already gone as deleted', async () => {
    const store = s3FromSpec('s3://scalpel-blobs/del', s3Env(s3));
    const hash = await store.put(Buffer.from('to delete'));
    await store.delete(hash);
    expect(await store.has(hash)).toBe(false);
    expect(s3.objects.has(`/scalpel-blobs/del/${hash}`)).toBe(false);
    await expect(store.delete(hash)).resolves.toBeUndefined();
    await expect(codeOf(store.delete('../x'))).resolves.toBe('INVALID_ARGUMENT');
  });

  it('says NOT_FOUND for a missing blob and refuses what is not a hash', async () => {
    const store = s3FromSpec('s3://scalpel-blobs', s3Env(s3));
    expect(await store.has('0'.repeat(64))).toBe(false);
    await expect(codeOf(store.get('0'.repeat(64)))).resolves.toBe('NOT_FOUND');
    await expect(codeOf(store.get('../../etc/passwd'))).resolves.toBe('INVALID_ARGUMENT');
  });

  it('fails clearly on wrong keys, a tampered object and an endpoint that does not answer', async () => {
    const wrong = s3FromSpec('s3://scalpel-blobs', { ...s3Env(s3), AWS_SECRET_ACCESS_KEY: 'nope' });
    await expect(codeOf(wrong.put(Buffer.from('x')))).resolves.toBe('INTERNAL');
    expect(s3.refused).toBeGreaterThan(0);
    const store = s3FromSpec('s3://scalpel-blobs', s3Env(s3));
    const hash = await store.put(Buffer.from('original'));
    s3.objects.set(`/scalpel-blobs/${hash}`, Buffer.from('tampered'));
    await expect(store.get(hash)).rejects.toThrow(/do not match their hash/);
    const gone = s3FromSpec('s3://bkt', { ...s3Env(s3), SCALPEL_S3_ENDPOINT: 'http://127.0.0.1:9' });
    const err = await gone.has('0'.repeat(64)).catch((e: Error & { code: string }) => e);
    expect((err as { code: string }).code).toBe('QUEUE_UNAVAILABLE');
    // No credentials or URL in the message: only where, and why.
    expect((err as Error).message).not.toContain(s3Env(s3).AWS_SECRET_ACCESS_KEY);
  });

  it('validates the setting before any request: form, endpoint, keys', () => {
    const env = s3Env(s3);
    expect(() => s3FromSpec('s3://', env)).toThrow(/s3:\/\/bucket\/prefix/);
    expect(() => s3FromSpec('s3://bkt', { ...env, SCALPEL_S3_ENDPOINT: 'ftp://x' })).toThrow(
      /SCALPEL_S3_ENDPOINT/,
    );
    expect(() => s3FromSpec('s3://bkt', { ...env, AWS_ACCESS_KEY_ID: '' })).toThrow(/AWS_ACCESS_KEY_ID/);
    expect(openStorage('/tmp/scalpel-disk-kind', env)).toBeInstanceOf(DiskStorage);
  });
});
