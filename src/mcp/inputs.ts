import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ScalpelError } from '../errors.js';
import { MAX_INPUT_BYTES } from '../image/io.js';

/**
 * How an MCP client hands over an image: a file path (stdio only: the server runs on the user's own
 * machine) or base64 (a data: URL or bare). Over HTTP paths are refused: they would read the
 * server's disk.
 */
export const imageFields = {
  image_path: z.string().min(1).optional().describe('Path of the image on this machine (stdio only).'),
  image_base64: z.string().min(1).optional().describe('The image as base64 or a data: URL.'),
};
export const maskFields = {
  mask_path: z.string().min(1).optional().describe('Mask image path: white where editing is allowed.'),
  mask_base64: z.string().min(1).optional().describe('Mask image as base64: white where editing is allowed.'),
};
export const assetFields = {
  asset_path: z
    .string()
    .min(1)
    .optional()
    .describe('An image the instruction uses (a logo, a new background).'),
  asset_base64: z.string().min(1).optional().describe('The asset image as base64.'),
};

export interface InputPolicy {
  /** May tools read files by path? True for stdio, false for HTTP. */
  paths: boolean;
}

/** The bytes of an image given one way or the other; undefined when neither is given and it is optional. */
export async function imageInput(
  what: 'image' | 'mask' | 'asset',
  given: { path?: string; base64?: string },
  policy: InputPolicy,
  required: boolean,
): Promise<Buffer | undefined> {
  if (given.path !== undefined && given.base64 !== undefined)
    throw bad(what, `Give ${what}_path or ${what}_base64, not both.`);
  if (given.path !== undefined) {
    if (!policy.paths) throw bad(what, `${what}_path is not accepted over HTTP: send ${what}_base64.`);
    const file = path.resolve(given.path);
    const bytes = await readFile(file).catch((err: NodeJS.ErrnoException) => {
      throw new ScalpelError(
        'INVALID_ARGUMENT',
        `Cannot read ${what}_path '${given.path}': ${err.code ?? err.message}.`,
        {
          stage: 'args',
          details: { field: `${what}_path` },
        },
      );
    });
    if (bytes.length > MAX_INPUT_BYTES) throw tooLarge(what, bytes.length);
    return bytes;
  }
  if (given.base64 !== undefined) {
    const b64 = given.base64.replace(/^data:[^;,]+;base64,/u, '');
    if (b64.length > (MAX_INPUT_BYTES * 4) / 3 + 4) throw tooLarge(what, Math.floor((b64.length * 3) / 4));
    if (!/^[A-Za-z0-9+/=\s]+$/u.test(b64)) throw bad(what, `${what}_base64 is not base64.`);
    return Buffer.from(b64, 'base64');
  }
  if (required) throw bad(what, `An ${what} is required: ${what}_path or ${what}_base64.`);
  return undefined;
}

const bad = (what: string, message: string) =>
  new ScalpelError('INVALID_ARGUMENT', message, { stage: 'args', details: { field: what } });

const tooLarge = (what: string, bytes: number) =>
  new ScalpelError('IMAGE_TOO_LARGE', `The ${what} is ${bytes} bytes; the limit is ${MAX_INPUT_BYTES}.`, {
    stage: 'load',
    details: { field: what, bytes, max_bytes: MAX_INPUT_BYTES },
  });
