import { randomBytes } from 'node:crypto';
import { rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ScalpelError } from '../errors.js';
import type { ImageFormat } from '../image/formats.js';

const EXTENSIONS: Record<string, ImageFormat> = {
  '.png': 'png',
  '.jpg': 'jpeg',
  '.jpeg': 'jpeg',
  '.webp': 'webp',
};

/** The format an output path asks for, or undefined to keep the input's. */
export function formatFromPath(file: string): ImageFormat | undefined {
  const ext = path.extname(file).toLowerCase();
  if (ext === '') return undefined;
  const format = EXTENSIONS[ext];
  if (!format) {
    throw new ScalpelError(
      'INVALID_ARGUMENT',
      `Unknown output extension '${ext}'. Valid: ${Object.keys(EXTENSIONS).join(', ')}.`,
      {
        stage: 'args',
        details: { extension: ext, valid: Object.keys(EXTENSIONS) },
      },
    );
  }
  return format;
}

/** Writes through a temporary file and a rename, so a failure never leaves a partial output. */
export async function writeAtomic(file: string, data: Buffer): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, data, { flag: 'wx' });
    await rename(tmp, file);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw new ScalpelError(
      'OUTPUT_WRITE_FAILED',
      `Cannot write '${file}': ${(err as NodeJS.ErrnoException).code ?? 'error'}.`,
      {
        stage: 'write',
        details: { file },
        cause: err,
      },
    );
  }
}
