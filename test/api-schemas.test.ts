/**
 * The declarations /openapi.json is generated from, held against what the service really answers:
 * each answer parses under its (closed) schema, so a field added to a view without its declaration,
 * or declared and never sent, fails here; and request fields are checked by the same declarations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as z from 'zod';
import * as S from '../src/service/http/schemas/index.js';
import { b64, EchoExecutor, poster, startTestService, type TestService } from './service.js';

let t: TestService;
let image: string;
beforeAll(async () => {
  t = await startTestService({}, new EchoExecutor());
  image = b64(await poster());
});
afterAll(() => t.close());

/** The answer, parsed under its declaration; a mismatch names the path. */
async function answer<T extends z.ZodType>(
  schema: T,
  res: Response | Promise<Response>,
): Promise<z.output<T>> {
  const body: unknown = await (await res).json();
  const got = schema.safeParse(body);
  if (!got.success) throw new Error(`${JSON.stringify(got.error.issues, null, 1)}\n${JSON.stringify(body)}`);
  return got.data;
}

describe('the answers match their declarations', () => {
  it('for edits, jobs, sessions, batches and the open routes', async () => {
    const job = await answer(
      S.Job,
      t.post('/v1/edits?wait=10', { image, instruction: "把'¥199'改成'¥169'" }),
    );
    expect(job.status).toBe('done');
    await answer(S.Job, t.req(`/v1/jobs/${job.id}`));
    await answer(S.JobList, t.req('/v1/jobs?limit=2'));
    const ses = await answer(S.Session, t.post('/v1/sessions', { image }));
    await answer(S.Job, t.post(`/v1/sessions/${ses.id}/edits?wait=10`, { instruction: '暖一点' }));
    await answer(S.SessionMove, t.post(`/v1/sessions/${ses.id}/edits`, { instruction: '撤销' }));
    await answer(S.Session, t.post(`/v1/sessions/${ses.id}/redo`, {}));
    const batch = await answer(S.Batch, t.post('/v1/batches', { image, instructions: ['冷一点', '亮一点'] }));
    await answer(S.Batch, t.req(`/v1/batches/${batch.id}`));
    await answer(S.PlanAnswer, t.post('/v1/plan', { instruction: '去掉水印，背景换成白色', lang: 'zh' }));
    await answer(S.EngineList, t.req('/v1/engines'));
    await answer(S.Health, t.req('/healthz'));
    await answer(S.ExportPresetList, t.req('/v1/exports/presets'));
    await answer(S.PublishTargetList, t.req('/v1/publish/targets'));
    await answer(S.ImageView, t.req(`/v1/images/${job.result!.image!.id}?meta`));
    await answer(S.ErrorEnvelope, t.req('/v1/jobs/job_nope'));
  });

  it('for the compatible shapes', async () => {
    await answer(
      S.ImageEditingResponse,
      t.post('/api/v1/services/aigc/image-editing', { input: { image, instruction: '冷一点' } }),
    );
    await answer(
      S.MultimodalResponse,
      t.post('/api/v1/services/aigc/multimodal-generation/generation', {
        model: 'qwen-image-edit',
        input: { messages: [{ role: 'user', content: [{ image }, { text: '暖一点' }] }] },
      }),
    );
    await answer(
      S.DashScopeError,
      t.post('/api/v1/services/aigc/image-editing', { input: { image, instruction: '' } }),
    );
  });
});

describe('request fields are checked by the same declarations', () => {
  it.each([
    [{ image, instruction: '冷一点', format: 'gif' }, 'format', ['png', 'jpeg', 'webp']],
    [{ image, instruction: 7 }, 'instruction', undefined],
    [{ image: 42, instruction: '冷一点' }, 'image', undefined],
  ])('POST /v1/edits %#', async (body, field, valid) => {
    const res = await t.post('/v1/edits', body);
    expect(res.status).toBe(400);
    const { error } = await answer(S.ErrorEnvelope, res);
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.details).toMatchObject({ field, ...(valid ? { valid } : {}) });
  });

  it('names the element at fault inside a list, and takes a blank form field as absent', async () => {
    const res = await t.post('/v1/exports', { image, presets: ['square-800', 'a4-poster'] });
    expect(res.status).toBe(400);
    const { error } = await answer(S.ErrorEnvelope, res);
    expect(error.details).toMatchObject({ field: 'presets.1' });
    expect((error.details as { valid: string[] }).valid).toContain('square-800');
    expect(S.parseFields(S.EditJson, { instruction: '冷一点', format: '' }).format).toBeUndefined();
    // The instruction is the request itself: blank, it is its own error further on.
    expect(S.parseFields(S.EditJson, { instruction: '' }).instruction).toBe('');
    const blank = await t.post('/v1/edits', { image, instruction: ' ' });
    expect(((await blank.json()) as { error: { code: string } }).error.code).toBe('EMPTY_INSTRUCTION');
  });

  it('takes null as absent, and says what a field is when it is wrong', async () => {
    const ok = await t.post('/v1/edits?wait=10', {
      image,
      instruction: '冷一点',
      mask: null,
      format: null,
      engine: null,
    });
    expect(ok.status).toBe(200);
    const wrong = await answer(S.ErrorEnvelope, t.post('/v1/edits', { image, instruction: 7 }));
    expect(wrong.error.message).toMatch(/'instruction' must be a string: What to change/);
    const missing = await answer(S.ErrorEnvelope, t.post('/v1/edits', { image }));
    expect(missing.error.message).toMatch(/'instruction' is required/);
    const many = await answer(
      S.ErrorEnvelope,
      t.post('/v1/batches', { image, instructions: Array.from({ length: 51 }, () => '冷一点') }),
    );
    expect(many.error.details).toMatchObject({ field: 'instructions', max: 50 });
  });

  it('reads a form flag as a flag', () => {
    expect(S.parseFields(S.PlanRequest, { instruction: 'x', mask: 'true', asset: '0' })).toMatchObject({
      mask: true,
      asset: false,
    });
    expect(() => S.parseFields(S.PlanRequest, { instruction: 'x', mask: 'maybe' })).toThrow(/mask/);
  });
});
