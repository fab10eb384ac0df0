import { promises as dns } from 'node:dns';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { ScalpelError } from '../../errors.js';
import { isPublicAddress } from './ip-ranges.js';

export { isPublicAddress } from './ip-ranges.js';

export type LookupFn = (hostname: string) => Promise<{ address: string; family: 4 | 6 }[]>;

export interface FetchLimits {
  maxBytes: number;
  /** One deadline for the whole chain: DNS, every redirect hop and the body. */
  timeoutMs: number;
  /** Default 3. */
  maxRedirects?: number;
  /** Default: the system resolver, all addresses. */
  lookup?: LookupFn;
  /** Skips the address check (scheme and userinfo are still checked): tests and intranet deployments only. */
  allowPrivate?: boolean;
}

export interface FetchedImage {
  bytes: Buffer;
  contentType: string | null;
  finalUrl: string;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

const systemLookup: LookupFn = async (hostname) =>
  (await dns.lookup(hostname, { all: true, verbatim: true })).map((a) => ({
    address: a.address,
    family: a.family === 6 ? 6 : 4,
  }));

const refuse = (url: URL, reason: string, message: string, address?: string) =>
  new ScalpelError('URL_NOT_ALLOWED', message, {
    stage: 'fetch',
    details: { url: url.href, reason, ...(address === undefined ? {} : { address }) },
  });

/**
 * Validates one hop: scheme, userinfo, and every address the host resolves to. Returns the address
 * to connect to; the caller must connect to exactly that one, never resolve the name again.
 */
export async function checkTarget(
  url: URL,
  limits: FetchLimits,
): Promise<{ address: string; family: 4 | 6 }> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw refuse(url, 'scheme', `Only http and https URLs can be fetched, not ${url.protocol}`);
  }
  // Credentials in a URL end up in logs and let a caller probe authenticated intranet services.
  if (url.username || url.password)
    throw refuse(url, 'userinfo', 'URLs with a user name or password are refused.');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: { address: string; family: 4 | 6 }[];
  if (isIP(host)) {
    addresses = [{ address: host, family: isIP(host) === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await (limits.lookup ?? systemLookup)(host);
    } catch (err) {
      throw new ScalpelError('URL_FETCH_FAILED', `The host ${host} could not be resolved.`, {
        stage: 'fetch',
        details: { url: url.href, reason: 'dns' },
        cause: err,
      });
    }
    if (addresses.length === 0) {
      throw new ScalpelError('URL_FETCH_FAILED', `The host ${host} has no address.`, {
        stage: 'fetch',
        details: { url: url.href, reason: 'dns' },
      });
    }
  }
  if (!limits.allowPrivate) {
    // Any bad address refuses the host: the resolver may hand out a different one next time.
    const bad = addresses.find((a) => !isPublicAddress(a.address));
    if (bad)
      throw refuse(
        url,
        'private_address',
        `The URL points to a non-public address (${bad.address}).`,
        bad.address,
      );
  }
  return addresses[0];
}

/** Fetches an image URL for the service without letting the caller reach internal addresses. */
export async function fetchImageUrl(url: string, limits: FetchLimits): Promise<FetchedImage> {
  let current: URL;
  try {
    current = new URL(url);
  } catch {
    throw new ScalpelError('URL_NOT_ALLOWED', 'The URL is not valid.', {
      stage: 'fetch',
      details: { url, reason: 'invalid' },
    });
  }
  const maxRedirects = limits.maxRedirects ?? 3;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), limits.timeoutMs);
  const failed = (reason: string, message: string, extra: Record<string, unknown> = {}, cause?: unknown) =>
    new ScalpelError('URL_FETCH_FAILED', message, {
      stage: 'fetch',
      details: { url: current.href, reason, ...extra },
      cause,
    });
  try {
    for (let hop = 0; ; hop++) {
      const target = await abortable(checkTarget(current, limits), deadline.signal);
      const res = await request(current, target, deadline.signal);
      const location = res.headers.location;
      if (REDIRECTS.has(res.statusCode ?? 0) && location) {
        res.destroy();
        if (hop >= maxRedirects) throw failed('too_many_redirects', `More than ${maxRedirects} redirects.`);
        if (!URL.canParse(location, current.href)) {
          throw failed('bad_redirect', 'The server redirected to an invalid URL.', { location });
        }
        current = new URL(location, current);
        continue;
      }
      const status = res.statusCode ?? 0;
      if (status < 200 || status > 299) {
        res.destroy();
        throw failed('status', `The server answered HTTP ${status}.`, { status });
      }
      const bytes = await readBody(res, limits.maxBytes);
      const type = res.headers['content-type'];
      return { bytes, contentType: type ?? null, finalUrl: current.href };
    }
  } catch (err) {
    if (err instanceof ScalpelError) throw err;
    if (deadline.signal.aborted) {
      throw failed('timeout', `The URL did not answer within ${limits.timeoutMs} ms.`, {}, err);
    }
    throw failed('connection', `The URL could not be fetched: ${(err as Error).message}`, {}, err);
  } finally {
    clearTimeout(timer);
  }
}

/** One GET to the pinned address; Host header and TLS name stay those of the URL. */
function request(
  url: URL,
  target: { address: string; family: 4 | 6 },
  signal: AbortSignal,
): Promise<IncomingMessage> {
  // net calls this instead of DNS: with `all` set (autoSelectFamily) it expects a list.
  const lookup: LookupFunction = (_host, opts, cb) => {
    if (opts.all) cb(null, [target]);
    else cb(null, target.address, target.family);
  };
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const options: https.RequestOptions = {
    method: 'GET',
    host: hostname,
    port: url.port || undefined,
    path: `${url.pathname}${url.search}`,
    headers: { host: url.host, accept: 'image/*', 'accept-encoding': 'identity', 'user-agent': 'scalpel' },
    lookup,
    signal,
    agent: false,
    // SNI must be a name, never an IP literal.
    ...(isIP(hostname) ? {} : { servername: hostname }),
  };
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(options, resolve);
    req.on('error', reject);
    req.end();
  });
}

function readBody(res: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const tooLarge = () =>
    new ScalpelError('IMAGE_TOO_LARGE', `The image at the URL is larger than ${maxBytes} bytes.`, {
      stage: 'fetch',
      details: { max_bytes: maxBytes },
    });
  // Refuse before reading a byte when the server says so up front.
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    res.destroy();
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    res.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > maxBytes) {
        res.destroy();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    res.on('end', () => resolve(Buffer.concat(chunks)));
    res.on('error', reject);
    // A reset mid-body emits 'close' without 'end'; a second reject after resolve is a no-op.
    res.on('close', () => {
      if (!res.complete) reject(new Error('The connection closed before the body ended.'));
    });
  });
}

/** DNS has no signal of its own: race it against the deadline. */
function abortable<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(new Error('aborted'));
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
