import type { Context, MiddlewareHandler } from 'hono';
import { ScalpelError, ERROR_CODES } from '../../index.js';
import type { ImageSource } from '../storage/intake.js';
import { errorBody } from './error-shapes.js';
import { FINAL, type Job } from '../jobs/jobs.js';
import { LOCAL_TENANT } from '../policy/keys.js';
import type { Tenant } from '../policy/policy.js';
import type { Services } from '../services.js';

export type Env = {
  Variables: {
    tenant: Tenant;
    /** Ends the request's share of the in-flight body bound: its images are in (see guard.ts). */
    bodyDone?: () => void;
  };
};

/** The one place an error becomes an HTTP answer (in the body shape of the API the path belongs to). */
export function errorResponse(c: Context, err: unknown): Response {
  const e = ScalpelError.from(err, 'request');
  if (e.code === 'INTERNAL') console.error(e.cause ?? e);
  const retry = e.details.retry_after_s;
  if (typeof retry === 'number') c.header('Retry-After', String(retry));
  if (e.code === 'UNAUTHORIZED') c.header('WWW-Authenticate', 'Bearer realm="scalpel"');
  return c.json(errorBody(c.req.path, e), ERROR_CODES[e.code].status as 400);
}

/** The secret from `Authorization: Bearer …` (what the OpenAI and DashScope clients send) or X-API-Key. */
export function bearer(c: Context): string | undefined {
  const auth = c.req.header('authorization');
  const m = auth?.match(/^Bearer\s+(\S+)$/i);
  return m?.[1] ?? c.req.header('x-api-key') ?? undefined;
}

/**
 * Resolves the caller to a tenant and passes the request through the policy (rate limit first).
 * Without any keys configured, everyone is the one local user.
 */
export function auth(svc: Services): MiddlewareHandler<Env> {
  return async (c, next) => {
    let tenant: Tenant;
    if (!(await svc.keys.enforced())) {
      tenant = {
        id: LOCAL_TENANT,
        name: 'local',
        ratePerMinute: svc.config.ratePerMinute,
        quotaPerDay: svc.config.quotaPerDay,
      };
    } else {
      const secret = bearer(c);
      const key = secret ? await svc.keys.verify(secret) : undefined;
      if (!key) {
        throw new ScalpelError(
          'UNAUTHORIZED',
          secret ? 'The API key is not valid.' : 'An API key is required (Authorization: Bearer <key>).',
          {
            stage: 'auth',
          },
        );
      }
      tenant = {
        id: key.id,
        name: key.name,
        ratePerMinute: key.rate_per_minute ?? svc.config.ratePerMinute,
        quotaPerDay: key.quota_per_day ?? svc.config.quotaPerDay,
      };
    }
    await svc.policy.check({ kind: 'request', tenant, method: c.req.method, path: c.req.path });
    c.set('tenant', tenant);
    await next();
  };
}

/** A form or JSON body as plain fields; images as sources. Unknown content types are refused. */
export async function readBody(
  c: Context,
): Promise<{ fields: Record<string, unknown>; files: Record<string, ImageSource> }> {
  const type = c.req.header('content-type') ?? '';
  const files: Record<string, ImageSource> = {};
  if (type.startsWith('multipart/form-data') || type.startsWith('application/x-www-form-urlencoded')) {
    const form = await c.req.parseBody({ all: true }).catch((err: unknown) => {
      throw invalidBody('The form body could not be read.', err);
    });
    const fields: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(form)) {
      const first = Array.isArray(v) ? v[0] : v;
      if (first instanceof File)
        files[k.replace(/\[\]$/, '')] = { bytes: Buffer.from(await first.arrayBuffer()) };
      // `instructions[]` (PHP/Rails style) and repeated `instructions` both arrive as one list.
      else if (k.endsWith('[]')) fields[k.slice(0, -2)] = (Array.isArray(v) ? v : [v]).map(String);
      else fields[k] = Array.isArray(v) ? v.map(String) : first;
    }
    return { fields, files };
  }
  if (type.startsWith('application/json') || type === '') {
    const text = await c.req.text();
    if (text.trim() === '') return { fields: {}, files };
    try {
      const json: unknown = JSON.parse(text);
      if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new Error('not an object');
      return { fields: json as Record<string, unknown>, files };
    } catch (err) {
      throw invalidBody('The body is not a JSON object.', err);
    }
  }
  throw new ScalpelError(
    'UNSUPPORTED_FORMAT',
    `Content-Type '${type}' is not accepted: send multipart/form-data or JSON.`,
    {
      stage: 'request',
      details: { content_type: type, supported: ['multipart/form-data', 'application/json'] },
    },
  );
}

