/**
 * `POST /v1/plan` with an image says where each step would act before anything runs: the text's
 * place, a mask of the pixels, a question's answer, a global step as global, and a missing target as
 * the error the edit would give. No job is made.
 */
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { b64, errorOf, form, poster, startTestService, type TestService } from './service.js';

interface Where {
  op: string;
  global: boolean;
  box?: { x: number; y: number; width: number; height: number };
  mask_png?: string;
  answer?: { exists: boolean; objects: { text?: string; box: unknown }[] };
  error?: { code: string; details: Record<string, unknown> };
}

let t: TestService;
let png: Buffer;
beforeAll(async () => {
  t = await startTestService();
  png = await poster();
});
afterAll(() => t.close());

const where = async (body: Record<string, unknown>) => {
  const res = await t.post('/v1/plan', body);
  expect(res.status).toBe(200);
  return ((await res.json()) as { where: Where[] }).where;
};

/** The white pixels of a mask_png, and their bounds. */
async function whitePixels(dataUrl: string) {
  const { data, info } = await sharp(Buffer.from(dataUrl.split(',')[1], 'base64'))
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  let n = 0;
  let [x0, y0, x1, y1] = [Infinity, Infinity, -1, -1];
  for (let i = 0; i < data.length; i++) {
    if (data[i] < 128) continue;
    n++;
    const x = i % info.width;
    const y = Math.floor(i / info.width);
    [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
  }
  return {
    n,
    width: info.width,
    height: info.height,
    bounds: { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 },
  };
}

describe('POST /v1/plan with an image', () => {
  it('draws where a text edit acts: the line it found, as a box and a mask of the image size', async () => {
    const jobs = async () => ((await (await t.req('/v1/jobs?limit=100')).json()) as { data: unknown[] }).data;
    const before = (await jobs()).length;
    const [w] = await where({ image: b64(png), instruction: "把'¥199'改成'¥169'，字体颜色变红" });
    expect(w.op).toBe('replace-text');
    expect(w.global).toBe(false);
    const white = await whitePixels(w.mask_png as string);
    expect([white.width, white.height]).toEqual([800, 1000]);
    expect(white.bounds).toEqual(w.box);
    // The price line: far smaller than the poster.
    expect(white.n).toBeGreaterThan(500);
    expect(white.n).toBeLessThan(800 * 1000 * 0.1);
    // It is where the edit then changes pixels.
    const job = (await (
      await t.post('/v1/edits?wait=60', { image: b64(png), instruction: "把'¥199'改成'¥169'，字体颜色变红" })
    ).json()) as {
      result: { report: { steps: { region: { x: number; y: number; width: number; height: number } }[] } };
    };
    const r = job.result.report.steps[0].region;
    const box = w.box!;
    const overlap =
      Math.max(0, Math.min(r.x + r.width, box.x + box.width) - Math.max(r.x, box.x)) *
      Math.max(0, Math.min(r.y + r.height, box.y + box.height) - Math.max(r.y, box.y));
    expect(overlap / (box.width * box.height)).toBeGreaterThan(0.5);
    expect((await jobs()).length).toBe(before + 1);
  });

  it('answers a question, says a tone change is global, and gives a missing target its error', async () => {
    const [q] = await where({ image: b64(png), instruction: "图中有没有'¥199'？" });
    expect(q.answer?.exists).toBe(true);
    const [g] = await where({ image: b64(png), instruction: '暖一点' });
    expect(g).toMatchObject({ op: 'adjust', global: true });
    const [miss] = await where({ image: b64(png), instruction: "把'¥888'改成'¥1'" });
    expect(miss.error?.code).toBe('TARGET_NOT_FOUND');
  });

  it("uses a session's current version, and a mask sent with the plan", async () => {
    const created = await t.req('/v1/sessions', { method: 'POST', body: form({}, { image: png }) });
    const session = ((await created.json()) as { id: string }).id;
    const [w] = await where({ session, instruction: "把'¥199'改成'¥169'" });
    expect(w.box?.width).toBeGreaterThan(20);
    const mask = await sharp({ create: { width: 800, height: 1000, channels: 3, background: '#000' } })
      .composite([
        { input: { create: { width: 100, height: 50, channels: 3, background: '#fff' } }, left: 40, top: 60 },
      ])
      .png()
      .toBuffer();
    const res = await t.req('/v1/plan', {
      method: 'POST',
      body: form({ instruction: '把这里换成蓝色', session }, { mask }),
    });
    const [m] = ((await res.json()) as { where: Where[] }).where;
    expect(m.box).toEqual({ x: 40, y: 60, width: 100, height: 50 });
  });

  it("places an add step's logo where the edit will, given the logo", async () => {
    const logo = await sharp(path.resolve(import.meta.dirname, '../examples/logo.png')).toBuffer();
    const [w] = await where({
      image: b64(png),
      instruction: '右下角加上LOGO，留白10%',
      asset_image: b64(logo),
    });
    expect(w.error).toBeUndefined();
    const out = (await (
      await t.post('/v1/edits?wait=60', {
        image: b64(png),
        instruction: '右下角加上LOGO，留白10%',
        asset: b64(logo),
      })
    ).json()) as { result: { report: { steps: { region: unknown }[] } } };
    expect(w.box).toEqual(out.result.report.steps[0].region);
  });

  it('refuses an unknown session as not found', async () => {
    const err = await errorOf(await t.post('/v1/plan', { session: 'ses_nope', instruction: '暖一点' }));
    expect([err.status, err.code]).toEqual([404, 'NOT_FOUND']);
  });
});
