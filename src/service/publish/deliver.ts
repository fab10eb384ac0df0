import crypto from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { s3ObjectUrl, sha256Hex, signV4 } from './sigv4.js';
import type { PublishTarget } from './targets.js';

/** One file to send: its name within the publication, bytes, and what it is. */
export interface Outgoing {
  publication: string;
  delivery: string;
  name: string;
  bytes: Buffer;
  contentType: string;
  meta: Record<string, unknown>;
  /** A signed URL the receiver can fetch it from. */
  url: string;
}

/** A failed attempt: `retry` when trying again may help (the network, 5xx, 429). */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retry: boolean,
    readonly status?: number,
  ) {
    super(message);
  }
}

const TIMEOUT_MS = 30_000;

/** Sends one file to one target; resolves with what the receiver answered, or throws DeliveryError. */
export async function deliver(
  target: PublishTarget,
  f: Outgoing,
): Promise<{ status?: number; where: string }> {
  if (target.type === 'folder') return toFolder(target.path, f);
  if (target.type === 'webhook') return toWebhook(target, f);
  return toS3(target, f);
}

async function toFolder(root: string, f: Outgoing) {
  const dir = path.join(root, f.publication);
  const file = path.join(dir, f.name);
  try {
    await mkdir(dir, { recursive: true });
    // Whole or not at all: a reader of the folder never sees half a file.
    const tmp = `${file}.${crypto.randomBytes(6).toString('hex')}.part`;
    await writeFile(tmp, f.bytes);
    await rename(tmp, file);
  } catch (err) {
    throw new DeliveryError(`Could not write ${file}: ${(err as Error).message}`, false);
  }
  return { where: file };
}

/**
 * A JSON POST signed like Stripe's webhooks: `X-Scalpel-Signature: t=<unix seconds>,v1=<hex
 * HMAC-SHA256(secret, "<t>.<body>")>`; `X-Scalpel-Delivery` is the same on every retry, so the
 * receiver can drop a duplicate.
 */
async function toWebhook(t: Extract<PublishTarget, { type: 'webhook' }>, f: Outgoing) {
  const body = JSON.stringify({
    event: 'scalpel.published',
    publication: f.publication,
    delivery: f.delivery,
    file: {
      name: f.name,
      content_type: f.contentType,
      bytes: f.bytes.length,
      sha256: sha256Hex(f.bytes),
      url: f.url,
      ...f.meta,
      ...(t.inline ? { data_base64: f.bytes.toString('base64') } : {}),
    },
  });
  const ts = Math.floor(Date.now() / 1000);
  const sig = crypto.createHmac('sha256', t.secret).update(`${ts}.${body}`).digest('hex');
  const res = await send(t.url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'User-Agent': 'Scalpel-Publisher',
      'X-Scalpel-Delivery': f.delivery,
      'X-Scalpel-Signature': `t=${ts},v1=${sig}`,
    },
    body,
  });
  return { status: res.status, where: new URL(t.url).origin };
}

/** A PUT of the object, signed with SigV4. */
async function toS3(t: Extract<PublishTarget, { type: 's3' }>, f: Outgoing) {
  const key = `${t.prefix ?? ''}${f.publication}/${f.name}`;
  const url = s3ObjectUrl(t.endpoint, t.bucket, key, t.virtual_hosted);
  const headers = signV4({
    method: 'PUT',
    url,
    headers: { 'content-type': f.contentType, 'content-length': String(f.bytes.length) },
    payloadHash: sha256Hex(f.bytes),
    accessKeyId: t.access_key_id,
    secretAccessKey: t.secret_access_key,
    region: t.region,
  });
  const res = await send(url.toString(), { method: 'PUT', headers, body: new Uint8Array(f.bytes) });
  return { status: res.status, where: `s3://${t.bucket}/${key}` };
}

async function send(url: string, init: RequestInit): Promise<Response> {
  const ctl = new AbortController();
  // Held by this call (not AbortSignal.timeout, which Node 20 can collect before it fires).
  const timer = setTimeout(() => ctl.abort(), TIMEOUT_MS);
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: ctl.signal, redirect: 'manual' });
    await res.arrayBuffer().catch(() => undefined);
  } catch (err) {
    // Our words and the error's name only: a library's message may quote the whole URL.
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
    throw new DeliveryError(`No answer from ${new URL(url).origin} (${cause}).`, true);
  } finally {
    clearTimeout(timer);
  }
  if (res.status >= 200 && res.status < 300) return res;
  const retry = res.status >= 500 || res.status === 429 || res.status === 408;
  throw new DeliveryError(`${new URL(url).origin} answered ${res.status}.`, retry, res.status);
}
