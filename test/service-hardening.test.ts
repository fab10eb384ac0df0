/**
 * Hardening found by probing the service, each reproduced here first: links built from a forged
 * Host header, unbounded large bodies decoded at once, what /healthz tells strangers, security
 * headers, and an access log that must not carry secrets.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../src/service/http/app.js';
import { configFromEnv } from '../src/service/config.js';
import { b64, errorOf, HeldExecutor, poster, startTestService, type TestService } from './service.js';

let t: TestService | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

interface JobJson {
  result: { image: { url: string } };
}

const edit = async (svc: TestService, host: string) =>
  (await (
    await svc.app.request(`http://${host}/v1/edits?wait=60`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ image: b64(await poster()), instruction: '暖一点' }),
    })
  ).json()) as JobJson;

describe('absolute links', () => {
  it('echo a forged Host when no public URL is set (the reason to set one)', async () => {
    t = await startTestService();
    expect((await edit(t, 'evil.example')).result.image.url).toMatch(/^http:\/\/evil\.example\//);
  });

  it('use SCALPEL_PUBLIC_URL whatever Host the client sends, and still route', async () => {
    t = await startTestService({ publicUrl: 'https://scalpel.example.com' });
    const url = (await edit(t, 'evil.example')).result.image.url;
    expect(url).toMatch(/^https:\/\/scalpel\.example\.com\/v1\/files\//);
    const got = await t.app.request(url.replace('https://scalpel.example.com', 'http://anything'));
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/png');
  });

  it('refuses a public URL with a path, which would not be routed', () => {
    expect(() => configFromEnv({ SCALPEL_PUBLIC_URL: 'https://example.com/scalpel' })).toThrow(
      /SCALPEL_PUBLIC_URL/,
    );
    expect(configFromEnv({ SCALPEL_PUBLIC_URL: 'https://example.com/' }).publicUrl).toBe(
      'https://example.com',
    );
  });
});

describe('large bodies at once', () => {
  it('answers 503 SERVER_BUSY with Retry-After while others are being read, and takes it after', async () => {
    const body = JSON.stringify({ image: b64(await poster()), instruction: "把'¥199'改成'¥1'" });
    t = await startTestService({ maxInflightBytes: body.length + 100 }, new HeldExecutor());
    const post = (wait: number, text = body) =>
      t!.req(`/v1/edits?wait=${wait}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(text.length) },
        body: text,
      });
    // A client sending slowly: half its body now, the rest a second later. Its bytes count meanwhile.
    const bytes = new TextEncoder().encode(body);
    const slow = new ReadableStream<Uint8Array>({
      async start(ctl) {
        ctl.enqueue(bytes.slice(0, bytes.length >> 1));
        await new Promise((r) => setTimeout(r, 1000));
        ctl.enqueue(bytes.slice(bytes.length >> 1));
        ctl.close();
      },
    });
    const first = t.req('/v1/edits', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(body.length) },
      body: slow,
      duplex: 'half',
    } as RequestInit);
    await new Promise((r) => setTimeout(r, 300));
    const busy = await post(0);
    expect(busy.status).toBe(503);
    expect(Number(busy.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await errorOf(busy)).code).toBe('SERVER_BUSY');
    expect((await first).status).toBe(202);
    // Waiting for an edit (?wait=) holds no body: its images are in, so the next is read at once.
    const waiting = post(3);
    await new Promise((r) => setTimeout(r, 300));
    expect((await post(0)).status).toBe(202);
    expect((await waiting).status).toBe(202);
  });
});

describe('what strangers see', () => {
  it('/healthz says only up to a caller without a key when keys are enforced', async () => {
    t = await startTestService();
    const { key: secret } = await t.svc.keys.create({ name: 'ops' });
    const anon = (await (await t.req('/healthz')).json()) as Record<string, unknown>;
    expect(anon).toEqual({ ok: true });
    const keyed = (await (
      await t.req('/healthz', { headers: { authorization: `Bearer ${secret}` } })
    ).json()) as Record<string, unknown>;
    expect(Object.keys(keyed).sort()).toEqual(['cache', 'ok', 'queued', 'running']);
  });

  it('sends nosniff everywhere, a hash-pinned CSP on /docs, and files as attachments of known names', async () => {
    t = await startTestService();
    const docs = await t.req('/docs');
    expect(docs.headers.get('content-security-policy')).toMatch(
      /default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'/,
    );
    expect(docs.headers.get('x-content-type-options')).toBe('nosniff');
    const job = (await (
      await t.post('/v1/edits?wait=60', { image: b64(await poster()), instruction: '暖一点' })
    ).json()) as JobJson;
    const file = await t.req(new URL(job.result.image.url).pathname + new URL(job.result.image.url).search);
    expect(file.headers.get('content-disposition')).toMatch(/^inline; filename="img_[\w-]+\.png"$/);
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('logs one JSON line per request, without the query, headers or key secrets', async () => {
    t = await startTestService();
    const lines: string[] = [];
    const app = createApp(t.svc, { accessLog: (l) => lines.push(l) });
    const { key: secret } = await t.svc.keys.create({ name: 'ci' });
    await app.request('http://x/v1/jobs?limit=1&sig=SECRET-SIG', {
      headers: { authorization: `Bearer ${secret}` },
    });
    await app.request('http://x/v1/files/img_x?exp=1&sig=SECRET-SIG');
    expect(lines).toHaveLength(2);
    const first = JSON.parse(lines[0]) as Record<string, unknown>;
    expect(first).toMatchObject({ method: 'GET', path: '/v1/jobs', status: 200 });
    expect(typeof first.key).toBe('string');
    expect(JSON.parse(lines[1])).toMatchObject({ path: '/v1/files/img_x', status: 404 });
    expect(lines.join('\n')).not.toMatch(/SECRET-SIG|Bearer|sk-scalpel/);
    expect(lines.join('\n')).not.toContain(secret);
  });
});

describe('an empty instruction', () => {
  it('is EMPTY_INSTRUCTION in every request shape, each in its own error format', async () => {
    t = await startTestService();
    const png = b64(await poster());
    const session = ((await (await t.post('/v1/sessions', { image: png })).json()) as { id: string }).id;
    for (const blank of ['', '   ']) {
      const ours: [string, Record<string, unknown>][] = [
        ['/v1/edits', { image: png, instruction: blank }],
        ['/v1/plan', { instruction: blank }],
        [`/v1/sessions/${session}/edits`, { instruction: blank }],
        ['/v1/batches', { image: png, instructions: ["把'¥199'改成'¥1'", blank] }],
      ];
      for (const [path, body] of ours) {
        const e = await errorOf(await t.post(path, body));
        expect([e.status, e.code], `${path} ${JSON.stringify(blank)}`).toEqual([400, 'EMPTY_INSTRUCTION']);
      }
      const article = await t.post('/api/v1/services/aigc/image-editing', {
        model: 'wanx-v1',
        input: { image: png, instruction: blank },
      });
      expect([article.status, ((await article.json()) as { code: string }).code]).toEqual([
        400,
        'EMPTY_INSTRUCTION',
      ]);
      const dashscope = await t.post('/api/v1/services/aigc/multimodal-generation/generation', {
        model: 'qwen-image-edit',
        input: { messages: [{ role: 'user', content: [{ image: png }, { text: blank }] }] },
      });
      expect([dashscope.status, ((await dashscope.json()) as { code: string }).code]).toEqual([
        400,
        'EMPTY_INSTRUCTION',
      ]);
      const form = new FormData();
      form.append('image', new Blob([Buffer.from(png, 'base64')], { type: 'image/png' }), 'p.png');
      form.append('prompt', blank);
      const openai = await t.req('/v1/images/edits', { method: 'POST', body: form });
      const oe = ((await openai.json()) as { error: { code: string; param: string } }).error;
      expect([openai.status, oe.code, oe.param]).toEqual([400, 'EMPTY_INSTRUCTION', 'prompt']);
    }
  });

  it('an SVG is UNSUPPORTED_FORMAT, not decoded', async () => {
    t = await startTestService();
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64" fill="red"/></svg>',
    );
    const e = await errorOf(
      await t.post('/v1/edits', { image: svg.toString('base64'), instruction: '暖一点' }),
    );
    expect([e.status, e.code]).toEqual([415, 'UNSUPPORTED_FORMAT']);
  });
});
