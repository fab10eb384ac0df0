import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readPlan } from '../../index.js';
import { Locator } from './locator.js';

const POSTER = path.resolve(import.meta.dirname, '../../../examples/poster.png');
const forked = new Locator({ inline: false, timeoutMs: 60_000, maxWaiting: 2 });
afterAll(() => forked.close());

describe('Locator (its own process)', () => {
  it('grounds a plan in a forked process, one request at a time, and refuses more than it may hold', async () => {
    const image = await readFile(POSTER);
    const plan = await readPlan("把'¥199'改成'¥169'");
    const task = { kind: 'where' as const, image, plan, maxPixels: 40_000_000 };
    const [a, b] = [forked.run(task), forked.run(task)];
    expect(() => forked.run(task)).toThrow(expect.objectContaining({ code: 'QUEUE_FULL' }));
    const [wa, wb] = await Promise.all([a, b]);
    expect(wa[0].box).toEqual(wb[0].box);
    expect(wa[0].box?.width).toBeGreaterThan(20);
  }, 120_000);

  it('kills the process at the deadline and answers JOB_TIMEOUT', async () => {
    const quick = new Locator({ inline: false, timeoutMs: 1, maxWaiting: 2 });
    const image = await readFile(POSTER);
    const plan = await readPlan('图中有没有狗？');
    await expect(quick.run({ kind: 'where', image, plan, maxPixels: 40_000_000 })).rejects.toMatchObject({
      code: 'JOB_TIMEOUT',
    });
    quick.close();
  }, 60_000);
});
