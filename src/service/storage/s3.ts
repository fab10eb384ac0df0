import path from 'node:path';
import { ScalpelError } from '../../index.js';
import { sha256 } from './ids.js';
import { s3ObjectUrl, sha256Hex, signV4 } from '../publish/sigv4.js';
import { cachedCopy, checkHash, DiskStorage, missing, type BlobStorage } from './blobs.js';

export interface S3Options {
  /** https://s3.cn-north-1.amazonaws.com.cn, http://minio.internal:9000, https://oss-cn-hangzhou.aliyuncs.com */
  endpoint: string;
  bucket: string;
  /** Keys are `<prefix><sha256>`. */
  prefix: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** bucket.host/key instead of host/bucket/key (Aliyun OSS and newer AWS buckets want it). */
  virtualHosted: boolean;
}

const EMPTY = sha256Hex('');
const ok = (r: { status: number }) => r.status >= 200 && r.status < 300;
const TIMEOUT_MS = 30_000;

/**
 * Blobs in an S3-compatible store (AWS S3, MinIO, Aliyun OSS's S3 API, R2, COS), signed with SigV4.
 * Content-addressed, so a PUT is idempotent and a GET is checked against its key.
 */
export class S3Storage implements BlobStorage {
  constructor(private readonly o: S3Options) {}

  get where(): string {
    return `s3://${this.o.bucket}/${this.o.prefix}`;
  }

  async put(bytes: Buffer): Promise<string> {
    const hash = sha256(bytes);
    if (await this.has(hash)) return hash;
    const res = await this.send('PUT', hash, bytes);
    if (!ok(res)) throw this.failed('PUT', hash, res.status);
    return hash;
  }

  async get(hash: string): Promise<Buffer> {
    const res = await this.send('GET', hash);
    if (res.status === 404) throw missing(hash, this.where);
    if (!ok(res)) throw this.failed('GET', hash, res.status);
    if (sha256(res.bytes) !== hash)
      throw this.failed('GET', hash, res.status, 'the bytes do not match their hash');
    return res.bytes;
  }

  async has(hash: string): Promise<boolean> {
    const res = await this.send('HEAD', hash);
    // 403, not 404, is what S3 answers for a missing key to a caller without s3:ListBucket: the PUT
    // that follows then says whether the keys are wrong.
    if (res.status === 404 || res.status === 403) return false;
    if (!ok(res)) throw this.failed('HEAD', hash, res.status);
    return true;
  }

  async delete(hash: string): Promise<void> {
    const res = await this.send('DELETE', hash);
    if (!ok(res) && res.status !== 404) throw this.failed('DELETE', hash, res.status);
  }

  localPath(hash: string): Promise<string> {
    return cachedCopy(hash, () => this.get(hash));
  }

  private url(hash: string): URL {
    return s3ObjectUrl(
      this.o.endpoint,
      this.o.bucket,
      `${this.o.prefix}${checkHash(hash)}`,
      this.o.virtualHosted,
    );
  }

  /** One signed request, its body read within the time limit. */
  private async send(
    method: 'PUT' | 'GET' | 'HEAD' | 'DELETE',
    hash: string,
    body?: Buffer,
  ): Promise<{ status: number; bytes: Buffer }> {
    const url = this.url(hash);
    const headers = signV4({
      method,
      url,
      headers: body
        ? { 'content-type': 'application/octet-stream', 'content-length': String(body.length) }
        : {},
      payloadHash: body ? sha256Hex(body) : EMPTY,
      accessKeyId: this.o.accessKeyId,
      secretAccessKey: this.o.secretAccessKey,
      region: this.o.region,
    });
    const ctl = new AbortController();
    // Held by this call (not AbortSignal.timeout, which Node 20 can collect before it fires).
    const timer = setTimeout(() => ctl.abort(), TIMEOUT_MS);
    try {
      const res = await fetch(url, {
        method,
        headers,
        body: body ? new Uint8Array(body) : undefined,
        redirect: 'manual',
        signal: ctl.signal,
      });
      return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) };
    } catch (err) {
      // The error's code only: a library's message may quote the whole URL.
      const code = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
      throw new ScalpelError(
        'QUEUE_UNAVAILABLE',
        `The image storage ${this.where} did not answer (${code}).`,
        {
          stage: 'storage',
          details: { storage: this.where, method, reason: code },
        },
      );
    } finally {
      clearTimeout(timer);
    }
  }

  private failed(method: string, hash: string, status: number, why?: string): ScalpelError {
    return new ScalpelError(
      'INTERNAL',
      `The image storage ${this.where} answered ${method} ${hash.slice(0, 12)}… with ${status}${why ? `: ${why}` : ''}.`,
      { stage: 'storage', details: { storage: this.where, method, status } },
    );
  }
}

/**
 * The storage a setting names: a directory, or `s3://bucket/prefix` with the endpoint, region and keys
 * from the environment (SCALPEL_S3_ENDPOINT, SCALPEL_S3_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
 * SCALPEL_S3_VIRTUAL_HOSTED).
 */
export function s3FromSpec(spec: string, env: NodeJS.ProcessEnv = process.env): S3Storage {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,62})(?:\/(.*))?$/.exec(spec);
  const bad = (what: string) =>
    new ScalpelError('INVALID_ARGUMENT', `The storage '${spec}' needs ${what}.`, {
      stage: 'args',
      details: { storage: spec },
    });
  if (!m) throw bad('the form s3://bucket/prefix');
  const endpoint = env.SCALPEL_S3_ENDPOINT ?? '';
  if (!/^https?:\/\/[^/\s@]+/.test(endpoint)) throw bad('SCALPEL_S3_ENDPOINT (an http(s) origin)');
  const accessKeyId = env.AWS_ACCESS_KEY_ID ?? '';
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY ?? '';
  if (!accessKeyId || !secretAccessKey) throw bad('AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY');
  const prefix = m[2] ?? '';
  return new S3Storage({
    endpoint,
    bucket: m[1],
    prefix: prefix && !prefix.endsWith('/') ? `${prefix}/` : prefix,
    region: env.SCALPEL_S3_REGION || 'us-east-1',
    accessKeyId,
    secretAccessKey,
    virtualHosted: env.SCALPEL_S3_VIRTUAL_HOSTED === 'true' || env.SCALPEL_S3_VIRTUAL_HOSTED === '1',
  });
}

/** A directory (the default kind), or an S3-compatible store for `s3://bucket/prefix`. */
export function openStorage(spec: string, env: NodeJS.ProcessEnv = process.env): BlobStorage {
  return spec.startsWith('s3://') ? s3FromSpec(spec, env) : new DiskStorage(path.resolve(spec));
}
