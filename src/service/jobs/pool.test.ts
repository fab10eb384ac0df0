import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { parseInstruction } from '../../index.js';
import type { WorkTask } from './executor.js';
import { ProcessPool } from './pool.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'scalpel-pool-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function task(jobId: string): Promise<WorkTask> {
  const input = path.join(dir, 'in.png');
  const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#8ac' } })
    .png()
    .toBuffer();
  writeFileSync(input, png);
  const instruction = '暖一点';
  return {
    jobId,
    input,
    instruction,
    plan: parseInstruction(instruction),
    maxPixels: 1e7,
    previewSide: 0,
    previewAbove: 1600,
  };
}

const noCallbacks = { onPreview: () => undefined, onPreviewFailed: () => undefined };

describe('ProcessPool', () => {
  it('replaces a worker that died while idle instead of handing it the next task', async () => {
    const pool = new ProcessPool();
    try {
      const first = await pool.run(await task('j1'), noCallbacks, new AbortController().signal);
      expect(first.report.image).toMatchObject({ width: 64, height: 48 });
      const idle = (pool as unknown as { idle: ChildProcess[] }).idle;
      expect(idle).toHaveLength(1);
      const dead = idle[0];
      await new Promise((resolve) => {
        dead.once('exit', resolve);
        dead.kill('SIGKILL');
      });
      const second = await pool.run(await task('j2'), noCallbacks, new AbortController().signal);
      expect(second.image?.length).toBeGreaterThan(0);
      expect(idle[0]).not.toBe(dead);
    } finally {
      await pool.close();
    }
  }, 60_000);
});
