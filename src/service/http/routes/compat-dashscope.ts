import { Hono } from 'hono';
import { jsonImage, readBody, type Env, instructionText } from '../http.js';
import type { ImageSource } from '../../storage/intake.js';
import type { Services } from '../../services.js';
import { imageView } from '../views.js';
import { answerSentence, invalid, objectField, ownSizeOnly, runEdit } from './compat-common.js';
import { ossImage } from './compat-dashscope-uploads.js';

/**
 * DashScope's qwen-image-edit call, `POST /api/v1/services/aigc/multimodal-generation/generation`:
 * one user message whose content holds `{ image }` items and one `{ text }` instruction. The first image
 * is the one edited; a second is the asset the instruction uses (a logo, a new background).
 */
export function compatDashscopeRoutes(svc: Services) {
  const app = new Hono<Env>();
  app.post('/api/v1/services/aigc/multimodal-generation/generation', async (c) => {
    const { fields } = await readBody(c);
    const tenant = c.get('tenant');
    // oss://<key>: a file the DashScope SDK uploaded here first (compat-dashscope-uploads.ts).
    const resolveHeader = c.req.header('x-dashscope-ossresourceresolve');
    const fromOss = (src: Src) =>
      'oss' in src ? ossImage(svc, tenant.id, src.oss, resolveHeader) : undefined;
    const message = userMessage(fields);
    const text = message.text;
    const ossMain = await fromOss(message.image);
    const image: ImageSource | { imageId: string } = ossMain
      ? { imageId: ossMain.id }
      : (message.image as ImageSource);
    const ossAsset = message.asset && (await fromOss(message.asset));
    const asset: ImageSource | undefined = ossAsset
      ? { bytes: svc.images.read(ossAsset) }
      : (message.asset as ImageSource | undefined);
    const params = objectField(fields.parameters, 'parameters') ?? {};
    if (params.n !== undefined && params.n !== null && Number(params.n) !== 1) {
      throw invalid(
        `'parameters.n' is ${JSON.stringify(params.n)}; only 1 is supported: the edit is deterministic, ` +
          'so more images would be identical copies.',
        'parameters.n',
      );
    }
    const size = parseSize(params.size);
    if (size && ossMain && (ossMain.width !== size.width || ossMain.height !== size.height))
      throw invalid(
        `'${size.field}' is ${size.text} but the image is ${ossMain.width}×${ossMain.height}: Scalpel edits in place and never resizes.`,
        size.field,
      );
    // negative_prompt, prompt_extend, watermark and seed are ignored: nothing here is generated
    // from noise, and no watermark is ever added.
    const job = await runEdit(
      svc,
      tenant,
      {
        image: size && !('imageId' in image) ? await ownSizeOnly(svc, tenant, image, size) : image,
        asset,
        instruction: text,
        idempotencyKey: c.req.header('idempotency-key'),
      },
      c.get('bodyDone'),
    );
    const input = await svc.images.get(job.owner, job.input_image);
    const choice = (content: Record<string, string>[]) => ({
      finish_reason: 'stop',
      message: { role: 'assistant', content },
    });
    if (!job.output_image) {
      // A question: the answer as a sentence where a client looks for text, and as data beside it.
      return c.json({
        output: { choices: [choice([{ text: answerSentence(job) }])], answer: job.report?.answer ?? null },
        usage: { width: input.width, height: input.height, image_count: 0 },
        request_id: job.id,
      });
    }
    const out = await svc.images.get(job.owner, job.output_image);
    const url = imageView(svc, out, new URL(c.req.url).origin).url;
    return c.json({
      output: { choices: [choice([{ image: url }])] },
      usage: { width: out.width, height: out.height, image_count: 1 },
      request_id: job.id,
    });
  });
  return app;
}

/** The image, optional asset and instruction from `input.messages` (the last user message). */
type Src = ImageSource | { oss: string };

function userMessage(fields: Record<string, unknown>): {
  image: Src;
  asset?: Src;
  text: string;
} {
  const input = objectField(fields.input, 'input');
  const messages = input?.messages;
  if (!Array.isArray(messages) || messages.length === 0)
    throw invalid("'input.messages' must be a non-empty array of { role, content }.", 'input.messages');
  const user = [...messages]
    .reverse()
    .find((m): m is Record<string, unknown> => typeof m === 'object' && m !== null && m.role === 'user');
  if (!user || !Array.isArray(user.content))
    throw invalid("'input.messages' needs a { role: 'user', content: [...] } message.", 'input.messages');
  const items = user.content.filter((i): i is Record<string, unknown> => typeof i === 'object' && i !== null);
  const images = items
    .filter((i) => 'image' in i)
    .map((i, k): Src | undefined =>
      typeof i.image === 'string' && i.image.startsWith('oss://')
        ? { oss: i.image }
        : jsonImage(i.image, `image ${k + 1}`),
    );
  const given = items.map((i) => i.text).filter((t): t is string => typeof t === 'string');
  const texts = given.filter((t) => t.trim() !== '');
  const field = 'input.messages.content';
  if (texts.length === 0 && given.length > 0) instructionText(given[0], field);
  if (texts.length === 0)
    throw invalid("The message has no { text } item: say what to change, e.g. 把'¥199'改成'¥169'.", field);
  if (texts.length > 1)
    throw invalid(`The message has ${texts.length} { text } items; give the instruction as one.`, field);
  if (images.length === 0)
    throw invalid('The message has no { image } item: the image to edit (URL or base64).', field);
  if (images.some((i) => !i)) throw invalid('An { image } item is empty.', field);
  if (images.length > 2) {
    throw invalid(
      `The message has ${images.length} images; at most 2 are used: the image to edit, then one asset ` +
        '(a logo or a background).',
      field,
    );
  }
  return { image: images[0] as Src, asset: images[1], text: texts[0] };
}

/** `parameters.size` as DashScope writes it ("1024*1536"), or undefined when it is absent. */
function parseSize(value: unknown) {
  if (value === undefined || value === null || value === '') return undefined;
  const m = typeof value === 'string' ? value.match(/^\s*(\d+)\s*[*x×]\s*(\d+)\s*$/i) : null;
  if (!m)
    throw invalid(
      `'parameters.size' must look like 1024*1536, not ${JSON.stringify(value)}.`,
      'parameters.size',
    );
  return { text: value as string, width: Number(m[1]), height: Number(m[2]), field: 'parameters.size' };
}
