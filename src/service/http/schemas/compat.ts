import * as z from 'zod';
import { file, loose, QueryAnswer } from './common.js';

/** The request and answer shapes of the APIs clients already speak (DashScope, OpenAI). */

const model = z.string().describe('Accepted and echoed; the edit is always made by Scalpel.');
const imageString = z.string().describe('Base64, a `data:` URL, or an http(s) URL.');
const answer = QueryAnswer.nullable().describe('For a question: what was found.');

export const ImageEditingRequest = z
  .object({
    model: model.optional(),
    input: z.object({ image: imageString, instruction: z.string().describe('What to change.') }),
    parameters: z
      .object({
        output_format: z
          .enum(['url', 'base64'])
          .describe('`url` (default): a signed URL; `base64`: the bytes inline.')
          .optional(),
        temperature: z.number().describe('Ignored: the same request gives the same pixels.').optional(),
      })
      .optional(),
  })
  .meta({ id: 'ImageEditingRequest' });

export const ImageEditingResponse = z
  .strictObject({
    request_id: z.string().describe('The job id.'),
    model: z.string().nullable().optional(),
    output: z.strictObject({
      edited_image: z
        .string()
        .nullable()
        .describe('A signed URL or base64; null when the instruction was a question.'),
      text: z.string().describe('For a question: the answer as a sentence.').optional(),
      answer: answer.optional(),
    }),
    usage: z.strictObject({ image_count: z.number().int() }).optional(),
  })
  .meta({ id: 'ImageEditingResponse' });

export const MultimodalRequest = z
  .object({
    model: model.optional(),
    input: z.object({
      messages: z.array(
        z.object({
          role: z.string().describe('The last `user` message is read.'),
          content: z
            .array(z.union([z.object({ image: imageString }), z.object({ text: z.string() })]))
            .describe('The image to edit, optionally an asset image (a logo, a background), and one text.'),
        }),
      ),
    }),
    parameters: z
      .looseObject({
        n: z.number().int().describe('Only 1: the edit is deterministic.').optional(),
        size: z.string().describe('`W*H`; must be the image’s own size (Scalpel never resizes).').optional(),
      })
      .describe('negative_prompt, prompt_extend, watermark, seed: ignored.')
      .optional(),
  })
  .meta({ id: 'MultimodalRequest' });

export const MultimodalResponse = z
  .strictObject({
    request_id: z.string().describe('The job id.'),
    output: z.strictObject({
      choices: z.array(
        z.strictObject({
          finish_reason: z.string().meta({ examples: ['stop'] }),
          message: z.strictObject({
            role: z.string(),
            content: z.array(
              z.union([
                z.strictObject({ image: z.string().describe('A signed URL.') }),
                z.strictObject({ text: z.string().describe('An answer.') }),
              ]),
            ),
          }),
        }),
      ),
      answer: answer.optional(),
    }),
    usage: z
      .strictObject({ width: z.number().int(), height: z.number().int(), image_count: z.number().int() })
      .optional(),
  })
  .meta({ id: 'MultimodalResponse' });

export const OpenAIImageEditForm = z
  .object({
    image: file('The image; a second `image[]` file is the asset a prompt places.'),
    prompt: z
      .string()
      .describe('The instruction. Questions are refused here (422): no image would come back.'),
    mask: file('A PNG whose fully transparent pixels mark where editing is allowed.').optional(),
    n: z.number().int().describe('Only 1.').optional(),
    response_format: z.enum(['url', 'b64_json']).describe('Default `url`.').optional(),
    output_format: z.enum(['png', 'jpeg', 'webp']).describe('Default `png`.').optional(),
    size: z.string().describe('`auto`, or `WxH` equal to the image’s own size.').optional(),
    model: model.optional(),
  })
  .meta({ id: 'OpenAIImageEditForm' });

export const OpenAIImagesResponse = z
  .strictObject({
    created: z.number().int().describe('Unix time, seconds.'),
    data: z.array(z.union([z.strictObject({ url: z.string() }), z.strictObject({ b64_json: z.string() })])),
    output_format: z.string().optional(),
    size: z.string().describe('`WxH` of the result.').optional(),
  })
  .meta({ id: 'OpenAIImagesResponse' });

export const UploadGrant = z
  .strictObject({
    request_id: z.string(),
    data: loose(
      'policy, signature, upload_dir, upload_host, expire_in_seconds, max_file_size_mb, oss_access_key_id, x_oss_object_acl, x_oss_forbid_overwrite',
    ),
  })
  .meta({ id: 'UploadGrant' });

export const OssUploadForm = z
  .object({
    OSSAccessKeyId: z.string(),
    Signature: z.string(),
    policy: z.string(),
    key: z.string(),
    file: file('The image.'),
  })
  .meta({ id: 'OssUploadForm' });
