import crypto from 'node:crypto';

/** 128 random bits: ids are capabilities, never sequential, so one tenant cannot guess another's. */
export function newId(prefix: string): string {
  return `${prefix}_${crypto.randomBytes(16).toString('base64url')}`;
}

export const sha256 = (data: Buffer | string): string =>
  crypto.createHash('sha256').update(data).digest('hex');