function invalidBody(message: string, cause: unknown) {
  return new ScalpelError('INVALID_ARGUMENT', message, { stage: 'request', cause });
}

/** An image given in JSON: base64, a data: URL, an http(s) URL, or `{ url }` / `{ base64 }`. */
export function jsonImage(value: unknown, field: string): ImageSource | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') return /^https?:\/\//i.test(value) ? { url: value } : { base64: value };
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (typeof v.url === 'string') return { url: v.url };
    if (typeof v.base64 === 'string') return { base64: v.base64 };
  }
  throw new ScalpelError(
    'INVALID_ARGUMENT',
    `'${field}' must be base64, a data: URL, an http(s) URL, or { url } / { base64 }.`,
    {
      stage: 'request',
      details: { field },
    },
  );
}

/**
 * The instruction of a request: EMPTY_INSTRUCTION when it is given but blank (in every request shape
 * alike), INVALID_ARGUMENT when it is missing or not text.
 */
export function instructionText(value: unknown, field: string): string {
  if (typeof value === 'string' && value.trim() === '') {
    throw new ScalpelError('EMPTY_INSTRUCTION', 'The instruction is empty: say what to change.', {
      stage: 'parse',
      details: { field },
    });
  }
  if (typeof value !== 'string') {
    throw new ScalpelError('INVALID_ARGUMENT', `'${field}' is required and must be a string.`, {
      stage: 'request',
      details: { field },
    });
  }
  return value;
}

export function requireString(fields: Record<string, unknown>, name: string): string {
  const v = fields[name];
  if (typeof v !== 'string' || v === '') {
    throw new ScalpelError('INVALID_ARGUMENT', `'${name}' is required and must be a string.`, {
      stage: 'request',
      details: { field: name },
    });
  }
  return v;
}

/** Waits until the job is final or `ms` pass (or the server stops); returns the job as it is then. */
export async function waitForJob(svc: Services, job: Job, ms: number): Promise<Job> {
  if (FINAL.includes(job.status) || ms <= 0) return job;
  await new Promise<void>((resolve) => {
    const onEvent = (ev: { type: string }) => {
      if ((FINAL as readonly string[]).includes(ev.type)) done();
    };
    const timer = setTimeout(() => done(), ms);
    const done = () => {
      clearTimeout(timer);
      svc.jobs.events.off(job.id, onEvent);
      svc.jobs.events.off('shutdown', done);
      resolve();
    };
    svc.jobs.events.on(job.id, onEvent);
    svc.jobs.events.on('shutdown', done);
    // It may have finished between the read and the subscription.
    void svc.jobs.get(job.owner, job.id).then(
      (now) => FINAL.includes(now.status) && done(),
      () => done(),
    );
  });
  return svc.jobs.closed ? job : svc.jobs.get(job.owner, job.id);
}

/**
 * `?wait=N` or `Prefer: wait=N` (seconds), at most the job timeout and a moment more: a job that
 * started as the wait began must be able to end as JOB_TIMEOUT within it.
 */
export function waitSeconds(c: Context, maxMs: number): number {
  const raw = c.req.query('wait') ?? c.req.header('prefer')?.match(/wait=(\d+)/)?.[1];
  const s = raw === undefined ? 0 : Number(raw);
  return Number.isFinite(s) && s > 0 ? Math.min(s * 1000, maxMs + 2_000) : 0;
}
