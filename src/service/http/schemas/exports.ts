import * as z from 'zod';
import { EXPORT_PRESET_IDS } from '../../../runtime/export.js';
import { file, formatField, imageField, ImageView, loose, ms } from './common.js';

/** Platform exports and publishing to the operator's targets. */

const presets = (description: string) =>
  z.union([z.array(z.enum(EXPORT_PRESET_IDS)), z.string()]).describe(description);

export const ExportRequest = z
  .object({
    presets: presets('One or more platform presets (or a comma-separated string).'),
    image: imageField(
      'The image; or name a `job` (its result) or a `session` (its current version).',
    ).optional(),
    image_url: z.string().describe('Same as `image`.').optional(),
    job: z.string().describe('A finished job whose result is exported.').optional(),
    session: z.string().describe('A session whose current version is exported.').optional(),
    format: formatField.optional(),
  })
  .meta({ id: 'ExportRequest' });

export const ExportForm = z
  .object({
    image: file('PNG, JPEG or WebP.').optional(),
    presets: z.array(z.string()).describe('Repeat the field, or separate with commas.'),
  })
  .meta({ id: 'ExportForm' });

export const Export = z
  .strictObject({
    object: z.literal('export'),
    source: loose('What was exported: `{image}`, `{job}` or `{session, version}`.'),
    exports: z.array(
      z.strictObject({
        preset: z.string(),
        image: ImageView,
        report: loose(
          'width, height, format, `crop` (the input pixels kept), `subject` (its box, or null), `subject_kept` (0–1), `upscale`, `global: true`, warnings, and `visible_label` when SCALPEL_VISIBLE_LABEL drew one on an AI-labelled image.',
        ),
      }),
    ),
  })
  .meta({ id: 'Export' });

export const ExportPreset = z
  .strictObject({ id: z.string(), width: z.number().int(), height: z.number().int(), use: z.string() })
  .meta({ id: 'ExportPreset' });

export const ExportPresetList = z
  .strictObject({ object: z.literal('list'), data: z.array(ExportPreset) })
  .meta({ id: 'ExportPresetList' });

export const PublishTargetList = z
  .strictObject({
    object: z.literal('list'),
    data: z.array(z.strictObject({ id: z.string(), type: z.string() })),
  })
  .meta({ id: 'PublishTargetList' });

export const PublishRequest = z
  .object({
    targets: z
      .union([z.array(z.string()), z.string()])
      .describe(
        'Names of targets the operator configured (SCALPEL_PUBLISH_TARGETS); see /v1/publish/targets.',
      ),
    job: z.string().describe('A finished job: its result.').optional(),
    session: z.string().describe('A session: its current version.').optional(),
    batch: z
      .string()
      .describe('A batch: every finished variant, numbered in its order (01-…, 02-…).')
      .optional(),
    image: imageField('An image (only with presets).').optional(),
    image_url: z.string().describe('Same as `image`.').optional(),
    presets: presets('Export to these first; without, each image is sent as it is.').optional(),
    format: formatField.optional(),
  })
  .meta({ id: 'PublishRequest' });

export const Publication = z
  .strictObject({
    id: z.string(),
    object: z.literal('publication'),
    status: z
      .enum(['delivering', 'delivered', 'partial', 'failed'])
      .describe('delivering, delivered, partial or failed.'),
    source: loose('What was published.'),
    created_at: ms('Started'),
    counts: z.strictObject({
      total: z.number().int(),
      pending: z.number().int(),
      delivered: z.number().int(),
      failed: z.number().int(),
    }),
    deliveries: z.array(
      z.strictObject({
        id: z.string().describe('Also sent as X-Scalpel-Delivery: the same on every retry.'),
        target: z.string(),
        type: z.enum(['folder', 'webhook', 's3']).nullable(),
        file: z.string(),
        status: z.enum(['pending', 'delivered', 'failed']),
        attempts: z.number().int(),
        response_status: z
          .number()
          .int()
          .nullable()
          .describe('The receiver’s last HTTP status (webhook, S3).'),
        location: z.string().nullable().describe('Where it landed: a file path, an origin, s3://bucket/key.'),
        error: z.string().nullable().describe('Why the last attempt failed.'),
        finished_at: ms('Finished').nullable(),
      }),
    ),
  })
  .meta({ id: 'Publication' });
