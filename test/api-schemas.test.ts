/**
 * The declarations /openapi.json is generated from, held against what the service really answers:
 * each answer parses under the (closed) schema the document names for its route and status, so a
 * field added to a view without its declaration, a field declared and never sent, or a route
 * documented with another route's shape fails here; and request fields are checked by the same
 * declarations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as zod from 'zod';
import { ZodType, type z } from 'zod';
import { openApiDocument, resolveRef } from '../src/service/http/openapi.js';
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

/** The few fields the test reads of the answers it passes on. */
interface Shape {
  $ref?: string;
  oneOf?: { $ref?: string }[];
}

interface Answered {
  id: string;
  status: string;
  result: { image: { id: string } };
  action?: string;
}

const doc = openApiDocument();
const DECLARED = new Map(
  (Object.values(S) as unknown[])
    .filter((v): v is z.ZodType => v instanceof ZodType)
    .map((v) => [String(zod.globalRegistry.get(v)?.id), v]),
);

/**
 * The answer parsed under the schema /openapi.json names for this route and status: the document's
 * pairing of routes and shapes is held to what the routes answer, not only the shapes themselves.
 */
async function documented(method: 'get' | 'post', path: string, res: Promise<Response>): Promise<Answered> {
  const r = await res;
  const op = doc.paths[path]?.[method];
  expect(op, `${method} ${path} is documented`).toBeDefined();
  const declared = resolveRef<{ content?: Record<string, { schema: Shape }> }>(
    doc,
    op!.responses[String(r.status)],
  );
  const shape = declared?.content?.['application/json']?.schema;
  const names = (shape?.oneOf ?? (shape ? [shape] : [])).map((s) => s.$ref?.split('/').pop());
  expect(names.length > 0 && names.every((n) => n && DECLARED.has(n)), `${method} ${path} ${r.status}`).toBe(
    true,
  );
  const schemas = names.map((n) => DECLARED.get(n as string) as z.ZodType);
  const schema = schemas.length === 1 ? schemas[0]! : zod.union(schemas as [z.ZodType, ...z.ZodType[]]);
  return answer(schema, Promise.resolve(r)) as Promise<Answered>;
}

describe('the answers match the schemas the document names for them', () => {
  it('for edits, jobs, sessions, batches and the open routes', async () => {
    const job = await documented(
      'post',
      '/v1/edits',
      t.post('/v1/edits?wait=10', { image, instruction: "把'¥199'改成'¥169'" }),
    );
    expect(job.status).toBe('done');
    await documented('get', '/v1/jobs/{id}', t.req(`/v1/jobs/${job.id}`));
    await documented('get', '/v1/jobs', t.req('/v1/jobs?limit=2'));
    const ses = await documented('post', '/v1/sessions', t.post('/v1/sessions', { image }));
    await documented(
      'post',
      '/v1/sessions/{id}/edits',
      t.post(`/v1/sessions/${ses.id}/edits?wait=10`, { instruction: '暖一点' }),
    );
    // 撤销 as a follow-up answers the session moved, which the document says of its 200.
    const moved = await answer(
      S.SessionMove,
      t.post(`/v1/sessions/${ses.id}/edits`, { instruction: '撤销' }),
    );
    expect(moved.action).toBe('undo');
    await documented('post', '/v1/sessions/{id}/redo', t.post(`/v1/sessions/${ses.id}/redo`, {}));
    await documented('get', '/v1/sessions/{id}', t.req(`/v1/sessions/${ses.id}`));
    const batch = await documented(
      'post',
      '/v1/batches',
      t.post('/v1/batches', { image, instructions: ['冷一点', '亮一点'] }),
    );
    await documented('get', '/v1/batches/{id}', t.req(`/v1/batches/${batch.id}`));
    await documented(
      'post',
      '/v1/plan',
      t.post('/v1/plan', { instruction: '去掉水印，背景换成白色', lang: 'zh' }),
    );
    await documented('get', '/v1/engines', t.req('/v1/engines'));
    await documented('get', '/healthz', t.req('/healthz'));
    await documented('get', '/v1/exports/presets', t.req('/v1/exports/presets'));
    await documented('get', '/v1/publish/targets', t.req('/v1/publish/targets'));
    await documented('get', '/v1/jobs/{id}', t.req('/v1/jobs/job_nope'));
    await documented('post', '/v1/edits', t.post('/v1/edits', { image, instruction: 7 }));
    await answer(S.ImageView, t.req(`/v1/images/${job.result.image.id}?meta`));
  });

  it('for the compatible shapes', async () => {
    const dashscope = '/api/v1/services/aigc/image-editing';
    await documented('post', dashscope, t.post(dashscope, { input: { image, instruction: '冷一点' } }));
    await documented('post', dashscope, t.post(dashscope, { input: { image, instruction: '' } }));
    const multimodal = '/api/v1/services/aigc/multimodal-generation/generation';
    await documented(
      'post',
      multimodal,
      t.post(multimodal, {
        model: 'qwen-image-edit',
        input: { messages: [{ role: 'user', content: [{ image }, { text: '暖一点' }] }] },
      }),
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
    // Left out, a choice is answered with its choices too.
    const none = await answer(S.ErrorEnvelope, t.post('/v1/exports', { image }));
    expect(none.error.details).toMatchObject({ field: 'presets' });
    expect((none.error.details as { valid: string[] }).valid).toContain('square-800');
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
