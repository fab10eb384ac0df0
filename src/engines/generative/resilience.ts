import { ScalpelError } from '../../errors.js';

/**
 * How a remote engine's calls survive a bad network: a timeout per attempt, retries with exponential
 * backoff on retryable failures only (a refused prompt is not retried), and a circuit breaker that
 * stops calling a provider that keeps failing, so a dead endpoint costs a fast error, not minutes.
 */

/** A failure the provider's own answer describes; `retryable` says whether trying again may help. */
export class ProviderFailure extends Error {
  constructor(
    message: string,
    readonly info: { status?: number; code?: string; retryable: boolean; requestId?: string },
  ) {
    super(message);
  }
}

export interface CallPolicy {
  timeoutMs: number;
  retries: number;
  /** First backoff; doubled each retry, with jitter. */
  backoffMs: number;
}

/** Read at call time, so a deployment changes them by environment. */
export function callPolicy(): CallPolicy {
  return {
    timeoutMs: positive('SCALPEL_ENGINE_TIMEOUT_MS', 120_000),
    retries: positive('SCALPEL_ENGINE_RETRIES', 2),
    backoffMs: positive('SCALPEL_ENGINE_BACKOFF_MS', 500),
  };
}

function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  const v = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(v) || v < 0) {
    throw new ScalpelError('INVALID_ARGUMENT', `${name} must be a number ≥ 0, not '${raw}'.`, {
      stage: 'args',
      details: { setting: name },
    });
  }
  return v;
}

/**
 * Opens after `threshold` requests in a row failed (each after its retries); after `cooldownMs` it
 * is half-open: one trial request goes out, the others are refused until it succeeds (closed) or
 * fails (open again).
 */
export class Breaker {
  private failures = 0;
  private openUntil = 0;
  private trial = false;
  constructor(
    private readonly threshold = 5,
    private readonly cooldownMs = 30_000,
  ) {}

  /** Seconds until a request may go out, or 0 when this one may (taking the trial when half-open). */
  admit(now = Date.now()): number {
    if (this.openUntil > now) return Math.ceil((this.openUntil - now) / 1000);
    if (this.failures < this.threshold) return 0;
    if (this.trial) return 1;
    this.trial = true;
    return 0;
  }
  /** Seconds the breaker stays open, 0 when closed or half-open. */
  waitS(now = Date.now()): number {
    return this.openUntil > now ? Math.ceil((this.openUntil - now) / 1000) : 0;
  }
  success(): void {
    this.failures = 0;
    this.openUntil = 0;
    this.trial = false;
  }
  failure(now = Date.now()): void {
    this.failures += 1;
    this.trial = false;
    if (this.failures >= this.threshold) this.openUntil = now + this.cooldownMs;
  }
  /** A request given up by its caller (cancelled) tells nothing: a half-open trial is handed back. */
  release(): void {
    this.trial = false;
  }
  reset(): void {
    this.success();
  }
}

export interface Attempted<T> {
  value: T;
  attempts: number;
}

/**
 * Runs `work` with the policy. Timeouts and network errors are retryable; a ProviderFailure says so
 * itself. What is finally thrown is ENGINE_FAILED (the provider refused: its code and message kept)
 * or ENGINE_UNAVAILABLE (it could not be reached, or the breaker is open: retry_after_s set).
 */
export async function resilient<T>(
  provider: string,
  breaker: Breaker,
  policy: CallPolicy,
  work: (signal: AbortSignal) => Promise<T>,
  outer?: AbortSignal,
): Promise<Attempted<T>> {
  const wait = breaker.admit();
  if (wait > 0) {
    throw new ScalpelError(
      'ENGINE_UNAVAILABLE',
      `The ${provider} engine failed repeatedly and is paused for ${wait} s (circuit breaker open).`,
      { stage: 'edit', details: { provider, retry_after_s: wait, breaker: 'open' } },
    );
  }
  let last: unknown;
  for (let attempt = 1; attempt <= policy.retries + 1; attempt++) {
    const deadline = deadlineFor(policy.timeoutMs, outer);
    try {
      const value = await work(deadline.signal);
      deadline.done();
      breaker.success();
      return { value, attempts: attempt };
    } catch (err) {
      last = err;
      deadline.done();
      // Our own refusal (a setting that is wrong) is not the provider's failure: as it is, at once.
      if (err instanceof ScalpelError) {
        breaker.success();
        throw err;
      }
      if (outer?.aborted) {
        breaker.release();
        break;
      }
      const retryable = err instanceof ProviderFailure ? err.info.retryable : true;
      // A refusal (bad prompt, bad key) says nothing about the provider's health.
      if (!retryable) {
        breaker.success();
        break;
      }
      if (attempt > policy.retries) {
        breaker.failure();
        break;
      }
      const delay = policy.backoffMs * 2 ** (attempt - 1) * (0.75 + Math.random() * 0.5);
      await new Promise((r) => setTimeout(r, delay));
    }
  }
  throw finalError(provider, last, breaker, policy);
}

/**
 * A signal that aborts after `ms` or with `outer`. Built from a timer held here rather than
 * AbortSignal.any(AbortSignal.timeout(…)): on Node 20 the timeout signal inside any() can be garbage
 * collected before it fires, and a hung provider then hangs the edit (seen as a flaky test).
 */
function deadlineFor(ms: number, outer?: AbortSignal): { signal: AbortSignal; done(): void } {
  const ctl = new AbortController();
  const timer = setTimeout(
    () => ctl.abort(new DOMException(`no answer within ${ms} ms`, 'TimeoutError')),
    ms,
  );
  const follow = () => ctl.abort(outer?.reason);
  if (outer?.aborted) follow();
  else outer?.addEventListener('abort', follow, { once: true });
  return {
    signal: ctl.signal,
    done: () => {
      clearTimeout(timer);
      outer?.removeEventListener('abort', follow);
    },
  };
}

function finalError(provider: string, err: unknown, breaker: Breaker, policy: CallPolicy): ScalpelError {
  if (err instanceof ProviderFailure && !err.info.retryable) {
    return new ScalpelError('ENGINE_FAILED', `The ${provider} engine refused the edit: ${err.message}`, {
      stage: 'edit',
      details: {
        provider,
        http_status: err.info.status ?? null,
        provider_code: err.info.code ?? null,
        provider_message: err.message,
        request_id: err.info.requestId ?? null,
      },
      cause: err,
    });
  }
  const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
  const why =
    err instanceof ProviderFailure
      ? err.message
      : timedOut
        ? `no answer within ${policy.timeoutMs} ms`
        : 'the connection failed';
  return new ScalpelError(
    'ENGINE_UNAVAILABLE',
    `The ${provider} engine could not be reached after ${policy.retries + 1} attempt(s): ${why}.`,
    {
      stage: 'edit',
      details: {
        provider,
        retry_after_s: Math.max(breaker.waitS(), 5),
        ...(err instanceof ProviderFailure
          ? { http_status: err.info.status ?? null, provider_code: err.info.code ?? null }
          : {}),
      },
      cause: err,
    },
  );
}
