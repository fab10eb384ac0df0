/**
 * The Python snippet of a Chinese article (test/fixtures/article_snippet.py, verbatim) run by python3
 * against a real Scalpel server, changed only in its base URL and API key.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { createCanvas } from '@napi-rs/canvas';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deltaE } from '../src/image/color.js';
import { InlineExecutor } from '../src/service/jobs/pool.js';
import { startServer, type RunningServer } from '../src/service/http/server.js';
import { fontString, loadFont } from '../src/text/fonts.js';
import type { Box, Rgb } from '../src/types.js';
import { countDiff, decodeRaw, glyphCore, inBox, medianOf, padBox, tempDir } from './helpers.js';
import { testConfig } from './service.js';

const SNIPPET = path.resolve(import.meta.dirname, 'fixtures/article_snippet.py');
const BG: Rgb = [248, 244, 236];
const GOLD: Rgb = [212, 175, 55];
const execFileAsync = promisify(execFile);

let server: RunningServer;
let key: string;
let tmp: Awaited<ReturnType<typeof tempDir>>;
let textBox: Box;
let product: Buffer;

/** product.jpg: 800×600, 限时折扣 in 64 px bold dark red on a light background; returns the text's box. */
async function renderProduct(): Promise<{ jpg: Buffer; box: Box }> {
  const canvas = createCanvas(800, 600);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = `rgb(${BG.join(',')})`;
  ctx.fillRect(0, 0, 800, 600);
  ctx.font = fontString(loadFont('sans-bold'), 64);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'alphabetic';
  ctx.fillStyle = 'rgb(190, 30, 40)';
  ctx.fillText('限时折扣', 400, 320);
  const m = ctx.measureText('限时折扣');
  const x = Math.floor(400 - m.actualBoundingBoxLeft);
  const y = Math.floor(320 - m.actualBoundingBoxAscent);
  const box = {
    x,
    y,
    width: Math.ceil(400 + m.actualBoundingBoxRight) - x,
    height: Math.ceil(320 + m.actualBoundingBoxDescent) - y,
  };
  const jpg = await sharp(await canvas.encode('png'))
    .jpeg({ quality: 95 })
    .toBuffer();
  return { jpg, box };
}

/** The snippet with its only two changes: the base URL and the key. Prints what python3 printed. */
async function runSnippet(apiKey: string, dir = tmp.dir): Promise<string> {
  const code = await readFile(SNIPPET, 'utf8');
  for (const s of ['https://dashscope.aliyuncs.com', 'your_api_key_here'])
    expect(code.split(s).length - 1, s).toBe(1);
  const file = path.join(dir, 'snippet.py');
  await writeFile(
    file,
    code.replace('https://dashscope.aliyuncs.com', server.url).replace('your_api_key_here', apiKey),
  );
  // Async: the server answering the snippet runs in this very process.
  const { stdout } = await execFileAsync('python3', [file], {
    cwd: dir,
    timeout: 120_000,
    env: {
      ...process.env,
      PYTHONIOENCODING: 'utf-8',
      NO_PROXY: '127.0.0.1,localhost',
      no_proxy: '127.0.0.1,localhost',
    },
  });
  return stdout;
}

beforeAll(async () => {
  server = await startServer(testConfig({ port: 0 }), {
    executor: new InlineExecutor(),
    log: () => undefined,
  });
  key = (await server.services.keys.create({ name: 'article-snippet' })).key;
  tmp = await tempDir();
  const rendered = await renderProduct();
  product = rendered.jpg;
  textBox = rendered.box;
  await writeFile(path.join(tmp.dir, 'product.jpg'), product);
});

afterAll(async () => {
  await server.close();
  await rm(server.services.config.dataDir, { recursive: true, force: true });
  await tmp.cleanup();
});

describe('the article snippet, run by python3', () => {
  it('edits product.jpg: a signed URL to a JPEG changed only where 限时折扣 was, now gold', async () => {
    const stdout = await runSnippet(key);
    expect(stdout).toContain('✅ 编辑成功');
    const url = stdout.match(/https?:\/\/\S+/)?.[0] as string;
    expect(url.startsWith(`${server.url}/v1/files/`)).toBe(true);

    const res = await fetch(url); // no key: the URL is signed
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    const out = Buffer.from(await res.arrayBuffer());
    const meta = await sharp(out).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 800, 600]);

    const [before, after] = [await decodeRaw(product), await decodeRaw(out)];
    // The text's box plus one 16-px JPEG block (what re-compressing the edited blocks can touch).
    const region = padBox(textBox, 16, 800, 600);
    const diff = countDiff(before, after, (x, y) => inBox(region, x, y));
    expect(diff.inside).toBeGreaterThan(5000);
    expect(diff.outside).toBe(0);
    expect(deltaE(medianOf(glyphCore(after, region, BG)), GOLD)).toBeLessThan(15);
  });

  it('prints the API error with a wrong key: 401', async () => {
    const stdout = await runSnippet('sk-scalpel-not-a-key');
    expect(stdout).toMatch(/^❌ 编辑失败: API Error: 401, /);
  });

  it('prints our stable code and its status when the text is not there: 422 TARGET_NOT_FOUND', async () => {
    const dir = path.join(tmp.dir, 'blank');
    await mkdir(dir);
    const blank = await sharp({
      create: { width: 800, height: 600, channels: 3, background: { r: 248, g: 244, b: 236 } },
    })
      .jpeg()
      .toBuffer();
    await writeFile(path.join(dir, 'product.jpg'), blank);
    const stdout = await runSnippet(key, dir);
    const m = stdout.match(/^❌ 编辑失败: API Error: 422, (.*)$/m);
    const body = JSON.parse(m?.[1] as string) as { request_id: string; code: string; message: string };
    expect(body.code).toBe('TARGET_NOT_FOUND');
    expect(body.message).toContain('限时折扣');
    // The failed job's id: GET /v1/jobs/<request_id> shows the whole error.
    expect(body.request_id).toMatch(/^job_/);
  });
});

describe('the same endpoint beyond the snippet', () => {
  const call = (body: unknown, apiKey = key) =>
    fetch(`${server.url}/api/v1/services/aigc/image-editing`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const instruction = "把'限时折扣'改成'新品上市'";

  it('answers output_format base64 with the edited image itself, echoing any model name', async () => {
    const res = await call({
      model: 'some-future-model',
      input: { image: product.toString('base64'), instruction },
      parameters: { output_format: 'base64' },
    });
    expect(res.status).toBe(200);
    const json = (await res.json()) as { model: string; output: { edited_image: string }; usage: unknown };
    expect(json.model).toBe('some-future-model');
    expect(json.usage).toEqual({ image_count: 1 });
    const meta = await sharp(Buffer.from(json.output.edited_image, 'base64')).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 800, 600]);
  });

  it('refuses a missing instruction and an unknown output_format with 400 and a field-naming message', async () => {
    const image = product.toString('base64');
    for (const [body, field] of [
      [{ input: { image } }, 'input.instruction'],
      [{ input: { image, instruction }, parameters: { output_format: 'png' } }, 'parameters.output_format'],
    ] as const) {
      const res = await call(body);
      expect(res.status).toBe(400);
      const json = (await res.json()) as { request_id: string; code: string; message: string };
      expect(json.code).toBe('INVALID_ARGUMENT');
      expect(json.message).toContain(field);
      expect(json.request_id).toMatch(/^req_/);
    }
  });
});
