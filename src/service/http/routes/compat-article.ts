import { Hono } from 'hono';
import { jsonImage, readBody, type Env, instructionText } from '../http.js';
import type { Services } from '../../services.js';
import { imageView } from '../views.js';
import { answerSentence, invalid, objectField, runEdit } from './compat-common.js';

/**
 * `POST /api/v1/services/aigc/image-editing`: the request of the Python snippet in a widely copied
 * Chinese article, so it runs unchanged against Scalpel once its base URL points here. The snippet
 * reads `output.edited_image` on 200 and prints status and body otherwise. Errors take DashScope's shape
 * (`{ request_id, code, message }`) in http.ts's errorResponse, as for every /api/ path.
 */
export function compatArticleRoutes(svc: Services) {
  const app = new Hono<Env>();
  app.post('/api/v1/services/aigc/image-editing', async (c) => {
    const { fields } = await readBody(c);
    const input = objectField(fields.input, 'input') ?? {};
    const params = objectField(fields.parameters, 'parameters') ?? {};
    const image = jsonImage(input.image, 'input.image');
    if (!image)
      throw invalid(
        "'input.image' is required: the image as base64 (or a data: / http(s) URL).",
        'input.image',
      );
    const instruction = input.instruction;
    if (typeof instruction === 'string') instructionText(instruction, 'input.instruction');
    if (typeof instruction !== 'string')
      throw invalid(
        "'input.instruction' is required: what to change, e.g. 把'A'改成'B'.",
        'input.instruction',
      );
    const as = params.output_format ?? 'url';
    if (as !== 'url' && as !== 'base64')
      throw invalid(
        `'parameters.output_format' must be 'url' or 'base64', not ${JSON.stringify(as)}.`,
        'parameters.output_format',
      );
    // `temperature` is ignored: the engine is deterministic, the same request gives the same pixels.
    const job = await runEdit(
      svc,
      c.get('tenant'),
      {
        image,
        instruction,
        idempotencyKey: c.req.header('idempotency-key'),
      },
      c.get('bodyDone'),
    );
    const model = typeof fields.model === 'string' ? fields.model : null;
    if (!job.output_image) {
      // A question ("图中有没有狗？") writes no image: the answer comes as text and as data.
      const output = { edited_image: null, text: answerSentence(job), answer: job.report?.answer ?? null };
      return c.json({ request_id: job.id, model, output, usage: { image_count: 0 } });
    }
    const rec = await svc.images.get(job.owner, job.output_image);
    const edited =
      as === 'url'
        ? imageView(svc, rec, new URL(c.req.url).origin).url
        : svc.images.read(rec).toString('base64');
    return c.json({
      request_id: job.id,
      model,
      output: { edited_image: edited },
      usage: { image_count: 1 },
    });
  });
  return app;
}
