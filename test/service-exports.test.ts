/**
 * Platform exports over HTTP: from an image, a job's result or a session's current version, each
 * preset at its size, cropped around the subject, stored and signed; unknown presets refused first.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHOTOS_DIR } from './fixtures/photos.js';
import { b64, errorOf, form, poster, startTestService, type TestService } from './service.js';

interface ExportJson {
  source: Record<string, string>;
  exports: {
    preset: string;
    image: { url: string; width: number; height: number; format: string };
    report: { subject_kept: number | null; crop: unknown; global: boolean; warnings: string[] };
  }[];
}

let t: TestService;
beforeAll(async () => {
  t = await startTestService();
});
afterAll(() => t.close());

const fetchImage = async (url: string) =>
  Buffer.from(await (await t.req(new URL(url).pathname + new URL(url).search)).arrayBuffer());

describe('POST /v1/exports', () => {
  it('exports an image to each preset, cropped around its subject, as stored signed images', async () => {
    const photo = await readFile(path.join(PHOTOS_DIR, 'coffee.png'));
    const res = await t.post('/v1/exports', {
      image: b64(photo),
      presets: ['square-800', 'portrait-3x4'],
      format: 'jpeg',
    });
    expect(res.status).toBe(200);
    const out = (await res.json()) as ExportJson;
    expect(out.exports.map((e) => [e.preset, e.image.width, e.image.height, e.image.format])).toEqual([
      ['square-800', 800, 800, 'jpeg'],
      ['portrait-3x4', 1080, 1440, 'jpeg'],
    ]);
    const meta = await sharp(await fetchImage(out.exports[0].image.url)).metadata();
    expect([meta.width, meta.height, meta.format]).toEqual([800, 800, 'jpeg']);
    expect(out.exports[0].report.global).toBe(true);
    expect(out.exports[0].report.subject_kept).toBeGreaterThan(0.9);
  });

  it("exports a job's result and a session's current version", async () => {
    const png = await poster();
    const job = (await (
      await t.post('/v1/edits?wait=60', { image: b64(png), instruction: '暖一点' })
    ).json()) as {
      id: string;
    };
    const fromJob = (await (
      await t.post('/v1/exports', { job: job.id, presets: 'square-800,wechat-cover' })
    ).json()) as ExportJson;
    expect(fromJob.source).toEqual({ job: job.id });
    expect(fromJob.exports.map((e) => e.preset)).toEqual(['square-800', 'wechat-cover']);
    const created = await t.req('/v1/sessions', { method: 'POST', body: form({}, { image: png }) });
    const session = ((await created.json()) as { id: string }).id;
    const fromSession = (await (
      await t.post('/v1/exports', { session, presets: ['story-9x16'] })
    ).json()) as ExportJson;
    expect(fromSession.source.session).toBe(session);
    expect(fromSession.exports[0].image.height).toBe(1920);
  });

  it('refuses bad requests before any work, listing what is valid', async () => {
    const png = await poster();
    const cases: [Record<string, unknown>, number, string][] = [
      [{ image: b64(png), presets: ['square-800', 'a4-poster'] }, 400, 'INVALID_ARGUMENT'],
      [{ image: b64(png), presets: [] }, 400, 'INVALID_ARGUMENT'],
      [{ image: b64(png) }, 400, 'INVALID_ARGUMENT'],
      [{ presets: ['square-800'] }, 400, 'INVALID_ARGUMENT'],
      [{ image: b64(png), presets: ['square-800'], format: 'gif' }, 400, 'INVALID_ARGUMENT'],
      [{ job: 'job_nope', presets: ['square-800'] }, 404, 'NOT_FOUND'],
    ];
    for (const [body, status, code] of cases) {
      const err = await errorOf(await t.post('/v1/exports', body));
      expect([err.status, err.code], JSON.stringify(Object.keys(body))).toEqual([status, code]);
    }
    const listed = (await (await t.req('/v1/exports/presets')).json()) as { data: { id: string }[] };
    expect(listed.data.map((p) => p.id)).toContain('story-9x16');
  });
});
