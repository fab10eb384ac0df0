/**
 * `scalpel mcp` driven by the official MCP SDK's own client over stdio, as an assistant would: the
 * tools are listed, an edit comes back as an image block plus the report, a question as its answer,
 * a plan as words, variants as several images, and mistakes as tool errors with Scalpel's codes.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = path.join(ROOT, 'dist/src/cli/index.js');
const POSTER = path.join(ROOT, 'examples/poster.png');
let client: Client;
let dir: string;

type Result = {
  isError?: boolean;
  content: { type: string; text?: string; data?: string; mimeType?: string }[];
  structuredContent?: Record<string, unknown>;
};
const call = async (name: string, args: Record<string, unknown>) =>
  (await client.callTool({ name, arguments: args })) as Result;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'scalpel-mcp-'));
  client = new Client({ name: 'scalpel-test', version: '1.0.0' });
  await client.connect(
    new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp'], stderr: 'ignore' }),
  );
});
afterAll(async () => {
  await client.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('scalpel mcp (stdio)', () => {
  it('lists its four tools with input schemas', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'ask_image',
      'batch_variants',
      'edit_image',
      'plan_instruction',
    ]);
    const edit = tools.find((t) => t.name === 'edit_image')!;
    expect(Object.keys(edit.inputSchema.properties ?? {})).toEqual(
      expect.arrayContaining(['image_path', 'image_base64', 'instruction', 'mask_path']),
    );
  });

  it('edits a file and returns the image and the report, surgical outside its region', async () => {
    const output = path.join(dir, 'out.png');
    const r = await call('edit_image', {
      image_path: POSTER,
      instruction: "把'¥199'改成'¥169'，字体颜色变红",
      output_path: output,
    });
    expect(r.isError).toBeFalsy();
    const img = r.content.find((c) => c.type === 'image')!;
    expect(img.mimeType).toBe('image/png');
    const out = Buffer.from(img.data!, 'base64');
    expect(readFileSync(output).equals(out)).toBe(true);
    const report = r.structuredContent as {
      ok: boolean;
      steps: { op: string; region: { x: number; y: number; width: number; height: number } }[];
    };
    expect(report.ok).toBe(true);
    expect(report.steps[0].op).toBe('replace-text');
    // Outside the reported region, the pixels are the input's.
    const [a, b] = await Promise.all([
      sharp(POSTER).ensureAlpha().raw().toBuffer({ resolveWithObject: true }),
      sharp(out).ensureAlpha().raw().toBuffer(),
    ]);
    const { x, y, width, height } = report.steps[0].region;
    let outside = 0;
    for (let py = 0; py < a.info.height; py++)
      for (let px = 0; px < a.info.width; px++) {
        if (px >= x && px < x + width && py >= y && py < y + height) continue;
        const i = (py * a.info.width + px) * 4;
        if (a.data.readUInt32LE(i) !== b.readUInt32LE(i)) outside++;
      }
    expect(outside).toBe(0);
  });

  it('answers a question from base64, and refuses an edit sent as a question', async () => {
    const b64 = readFileSync(POSTER).toString('base64');
    const r = await call('ask_image', {
      image_base64: `data:image/png;base64,${b64}`,
      question: "图中有没有'¥199'？",
    });
    expect(r.structuredContent).toMatchObject({ answer: { exists: true } });
    expect(r.content[0].text).toMatch(/^Yes\./u);
    const e = await call('ask_image', { image_base64: b64, question: '去掉路人' });
    expect(e.isError).toBe(true);
  });

  it('plans without an image, and refuses what an edit would refuse, with the same code', async () => {
    const r = await call('plan_instruction', { instruction: '去掉水印，然后右下角加上LOGO', asset: true });
    expect(r.structuredContent).toMatchObject({ engines: ['local', 'local'] });
    expect(r.content[0].text).toMatch(/^1\. remove/u);
    const e = await call('plan_instruction', { instruction: '布料变皮革' });
    expect(e.isError).toBe(true);
    expect(e.structuredContent).toMatchObject({ error: { code: 'NEEDS_GENERATIVE_ENGINE' } });
    // A blank instruction is the same EMPTY_INSTRUCTION as everywhere else, not a protocol error.
    for (const [tool, args] of [
      ['plan_instruction', { instruction: '  ' }],
      ['edit_image', { image_path: POSTER, instruction: '' }],
      ['ask_image', { image_path: POSTER, question: '' }],
    ] as const) {
      const blank = await call(tool, args);
      expect(blank.isError, tool).toBe(true);
      expect(blank.structuredContent, tool).toMatchObject({ error: { code: 'EMPTY_INSTRUCTION' } });
    }
  });

  it('makes variants, reporting a failed one without losing the others', async () => {
    const r = await call('batch_variants', {
      image_path: POSTER,
      instructions: ["把'¥199'改成'¥99'", "把'¥199'改成'¥129'", "把'不存在'改成'x'"],
      format: 'webp',
    });
    expect(r.structuredContent).toMatchObject({ ok: 2, failed: 1 });
    expect(r.content.filter((c) => c.type === 'image').map((c) => c.mimeType)).toEqual([
      'image/webp',
      'image/webp',
    ]);
    const failed = (r.structuredContent as { variants: { ok: boolean; error?: { code: string } }[] })
      .variants[2];
    expect(failed.error?.code).toBe('TARGET_NOT_FOUND');
  });

  it('turns bad input into tool errors with codes, not protocol failures', async () => {
    const missing = await call('edit_image', {
      image_path: path.join(dir, 'nope.png'),
      instruction: '去掉路人',
    });
    expect(missing.structuredContent).toMatchObject({ error: { code: 'INVALID_ARGUMENT' } });
    const corrupt = await call('edit_image', {
      image_base64: Buffer.from('not an image').toString('base64'),
      instruction: '去掉路人',
    });
    expect(corrupt.structuredContent).toMatchObject({
      error: { code: expect.stringMatching(/INVALID_IMAGE|UNSUPPORTED_FORMAT/u) },
    });
    const unwritable = await call('edit_image', {
      image_path: POSTER,
      instruction: "把'¥199'改成'¥99'",
      output_path: path.join(dir, 'missing', 'out.png'),
    });
    expect(unwritable.structuredContent).toMatchObject({ error: { code: 'OUTPUT_WRITE_FAILED' } });
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const none = await call('edit_image', { instruction: '去掉路人' });
    expect(none.structuredContent).toMatchObject({ error: { code: 'INVALID_ARGUMENT' } });
  });
});
