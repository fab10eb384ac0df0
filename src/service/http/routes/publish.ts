import { Hono } from 'hono';
import { ScalpelError } from '../../../index.js';
import { readBody, type Env } from '../http.js';
import { describeTarget } from '../../publish/targets.js';
import type { PublishItem } from '../../publish/publisher.js';
import type { Services } from '../../services.js';
import { exportFor } from './exports.js';
import { parseFields, PublishRequest } from '../schemas/index.js';

const MAX_FILES = 200;

/**
 * 一键发布: a result (a job, a session's version, an image) or a whole batch, exported to the
 * platform presets (or as it is), sent to the operator's configured targets in one action; each
 * file × target is a delivery with its own status in the publication's log.
 */
export function publishRoutes(svc: Services) {
  const app = new Hono<Env>();

  app.get('/v1/publish/targets', async (c) =>
    c.json({ object: 'list', data: [...svc.publisher.targets].map(([id, t]) => describeTarget(id, t)) }),
  );

  app.post('/v1/publish', async (c) => {
    const owner = c.get('tenant').id;
    const { fields: raw, files } = await readBody(c);
    // First: a wrong or missing target is answered with the names configured.
    const targets = targetNames(svc, raw.targets);
    const fields = parseFields(PublishRequest, raw);
    const presets = fields.presets;
    const hasPresets = presets !== undefined && presets.length > 0;
    const batch = fields.batch;
    const sources: { prefix: string; fields: Record<string, unknown>; meta?: Record<string, unknown> }[] =
      batch ? await batchSources(svc, owner, batch) : [{ prefix: '', fields }];
    const perSource = hasPresets ? (typeof presets === 'string' ? presets.split(',') : presets).length : 1;
    if (sources.length * perSource * targets.length > MAX_FILES) {
      throw new ScalpelError('INVALID_ARGUMENT', `A publication sends at most ${MAX_FILES} files.`, {
        stage: 'request',
        details: { max_files: MAX_FILES, files: sources.length * perSource * targets.length },
      });
    }
    const items: PublishItem[] = [];
    for (const s of sources) {
      const f = { ...fields, ...s.fields };
      if (presets !== undefined && hasPresets) {
        const out = await exportFor(svc, owner, { ...f, presets }, batch ? {} : files);
        for (const e of out.exports)
          items.push({
            name: `${s.prefix}${e.preset}.${ext(e.record.format)}`,
            record: e.record,
            meta: { preset: e.preset, width: e.record.width, height: e.record.height, ...s.meta },
          });
      } else {
        const record = await originalOf(svc, owner, f);
        // Sent on as it is: screened as an edit's input (an upload never edited was never screened).
        await svc.locator.run({
          kind: 'screen',
          image: svc.images.read(record),
          maxPixels: svc.config.maxPixels,
        });
        items.push({
          name: `${s.prefix}original.${ext(record.format)}`,
          record,
          meta: { preset: null, width: record.width, height: record.height, ...s.meta },
        });
      }
    }
    const source = batch ? { batch } : pick(fields, ['job', 'session']);
    const id = await svc.publisher.start(owner, new URL(c.req.url).origin, source, items, targets);
    await svc.audit.record({
      kind: 'publish',
      publication: id,
      key: owner,
      source,
      targets,
      files: items.map((i) => ({ name: i.name, sha256: i.record.sha256 })),
    });
    c.header('Location', `/v1/publications/${id}`);
    return c.json(await svc.publisher.view(owner, id), 202);
  });

  app.get('/v1/publications/:id', async (c) => {
    const view = await svc.publisher.view(c.get('tenant').id, c.req.param('id'));
    if (!view)
      throw new ScalpelError('NOT_FOUND', `No publication '${c.req.param('id')}'.`, {
        stage: 'request',
        details: { publication: c.req.param('id') },
      });
    return c.json(view);
  });

  return app;
}

const ext = (format: string) => (format === 'jpeg' ? 'jpg' : format);
const pick = (f: Record<string, unknown>, keys: string[]) =>
  Object.fromEntries(keys.filter((k) => typeof f[k] === 'string').map((k) => [k, f[k]]));

function targetNames(svc: Services, raw: unknown): string[] {
  const list = typeof raw === 'string' ? raw.split(',').map((s) => s.trim()) : raw;
  const known = [...svc.publisher.targets.keys()];
  if (!Array.isArray(list) || list.length === 0 || !list.every((t) => typeof t === 'string')) {
    throw new ScalpelError(
      'INVALID_ARGUMENT',
      `'targets' must name one or more of: ${known.join(', ') || '(none configured: set SCALPEL_PUBLISH_TARGETS)'}.`,
      {
        stage: 'request',
        details: { field: 'targets', valid: known },
      },
    );
  }
  const unknown = list.find((t) => !svc.publisher.targets.has(t as string));
  if (unknown !== undefined) {
    throw new ScalpelError(
      'INVALID_ARGUMENT',
      `No publishing target '${unknown}'. Configured: ${known.join(', ') || 'none (SCALPEL_PUBLISH_TARGETS)'}.`,
      {
        stage: 'request',
        details: { field: 'targets', valid: known },
      },
    );
  }
  return [...new Set(list as string[])];
}

/** Every finished variant of a batch, numbered in its order, as a job source. */
async function batchSources(svc: Services, owner: string, batch: string) {
  const row = await svc.sql.get('select id from batches where id = ? and owner = ?', [batch, owner]);
  if (!row)
    throw new ScalpelError('NOT_FOUND', `No batch '${batch}'.`, { stage: 'request', details: { batch } });
  const jobs = (await svc.jobs.list(owner, { limit: 50, batch })).reverse();
  const done = jobs.map((j, i) => ({ j, i })).filter(({ j }) => j.output_image);
  if (done.length === 0) {
    throw new ScalpelError('JOB_NOT_DONE', `No variant of batch '${batch}' is finished yet.`, {
      stage: 'request',
      details: { batch },
    });
  }
  return done.map(({ j, i }) => ({
    prefix: `${String(i + 1).padStart(2, '0')}-`,
    fields: { job: j.id, image: undefined, session: undefined },
    meta: { variant: i + 1, instruction: j.instruction },
  }));
}

/** The image as it is: a job's result, a session's current version. */
async function originalOf(svc: Services, owner: string, f: Record<string, unknown>) {
  if (typeof f.job === 'string' && f.job) {
    const j = await svc.jobs.get(owner, f.job);
    if (!j.output_image)
      throw new ScalpelError('JOB_NOT_DONE', `Job '${f.job}' has no result image (${j.status}).`, {
        stage: 'request',
        details: { job: f.job, status: j.status },
      });
    return svc.images.get(owner, j.output_image);
  }
  if (typeof f.session === 'string' && f.session) {
    const head = svc.sessions.headVersion(await svc.sessions.get(owner, f.session));
    return svc.images.get(owner, head.image_id);
  }
  throw new ScalpelError(
    'INVALID_ARGUMENT',
    "Publish what? Name a 'job', a 'session' or a 'batch' (with 'presets', an 'image' too).",
    {
      stage: 'request',
      details: { field: 'job' },
    },
  );
}
