import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono, type Context } from 'hono';
import { ScalpelError } from '../../../index.js';
import type { Env } from '../http.js';
import { webFont } from '../web-font.js';

/**
 * The web app at / (web/*: plain ES modules, no build step) and the client SDK it imports, served
 * from the build (dist/src/client). Only the files listed are served: no path from the URL reaches the
 * disk.
 */
const ROOT = packageRoot();
const WEB = ['app.js', 'batch.js', 'export.js', 'i18n.js', 'paint.js', 'plan.js', 'store.js', 'style.css'];
const CLIENT = ['index.js', 'client.js', 'http.js', 'images.js', 'offline.js', 'sse.js', 'types.js'];
const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
};
// The page runs only its own scripts; images may be blobs (the opened file) or signed file URLs.
const CSP =
  "default-src 'self'; img-src 'self' blob: data:; style-src 'self'; script-src 'self'; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'";

export function webRoutes() {
  const app = new Hono<Env>();
  const send = (file: string, c: Context<Env>) => {
    if (!existsSync(file))
      throw new ScalpelError('NOT_FOUND', 'Not found.', { stage: 'request', details: {} });
    c.header('Content-Type', TYPES[path.extname(file)] ?? 'application/octet-stream');
    c.header('Content-Security-Policy', CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Cache-Control', 'no-cache');
    return c.body(readFileSync(file));
  };
  app.get('/', async (c) => send(path.join(ROOT, 'web/index.html'), c));
  // The pages' own CJK font: its characters include every word the app and /docs say.
  app.get('/app/font.woff2', async (c) => {
    const words = ['web/i18n.js', 'web/index.html']
      .map((f) => readFileSync(path.join(ROOT, f), 'utf8'))
      .join('');
    c.header('Content-Type', 'font/woff2');
    c.header('Cache-Control', 'public, max-age=86400');
    return c.body(new Uint8Array(await webFont(words)));
  });
  app.get('/app/:file', async (c) => {
    const file = c.req.param('file');
    if (!WEB.includes(file))
      throw new ScalpelError('NOT_FOUND', 'Not found.', { stage: 'request', details: {} });
    return send(path.join(ROOT, 'web', file), c);
  });
  app.get('/app/client/:file', async (c) => {
    const file = c.req.param('file');
    if (!CLIENT.includes(file))
      throw new ScalpelError('NOT_FOUND', 'Not found.', { stage: 'request', details: {} });
    return send(path.join(ROOT, 'dist/src/client', file), c);
  });
  return app;
}

/** The folder holding package.json, from src/service/http/routes (tests) or dist/src/service/http/routes. */
function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}
