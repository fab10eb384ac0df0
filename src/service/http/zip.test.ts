import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { crc32, zip } from './zip.js';

describe('zip', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  it.skipIf(!existsSync('/usr/bin/unzip'))('writes an archive unzip reads back, UTF-8 names included', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'zip-'));
    try {
      const a = Buffer.from([0, 1, 2, 255, 254]);
      const b = Buffer.from('价格 ¥169', 'utf8');
      writeFileSync(
        path.join(dir, 'out.zip'),
        zip([
          { name: '01-a.bin', data: a },
          { name: '02-价格.txt', data: b },
        ]),
      );
      expect(execFileSync('unzip', ['-t', 'out.zip'], { cwd: dir, encoding: 'utf8' })).toMatch(/No errors/);
      execFileSync('unzip', ['-q', 'out.zip', '-d', 'x'], { cwd: dir });
      expect(readFileSync(path.join(dir, 'x', '01-a.bin'))).toEqual(a);
      expect(readFileSync(path.join(dir, 'x', '02-价格.txt'))).toEqual(b);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
