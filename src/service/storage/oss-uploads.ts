import crypto from 'node:crypto';
import type { Sql } from './sql.js';

/**
 * DashScope's SDK sends a local file by asking for an upload policy, posting the file as an OSS
 * form to the host it names, then referring to it as oss://<key>. Here the host is Scalpel itself and
 * the policy an HMAC-signed grant: for one key prefix, one tenant, a few minutes, a size limit.
 */
export interface Grant {
  /** The tenant the upload is for: the key asked for the policy, the form carries none. */
  owner: string;
  /** Every key must start with `${dir}/`. */
  dir: string;
  /** Unix ms. */
  expires: number;
  maxBytes: number;
}

export const GRANT_TTL_MS = 5 * 60_000;
/** What the grant's `OSSAccessKeyId` says: there is one signer, this service. */
export const ACCESS_KEY_ID = 'scalpel';

export class OssUploads {
  constructor(
    private readonly sql: Sql,
    private readonly secret: string,
  ) {}

  /** A new grant, as the policy and signature the SDK posts back untouched. */
  issue(
    owner: string,
    maxBytes: number,
    now = Date.now(),
  ): { grant: Grant; policy: string; signature: string } {
    const grant: Grant = {
      owner,
      dir: `scalpel/${crypto.randomBytes(12).toString('base64url')}`,
      expires: now + GRANT_TTL_MS,
      maxBytes,
    };
    const policy = Buffer.from(JSON.stringify(grant)).toString('base64');
    return { grant, policy, signature: this.sign(policy) };
  }

  /** The grant a posted form proves, or why it proves none. */
  check(policy: string, signature: string, key: string, now = Date.now()): Grant | string {
    const want = Buffer.from(this.sign(policy));
    const got = Buffer.from(signature);
    if (want.length !== got.length || !crypto.timingSafeEqual(want, got))
      return 'the signature does not match the policy';
    let grant: Grant;
    try {
      grant = JSON.parse(Buffer.from(policy, 'base64').toString('utf8')) as Grant;
    } catch {
      return 'the policy is not readable';
    }
    if (grant.expires < now) return 'the policy has expired';
    if (!key.startsWith(`${grant.dir}/`) || key.length > 1024 || /(^|\/)\.\.(\/|$)|[\0\\]/u.test(key))
      return `the key must be a file name under '${grant.dir}/'`;
    return grant;
  }

  /** Refuses to replace a key: the grant asks for x-oss-forbid-overwrite. */
  async put(key: string, owner: string, imageId: string, expires: number): Promise<boolean> {
    const changed = await this.sql.run(
      'insert into oss_uploads (key, owner, image_id, expires_at) values (?, ?, ?, ?) on conflict do nothing',
      [key, owner, imageId, expires],
    );
    return changed === 1;
  }

  /** The image an oss://<key> names, for its owner, while it lives (a day, like DashScope's temporary files). */
  async resolve(key: string, owner: string, now = Date.now()): Promise<string | undefined> {
    const row = await this.sql.get<{ image_id: string }>(
      'select image_id from oss_uploads where key = ? and owner = ? and expires_at > ?',
      [key, owner, now],
    );
    return row?.image_id;
  }

  sweep(now = Date.now()): Promise<number> {
    return this.sql.run('delete from oss_uploads where expires_at <= ?', [now]);
  }

  private sign(policy: string): string {
    return crypto.createHmac('sha256', this.secret).update(policy).digest('base64');
  }
}
