/**
 * The official DashScope SDK with a local file (MultiModalConversation.call with file://…), replayed
 * with the SDK's own request shapes (dashscope/utils/oss_utils.py): ask for an upload policy, post the
 * file as an OSS form to the host it names, then call with oss://<key> and
 * X-DashScope-OssResourceResolve: enable. The host is Scalpel; the policy a signed grant for one key.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POSTER, startTestService, type TestService } from './service.js';

let t: TestService;
let a: string;
let b: string;

beforeAll(async () => {
  t = await startTestService();
  a = (await t.svc.keys.create({ name: 'a' })).key;
  b = (await t.svc.keys.create({ name: 'b' })).key;
});
afterAll(() => t.close());

interface Grant {
  policy: string;
  signature: string;
  upload_dir: string;
  upload_host: string;
  oss_access_key_id: string;
  x_oss_object_acl: string;
  x_oss_forbid_overwrite: string;
}

async function policy(key: string): Promise<Grant> {
  const res = await t.req('/api/v1/uploads?action=getPolicy&model=qwen-image-edit', {
    headers: { Authorization: `Bearer ${key}` },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: Grant }).data;
}

/** The form exactly as OssUtils.upload builds it: fields in its order, the file last, no key. */
async function upload(g: Grant, name: string, over: Partial<Record<string, string>> = {}) {
  const form = new FormData();
  const fields: Record<string, string> = {
    OSSAccessKeyId: g.oss_access_key_id,
    Signature: g.signature,
    policy: g.policy,
    key: `${g.upload_dir}/${name}`,
    'x-oss-object-acl': g.x_oss_object_acl,
    'x-oss-forbid-overwrite': g.x_oss_forbid_overwrite,
    success_action_status: '200',
    'x-oss-content-type': 'image/png',
    ...over,
  };
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([readFileSync(POSTER)], { type: 'image/png' }), name);
  const res = await t.req(new URL(g.upload_host).pathname, { method: 'POST', body: form });
  return { res, key: fields.key };
}

const call = (key: string, image: string, resolve = true) =>
  t.req('/api/v1/services/aigc/multimodal-generation/generation', {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${key}`,
      'Content-Type': 'application/json',
      ...(resolve ? { 'X-DashScope-OssResourceResolve': 'enable' } : {}),
    },
    body: JSON.stringify({
      model: 'qwen-image-edit',
      input: { messages: [{ role: 'user', content: [{ image }, { text: "把'¥199'改成'¥169'" }] }] },
    }),
  });

describe('the DashScope SDK’s local-file flow', () => {
  it('grants, stores and resolves an uploaded file for the key that asked', async () => {
    const g = await policy(a);
    expect(new URL(g.upload_host).pathname).toBe('/oss-upload');
    const { res, key } = await upload(g, 'poster.png');
    expect(res.status).toBe(200);
    const done = await call(a, `oss://${key}`);
    expect(done.status).toBe(200);
    const body = (await done.json()) as {
      output: { choices: { message: { content: { image: string }[] } }[] };
    };
    expect(body.output.choices[0].message.content[0].image).toMatch(/\/v1\/files\//u);
  });

  it('resolves oss:// only when the call asks, and only for the same key', async () => {
    const g = await policy(a);
    const { key } = await upload(g, 'p.png');
    const noHeader = (await (await call(a, `oss://${key}`, false)).json()) as {
      code: string;
      message: string;
    };
    expect(noHeader).toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('X-DashScope-OssResourceResolve'),
    });
    const other = (await (await call(b, `oss://${key}`)).json()) as { code: string };
    expect(other.code).toBe('INVALID_ARGUMENT');
  });

  it('refuses an altered grant, a key outside it, and a second upload to the same key', async () => {
    const g = await policy(a);
    const forged = JSON.parse(Buffer.from(g.policy, 'base64').toString('utf8')) as Record<string, unknown>;
    forged.maxBytes = 10 ** 12;
    const tampered = await upload(g, 'x.png', {
      policy: Buffer.from(JSON.stringify(forged)).toString('base64'),
    });
    expect(tampered.res.status).toBe(401);
    const outside = await upload(g, 'x.png', { key: 'scalpel/elsewhere/x.png' });
    expect(outside.res.status).toBe(401);
    expect((await upload(g, 'once.png')).res.status).toBe(200);
    expect((await upload(g, 'once.png')).res.status).toBe(409);
  });

  it('refuses an expired grant', () => {
    const { policy: p, signature, grant } = t.svc.uploads.issue('someone', 1000, Date.now() - 10 * 60_000);
    expect(t.svc.uploads.check(p, signature, `${grant.dir}/a.png`)).toBe('the policy has expired');
  });
});
