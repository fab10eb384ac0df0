import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cachedCopy } from './blobs.js';
import { sha256 } from './ids.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'scalpel-copies-'));
  dirs.push(d);
  return d;
};
const blob = (s: string) => {
  const bytes = Buffer.from(s.padEnd(10, '.'));
  return { bytes, hash: sha256(bytes) };
};
const age = (file: string, msAgo: number) => {
  const t = new Date(Date.now() - msAgo);
  fs.utimesSync(file, t, t);
};

describe('cachedCopy (a worker’s local copies of remote blobs)', () => {
  it('keeps the copies under the bound, least recently used out first', async () => {
    const dir = tempDir();
    const limits = { maxBytes: 25, graceMs: 1_000 };
    const [a, b, c] = ['a', 'b', 'c'].map(blob);
    const fa = await cachedCopy(a!.hash, async () => a!.bytes, limits, dir);
    const fb = await cachedCopy(b!.hash, async () => b!.bytes, limits, dir);
    age(fa, 60_000);
    age(fb, 30_000);
    // A hit on `a` makes it the most recently used: `b` is the one to go.
    let fetched = 0;
    expect(await cachedCopy(a!.hash, async () => (fetched++, a!.bytes), limits, dir)).toBe(fa);
    expect(fetched).toBe(0);
    age(fa, 5_000);
    await cachedCopy(c!.hash, async () => c!.bytes, limits, dir);
    expect(fs.readdirSync(dir).sort()).toEqual([a!.hash, c!.hash].sort());
  });

  it('leaves alone a copy used within the grace period, even over the bound', async () => {
    const dir = tempDir();
    const limits = { maxBytes: 5, graceMs: 60_000 };
    for (const s of ['x', 'y']) {
      const { bytes, hash } = blob(s);
      await cachedCopy(hash, async () => bytes, limits, dir);
    }
    expect(fs.readdirSync(dir)).toHaveLength(2);
  });

  it('refuses bytes that do not match their hash, and keeps no copy of them', async () => {
    const dir = tempDir();
    const { hash } = blob('real');
    await expect(cachedCopy(hash, async () => Buffer.from('forged'), undefined, dir)).rejects.toThrow(
      /does not match/,
    );
    expect(fs.existsSync(dir) ? fs.readdirSync(dir) : []).toEqual([]);
  });
});
