/**
 * Optional LLM reading (SCALPEL_LLM_BASE_URL + SCALPEL_LLM_MODEL) against a loopback OpenAI-compatible
 * chat endpoint: a valid plan is used and labelled; an invalid or unreachable answer falls back to the
 * grammar and says why; the prompt rewriting for generative steps is used only when asked for.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { edit, readPlan } from '../src/index.js';
import { fakeChat } from './fakes/chat.js';
import { fakeDashScope } from './fakes/dashscope.js';
import type { FakeServer } from './fakes/http.js';
import { PHOTOS_DIR } from './fixtures/photos.js';

let answer: (messages: { role: string; content: string }[]) => string = () => '{}';
let chat: FakeServer;
let ds: Awaited<ReturnType<typeof fakeDashScope>>;

beforeAll(async () => {
  chat = await fakeChat((m) => answer(m));
  ds = await fakeDashScope('k');
});
afterEach(() => {
  for (const k of [
    'SCALPEL_LLM_BASE_URL',
    'SCALPEL_LLM_MODEL',
    'SCALPEL_LLM_REWRITE',
    'DASHSCOPE_API_KEY',
    'DASHSCOPE_BASE_URL',
  ])
    delete process.env[k];
});
afterAll(() => Promise.all([chat.close(), ds.close()]));

const useLlm = () =>
  Object.assign(process.env, { SCALPEL_LLM_BASE_URL: `${chat.url}/v1`, SCALPEL_LLM_MODEL: 'qwen-plus' });

describe('reading with an LLM', () => {
  it('uses a plan that fits the schema, and says the LLM read it', async () => {
    useLlm();
    answer = () =>
      JSON.stringify({
        steps: [
          {
            op: 'recolor',
            target: { kind: 'object', label: 'cup', phrase: '那只马克杯' },
            params: { color: { kind: 'solid', rgb: [0, 0, 255], name: 'blue' } },
          },
        ],
      });
    const plan = await readPlan('那只马克杯我想要蓝色调的');
    expect(plan.steps).toEqual([
      expect.objectContaining({ op: 'recolor', target: expect.objectContaining({ label: 'cup' }) }),
    ]);
    expect(plan.reader).toEqual({ by: 'llm', model: 'qwen-plus' });
    // The model was shown our own plans for the supported examples.
    const sent = chat.requests.at(-1)!;
    const system = (JSON.parse(sent.body.toString('utf8')) as { messages: { content: string }[] }).messages[0]
      .content;
    expect(system).toContain('"op":"replace-text"');
  });

  it('falls back to the grammar, saying why, when the answer is not a valid plan', async () => {
    useLlm();
    answer = () =>
      JSON.stringify({
        steps: [
          {
            op: 'recolor',
            target: { kind: 'object', label: 'cup', phrase: 'cup' },
            params: { color: { kind: 'solid', rgb: [400, 0, 0] } },
          },
        ],
      });
    const plan = await readPlan('把杯子换成蓝色');
    expect(plan.steps[0]).toMatchObject({ op: 'recolor', params: { color: { name: 'blue' } } });
    expect(plan.reader).toMatchObject({
      by: 'grammar',
      fallback: expect.stringMatching(/did not fit the schema \(steps\.0\.params\.color\.rgb\.0/u),
    });
    answer = () => 'Sure! Here is your plan: make the cup blue.';
    expect((await readPlan('把杯子换成蓝色')).reader?.fallback).toMatch(/not JSON/u);
  });

  it('falls back when the endpoint is down, and an LLM plan needing a mask is checked like any', async () => {
    Object.assign(process.env, { SCALPEL_LLM_BASE_URL: 'http://127.0.0.1:9/v1', SCALPEL_LLM_MODEL: 'm' });
    const plan = await readPlan('去掉路人');
    expect(plan.reader).toMatchObject({ by: 'grammar', fallback: expect.stringContaining('was not used') });
    useLlm();
    answer = () =>
      JSON.stringify({ steps: [{ op: 'remove', target: { kind: 'mask', phrase: '这个' }, params: {} }] });
    expect((await readPlan('去掉这个', { context: { mask: true } })).reader?.by).toBe('llm');
    // Without a mask the LLM's plan fails the context check; the grammar then refuses it in its own words.
    await expect(readPlan('去掉这个')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('refuses credentials in the endpoint URL without echoing them', async () => {
    Object.assign(process.env, {
      SCALPEL_LLM_BASE_URL: 'https://user:llm-secret-pw@127.0.0.1:9/v1',
      SCALPEL_LLM_MODEL: 'm',
    });
    const err = await readPlan('去掉路人').catch((e: unknown) => e as { code: string; message: string });
    expect(err).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(JSON.stringify(err)).not.toContain('llm-secret-pw');
  });

  it('rewrites a generative prompt only when SCALPEL_LLM_REWRITE=1, and reports both', async () => {
    useLlm();
    Object.assign(process.env, {
      DASHSCOPE_API_KEY: 'k',
      DASHSCOPE_BASE_URL: ds.url,
      SCALPEL_LLM_REWRITE: '1',
    });
    answer = (m) =>
      m[0].content.includes('rewritten')
        ? JSON.stringify({ rewritten: '把画面中央的沙发面料换成深棕色皮革，保持其他部分不变' })
        : JSON.stringify({
            steps: [
              {
                op: 'edit',
                target: { kind: 'image', phrase: '布料变皮革' },
                params: { prompt: '布料变皮革' },
              },
            ],
          });
    const photo = await sharp(await readFile(path.join(PHOTOS_DIR, 'coffee.png')))
      .resize(320)
      .png()
      .toBuffer();
    const out = await edit(photo, '布料变皮革', { format: 'png' });
    expect(out.report.steps[0].details).toMatchObject({
      prompt: '把画面中央的沙发面料换成深棕色皮革，保持其他部分不变',
      prompt_typed: '布料变皮革',
    });
    const body = JSON.parse(
      ds.requests
        .filter((r) => r.method === 'POST')
        .at(-1)!
        .body.toString('utf8'),
    );
    expect(body.input.messages[0].content[1].text).toBe(
      '把画面中央的沙发面料换成深棕色皮革，保持其他部分不变',
    );
  });
});
