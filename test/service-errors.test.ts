/** Every error code the service can answer with, each from a real request, with its status. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { b64, errorOf, form, poster, startTestService, type TestService } from './service.js';

let t: TestService;
let png: Buffer;
const PRICE = "把'¥199'改成'¥169'";

beforeAll(async () => {
  t = await startTestService({ maxBodyBytes: 3_000_000, maxPixels: 4_000_000 });
  png = await poster();
});
afterAll(() => t.close());

const code = async (res: Promise<Response>) => {
  const e = await errorOf(await res);
  return [e.status, e.code];
};

describe('request and instruction errors', () => {
  it('INVALID_ARGUMENT: no instruction, no image, bad format, bad JSON, bad idempotency key', async () => {
    expect(await code(t.post('/v1/edits', { image: b64(png) }))).toEqual([400, 'INVALID_ARGUMENT']);
    expect(await code(t.post('/v1/edits', { instruction: PRICE }))).toEqual([400, 'INVALID_ARGUMENT']);
    expect(await code(t.post('/v1/edits', { image: b64(png), instruction: PRICE, format: 'gif' }))).toEqual([
      400,
      'INVALID_ARGUMENT',
    ]);
    const bad = t.req('/v1/edits', {
      method: 'POST',
      body: '{oops',
      headers: { 'content-type': 'application/json' },
    });
    expect(await code(bad)).toEqual([400, 'INVALID_ARGUMENT']);
    const key = { 'idempotency-key': 'x'.repeat(300) };
    expect(await code(t.post('/v1/edits', { image: b64(png), instruction: PRICE }, key))).toEqual([
      400,
      'INVALID_ARGUMENT',
    ]);
  });

  it('EMPTY_INSTRUCTION, INSTRUCTION_TOO_LONG, UNSUPPORTED_INSTRUCTION, NEEDS_GENERATIVE_ENGINE', async () => {
    expect(await code(t.post('/v1/edits', { image: b64(png), instruction: '   ' }))).toEqual([
      400,
      'EMPTY_INSTRUCTION',
    ]);
    const long = `把'${'长'.repeat(110)}'改成'${'短'.repeat(110)}'`;
    expect(await code(t.post('/v1/edits', { image: b64(png), instruction: long }))).toEqual([
      400,
      'INSTRUCTION_TOO_LONG',
    ]);
    expect(await code(t.post('/v1/edits', { image: b64(png), instruction: '请帮我写一首诗' }))).toEqual([
      422,
      'UNSUPPORTED_INSTRUCTION',
    ]);
    expect(await code(t.post('/v1/edits', { image: b64(png), instruction: '把沙发的布料变成皮革' }))).toEqual(
      [422, 'NEEDS_GENERATIVE_ENGINE'],
    );
  });

  it('UNSUPPORTED_FORMAT for a body type and for an image format', async () => {
    const xml = t.req('/v1/edits', {
      method: 'POST',
      body: '<a/>',
      headers: { 'content-type': 'application/xml' },
    });
    expect(await code(xml)).toEqual([415, 'UNSUPPORTED_FORMAT']);
    const gif = await sharp(png).resize(64).gif().toBuffer();
    expect(await code(t.post('/v1/edits', { image: b64(gif), instruction: PRICE }))).toEqual([
      415,
      'UNSUPPORTED_FORMAT',
    ]);
  });

  it('INVALID_IMAGE for bytes that are not an image, and for a truncated PNG', async () => {
    expect(
      await code(t.post('/v1/edits', { image: b64(Buffer.from('hello world')), instruction: PRICE })),
    ).toEqual([400, 'INVALID_IMAGE']);
    const cut = t.req('/v1/edits', {
      method: 'POST',
      body: form({ instruction: PRICE }, { image: png.subarray(0, png.length >> 1) }),
    });
    expect(await code(cut)).toEqual([400, 'INVALID_IMAGE']);
    expect(await code(t.post('/v1/edits', { image: '%%%not base64%%%', instruction: PRICE }))).toEqual([
      400,
      'INVALID_IMAGE',
    ]);
  });

  it('IMAGE_TOO_LARGE for a decompression bomb, refused from its header', async () => {
    // 3000×3000 of one colour compresses to a few KB but is over the 4 MP limit of this server.
    const bomb = await sharp({ create: { width: 3000, height: 3000, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    expect(bomb.length).toBeLessThan(100_000);
    const e = await errorOf(await t.post('/v1/edits', { image: b64(bomb), instruction: PRICE }));
    expect([e.status, e.code, e.details.max_pixels]).toEqual([413, 'IMAGE_TOO_LARGE', 4_000_000]);
  });

  it('REQUEST_TOO_LARGE for a body over the limit, before it is parsed', async () => {
    const big = Buffer.alloc(3_500_000, 1);
    const res = t.req('/v1/edits', { method: 'POST', body: form({ instruction: PRICE }, { image: big }) });
    expect(await code(res)).toEqual([413, 'REQUEST_TOO_LARGE']);
  });

  it('NOT_FOUND for an unknown route, job, image, session, batch and a bad signature', async () => {
    expect(await code(t.req('/v1/nope'))).toEqual([404, 'NOT_FOUND']);
    expect(await code(t.req('/v1/jobs/job_doesnotexist'))).toEqual([404, 'NOT_FOUND']);
    expect(await code(t.req('/v1/images/img_doesnotexist'))).toEqual([404, 'NOT_FOUND']);
    expect(await code(t.req('/v1/sessions/ses_x'))).toEqual([404, 'NOT_FOUND']);
    expect(await code(t.req('/v1/batches/bat_x'))).toEqual([404, 'NOT_FOUND']);
    expect(await code(t.req('/v1/files/img_x?exp=9999999999&sig=abc'))).toEqual([404, 'NOT_FOUND']);
  });
});

describe('image URLs', () => {
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/poster.png') res.writeHead(200, { 'content-type': 'image/png' }).end(png);
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('URL_NOT_ALLOWED for loopback, private and metadata addresses and other schemes', async () => {
    for (const url of [
      `${base}/poster.png`,
      'http://169.254.169.254/latest/meta-data/',
      'http://10.1.2.3/a.png',
      'file:///etc/passwd',
    ]) {
      const body = url.startsWith('file')
        ? { image: { url }, instruction: PRICE }
        : { image_url: url, instruction: PRICE };
      expect(await code(t.post('/v1/edits', body))).toEqual([400, 'URL_NOT_ALLOWED']);
    }
  });

  it('fetches from an allowed address (intranet mode) and URL_FETCH_FAILED for a 404', async () => {
    const open = await startTestService({ urlAllowPrivate: true });
    try {
      const ok = (await (
        await open.post('/v1/edits?wait=60', {
          image_url: `${base}/poster.png`,
          instruction: "图中有没有'¥199'？",
        })
      ).json()) as {
        status: string;
      };
      expect(ok.status).toBe('done');
      const e = await errorOf(
        await open.post('/v1/edits', { image_url: `${base}/missing.png`, instruction: PRICE }),
      );
      expect([e.status, e.code, e.details.status]).toEqual([502, 'URL_FETCH_FAILED', 404]);
    } finally {
      await open.close();
    }
  });
});

describe('the quality gate', () => {
  it('warns by default and LOW_QUALITY_INPUT with the measured values when set to refuse', async () => {
    const photo = await sharp(png).blur(6).png().toBuffer();
    const warn = (await (
      await t.post('/v1/edits', { image: b64(photo), instruction: '图中有没有人？' })
    ).json()) as { warnings: string[] };
    expect(warn.warnings.join(' ')).toMatch(/blur/i);
    const strict = await startTestService({ qualityGate: 'refuse' });
    try {
      const e = await errorOf(await strict.post('/v1/edits', { image: b64(photo), instruction: PRICE }));
      expect([e.status, e.code]).toEqual([422, 'LOW_QUALITY_INPUT']);
      expect((e.details.measured as { blur: number }).blur).toBeLessThan(25);
      expect(
        (await strict.post('/v1/edits', { image: b64(png), instruction: '图中有没有人？' })).status,
      ).toBeLessThan(300);
    } finally {
      await strict.close();
    }
  });
});
