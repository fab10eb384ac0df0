import { Hono, type Context } from 'hono';
import sharp from 'sharp';
import { decodeImage } from '../../../image/io.js';
import type { Raster } from '../../../image/raster.js';
import { ScalpelError } from '../../../index.js';
import { instructionText, type Env } from '../http.js';
import type { Services } from '../../services.js';
import { validate } from '../../jobs/submit.js';
import { imageView } from '../views.js';
import { invalid, ownSizeOnly, runEdit } from './compat-common.js';

const FORMATS = ['png', 'jpeg', 'webp'];

/**
 * OpenAI's `POST /v1/images/edits` (multipart), so the official clients work with only a new base URL.
 * One image, or two via `image[]` (the second is the asset a prompt like 右下角加上LOGO uses).
 */
export function compatOpenaiRoutes(svc: Services) {
  const app = new Hono<Env>();
  app.post('/v1/images/edits', async (c) => {
    const f = await readForm(c);
    // This endpoint answers with images only; a question would have nothing to return.
    const plan = await validate(svc, {
      image: { bytes: f.images[0] },
      instruction: f.prompt,
      format: f.format,
      // Only whether they are given: the mask is converted (and checked) below.
      mask: f.mask ? { bytes: f.mask } : undefined,
      asset: f.images[1] ? { bytes: f.images[1] } : undefined,
    });
    if (plan.steps.every((s) => s.op === 'query')) {
      throw new ScalpelError(
        'UNSUPPORTED_INSTRUCTION',
        'This prompt is a question, and /v1/images/edits only returns images. Ask it at POST /v1/edits ' +
          'or the DashScope endpoint, which answer in text.',
        { stage: 'parse', details: { field: 'prompt' } },
      );
    }
    const tenant = c.get('tenant');
    const job = await runEdit(
      svc,
      tenant,
      {
        image: f.size
          ? await ownSizeOnly(svc, tenant, { bytes: f.images[0] }, f.size)
          : { bytes: f.images[0] },
        instruction: f.prompt,
        plan,
        mask: f.mask ? { bytes: await maskFromAlpha(f.mask, svc.config.maxPixels) } : undefined,
        asset: f.images[1] ? { bytes: f.images[1] } : undefined,
        format: f.format,
        idempotencyKey: c.req.header('idempotency-key'),
      },
      c.get('bodyDone'),
    );
    const out = await svc.images.get(job.owner, job.output_image as string);
    const data =
      f.responseFormat === 'url'
        ? { url: imageView(svc, out, new URL(c.req.url).origin).url }
        : { b64_json: svc.images.read(out).toString('base64') };
    const created = Math.floor(Date.now() / 1000);
    return c.json({ created, data: [data], output_format: out.format, size: `${out.width}x${out.height}` });
  });
  return app;
}

/**
 * The form, checked field by field. Ignored: model, quality, background, input_fidelity,
 * output_compression, partial_images, user (one deterministic engine, and nothing generated).
 */
async function readForm(c: Context) {
  if (!(c.req.header('content-type') ?? '').startsWith('multipart/form-data'))
    throw invalid(
      'Send multipart/form-data: image (a file), prompt, and optionally mask, n, size, …',
      'image',
    );
  const form = await c.req.parseBody({ all: true }).catch((err: unknown) => {
    throw new ScalpelError('INVALID_ARGUMENT', 'The form body could not be read.', {
      stage: 'request',
      cause: err,
    });
  });
  const all = (k: string) => [form[k] ?? []].flat();
  const text = (k: string) => {
    const v = all(k)[0];
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
  const bytes = async (f: File) => Buffer.from(await f.arrayBuffer());
  const files = [...all('image'), ...all('image[]')];
  if (files.some((f) => !(f instanceof File))) throw invalid("'image' must be a file upload.", 'image');
  if (files.length === 0) throw invalid("'image' is required: the image to edit, as a file.", 'image');
  if (files.length > 2)
    throw invalid(`${files.length} images were sent; at most 2: the image to edit and one asset.`, 'image');
  const given = all('prompt')[0];
  if (typeof given === 'string') instructionText(given, 'prompt');
  const prompt = text('prompt');
  if (!prompt) throw invalid("'prompt' is required: what to change, e.g. 把'¥199'改成'¥169'.", 'prompt');
  const n = text('n');
  if (n !== undefined && Number(n) !== 1)
    throw invalid(`n=${n} is not supported: the edit is deterministic, so only n=1 is accepted.`, 'n');
  const responseFormat = text('response_format') ?? 'url';
  if (responseFormat !== 'url' && responseFormat !== 'b64_json')
    throw invalid("'response_format' must be url or b64_json.", 'response_format');
  // OpenAI's default is png, whatever the input was.
  const format = text('output_format') ?? 'png';
  if (!FORMATS.includes(format))
    throw invalid(`'output_format' must be one of ${FORMATS.join(', ')}.`, 'output_format');
  if (text('stream') === 'true') throw invalid('Streaming is not supported: leave stream unset.', 'stream');
  const size = text('size');
  const m = size?.match(/^(\d+)x(\d+)$/);
  if (size !== undefined && size !== 'auto' && !m)
    throw invalid(`'size' must be auto or WIDTHxHEIGHT, not '${size}'.`, 'size');
  const mask = all('mask')[0];
  if (mask !== undefined && !(mask instanceof File)) throw invalid("'mask' must be a PNG file.", 'mask');
  return {
    images: await Promise.all((files as File[]).map(bytes)),
    mask: mask ? await bytes(mask) : undefined,
    prompt,
    responseFormat,
    format,
    size: m ? { text: size as string, width: Number(m[1]), height: Number(m[2]), field: 'size' } : undefined,
  };
}

/**
 * OpenAI masks mark the area to edit with fully transparent pixels (alpha 0); ours are white where an
 * edit may happen. Partly transparent pixels stay protected, as "fully transparent" says.
 */
async function maskFromAlpha(bytes: Buffer, maxPixels: number): Promise<Buffer> {
  let raster: Raster;
  try {
    raster = (await decodeImage(bytes, maxPixels)).raster;
  } catch (err) {
    throw new ScalpelError('INVALID_MASK', 'The mask is not a readable image (a PNG with transparency).', {
      stage: 'load',
      details: { field: 'mask' },
      cause: err,
    });
  }
  const { width, height, data } = raster;
  const white = Buffer.alloc(width * height);
  for (let i = 0; i < white.length; i++) if (data[i * 4 + 3] === 0) white[i] = 255;
  if (!white.includes(255)) {
    throw new ScalpelError(
      'INVALID_MASK',
      'The mask has no fully transparent pixels: in an OpenAI mask, alpha 0 marks the area to edit.',
      { stage: 'load', details: { field: 'mask' } },
    );
  }
  return sharp(white, { raw: { width, height, channels: 1 } })
    .png()
    .toBuffer();
}
