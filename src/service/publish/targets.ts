import path from 'node:path';
import { z } from 'zod';
import { ScalpelError } from '../../index.js';

/**
 * Where results can be published, configured by the operator (`SCALPEL_PUBLISH_TARGETS`, JSON), never
 * by a request: a request names targets, so no request chooses a disk path, a URL or a credential.
 *
 *   {"cms":   {"type": "webhook", "url": "https://cms.example.com/hooks/scalpel", "secret": "…"},
 *    "oss":   {"type": "s3", "endpoint": "https://oss-cn-hangzhou.aliyuncs.com", "bucket": "posters",
 *              "region": "oss-cn-hangzhou", "access_key_id": "…", "secret_access_key": "…", "prefix": "scalpel/"},
 *    "share": {"type": "folder", "path": "/srv/exports"}}
 */
const name = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'lowercase letters, digits, _ and -');
const Folder = z.object({ type: z.literal('folder'), path: z.string().min(1) }).strict();
const Webhook = z
  .object({
    type: z.literal('webhook'),
    url: z
      .string()
      .url()
      .regex(/^https?:\/\//),
    secret: z.string().min(16, 'at least 16 characters'),
    /** Also send the image itself (base64) in the payload, beside its signed URL. */
    inline: z.boolean().optional(),
  })
  .strict();
const S3 = z
  .object({
    type: z.literal('s3'),
    endpoint: z
      .string()
      .url()
      .regex(/^https?:\/\//),
    bucket: z.string().min(1),
    region: z.string().min(1),
    access_key_id: z.string().min(1),
    secret_access_key: z.string().min(1),
    prefix: z.string().optional(),
    /** bucket.endpoint/key (virtual-hosted) instead of endpoint/bucket/key (path style, the default). */
    virtual_hosted: z.boolean().optional(),
  })
  .strict();
const Target = z.discriminatedUnion('type', [Folder, Webhook, S3]);
export type PublishTarget = z.infer<typeof Target>;

export function parseTargets(raw: string): Map<string, PublishTarget> {
  if (raw.trim() === '') return new Map();
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    throw bad('it is not JSON', err);
  }
  const parsed = z.record(name, Target).safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw bad(`${issue.path.join('.')}: ${issue.message}`);
  }
  for (const [id, t] of Object.entries(parsed.data)) {
    if (t.type === 'folder' && !path.isAbsolute(t.path))
      throw bad(`a folder path must be absolute: '${t.path}'`);
    // A secret in a URL would end up in error messages and logs: the signature secret is the way.
    if (t.type !== 'folder' && new URL(t.type === 'webhook' ? t.url : t.endpoint).username)
      throw bad(`${id}: no user or password in the URL`);
  }
  return new Map(Object.entries(parsed.data));
}

/** What a caller may see of a target: its name and kind, never a URL, path or secret. */
export const describeTarget = (id: string, t: PublishTarget) => ({ id, type: t.type });

function bad(why: string, cause?: unknown) {
  return new ScalpelError('INVALID_ARGUMENT', `SCALPEL_PUBLISH_TARGETS is not valid: ${why}.`, {
    stage: 'args',
    details: { variable: 'SCALPEL_PUBLISH_TARGETS' },
    cause,
  });
}
