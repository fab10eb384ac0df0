/**
 * OpenAI's `POST /v1/images/edits`, driven by the official `openai` npm client against a real server:
 * only its base URL differs from talking to OpenAI.
 */
import { rm } from 'node:fs/promises';
import OpenAI, { APIError, toFile } from 'openai';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InlineExecutor } from '../src/service/jobs/pool.js';
import { startServer, type RunningServer } from '../src/service/http/server.js';
import type { Box } from '../src/types.js';
import { countDiff, decodeRaw, inBox, luminance, pixel } from './helpers.js';
import { poster, testConfig } from './service.js';

const PRICE: Box = { x: 200, y: 420, width: 400, height: 170 }; // ¥199 on examples/poster.png, with a margin
const FOOTER: Box = { x: 200, y: 858, width: 400, height: 64 }; // 全场包邮 · 七天无理由退换
let server: RunningServer;
let client: OpenAI;
let png: Buffer;

const image = () => toFile(png, 'poster.png', { type: 'image/png' });

/** An OpenAI-style mask: opaque everywhere except a fully transparent hole where editing is allowed. */
async function holeMask(hole: Box): Promise<Buffer> {
  const data = Buffer.alloc(800 * 1000 * 4, 255);
  for (let y = hole.y; y < hole.y + hole.height; y++)
    for (let x = hole.x; x < hole.x + hole.width; x++) data[(y * 800 + x) * 4 + 3] = 0;
  return sharp(data, { raw: { width: 800, height: 1000, channels: 4 } })
    .png()
    .toBuffer();
}

/** The error the client throws for a request, or a failed test if it did not throw. */
async function thrown(p: Promise<unknown>): Promise<APIError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(APIError);
  return err as APIError;
}

beforeAll(async () => {
  server = await startServer(testConfig({ port: 0 }), {
    executor: new InlineExecutor(),
    log: () => undefined,
  });
  const { key } = await server.services.keys.create({ name: 'openai-client' });
  client = new OpenAI({ apiKey: key, baseURL: `${server.url}/v1`, maxRetries: 0 });
  png = await poster();
});

afterAll(async () => {
  await server.close();
  await rm(server.services.config.dataDir, { recursive: true, force: true });
});

describe('client.images.edit', () => {
  it('returns b64_json of the edit, changed only around the price', async () => {
    const res = await client.images.edit({
      image: await image(),
      prompt: "把'¥199'改成'¥169'",
      response_format: 'b64_json',
    });
    expect(res.created).toBeGreaterThan(1_700_000_000);
    const out = Buffer.from(res.data?.[0].b64_json as string, 'base64');
    expect((await sharp(out).metadata()).format).toBe('png');
    const diff = countDiff(await decodeRaw(png), await decodeRaw(out), (x, y) => inBox(PRICE, x, y));
    expect(diff.inside).toBeGreaterThan(1000);
    expect(diff.outside).toBe(0);
  });

  it('returns a signed URL by default, in the asked output_format, fetchable without a key', async () => {
    const res = await client.images.edit({
      image: await image(),
      prompt: "把'¥199'改成'¥99'",
      output_format: 'webp',
    });
    expect(res.output_format).toBe('webp');
    expect(res.size).toBe('800x1000');
    const file = await fetch(res.data?.[0].url as string);
    expect(file.headers.get('content-type')).toBe('image/webp');
    const meta = await sharp(Buffer.from(await file.arrayBuffer())).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 800, 1000]);
  });

  it('edits only inside the transparent hole of an OpenAI mask (去掉这个)', async () => {
    const mask = await toFile(await holeMask(FOOTER), 'mask.png', { type: 'image/png' });
    const res = await client.images.edit({
      image: await image(),
      mask,
      prompt: '去掉这个',
      response_format: 'b64_json',
    });
    const after = await decodeRaw(Buffer.from(res.data?.[0].b64_json as string, 'base64'));
    const diff = countDiff(await decodeRaw(png), after, (x, y) => inBox(FOOTER, x, y));
    expect(diff.inside).toBeGreaterThan(1000);
    expect(diff.outside).toBe(0);
    // The footer's dark text is gone: the hole now holds only the light background.
    let dark = 0;
    for (let y = FOOTER.y; y < FOOTER.y + FOOTER.height; y++)
      for (let x = FOOTER.x; x < FOOTER.x + FOOTER.width; x++)
        dark += luminance(pixel(after, x, y)) < 150 ? 1 : 0;
    expect(dark).toBe(0);
  });
});

describe('errors through the client: our status, our code, OpenAI’s error shape', () => {
  it('a prompt that is not understood: 422 UNSUPPORTED_INSTRUCTION', async () => {
    const err = await thrown(client.images.edit({ image: await image(), prompt: '让它更有高级感' }));
    expect([err.status, err.code, err.type, err.param]).toEqual([
      422,
      'UNSUPPORTED_INSTRUCTION',
      'invalid_request_error',
      'prompt',
    ]);
  });

  // Each request is made inside its own test: a rejection nobody awaits yet would abort the process
  // (opencv.js turns unhandled rejections into aborts).
  const refusals: [string, { prompt: string; n?: number; size?: string }, number, string, string, RegExp][] =
    [
      ['n > 1', { prompt: "把'¥199'改成'¥9'", n: 3 }, 400, 'INVALID_ARGUMENT', 'n', /only n=1/],
      [
        'another size',
        { prompt: "把'¥199'改成'¥9'", size: '1024x1024' },
        400,
        'INVALID_ARGUMENT',
        'size',
        /never resizes/,
      ],
      ['a question', { prompt: '图中有没有狗？' }, 422, 'UNSUPPORTED_INSTRUCTION', 'prompt', /question/],
    ];
  it.each(refusals)('%s: refused, saying why', async (_name, params, status, code, param, message) => {
    const err = await thrown(client.images.edit({ image: await image(), ...params }));
    expect([err.status, err.code, err.param]).toEqual([status, code, param]);
    expect(err.message).toMatch(message);
  });

  it('a mask with no transparent pixel: 400 INVALID_MASK', async () => {
    const opaque = await toFile(await sharp(png).ensureAlpha().png().toBuffer(), 'mask.png', {
      type: 'image/png',
    });
    const err = await thrown(client.images.edit({ image: await image(), mask: opaque, prompt: '去掉这个' }));
    expect([err.status, err.code, err.param]).toEqual([400, 'INVALID_MASK', 'mask']);
    expect(err.message).toMatch(/alpha 0/);
  });

  it("a wrong key: 401 in OpenAI's error shape, though refused before the route", async () => {
    const other = new OpenAI({ apiKey: 'sk-wrong', baseURL: `${server.url}/v1`, maxRetries: 0 });
    const err = await thrown(other.images.edit({ image: await image(), prompt: "把'¥199'改成'¥9'" }));
    expect([err.status, err.code, err.type]).toEqual([401, 'UNAUTHORIZED', 'invalid_request_error']);
    expect(Object.keys(err.error as object).sort()).toEqual(['code', 'message', 'param', 'type']);
  });
});
