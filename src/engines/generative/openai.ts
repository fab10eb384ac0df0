import sharp from 'sharp';
import { bytesOf, retryableStatus, short, type GenerateRequest, type Provider } from './provider.js';
import { originOf } from '../../runtime/urls.js';
import { ProviderFailure } from './resilience.js';

/**
 * The OpenAI image-edits protocol, which many hosts and self-hosted servers for Qwen-Image-Edit speak:
 * POST {base}/images/edits as multipart (image, mask, prompt, model, n, size, response_format), the
 * answer in data[0].b64_json or data[0].url, errors as { error: { message, type, code } }. The mask
 * follows that protocol: a PNG whose fully transparent pixels are where the model may draw.
 */

const base = () => originOf('SCALPEL_OPENAI_BASE_URL', process.env.SCALPEL_OPENAI_BASE_URL ?? '', true);
const model = () => process.env.SCALPEL_OPENAI_MODEL ?? '';
const auth = (): Record<string, string> => {
  const key = process.env.SCALPEL_OPENAI_API_KEY ?? '';
  return key ? { Authorization: `Bearer ${key}` } : {};
};

export const openai: Provider = {
  id: 'openai',
  enable:
    'set SCALPEL_OPENAI_BASE_URL, e.g. http://host:8000/v1 (SCALPEL_OPENAI_API_KEY and SCALPEL_OPENAI_MODEL as the server needs)',
  takesMask: true,
  configured: () => (process.env.SCALPEL_OPENAI_BASE_URL ?? '') !== '',
  endpoint: () => base(),
  model: () => model() || '(server default)',

  async probe(signal) {
    const res = await fetch(`${base()}/models`, { headers: auth(), signal });
    if (res.status >= 500) throw new Error(`HTTP ${res.status}`);
  },

  async generate(req: GenerateRequest) {
    const form = new FormData();
    form.set('image', new Blob([new Uint8Array(req.image)], { type: 'image/png' }), 'image.png');
    if (req.mask)
      form.set(
        'mask',
        new Blob([new Uint8Array(await transparentWhere(req.mask))], { type: 'image/png' }),
        'mask.png',
      );
    form.set('prompt', req.prompt);
    if (model()) form.set('model', model());
    form.set('n', '1');
    // OpenAI's own models take only their listed sizes and (gpt-image) no response_format; servers
    // for other models take the sent size and answer in base64 when asked.
    if (/^(?:gpt-image|dall-e)/iu.test(model())) form.set('size', 'auto');
    else {
      form.set('size', `${req.width}x${req.height}`);
      form.set('response_format', 'b64_json');
    }
    const res = await fetch(`${base()}/images/edits`, {
      method: 'POST',
      headers: auth(),
      body: form,
      signal: req.signal,
    });
    const text = await res.text();
    let body: {
      data?: { b64_json?: string; url?: string }[];
      error?: { message?: string; code?: unknown; type?: string };
    } = {};
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      // Not JSON: reported below with the status and the start of the body.
    }
    if (!res.ok || body.error) {
      const code = body.error?.code ?? body.error?.type;
      throw new ProviderFailure(body.error?.message ?? `HTTP ${res.status}: ${short(text)}`, {
        status: res.status,
        code: code === undefined || code === null ? undefined : String(code),
        retryable: retryableStatus(res.status),
      });
    }
    const first = body.data?.[0];
    if (first?.b64_json) return { image: Buffer.from(first.b64_json, 'base64'), model: model() || 'default' };
    if (first?.url) {
      const img = await fetch(first.url, { signal: req.signal });
      if (!img.ok)
        throw new ProviderFailure(`Fetching the result failed: HTTP ${img.status}.`, {
          status: img.status,
          retryable: retryableStatus(img.status),
        });
      return { image: await bytesOf(img), model: model() || 'default' };
    }
    throw new ProviderFailure('The answer held no image (data[0].b64_json or url).', {
      status: res.status,
      retryable: false,
    });
  },
};

/** Our masks are white where to draw; the protocol wants those pixels transparent. */
async function transparentWhere(mask: Buffer): Promise<Buffer> {
  const { data, info } = await sharp(mask).greyscale().raw().toBuffer({ resolveWithObject: true });
  const rgba = Buffer.alloc(info.width * info.height * 4);
  for (let i = 0; i < info.width * info.height; i++) rgba[i * 4 + 3] = data[i] >= 128 ? 0 : 255;
  return sharp(rgba, { raw: { width: info.width, height: info.height, channels: 4 } })
    .png()
    .toBuffer();
}
