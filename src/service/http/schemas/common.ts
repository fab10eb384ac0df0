import * as z from 'zod';
import { ERROR_CODES, type ErrorCode } from '../../../index.js';
import { ERROR_MEANINGS } from './meanings.js';

/**
 * The shapes every part of the API shares, declared once: `/openapi.json` is generated from them
 * (schemas/index.ts), request bodies are validated with them, and the views are typed by them.
 */

/**
 * Open-ended objects (a step's details, a report's extras): documented by a sentence, typed as
 * unknown so the engine's own interfaces (StepReport, Timings…) fill them as they are.
 */
export const loose = (description: string, values: Record<string, unknown> | boolean = true) =>
  z.unknown().meta({ type: 'object', additionalProperties: values, description });
/** Milliseconds since the epoch. */
export const ms = (what: string) => z.number().int().describe(`${what} (Unix time, milliseconds).`);
export const file = (description: string) =>
  z.string().meta({ description, contentMediaType: 'application/octet-stream' });
export const Format = z.enum(['png', 'jpeg', 'webp']);
export const formatField = Format.describe('Output format; by default the input format.');

export const ImageInput = z
  .union([
    z
      .string()
      .describe(
        'Base64, a `data:` URL, or an http(s) URL (fetched by the server; private addresses refused).',
      ),
    z.object({ url: z.string() }),
    z.object({ base64: z.string() }),
  ])
  .meta({ id: 'ImageInput', description: 'An image in JSON.' });

/** An ImageInput field with its own words (a `$ref` beside a description, as OpenAPI 3.1 allows). */
export const imageField = (description: string) => ImageInput.meta({ description });

export const ImageView = z
  .strictObject({
    id: z.string(),
    format: Format,
    width: z.number().int(),
    height: z.number().int(),
    bytes: z.number().int(),
    url: z.string().meta({ format: 'uri', description: 'Signed URL: works without a key until it expires.' }),
  })
  .meta({ id: 'ImageView' });

export const EditPlan = z
  .object({
    version: z.literal(1),
    instruction: z.string().describe('The normalised instruction.'),
    steps: z.array(loose('One operation.')),
    ignored: z
      .array(z.string())
      .optional()
      .describe(
        'Words read as context, not request, and set aside (老板说价格写错了, for the memorial post).',
      ),
    kept: z
      .array(z.string())
      .optional()
      .describe(
        'Clauses asking to leave something alone (其他地方不要动, keep the background): every edit does, so they add no step.',
      ),
  })
  .meta({ id: 'EditPlan' });

export const QueryAnswer = z
  .strictObject({
    exists: z.boolean(),
    objects: z.array(loose('label, box, confidence, text')),
    note: z.string().optional(),
  })
  .meta({ id: 'QueryAnswer' });

export const EditReport = z
  .looseObject({
    ok: z.literal(true).optional(),
    plan: EditPlan,
    steps: z.array(loose('What one step did: op, target, region, engine, quality, warnings, details.')),
    image: z.object({ width: z.number().int(), height: z.number().int(), format: z.string() }).optional(),
    warnings: z.array(z.string()),
    timings: loose('Milliseconds per stage; total_ms.', { type: 'number' }),
    answer: QueryAnswer.optional(),
    cache: z.looseObject({ hit: z.boolean() }).optional(),
    aigc: loose(
      'The GB 45438-2025 implicit label written into the image XMP: Label, ContentProducer, ProduceID, ReservedCode1 (sha256 binding to the pixels), ReservedCode2.',
    ).optional(),
    visible_label: loose(
      'When the server draws the visible AIGC label (SCALPEL_VISIBLE_LABEL): text, corner, box (changed pixels too), font_px, and a warning when the image is too small for it.',
    ).optional(),
  })
  .meta({ id: 'EditReport' });

const CODES = Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]];

export const ErrorCodeSchema = z.enum(CODES).meta({
  id: 'ErrorCode',
  description: 'Stable: clients switch on these strings, so none is ever renamed.',
  // The table on /docs: status and meaning beside each code.
  'x-error-codes': CODES.map((code) => ({
    code,
    status: ERROR_CODES[code].status,
    meaning: ERROR_MEANINGS[code],
  })),
});

export const ErrorObject = z
  .strictObject({
    code: ErrorCodeSchema,
    message: z.string().describe('For people: what went wrong and what to do.'),
    stage: z
      .string()
      .describe('Where it failed: request, auth, policy, fetch, load, parse, ground, edit, queue, …'),
    details: loose('Machine-readable specifics: the field, the limit, `retry_after_s`, …'),
  })
  .meta({ id: 'ErrorObject' });

export const ErrorEnvelope = z.strictObject({ error: ErrorObject }).meta({ id: 'Error' });

export const DashScopeError = z
  .strictObject({
    request_id: z.string().describe('The job id when there was a job.'),
    code: ErrorCodeSchema,
    message: z.string(),
  })
  .meta({ id: 'DashScopeError' });

export const OpenAIError = z
  .strictObject({
    error: z.strictObject({
      message: z.string(),
      type: z.enum(['invalid_request_error', 'server_error']),
      param: z.string().nullable().optional().describe('The form field at fault.'),
      code: ErrorCodeSchema,
    }),
  })
  .meta({ id: 'OpenAIError' });
