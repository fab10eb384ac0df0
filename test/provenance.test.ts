/**
 * GB 45438-2025 implicit labels: every image Scalpel writes carries the AIGC JSON in its XMP, bound
 * to its pixels; a re-edit keeps its origin; a changed image no longer matches its label; the service's
 * results, previews and exports are labelled; `scalpel inspect` reads it back.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { edit } from '../src/index.js';
import { readAigc } from '../src/provenance/aigc.js';
import { inspectImage } from '../src/provenance/inspect.js';
import { b64, poster, startTestService } from './service.js';

const CLI = path.resolve(import.meta.dirname, '../dist/src/cli/index.js');
const dir = mkdtempSync(path.join(os.tmpdir(), 'scalpel-aigc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the AIGC implicit label', () => {
  it('is in every format written, bound to the pixels, and reported', async () => {
    const png = await poster();
    for (const format of ['png', 'jpeg', 'webp'] as const) {
      const { image, report } = await edit(png, '暖一点', { format });
      const label = await readAigc(image);
      expect(label, format).toEqual(report.aigc);
      expect(label).toMatchObject({
        Label: '1',
        ContentProducer: 'Scalpel',
        ProduceID: expect.stringMatching(/^scalpel-/),
      });
      expect((await inspectImage(image)).binding, format).toBe('intact');
    }
  });

  it('no longer matches pixels changed afterwards, and a re-edit keeps the origin', async () => {
    const first = await edit(await poster(), '暖一点', { produceId: 'first-edit' });
    const { data, info } = await sharp(first.image).raw().toBuffer({ resolveWithObject: true });
    data[0] ^= 0xff;
    const meta = (await sharp(first.image).metadata()).xmp as Buffer;
    const tampered = await sharp(data, { raw: info }).png().withXmp(meta.toString()).toBuffer();
    expect(await inspectImage(tampered)).toMatchObject({
      binding: 'changed',
      aigc: { ProduceID: 'first-edit' },
    });
    const again = await edit(first.image, '冷一点');
    expect(again.report.aigc?.ReservedCode2).toBe('derived-from:Scalpel/first-edit');
    expect((await inspectImage(await poster())).binding).toBe('none');
  });

  it('scalpel inspect reads it back', async () => {
    const out = path.join(dir, 'out.png');
    writeFileSync(out, (await edit(await poster(), '暖一点', { produceId: 'cli-check' })).image);
    const r = JSON.parse(execFileSync('node', [CLI, 'inspect', out, '--json'], { encoding: 'utf8' })) as {
      aigc: { ProduceID: string };
      binding: string;
    };
    expect([r.aigc.ProduceID, r.binding]).toEqual(['cli-check', 'intact']);
    expect(execFileSync('node', [CLI, 'inspect', out], { encoding: 'utf8' })).toMatch(/Binding: intact/);
  });

  it("labels the service's results (ProduceID = the job), previews and exports", async () => {
    const t = await startTestService();
    try {
      const job = (await (
        await t.post('/v1/edits?wait=60', { image: b64(await poster()), instruction: '暖一点' })
      ).json()) as {
        id: string;
        result: { image: { url: string } };
        preview: { image: { url: string } };
      };
      const get = async (url: string) =>
        Buffer.from(await (await t.req(new URL(url).pathname + new URL(url).search)).arrayBuffer());
      const result = await inspectImage(await get(job.result.image.url));
      expect([result.aigc?.ProduceID, result.binding]).toEqual([job.id, 'intact']);
      expect((await inspectImage(await get(job.preview.image.url))).binding).toBe('intact');
      const exp = (await (await t.post('/v1/exports', { job: job.id, presets: ['square-800'] })).json()) as {
        exports: { image: { url: string } }[];
      };
      const exported = await inspectImage(await get(exp.exports[0].image.url));
      expect(exported.binding).toBe('intact');
      expect(exported.aigc?.ReservedCode2).toBe(`derived-from:Scalpel/${job.id}`);
    } finally {
      await t.close();
    }
  });

  it('draws the visible label on every result when the operator says so (SCALPEL_VISIBLE_LABEL)', async () => {
    const image = b64(await poster());
    const plain = await startTestService();
    const labelled = await startTestService({ visibleLabel: 'bottom-left' });
    try {
      type Job = { result: { report: { visible_label?: { corner: string; box: { x: number } } } } };
      const a = (await (
        await plain.post('/v1/edits?wait=60', { image, instruction: '暖一点' })
      ).json()) as Job;
      const b = (await (
        await labelled.post('/v1/edits?wait=60', { image, instruction: '暖一点' })
      ).json()) as Job;
      expect(a.result.report.visible_label).toBeUndefined();
      expect(b.result.report.visible_label?.corner).toBe('bottom-left');
      expect(b.result.report.visible_label?.box.x).toBeLessThan(50);
      // Results made without it are never served once it is on.
      expect((await labelled.svc.jobs.list('local', { limit: 1 }))[0]?.cache_key ?? 'none').not.toBe(
        (await plain.svc.jobs.list('local', { limit: 1 }))[0]?.cache_key ?? 'none',
      );
    } finally {
      await plain.close();
      await labelled.close();
    }
  });
});
