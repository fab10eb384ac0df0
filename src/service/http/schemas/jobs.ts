import * as z from 'zod';
import {
  EditPlan,
  EditReport,
  ErrorObject,
  file,
  formatField,
  imageField,
  ImageView,
  loose,
  ms,
  QueryAnswer,
} from './common.js';

/** Edits and their jobs: what is sent, what comes back. */

const engineField = z
  .string()
  .describe(
    'Run every step on this engine (`local`, `dashscope`, `openai`, `comfyui`; see GET /v1/engines). Default: each step to the first engine that does it well.',
  );
const instructionField = z.string().describe('What to change, in Chinese or English.');
/** true or false; a form sends them as text. */
const flag = (description: string) =>
  z
    .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
    .transform((v) => v === true || v === 'true' || v === '1')
    .describe(description);

export const EditJson = z
  .object({
    image: imageField('The image to edit; or send `image_url`.').optional(),
    image_url: z.string().describe('Same as `image`, for clients that name it so.').optional(),
    instruction: instructionField,
    mask: imageField('White where editing is allowed; the size of the image.').optional(),
    asset: imageField('An image to place (a logo, a sticker).').optional(),
    format: formatField.optional(),
    engine: engineField.optional(),
  })
  .meta({ id: 'EditJson' });

export const EditForm = z
  .object({
    image: file('PNG, JPEG or WebP.'),
    instruction: instructionField,
    mask: file('White where editing is allowed.').optional(),
    asset: file('An image to place.').optional(),
    format: formatField.optional(),
    engine: engineField.optional(),
  })
  .meta({ id: 'EditForm' });

export const JobStatus = z
  .enum(['queued', 'running', 'done', 'failed', 'cancelled'])
  .meta({ id: 'JobStatus' });

export const Job = z
  .strictObject({
    id: z.string().meta({ examples: ['job_Sl_eDhvMKV2Fv-1aaXoVKA'] }),
    object: z.literal('job'),
    status: JobStatus,
    instruction: z.string(),
    plan: EditPlan,
    created_at: ms('Accepted'),
    started_at: ms('Started').nullable(),
    finished_at: ms('Finished').nullable(),
    attempts: z.number().int().describe('Runs started (a server restart re-queues a running job).'),
    session_id: z.string().nullable(),
    batch_id: z.string().nullable(),
    warnings: z.array(z.string()).describe('Input checks (blur, exposure, noise).'),
    preview: z
      .strictObject({
        image: ImageView.nullable(),
        source: z
          .enum(['edit', 'result'])
          .nullable()
          .describe(
            '`edit`: the edit run at 512 px (inputs over 1600 px), ready before the result; `result`: the ' +
              'result scaled down (smaller inputs), sent just before it.',
          ),
      })
      .nullable(),
    result: z
      .strictObject({
        image: ImageView.nullable().describe('Null when the instruction was a question.'),
        report: EditReport.nullable(),
        answer: QueryAnswer.nullable(),
      })
      .nullable(),
    error: ErrorObject.nullable(),
    cache: z.object({
      hit: z.boolean().describe('True when the result came from the cache without running the edit.'),
    }),
    links: z.strictObject({ self: z.string(), events: z.string(), result: z.string() }),
  })
  .meta({ id: 'Job' });

export const JobList = z
  .strictObject({
    object: z.literal('list'),
    data: z.array(Job),
    has_more: z.boolean(),
    next: z.string().nullable().describe('The last job of this page: pass it as `before` for the next page.'),
  })
  .meta({ id: 'JobList' });

const EVENT_TYPES = [
  'queued',
  'running',
  'preview',
  'preview_failed',
  'requeued',
  'done',
  'failed',
  'cancelled',
];

export const JobEvent = z
  .strictObject({
    id: z.string().describe('The sequence number: send the last one as Last-Event-ID to resume.'),
    event: z.enum(EVENT_TYPES),
    data: z
      .string()
      .describe('JSON: the whole Job for `preview` and final events; else `{}`, `{attempts}` or `{error}`.'),
  })
  .meta({
    id: 'JobEvent',
    description: 'One server-sent event: `id:`, `event:` and `data:` lines, not a JSON object.',
  });

const count = z.number().int();
export const Batch = z
  .strictObject({
    id: z.string(),
    object: z.literal('batch'),
    total: count,
    done: count,
    failed: count,
    cancelled: count,
    running: count,
    queued: count,
    progress: z.number().describe('Finished share, 0 to 1.'),
    created_at: ms('Created'),
    jobs: z.array(Job),
    warnings: z.array(z.string()).optional().describe('Only in the POST answer.'),
  })
  .meta({ id: 'Batch' });

export const Health = z
  .strictObject({
    ok: z.boolean(),
    queued: count.optional(),
    running: count.optional(),
    cache: z.strictObject({ entries: count, bytes: count, hits: count }).optional(),
  })
  .meta({ id: 'Health' });

export const EngineList = z
  .strictObject({
    preferred: z.string().nullable().describe('SCALPEL_ENGINE, when set.'),
    engines: z.array(
      z.strictObject({
        id: z.string(),
        kind: z.enum(['local', 'generative']),
        version: z.string(),
        capabilities: loose('op → `good` or `can`.'),
        configured: z.boolean(),
        reachable: z.boolean().nullable().describe('Answered a probe just now; null when not probed.'),
        detail: z.string().describe('Where it points, or what to set to enable it.'),
      }),
    ),
  })
  .meta({ id: 'EngineList' });

export const PlanRequest = z
  .object({
    instruction: instructionField,
    engine: z.string().describe('Plan as if every step were forced onto this engine.').optional(),
    mask: flag('The edit will carry a mask.').optional(),
    asset: flag('The edit will carry an asset image (a logo, a background).').optional(),
    image: imageField(
      'Optional: the image (a file field in multipart). Then `where` says where each step would act.',
    ).optional(),
    image_url: z.string().describe('Same as `image`.').optional(),
    session: z
      .string()
      .describe('Optional, instead of `image`: a session whose current version is used.')
      .optional(),
    lang: z.enum(['en', 'zh']).describe('The language of `summary`.').optional(),
    mask_image: imageField(
      'Optional with an image: the mask the edit will carry (a file field `mask` in multipart).',
    ).optional(),
    asset_image: imageField(
      'Optional with an image: the logo an add step will place, so its box is the one the edit uses (a file field `asset` in multipart).',
    ).optional(),
  })
  .meta({ id: 'PlanRequest' });

export const PlanAnswer = z
  .strictObject({
    ok: z.literal(true),
    plan: EditPlan,
    summary: z.array(z.string().describe('One step in words.')),
    engines: z.array(z.string().describe('The engine that would run the step at the same index.')),
    where: z
      .array(
        loose(
          'With an image: step by step, `op`, `global`, `box`, `mask_png` (data: URL, white = may change), `found`, `answer` (a question), `warnings`, or `error` (e.g. TARGET_NOT_FOUND with what was found).',
        ),
      )
      .optional(),
  })
  .meta({ id: 'PlanAnswer' });
