import { randomUUID } from 'node:crypto';
import { bombHeader } from '../../bench/bomb.js';
import { fakeEdit, Faults } from './model.js';
import { json, serve, type FakeServer } from './http.js';

const PATH = '/api/v1/services/aigc/multimodal-generation/generation';

/**
 * DashScope's image-edit API as its reference documents it: Bearer key; one user message whose
 * content is [{image: URL or data URL}, {text}]; a synchronous answer with the image URL in
 * output.choices[0].message.content and usage { width, height, image_count }; errors as
 * { request_id, code, message } with 4xx/5xx. Result URLs are served here, like the provider's OSS.
 */
export async function fakeDashScope(key: string): Promise<FakeServer & { faults: Faults }> {
  const faults = new Faults();
  const results = new Map<string, Buffer>();
  const server = await serve(async (req, res, base) => {
    if (req.method === 'GET' && req.path.startsWith('/results/')) {
      const img = results.get(req.path.slice('/results/'.length));
      if (!img) return json(res, 404, { code: 'NotFound', message: 'expired' });
      res.writeHead(200, { 'Content-Type': 'image/png' }).end(img);
      return;
    }
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    const request_id = randomUUID();
    if (req.method !== 'POST' || req.path !== PATH)
      return json(res, 404, { request_id, code: 'NotFound', message: `No route ${req.path}` });
    if (req.headers.authorization !== `Bearer ${key}`)
      return json(res, 401, { request_id, code: 'InvalidApiKey', message: 'Invalid API-key provided.' });
    const fault = faults.next();
    if (fault === 'throttle')
      return json(res, 429, {
        request_id,
        code: 'Throttling.RateQuota',
        message: 'Requests rate limit exceeded.',
      });
    if (fault === 'server-error')
      return json(res, 500, { request_id, code: 'InternalError', message: 'Internal error.' });
    if (fault === 'bad-request')
      return json(res, 400, {
        request_id,
        code: 'DataInspectionFailed',
        message: 'Input data may contain inappropriate content.',
      });
    if (fault === 'slow') await new Promise((r) => setTimeout(r, 3000));
    const body = JSON.parse(req.body.toString('utf8')) as {
      model?: string;
      input?: { messages?: { role?: string; content?: { image?: string; text?: string }[] }[] };
      parameters?: { n?: number; size?: string };
    };
    const content = body.input?.messages?.[0]?.content ?? [];
    const image = content.find((c) => typeof c.image === 'string')?.image;
    const text = content.find((c) => typeof c.text === 'string')?.text;
    if (!body.model || !image || !text || body.input?.messages?.[0]?.role !== 'user')
      return json(res, 400, {
        request_id,
        code: 'InvalidParameter',
        message: 'input.messages[0].content needs an image and a text.',
      });
    const size = body.parameters?.size;
    if (size !== undefined && (!/^\d+\*\d+$/u.test(size) || body.model === 'qwen-image-edit'))
      return json(res, 400, {
        request_id,
        code: 'InvalidParameter',
        message: `size '${size}' is not accepted for ${body.model}.`,
      });
    const m = /^data:image\/(?:png|jpeg|webp);base64,(.+)$/u.exec(image);
    if (!m)
      return json(res, 400, {
        request_id,
        code: 'InvalidParameter',
        message: 'The image must be a URL or a data URL.',
      });
    const out =
      fault === 'garbage'
        ? Buffer.from('<html>not an image</html>')
        : fault === 'bomb'
          ? bombHeader(100_000, 100_000)
          : fault === 'truncated'
            ? (await fakeEdit(Buffer.from(m[1], 'base64'), text)).subarray(0, 2000)
            : await fakeEdit(Buffer.from(m[1], 'base64'), text);
    const id = `${randomUUID()}.png`;
    results.set(id, out);
    if (fault === 'no-image')
      return json(res, 200, {
        request_id,
        output: { choices: [{ finish_reason: 'stop', message: { role: 'assistant', content: [] } }] },
      });
    return json(res, 200, {
      request_id,
      output: {
        choices: [
          {
            finish_reason: 'stop',
            message: { role: 'assistant', content: [{ image: `${base}/results/${id}` }] },
          },
        ],
      },
      usage: { width: 1024, height: 1024, image_count: 1 },
    });
  });
  return { ...server, faults };
}
