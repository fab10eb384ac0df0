/**
 * The client's one HTTP path: the key, JSON, retries with backoff on what may pass next time
 * (network failures, 429 with its Retry-After, 502/503/504), never on a refusal. Browser, Node and
 * React Native all have fetch; nothing here needs more.
 */
export interface ClientOptions {
  /** Where the service is, e.g. https://scalpel.example.com (no trailing path). */
  baseUrl: string;
  apiKey?: string;
  /** Another fetch (tests, React Native polyfills). Default: the global one. */
  fetch?: typeof fetch;
  /** Retries after the first attempt. Default 3. */
  retries?: number;
  /** First backoff in ms, doubled each retry. Default 500. */
  backoffMs?: number;
}

/** A refusal or failure the service reported, with its stable code; `status` 0 when nothing answered. */
export class ScalpelClientError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ScalpelClientError';
  }
}

const RETRYABLE = new Set([429, 502, 503, 504]);

export class Http {
  private readonly base: string;
  private readonly doFetch: typeof fetch;
  constructor(private readonly opts: ClientOptions) {
    this.base = opts.baseUrl.replace(/\/+$/u, '');
    this.doFetch = opts.fetch ?? ((...a) => globalThis.fetch(...a));
  }

  /** A response that is 2xx, after the retries the policy allows; otherwise the service's error. */
  async send(path: string, init: RequestInit & { retry?: boolean } = {}): Promise<Response> {
    const retries = init.retry === false ? 0 : (this.opts.retries ?? 3);
    const headers = new Headers(init.headers);
    if (this.opts.apiKey) headers.set('Authorization', `Bearer ${this.opts.apiKey}`);
    let last: ScalpelClientError | undefined;
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) await sleep(this.wait(attempt, last));
      let res: Response;
      try {
        res = await this.doFetch(`${this.base}${path}`, { ...init, headers });
      } catch (err) {
        if (init.signal?.aborted) throw err;
        last = new ScalpelClientError(`The service could not be reached: ${String(err)}`, 'NETWORK_ERROR', 0);
        continue;
      }
      if (res.ok) return res;
      last = await errorOf(res);
      if (!RETRYABLE.has(res.status)) break;
    }
    throw last as ScalpelClientError;
  }

  async json<T>(path: string, init: RequestInit & { retry?: boolean } = {}): Promise<T> {
    return (await (await this.send(path, init)).json()) as T;
  }

  private wait(attempt: number, last?: ScalpelClientError): number {
    const after = Number(last?.details.retry_after_s);
    if (Number.isFinite(after) && after > 0) return after * 1000;
    return (this.opts.backoffMs ?? 500) * 2 ** (attempt - 1) * (0.75 + Math.random() * 0.5);
  }
}

async function errorOf(res: Response): Promise<ScalpelClientError> {
  const retryAfter = Number(res.headers.get('retry-after'));
  const body = (await res.json().catch(() => ({}))) as {
    error?: { code?: string; message?: string; details?: Record<string, unknown> };
  };
  const e = body.error ?? {};
  return new ScalpelClientError(
    e.message ?? `HTTP ${res.status}`,
    e.code ?? `HTTP_${res.status}`,
    res.status,
    {
      ...(e.details ?? {}),
      ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retry_after_s: retryAfter } : {}),
    },
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
