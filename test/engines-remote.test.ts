/**
 * The remote engines' own behaviour, against loopback servers speaking each provider's documented
 * protocol (test/fakes): the request they send, routing of new content, retries on retryable errors
 * only, the circuit breaker, timeouts, and that the API key never leaves the Authorization header.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, listEngines } from '../src/engines/index.js';
import { edit, ScalpelError } from '../src/index.js';
import { fakeComfyUI } from './fakes/comfyui.js';
import { fakeDashScope } from './fakes/dashscope.js';
import { fakeOpenAI } from './fakes/openai.js';
import { PHOTOS_DIR } from './fixtures/photos.js';

const KEY = 'sk-remote-secret-9876543210';
let ds: Awaited<ReturnType<typeof fakeDashScope>>;
let oa: Awaited<ReturnType<typeof fakeOpenAI>>;
let cu: Awaited<ReturnType<typeof fakeComfyUI>>;
let photo: Buffer;
let mask: Buffer;

beforeAll(async () => {
  [ds, oa, cu] = await Promise.all([fakeDashScope(KEY), fakeOpenAI(), fakeComfyUI()]);
  photo = await sharp(await readFile(path.join(PHOTOS_DIR, 'coffee.png')))
    .resize(480)
    .png()
    .toBuffer();
  const { width, height } = await sharp(photo).metadata();
  const m = Buffer.alloc(width! * height!);
  for (let y = 100; y < 220; y++) for (let x = 180; x < 300; x++) m[y * width! + x] = 255;
  mask = await sharp(m, { raw: { width: width!, height: height!, channels: 1 } })
    .png()
    .toBuffer();
});
afterEach(async () => {
  for (const k of [
    'DASHSCOPE_API_KEY',
    'DASHSCOPE_BASE_URL',
    'SCALPEL_OPENAI_BASE_URL',
    'COMFYUI_URL',
    'SCALPEL_ENGINE',
  ])
    delete process.env[k];
  ds.faults.clear();
  oa.faults.clear();
  await Promise.all(ENGINES.map((e) => (e.kind === 'generative' ? e.dispose() : undefined)));
});
afterAll(() => Promise.all([ds.close(), oa.close(), cu.close()]));

const useDashScope = () =>
  Object.assign(process.env, {
    DASHSCOPE_API_KEY: KEY,
    DASHSCOPE_BASE_URL: ds.url,
    SCALPEL_ENGINE_BACKOFF_MS: '5',
    SCALPEL_ENGINE_TIMEOUT_MS: '1500',
  });
const failure = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ScalpelError);
    return err as ScalpelError;
  }
  throw new Error('expected a failure');
};

describe('routing', () => {
  it('refuses new content with NEEDS_GENERATIVE_ENGINE, naming the settings, when none is configured', async () => {
    const err = await failure(edit(photo, '布料变皮革'));
    expect(err.code).toBe('NEEDS_GENERATIVE_ENGINE');
    expect(err.message).toMatch(/DASHSCOPE_API_KEY.*SCALPEL_OPENAI_BASE_URL.*COMFYUI_URL/su);
  });

  it('sends new content to the configured engine and keeps the rest local', async () => {
    useDashScope();
    const out = await edit(photo, '布料变皮革', { format: 'png' });
    const [step] = out.report.steps;
    expect(step).toMatchObject({ op: 'edit', engine: 'dashscope', details: { global: true } });
    expect(out.report.timings.engine_ms).toBeGreaterThan(0);
    const mixed = await edit(photo, '把这里换成蓝色，然后把这里换成皮革材质', { mask, format: 'png' });
    expect(mixed.report.steps.map((s) => [s.op, s.engine])).toEqual([
      ['recolor', 'local'],
      ['edit', 'dashscope'],
    ]);
  });

  it('sends DashScope the documented request: Bearer key, [image, text], synchronous', async () => {
    useDashScope();
    const before = ds.requests.length;
    await edit(photo, '把这里换成皮革材质', { mask, format: 'png' });
    const post = ds.requests.slice(before).find((r) => r.method === 'POST')!;
    expect(post.path).toBe('/api/v1/services/aigc/multimodal-generation/generation');
    expect(post.headers.authorization).toBe(`Bearer ${KEY}`);
    const body = JSON.parse(post.body.toString('utf8'));
    expect(body.model).toBe('qwen-image-edit');
    expect(body.input.messages[0].content[0].image).toMatch(/^data:image\/png;base64,/);
    expect(body.input.messages[0].content[1].text).toBe('把这里换成皮革材质');
    expect(body.parameters).toEqual({ n: 1, watermark: false });
    // The -plus model takes the sent size as "W*H" and prompt_extend, off.
    process.env.DASHSCOPE_MODEL = 'qwen-image-edit-plus';
    const out = await edit(photo, '把这里换成皮革材质', { mask, format: 'png' });
    const plus = JSON.parse(
      ds.requests
        .filter((r) => r.method === 'POST')
        .at(-1)!
        .body.toString('utf8'),
    );
    const sent = out.report.steps[0].details.sent as { width: number; height: number };
    expect(plus.parameters).toEqual({
      n: 1,
      watermark: false,
      prompt_extend: false,
      size: `${sent.width}*${sent.height}`,
    });
    delete process.env.DASHSCOPE_MODEL;
  });

  it('prefers the engine SCALPEL_ENGINE names when several are configured', async () => {
    useDashScope();
    process.env.COMFYUI_URL = cu.url;
    process.env.SCALPEL_ENGINE = 'comfyui';
    const out = await edit(photo, '把这里换成皮革材质', { mask, format: 'png' });
    expect(out.report.steps[0].engine).toBe('comfyui');
    const wf = cu.workflows.at(-1)!;
    expect(Object.values(wf).map((n) => n.class_type)).toEqual(
      expect.arrayContaining([
        'UNETLoader',
        'CLIPLoader',
        'VAELoader',
        'LoadImage',
        'TextEncodeQwenImageEditPlus',
        'KSampler',
        'SaveImage',
      ]),
    );
  });

  it('sends an OpenAI-style server the region as the mask’s transparent pixels', async () => {
    process.env.SCALPEL_OPENAI_BASE_URL = `${oa.url}/v1`;
    const out = await edit(photo, '把这里换成皮革材质', { mask, format: 'png' });
    expect(out.report.steps[0]).toMatchObject({ engine: 'openai', details: { sent: { mask: true } } });
    const m = oa.masks.at(-1)!;
    expect(m.transparent / m.total).toBeGreaterThan(0.01);
    expect(m.transparent / m.total).toBeLessThan(0.5);
  });

  it('hands a removal the local engine would have to invent to the generative engine', async () => {
    const astronaut = await readFile(path.join(PHOTOS_DIR, 'astronaut.png'));
    await expect(edit(astronaut, '去掉这个人')).rejects.toMatchObject({ code: 'NEEDS_GENERATIVE_ENGINE' });
    useDashScope();
    const out = await edit(astronaut, '去掉这个人', { format: 'png' });
    const [step] = out.report.steps;
    expect(step).toMatchObject({ op: 'remove', engine: 'dashscope', quality: { outside_changed_pixels: 0 } });
    expect(step.warnings[0]).toMatch(
      /^The local engine declined: What would be removed covers \d+% of the image.*Drawn by dashscope\.$/u,
    );
    // The model is asked for the removal only, not the rest of the sentence.
    const two = await edit(astronaut, '去掉这个人，然后整体提亮', { format: 'png' });
    expect(two.report.steps.map((s) => [s.op, s.engine])).toEqual([
      ['remove', 'dashscope'],
      ['adjust', 'local'],
    ]);
    expect(two.report.steps[0].details.prompt).not.toMatch(/提亮/u);
    // Forcing the local engine keeps the local answer.
    await expect(edit(astronaut, '去掉这个人', { engine: 'local' })).rejects.toMatchObject({
      code: 'NEEDS_GENERATIVE_ENGINE',
    });
  });

  it('lists every engine with its state, probing the configured ones, and never a secret', async () => {
    useDashScope();
    const list = await listEngines();
    expect(list.engines.map((e) => [e.id, e.configured, e.reachable])).toEqual([
      ['local', true, null],
      ['dashscope', true, true],
      ['openai', false, null],
      ['comfyui', false, null],
    ]);
    expect(JSON.stringify(list)).not.toContain(KEY);
  });
});

describe('failures', () => {
  it('retries a throttled call and reports the attempts', async () => {
    useDashScope();
    ds.faults.push('throttle');
    const out = await edit(photo, '把这里换成皮革材质', { mask, format: 'png' });
    expect(out.report.steps[0].details.attempts).toBe(2);
  });

  it('does not retry a refusal: ENGINE_FAILED with the provider’s own code and message', async () => {
    useDashScope();
    ds.faults.push('bad-request');
    const before = ds.requests.length;
    const err = await failure(edit(photo, '把这里换成皮革材质', { mask }));
    expect(err.code).toBe('ENGINE_FAILED');
    expect(err.details).toMatchObject({
      provider: 'dashscope',
      http_status: 400,
      provider_code: 'DataInspectionFailed',
    });
    expect(ds.requests.slice(before).filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(JSON.stringify(err.toJSON())).not.toContain(KEY);
  });

  it('gives up on a failing provider as ENGINE_UNAVAILABLE, then stops calling it (circuit breaker)', async () => {
    useDashScope();
    ds.faults.always = 'server-error';
    const a = await failure(edit(photo, '把这里换成皮革材质', { mask }));
    expect(a.code).toBe('ENGINE_UNAVAILABLE');
    expect(a.details.retry_after_s).toBeGreaterThan(0);
    // Five failed requests in a row (each after its retries) open the breaker.
    for (let i = 0; i < 4; i++) await failure(edit(photo, '把这里换成皮革材质', { mask }));
    const before = ds.requests.length;
    const c = await failure(edit(photo, '把这里换成皮革材质', { mask }));
    expect(c.message).toMatch(/circuit breaker/u);
    expect(ds.requests.length).toBe(before);
  });

  it('refuses an answer that is no image, or a decompression bomb, as the provider’s failure', async () => {
    useDashScope();
    for (const fault of ['garbage', 'bomb'] as const) {
      ds.faults.push(fault);
      const err = await failure(edit(photo, '把这里换成皮革材质', { mask }));
      expect(err.code, fault).toBe('ENGINE_FAILED');
      expect(err.details.provider_code).toBe(fault === 'garbage' ? 'bad_image' : 'answer_too_large');
    }
  });

  it('refuses a truncated image and a ComfyUI run that ends without one, without retrying', async () => {
    useDashScope();
    ds.faults.push('truncated');
    const t = await failure(edit(photo, '把这里换成皮革材质', { mask }));
    expect([t.code, t.details.provider_code]).toEqual(['ENGINE_FAILED', 'bad_image']);
    process.env.SCALPEL_ENGINE = 'comfyui';
    process.env.COMFYUI_URL = cu.url;
    cu.faults.push('no-image');
    const n = await failure(edit(photo, '把这里换成皮革材质', { mask }));
    expect([n.code, n.details.provider_code]).toEqual(['ENGINE_FAILED', 'no_output']);
  });

  it('refuses a ComfyUI workflow file it cannot read before uploading anything', async () => {
    process.env.COMFYUI_URL = cu.url;
    process.env.COMFYUI_WORKFLOW = '/nonexistent/workflow.json';
    const before = cu.requests.length;
    const err = await failure(edit(photo, '把这里换成皮革材质', { mask }));
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.message).toMatch(/COMFYUI_WORKFLOW/u);
    expect(cu.requests.length).toBe(before);
    delete process.env.COMFYUI_WORKFLOW;
  });

  it('times out a provider that does not answer', async () => {
    useDashScope();
    process.env.SCALPEL_ENGINE_TIMEOUT_MS = '300';
    ds.faults.always = 'slow';
    const err = await failure(edit(photo, '把这里换成皮革材质', { mask }));
    expect(err.code).toBe('ENGINE_UNAVAILABLE');
    expect(err.message).toMatch(/no answer within 300 ms/u);
  });

  it('keeps a forced generative tone change inside --mask', async () => {
    useDashScope();
    const out = await edit(photo, 'make it brighter', { mask, engine: 'dashscope', format: 'png' });
    const [step] = out.report.steps;
    expect(step.details.global).toBeUndefined();
    const m = await sharp(mask).extractChannel(0).raw().toBuffer();
    const a = await sharp(photo).ensureAlpha().raw().toBuffer();
    const b = await sharp(out.image).ensureAlpha().raw().toBuffer();
    let outside = 0;
    for (let i = 0; i < m.length; i++)
      if (!m[i] && a.readUInt32LE(i * 4) !== b.readUInt32LE(i * 4)) outside++;
    expect(outside).toBe(0);
  });

  it('refuses what the model cannot be given: a background image, a cut-out', async () => {
    useDashScope();
    await expect(edit(photo, '背景换成透明', { engine: 'dashscope', format: 'png' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('--engine local'),
    });
  });

  it('says so when SCALPEL_ENGINE names an engine that is not configured', async () => {
    useDashScope();
    process.env.SCALPEL_ENGINE = 'openai';
    await expect(edit(photo, '布料变皮革')).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/'openai' \(SCALPEL_ENGINE names it\) is not configured/u),
    });
  });

  it('refuses a forced engine that is not configured, and an unknown one, before any work', async () => {
    await expect(edit(photo, '把这里换成红色', { mask, engine: 'dashscope' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('DASHSCOPE_API_KEY'),
    });
    await expect(edit(photo, '把这里换成红色', { mask, engine: 'midjourney' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      details: { valid: ['local', 'dashscope', 'openai', 'comfyui'] },
    });
    useDashScope();
    await expect(edit(photo, '图中有没有狗？', { engine: 'dashscope' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });
});
