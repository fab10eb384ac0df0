import sharp from 'sharp';
import { fakeEdit, Faults } from './model.js';
import { formOf, json, serve, type FakeServer } from './http.js';

/**
 * The OpenAI image-edits protocol: POST /v1/images/edits, multipart image (+ mask whose transparent
 * pixels mark where to draw), prompt, model, n, size, response_format; answer { created, data:
 * [{ b64_json }] }; errors { error: { message, type, param, code } }. It records the mask it got.
 */
export async function fakeOpenAI(): Promise<
  FakeServer & { faults: Faults; masks: { transparent: number; total: number }[] }
> {
  const faults = new Faults();
  const masks: { transparent: number; total: number }[] = [];
  const server = await serve(async (req, res) => {
    if (req.method === 'GET' && req.path === '/v1/models')
      return json(res, 200, { object: 'list', data: [] });
    if (req.method !== 'POST' || req.path !== '/v1/images/edits')
      return json(res, 404, {
        error: { message: 'Not found', type: 'invalid_request_error', param: null, code: null },
      });
    const fault = faults.next();
    if (fault === 'server-error')
      return json(res, 503, {
        error: { message: 'Overloaded', type: 'server_error', param: null, code: null },
      });
    if (fault === 'bad-request')
      return json(res, 400, {
        error: {
          message: 'Your request was rejected by the safety system.',
          type: 'invalid_request_error',
          param: 'prompt',
          code: 'content_policy_violation',
        },
      });
    const form = await formOf(req);
    const image = form.get('image');
    const prompt = form.get('prompt');
    if (!(image instanceof Blob) || typeof prompt !== 'string')
      return json(res, 400, {
        error: {
          message: 'image and prompt are required',
          type: 'invalid_request_error',
          param: 'image',
          code: null,
        },
      });
    const mask = form.get('mask');
    if (mask instanceof Blob) {
      const { data, info } = await sharp(Buffer.from(await mask.arrayBuffer()))
        .ensureAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      let transparent = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] === 0) transparent++;
      masks.push({ transparent, total: info.width * info.height });
    }
    const out = await fakeEdit(Buffer.from(await image.arrayBuffer()), prompt);
    return json(res, 200, { created: 1, data: [{ b64_json: out.toString('base64') }] });
  });
  return { ...server, faults, masks };
}
