import sharp from 'sharp';
import { bytesOf, short, retryableStatus, type GenerateRequest, type Provider } from './provider.js';
import { originOf } from '../../runtime/urls.js';
import { ProviderFailure } from './resilience.js';

/**
 * Qwen-Image-Edit on Alibaba Cloud Model Studio (DashScope), as its API reference documents it:
 * POST {base}/api/v1/services/aigc/multimodal-generation/generation with a Bearer key, one user
 * message whose content is [{image}, {text}], synchronous for image editing; the answer's image URLs
 * (in output.choices[0].message.content) expire in about a day, so they are fetched at once. Errors
 * come as { code, message, request_id }. It takes no mask: the region is composited locally.
 */

export const DASHSCOPE_BEIJING = 'https://dashscope.aliyuncs.com';
export const DASHSCOPE_SINGAPORE = 'https://dashscope-intl.aliyuncs.com';
const PATH = '/api/v1/services/aigc/multimodal-generation/generation';
const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
/** Codes the API reference lists as transient (rate limits, overload, internal failures). */
const RETRYABLE = /^(Throttling|InternalError|ServiceUnavailable|SystemError|RequestTimeOut)/iu;

const key = () => process.env.DASHSCOPE_API_KEY ?? '';
const base = () => originOf('DASHSCOPE_BASE_URL', process.env.DASHSCOPE_BASE_URL || DASHSCOPE_BEIJING);
const model = () => process.env.DASHSCOPE_MODEL || 'qwen-image-edit';

export const dashscope: Provider = {
  id: 'dashscope',
  enable:
    'set DASHSCOPE_API_KEY (DASHSCOPE_BASE_URL for another region, e.g. Singapore; DASHSCOPE_MODEL for qwen-image-edit-plus or -max)',
  takesMask: false,
  configured: () => key() !== '',
  endpoint: () => base(),
  model,

  // No free endpoint exists to test a key, so the probe only proves the host answers HTTP.
  async probe(signal) {
    await fetch(`${base()}${PATH}`, { method: 'OPTIONS', signal });
  },

  async generate(req: GenerateRequest) {
    const res = await fetch(`${base()}${PATH}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key()}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        model: model(),
        input: {
          messages: [
            {
              role: 'user',
              content: [{ image: await dataUrl(req.image) }, { text: req.prompt }],
            },
          ],
        },
        parameters: parameters(req),
      }),
      signal: req.signal,
    });
    const text = await res.text();
    const body = parse(text);
    if (!res.ok || body.code) {
      const code = typeof body.code === 'string' ? body.code : undefined;
      throw new ProviderFailure(
        typeof body.message === 'string' ? body.message : `HTTP ${res.status}: ${short(text)}`,
        {
          status: res.status,
          code,
          retryable: retryableStatus(res.status) || (code !== undefined && RETRYABLE.test(code)),
          requestId: typeof body.request_id === 'string' ? body.request_id : undefined,
        },
      );
    }
    const url = imageUrl(body);
    if (!url)
      throw new ProviderFailure('The answer held no image URL.', { status: res.status, retryable: false });
    // The provider's own result URL, from the endpoint we configured: fetched as it is.
    const img = await fetch(url, { signal: req.signal });
    if (!img.ok)
      throw new ProviderFailure(`Fetching the result failed: HTTP ${img.status}.`, {
        status: img.status,
        retryable: retryableStatus(img.status),
      });
    const usage =
      body.usage && typeof body.usage === 'object' ? (body.usage as Record<string, unknown>) : undefined;
    return {
      image: await bytesOf(img),
      model: model(),
      requestId: typeof body.request_id === 'string' ? body.request_id : undefined,
      usage,
    };
  },
};

/**
 * No visible mark of the provider's own. The -plus and -max models take `size` ("W*H", 512–2048, the
 * sent size, already a multiple of 16) and `prompt_extend`, off: Scalpel sends the user's words, or its
 * own rewrite when SCALPEL_LLM_REWRITE asks for one.
 */
function parameters(req: GenerateRequest): Record<string, unknown> {
  const plus = /^qwen-image-edit-(?:plus|max)/u.test(model());
  return {
    n: 1,
    watermark: false,
    ...(plus ? { prompt_extend: false, size: `${req.width}*${req.height}` } : {}),
  };
}

/** DashScope takes images up to 10 MB: a PNG that would not fit goes as a high-quality JPEG. */
async function dataUrl(png: Buffer): Promise<string> {
  if ((png.length * 4) / 3 < MAX_IMAGE_BYTES) return `data:image/png;base64,${png.toString('base64')}`;
  const jpeg = await sharp(png).jpeg({ quality: 92 }).toBuffer();
  return `data:image/jpeg;base64,${jpeg.toString('base64')}`;
}

function parse(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function imageUrl(body: Record<string, unknown>): string | undefined {
  const output = body.output as { choices?: { message?: { content?: { image?: unknown }[] } }[] } | undefined;
  const part = output?.choices?.[0]?.message?.content?.find((c) => typeof c.image === 'string');
  return part?.image as string | undefined;
}
