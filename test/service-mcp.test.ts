/**
 * The MCP server at POST /mcp, driven by the official SDK's streamable-HTTP client against the app
 * in-process: behind the keys, every edit a job in the queue, base64 images only.
 */
import { readFileSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POSTER, startTestService, type TestService } from './service.js';

let t: TestService;
let key: string;

beforeAll(async () => {
  t = await startTestService();
  key = (await t.svc.keys.create({ name: 'mcp' })).key;
});
afterAll(() => t.close());

/** A client whose requests go to the app in-process, with or without the key. */
async function connect(withKey: boolean): Promise<Client> {
  const client = new Client({ name: 'scalpel-test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL('http://scalpel.test/mcp'), {
    requestInit: withKey ? { headers: { Authorization: `Bearer ${key}` } } : {},
    fetch: (url, init) => Promise.resolve(t.app.request(String(url), init)),
  });
  await client.connect(transport);
  return client;
}

describe('POST /mcp', () => {
  it('refuses a caller without a key', async () => {
    await expect(connect(false)).rejects.toThrow();
  });

  it('edits through the job queue and answers with the image and the report', async () => {
    const client = await connect(true);
    const before = await t.svc.jobs.countQueued();
    const r = (await client.callTool({
      name: 'edit_image',
      arguments: { image_base64: readFileSync(POSTER).toString('base64'), instruction: "把'¥199'改成'¥99'" },
    })) as { content: { type: string; mimeType?: string }[]; structuredContent?: { ok?: boolean } };
    expect(r.content[0]).toMatchObject({ type: 'image', mimeType: 'image/png' });
    expect(r.structuredContent?.ok).toBe(true);
    // It ran as a job of this key's, listed with the others.
    const jobs = (await (
      await t.req('/v1/jobs', { headers: { Authorization: `Bearer ${key}` } })
    ).json()) as {
      data: { instruction: string }[];
    };
    expect(jobs.data.some((j) => j.instruction === "把'¥199'改成'¥99'")).toBe(true);
    expect(await t.svc.jobs.countQueued()).toBe(before);
    await client.close();
  });

  it('refuses a path over HTTP: it would read the server’s disk', async () => {
    const client = await connect(true);
    const r = (await client.callTool({
      name: 'edit_image',
      arguments: { image_path: '/etc/passwd', instruction: '去掉路人' },
    })) as {
      isError?: boolean;
      structuredContent?: { error?: { code: string; message: string } };
    };
    expect(r.isError).toBe(true);
    expect(r.structuredContent?.error).toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('not accepted over HTTP'),
    });
    await client.close();
  });
});
