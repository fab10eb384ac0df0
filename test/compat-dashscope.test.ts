/**
 * DashScope's qwen-image-edit call (`multimodal-generation/generation`) in-process: the documented
 * request and answer shapes, a second image as the asset, questions, and errors as `{ request_id, code, message }`.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countDiff, decodeRaw, inBox } from './helpers.js';
import { b64, poster, startTestService, type TestService } from './service.js';

const PATH = '/api/v1/services/aigc/multimodal-generation/generation';
const PRICE = { x: 200, y: 420, width: 400, height: 170 }; // ¥199 on examples/poster.png, with a margin
let t: TestService;
let png: Buffer;
let dataUrl: string;

interface Answer {
  request_id: string;
  output: {
    choices: {
      finish_reason: string;
      message: { role: string; content: { image?: string; text?: string }[] };
    }[];
    answer?: { exists: boolean; objects: { text?: string }[] };
  };
  usage: { width: number; height: number; image_count: number };
}
interface Failure {
  request_id: string;
  code: string;
  message: string;
}

const call = (content: unknown[], parameters?: unknown) =>
  t.post(PATH, { model: 'qwen-image-edit', input: { messages: [{ role: 'user', content }] }, parameters });

const fetchSigned = async (url: string) => {
  const u = new URL(url);
  return Buffer.from(await (await t.req(u.pathname + u.search)).arrayBuffer());
};

beforeAll(async () => {
  t = await startTestService();
  png = await poster();
  dataUrl = `data:image/png;base64,${b64(png)}`;
});
afterAll(() => t.close());

describe('POST ' + PATH, () => {
  it('edits the first image by the text and answers with a fetchable signed URL', async () => {
    const res = await call([{ image: dataUrl }, { text: "把'¥199'改成'¥169'" }], { n: 1, watermark: false });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Answer;
    expect(body.request_id).toMatch(/^job_/);
    expect(body.usage).toEqual({ width: 800, height: 1000, image_count: 1 });
    const [choice] = body.output.choices;
    expect(choice.finish_reason).toBe('stop');
    expect(choice.message.role).toBe('assistant');
    const url = choice.message.content[0].image as string;
    expect(url).toMatch(/^http:\/\/scalpel\.test\/v1\/files\/.+\?exp=\d+&sig=/);
    const out = await fetchSigned(url); // no key: the URL is signed
    expect((await sharp(out).metadata()).format).toBe('png');
    const diff = countDiff(await decodeRaw(png), await decodeRaw(out), (x, y) => inBox(PRICE, x, y));
    expect(diff.inside).toBeGreaterThan(1000);
    expect(diff.outside).toBe(0);
  });

  it('uses a second image as the asset (右下角加上LOGO), changing only the bottom-right corner', async () => {
    const logo = await sharp({ create: { width: 200, height: 100, channels: 3, background: '#1a5fd0' } })
      .png()
      .toBuffer();
    const res = await call([{ image: dataUrl }, { image: b64(logo) }, { text: '右下角加上LOGO' }]);
    expect(res.status).toBe(200);
    const out = await fetchSigned(
      ((await res.json()) as Answer).output.choices[0].message.content[0].image as string,
    );
    const corner = { x: 400, y: 750, width: 400, height: 250 };
    const diff = countDiff(await decodeRaw(png), await decodeRaw(out), (x, y) => inBox(corner, x, y));
    expect(diff.inside).toBeGreaterThan(5000);
    expect(diff.outside).toBe(0);
  });

  it('accepts parameters.size when it is the image’s own size, and refuses any other (we never resize)', async () => {
    const text = { text: "把'¥199'改成'¥169'" };
    expect((await call([{ image: dataUrl }, text], { size: '800*1000' })).status).toBe(200);
    const res = await call([{ image: dataUrl }, text], { size: '1024*1024' });
    const err = (await res.json()) as Failure;
    expect([res.status, err.code]).toEqual([400, 'INVALID_ARGUMENT']);
    expect(err.message).toContain('never resizes');
  });

  it('answers a question with a sentence as text and the structured answer beside it', async () => {
    const res = await call([{ image: dataUrl }, { text: "图中有没有'¥199'？" }]);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Answer;
    expect(body.usage).toEqual({ width: 800, height: 1000, image_count: 0 });
    expect(body.output.choices[0].message.content).toEqual([
      { text: expect.stringMatching(/^有，找到 1 处/) },
    ]);
    expect(body.output.answer?.exists).toBe(true);
  });
});

describe('errors: { request_id, code, message } with our stable code and its status', () => {
  const cases: [string, () => Promise<Response>, number, string, RegExp][] = [
    ['no text', () => call([{ image: dataUrl }]), 400, 'INVALID_ARGUMENT', /no \{ text \} item/],
    [
      'no image',
      () => call([{ text: "把'¥199'改成'¥169'" }]),
      400,
      'INVALID_ARGUMENT',
      /no \{ image \} item/,
    ],
    ['no messages', () => t.post(PATH, { input: {} }), 400, 'INVALID_ARGUMENT', /input\.messages/],
    [
      'three images',
      () => call([{ image: dataUrl }, { image: dataUrl }, { image: dataUrl }, { text: '右下角加上LOGO' }]),
      400,
      'INVALID_ARGUMENT',
      /at most 2/,
    ],
    [
      'n > 1',
      () => call([{ image: dataUrl }, { text: "把'¥199'改成'¥9'" }], { n: 4 }),
      400,
      'INVALID_ARGUMENT',
      /only 1/,
    ],
    [
      'an unreadable image',
      () =>
        call([
          { image: 'data:image/png;base64,bm90IGFuIGltYWdlIGF0IGFsbA==' },
          { text: "把'¥199'改成'¥169'" },
        ]),
      400,
      'INVALID_IMAGE',
      /not a readable image/,
    ],
    [
      'an instruction we do not understand',
      () => call([{ image: dataUrl }, { text: '让它更有高级感' }]),
      422,
      'UNSUPPORTED_INSTRUCTION',
      /Could not understand/,
    ],
  ];
  it.each(cases)('%s', async (_name, send, status, code, message) => {
    const res = await send();
    const body = (await res.json()) as Failure;
    expect([res.status, body.code]).toEqual([status, code]);
    expect(body.message).toMatch(message);
    expect(body.request_id).toMatch(/^req_/);
    expect(Object.keys(body).sort()).toEqual(['code', 'message', 'request_id']);
  });

  it('a target that is not there is 422 TARGET_NOT_FOUND, with the failed job as request_id', async () => {
    const res = await call([{ image: dataUrl }, { text: "把'¥888'改成'¥1'" }]);
    const body = (await res.json()) as Failure;
    expect([res.status, body.code]).toEqual([422, 'TARGET_NOT_FOUND']);
    expect(body.message).toContain('¥888');
    const job = (await (await t.req(`/v1/jobs/${body.request_id}`)).json()) as { error: { code: string } };
    expect(job.error.code).toBe('TARGET_NOT_FOUND');
  });

  it('answers errors raised before the route (a missing key) in the same DashScope shape', async () => {
    const guarded = await startTestService();
    try {
      guarded.svc.keys.create({ name: 'dashscope' });
      const res = await guarded.post(PATH, { input: { messages: [] } });
      const body = (await res.json()) as Failure;
      expect([res.status, body.code]).toEqual([401, 'UNAUTHORIZED']);
      expect(Object.keys(body).sort()).toEqual(['code', 'message', 'request_id']);
    } finally {
      await guarded.close();
    }
  });
});
