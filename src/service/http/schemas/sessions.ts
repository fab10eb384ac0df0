import * as z from 'zod';
import { file, formatField, imageField, ImageView, ms } from './common.js';

/** Sessions (one image, many instructions) and batches (one image, many variants). */

export const SessionVersion = z
  .strictObject({
    id: z.string(),
    parent: z.string().nullable(),
    job_id: z.string().nullable().describe('The edit that made it; null for the uploaded original.'),
    instruction: z.string().nullable(),
    created_at: ms('Made'),
    image: ImageView,
  })
  .meta({ id: 'SessionVersion' });

export const Session = z
  .strictObject({
    id: z.string(),
    object: z.literal('session'),
    head: z.string().describe('The version the next instruction applies to.'),
    created_at: ms('Created'),
    versions: z.array(SessionVersion),
  })
  .meta({ id: 'Session' });

export const SessionMove = z
  .strictObject({
    object: z.literal('session.move'),
    action: z.enum(['undo', 'redo']),
    session: Session,
  })
  .meta({ id: 'SessionMove' });

export const ImageJson = z
  .object({
    image: imageField('The image to start from; or send `image_url`.').optional(),
    image_url: z.string().describe('Same as `image`.').optional(),
  })
  .meta({ id: 'ImageJson' });

export const ImageForm = z.object({ image: file('PNG, JPEG or WebP.') }).meta({ id: 'ImageForm' });

export const MAX_BATCH = 50;

export const BatchJson = z
  .object({
    image: imageField('The image every instruction edits; or `image_url`.').optional(),
    image_url: z.string().describe('Same as `image`.').optional(),
    instructions: z
      .union([z.string(), z.array(z.string()).min(1).max(MAX_BATCH)])
      .describe(`1 to ${MAX_BATCH} instructions: each becomes one job on the same image.`),
    format: formatField.optional(),
  })
  .meta({ id: 'BatchJson' });

export const BatchForm = z
  .object({
    image: file('PNG, JPEG or WebP.'),
    instructions: z.array(z.string()).describe('Repeat the field once per instruction.'),
  })
  .meta({ id: 'BatchForm' });

export const FollowUp = z
  .object({
    instruction: z
      .string()
      .describe('A new edit, an amendment (字再大一点 / bigger), or 撤销/undo, 重做/redo.'),
    mask: imageField('White where editing is allowed.').optional(),
    asset: imageField('An image to place.').optional(),
    format: formatField.optional(),
  })
  .meta({ id: 'FollowUp' });
