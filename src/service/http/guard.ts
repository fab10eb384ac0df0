import crypto from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { ScalpelError } from '../../index.js';
import type { Env } from './http.js';

/**
 * Bounds the request bytes being read and decoded at once (eight 60 MB data: URLs took a server to
 * 1.1 GB and stalled /healthz): a body is counted from its Content-Length (the whole limit when it
 * has none) until its images are taken in (`bodyDone`, called by the routes that then wait for the
 * edit) or its answer is made; one that would pass the bound gets 503 SERVER_BUSY with Retry-After,
 * before a byte of it is read.
 */
export function inflightBodies(maxBytes: number, maxBody: number): MiddlewareHandler<Env> {
  let inflight = 0;
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || maxBytes <= 0) return next();
    const declared = Number(c.req.header('content-length'));
    const size = Number.isFinite(declared) && declared >= 0 ? Math.min(declared, maxBody) : maxBody;
    if (inflight > 0 && inflight + size > maxBytes) {
      throw new ScalpelError(
        'SERVER_BUSY',
        'The server is reading too many large requests at once; retry shortly.',
        {
          stage: 'request',
          details: { inflight_bytes: inflight, max_inflight_bytes: maxBytes, retry_after_s: 2 },
        },
      );
    }
    inflight += size;
    let held = true;
    const done = () => {
      if (held) inflight -= size;
      held = false;
    };
    c.set('bodyDone', done);
    try {
      await next();
    } finally {
      done();
    }
  };
}

/** Headers every answer carries: no content sniffing, no referrer leaking signed URLs. */
export const securityHeaders = (): MiddlewareHandler<Env> => async (c, next) => {
  await next();
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'no-referrer');
};

/** The Content-Security-Policy of a page whose only inline code is one style sheet. */
export function pageCsp(inlineCss: string): string {
  const hash = crypto.createHash('sha256').update(inlineCss).digest('base64');
  return [
    "default-src 'none'",
    `style-src 'sha256-${hash}'`,
    "font-src 'self'",
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * One JSON line per request: when, method, path (never the query: signed URLs carry their token
 * there), status, duration, bytes in and out, and the key's id. No header, secret or image byte.
 */
export function accessLog(write: (line: string) => void): MiddlewareHandler<Env> {
  return async (c, next) => {
    const t0 = performance.now();
    let status = 500;
    try {
      await next();
      status = c.res.status;
    } finally {
      const tenant = c.get('tenant') as { id: string } | undefined;
      write(
        JSON.stringify({
          t: new Date().toISOString(),
          method: c.req.method,
          path: c.req.path,
          status: c.error ? (c.res?.status ?? status) : status,
          ms: Math.round(performance.now() - t0),
          in: Number(c.req.header('content-length') ?? 0),
          out: Number(c.res?.headers.get('content-length') ?? 0) || null,
          key: tenant?.id ?? null,
        }),
      );
    }
  };
}
