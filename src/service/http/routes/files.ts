import { Hono } from 'hono';
import { notFound } from '../../storage/images.js';
import type { Env } from '../http.js';
import type { Services } from '../../services.js';
import { imageView } from '../views.js';

/** Images by id for their owner, and by signed URL for anyone holding one (no key needed). */
export function fileRoutes(svc: Services) {
  const signed = new Hono();
  signed.get('/v1/files/:id', async (c) => {
    const id = c.req.param('id');
    const rec = svc.signer.verify(id, c.req.query('exp'), c.req.query('sig'))
      ? await svc.images.getUnchecked(id)
      : undefined;
    // A bad or expired signature looks the same as a missing file: nothing to learn by probing.
    if (!rec) throw notFound('file', id);
    return c.body(new Uint8Array(svc.images.read(rec)), 200, {
      'Content-Type': `image/${rec.format}`,
      'Cache-Control': 'private, max-age=3600',
      'Content-Disposition': disposition(rec),
    });
  });

  const owned = new Hono<Env>();
  owned.get('/v1/images/:id', async (c) => {
    const rec = await svc.images.get(c.get('tenant').id, c.req.param('id'));
    if (c.req.query('meta') !== undefined) return c.json(imageView(svc, rec, new URL(c.req.url).origin));
    return c.body(new Uint8Array(svc.images.read(rec)), 200, {
      'Content-Type': `image/${rec.format}`,
      'Content-Disposition': disposition(rec),
    });
  });
  return { signed, owned };
}

/** Shown inline, saved under its id (a name the client cannot choose, so nothing to escape). */
const disposition = (rec: { id: string; format: string }) =>
  `inline; filename="${rec.id}.${rec.format === 'jpeg' ? 'jpg' : rec.format}"`;
