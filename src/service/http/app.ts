import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { accessLog, inflightBodies, pageCsp, securityHeaders } from './guard.js';
import { DOCS_CSS } from './docs-style.js';
import { ScalpelError } from '../../index.js';
import { docsPage } from './docs-page.js';
import { auth, bearer, errorResponse, type Env } from './http.js';
import { openApiDocument } from './openapi.js';
import { batchEventRoutes } from './routes/batch-events.js';
import { batchRoutes } from './routes/batches.js';
import { exportRoutes } from './routes/exports.js';
import { publishRoutes } from './routes/publish.js';
import { compatArticleRoutes } from './routes/compat-article.js';
import { compatDashscopeRoutes } from './routes/compat-dashscope.js';
import { compatOpenaiRoutes } from './routes/compat-openai.js';
import { mcpRoutes } from './routes/mcp.js';
import { webRoutes } from './routes/web.js';
import { dashscopeUploadRoutes } from './routes/compat-dashscope-uploads.js';
import { editRoutes } from './routes/edits.js';
import { fileRoutes } from './routes/files.js';
import { sessionRoutes } from './routes/sessions.js';
import type { Services } from '../services.js';

/**
 * The HTTP API as a Hono app: tests call `app.request()` in-process, the server hands it to Node's
 * http. Open routes first (health, signed files), then auth + policy for everything else.
 */
const UNAUDITED = ['UNAUTHORIZED', 'NOT_FOUND', 'RATE_LIMITED', 'SERVER_BUSY'];

export function createApp(svc: Services, opts: { accessLog?: (line: string) => void } = {}): Hono<Env> {
  const app = new Hono<Env>();
  if (svc.config.publicUrl) behindPublicUrl(app, svc.config.publicUrl);
  if (opts.accessLog) app.use('*', accessLog(opts.accessLog));
  app.use('*', securityHeaders());
  app.onError((err, c) => {
    const res = errorResponse(c, err);
    // Every refusal is a decision: who was refused what, and why (never the body or a secret).
    const e = ScalpelError.from(err);
    const tenant = c.get('tenant') as { id: string } | undefined;
    // Not the codes anyone can repeat for free (no key, no such path, throttled, busy): they would
    // let a stranger grow the log without bound. They are in the access log.
    if (!UNAUDITED.includes(e.code)) {
      try {
        svc.audit
          .record({
            kind: 'request.refused',
            key: tenant?.id ?? null,
            method: c.req.method,
            path: c.req.path,
            status: e.status,
            code: e.code,
          })
          .catch(() => undefined);
      } catch {
        // A full disk must not turn every refusal into a crash; the access log still has it.
      }
    }
    return res;
  });
  app.notFound((c) =>
    errorResponse(
      c,
      new ScalpelError('NOT_FOUND', `No route ${c.req.method} ${c.req.path}.`, {
        stage: 'request',
        details: { method: c.req.method, path: c.req.path, docs: '/docs' },
      }),
    ),
  );
  app.use('*', inflightBodies(svc.config.maxInflightBytes, svc.config.maxBodyBytes));
  app.use(
    '*',
    bodyLimit({
      maxSize: svc.config.maxBodyBytes,
      onError: () => {
        throw new ScalpelError(
          'REQUEST_TOO_LARGE',
          `The request body is over ${svc.config.maxBodyBytes} bytes.`,
          {
            stage: 'request',
            details: { max_bytes: svc.config.maxBodyBytes },
          },
        );
      },
    }),
  );

  // Up or down for anyone (a load balancer); the counts only for a valid key, or in single-user mode.
  app.get('/healthz', async (c) => {
    const secret = bearer(c);
    const trusted =
      !(await svc.keys.enforced()) || (secret !== undefined && (await svc.keys.verify(secret)) !== undefined);
    if (!trusted) return c.json({ ok: true });
    return c.json({
      ok: true,
      queued: await svc.jobs.countQueued(),
      running: svc.scheduler.active,
      cache: await svc.cache.stats(),
    });
  });
  // The reference, open like /healthz: read before anyone has a key.
  const spec = openApiDocument(svc.config);
  app.get('/openapi.json', (c) => c.json(spec));
  // The web app: open like /docs; what it does goes through /v1 with the user's key.
  app.route('/', webRoutes());
  const docsCsp = pageCsp(DOCS_CSS);
  app.get('/docs', (c) => {
    c.header('Content-Security-Policy', docsCsp);
    return c.html(docsPage(spec, new URL(c.req.url).origin));
  });
  const files = fileRoutes(svc);
  app.route('/', files.signed);

  app.use('/v1/*', auth(svc));
  app.use('/api/*', auth(svc));
  app.use('/mcp', auth(svc));
  app.route('/', editRoutes(svc));
  app.route('/', sessionRoutes(svc));
  app.route('/', batchRoutes(svc));
  app.route('/', batchEventRoutes(svc));
  app.route('/', exportRoutes(svc));
  app.route('/', publishRoutes(svc));
  app.route('/', files.owned);
  app.route('/', compatArticleRoutes(svc));
  app.route('/', compatDashscopeRoutes(svc));
  app.route('/', compatOpenaiRoutes(svc));
  app.route('/', mcpRoutes(svc));
  app.route('/', dashscopeUploadRoutes(svc));
  return app;
}

/**
 * Every request is seen at the configured public origin, so each absolute link the routes build from
 * the request URL (signed files, jobs, upload hosts, webhooks' file URLs) uses it, whatever Host the
 * client sent.
 */
function behindPublicUrl(app: Hono<Env>, origin: string): void {
  const fetch = app.fetch.bind(app);
  app.fetch = (req, ...rest) => {
    const url = new URL(req.url);
    if (url.origin === origin) return fetch(req, ...rest);
    const body = req.method === 'GET' || req.method === 'HEAD' ? null : req.body;
    const init: RequestInit & { duplex?: 'half' } = {
      method: req.method,
      headers: req.headers,
      body,
      signal: req.signal,
      ...(body ? { duplex: 'half' } : {}),
    };
    return fetch(new Request(`${origin}${url.pathname}${url.search}`, init), ...rest);
  };
}
