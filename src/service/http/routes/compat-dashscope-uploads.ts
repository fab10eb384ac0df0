import crypto from 'node:crypto';
import { Hono } from 'hono';
import { MAX_INPUT_BYTES } from '../../../image/io.js';
import { ScalpelError } from '../../../index.js';
import { readBody, type Env } from '../http.js';
import { intakeImage } from '../../storage/intake.js';
import { ACCESS_KEY_ID } from '../../storage/oss-uploads.js';
import type { Services } from '../../services.js';
import { invalid } from './compat-common.js';

/** How long an uploaded file can be named by oss://<key>: a day, like DashScope's temporary files. */
const KEEP_MS = 24 * 3600_000;
/** Where the form goes: outside /api and /v1, since the SDK posts it without a key (the grant is the proof). */
export const UPLOAD_PATH = '/oss-upload';

/**
 * The DashScope SDK's local-file flow (MultiModalConversation.call with file://…):
 *   GET /api/v1/uploads?action=getPolicy&model=… (with the key) → { request_id, data: the grant }
 *   POST {upload_host} as an OSS form: OSSAccessKeyId, Signature, policy, key, x-oss-object-acl,
 *     x-oss-forbid-overwrite, success_action_status, x-oss-content-type, file
 *   then the call itself names the image oss://<key>, with X-DashScope-OssResourceResolve: enable.
 */
export function dashscopeUploadRoutes(svc: Services) {
  const app = new Hono<Env>();
  app.get('/api/v1/uploads', async (c) => {
    const action = c.req.query('action');
    const model = c.req.query('model');
    if (action !== 'getPolicy') throw invalid(`'action' must be getPolicy, not '${action ?? ''}'.`, 'action');
    if (!model) throw invalid("'model' is required: the model the file is for.", 'model');
    const tenant = c.get('tenant');
    const maxBytes = Math.min(svc.config.maxBodyBytes, MAX_INPUT_BYTES);
    const { grant, policy, signature } = svc.uploads.issue(tenant.id, maxBytes);
    return c.json({
      request_id: crypto.randomUUID(),
      data: {
        policy,
        signature,
        upload_dir: grant.dir,
        upload_host: `${new URL(c.req.url).origin}${UPLOAD_PATH}`,
        expire_in_seconds: Math.round((grant.expires - Date.now()) / 1000),
        max_file_size_mb: Math.floor(maxBytes / 1024 / 1024),
        capacity_limit_mb: Math.floor(maxBytes / 1024 / 1024),
        oss_access_key_id: ACCESS_KEY_ID,
        x_oss_object_acl: 'private',
        x_oss_forbid_overwrite: 'true',
      },
    });
  });

  app.post(UPLOAD_PATH, async (c) => {
    const { fields, files } = await readBody(c);
    const text = (name: string) => (typeof fields[name] === 'string' ? (fields[name] as string) : '');
    if (text('OSSAccessKeyId') !== ACCESS_KEY_ID) throw denied('unknown OSSAccessKeyId');
    const key = text('key');
    const grant = svc.uploads.check(text('policy'), text('Signature'), key);
    if (typeof grant === 'string') throw denied(grant);
    const file = files.file;
    if (!file || !('bytes' in file)) throw invalid("The form has no 'file' part.", 'file');
    if (file.bytes.length > grant.maxBytes) throw denied(`the file is over ${grant.maxBytes} bytes`);
    const { record } = await intakeImage(file, 'image', grant.owner, {
      config: svc.config,
      images: svc.images,
    });
    if (!(await svc.uploads.put(key, grant.owner, record.id, Date.now() + KEEP_MS)))
      throw new ScalpelError('IDEMPOTENCY_CONFLICT', `'${key}' exists and may not be overwritten.`, {
        stage: 'request',
        details: { key },
      });
    return c.body(null, 200);
  });
  return app;
}

/**
 * An oss://<key> item in a call, resolved to the image the key's owner uploaded; DashScope resolves
 * them only when the call says X-DashScope-OssResourceResolve: enable, and so does this.
 */
export async function ossImage(svc: Services, owner: string, ref: string, resolveHeader: string | undefined) {
  if (resolveHeader?.toLowerCase() !== 'enable')
    throw invalid(
      `'${ref}' is an oss:// reference: send the header X-DashScope-OssResourceResolve: enable with it.`,
      'input.messages.content',
    );
  const id = await svc.uploads.resolve(ref.slice('oss://'.length), owner);
  if (!id)
    throw invalid(
      `'${ref}' names no file uploaded with this key (or it has expired).`,
      'input.messages.content',
    );
  return svc.images.get(owner, id);
}

function denied(why: string): ScalpelError {
  return new ScalpelError('UNAUTHORIZED', `The upload is not allowed: ${why}.`, {
    stage: 'auth',
    details: { reason: why },
  });
}
