import type { LabelCorner } from '../../../provenance/visible.js';
import { Hono } from 'hono';
import { ScalpelError } from '../../../index.js';
import { checkPresets, EXPORT_PRESETS } from '../../../runtime/export.js';
import { jsonImage, readBody, type Env } from '../http.js';
import { intakeImage, type ImageSource } from '../../storage/intake.js';
import type { Services } from '../../services.js';
import { imageView } from '../views.js';
import { ExportRequest, parseFields } from '../schemas/index.js';
import type * as z from 'zod';

/**
 * Platform exports: an image (given, a job's result, or a session's current version) at the preset
 * sizes, each cropped around its subject. Answered at once with the images (signed URLs) and what
 * each kept; the same images are what `POST /v1/publish` sends on.
 */
export function exportRoutes(svc: Services) {
  const app = new Hono<Env>();

  app.get('/v1/exports/presets', async (c) => c.json({ object: 'list', data: presetList() }));

  app.post('/v1/exports', async (c) => {
    const owner = c.get('tenant').id;
    const { fields, files } = await readBody(c);
    const result = await exportFor(svc, owner, parseFields(ExportRequest, fields), files);
    const origin = new URL(c.req.url).origin;
    return c.json({
      object: 'export',
      source: result.source,
      exports: result.exports.map((e) => ({
        preset: e.preset,
        image: imageView(svc, e.record, origin),
        report: e.report,
      })),
    });
  });

  return app;
}

export const presetList = () => Object.entries(EXPORT_PRESETS).map(([id, p]) => ({ id, ...p }));

/** Reads `presets`, `format` and the source from a request, exports, and stores each image. */
export async function exportFor(
  svc: Services,
  owner: string,
  fields: z.output<typeof ExportRequest>,
  files: Record<string, ImageSource | undefined>,
) {
  const raw = fields.presets;
  // A comma-separated text (a form field) is checked here; a list was checked by its declaration.
  const presets = checkPresets(typeof raw === 'string' ? raw.split(',').map((s) => s.trim()) : raw);
  const format = fields.format;
  const { bytes, source } = await sourceImage(svc, owner, fields, files);
  const exported = await svc.locator.run({
    kind: 'export',
    image: bytes,
    presets,
    format,
    maxPixels: svc.config.maxPixels,
    ...(svc.config.visibleLabel ? { visibleLabel: svc.config.visibleLabel as LabelCorner } : {}),
  });
  return {
    source,
    exports: await Promise.all(
      exported.map(async (e) => ({
        preset: e.preset,
        report: e.report,
        record: await svc.images.put(owner, Buffer.from(e.image), {
          format: e.report.format,
          width: e.report.width,
          height: e.report.height,
        }),
      })),
    ),
  };
}

/** The image to export: `job` (its result), `session` (its current version) or `image` itself. */
async function sourceImage(
  svc: Services,
  owner: string,
  fields: Record<string, unknown>,
  files: Record<string, ImageSource | undefined>,
) {
  const str = (k: string) =>
    typeof fields[k] === 'string' && fields[k] !== '' ? (fields[k] as string) : undefined;
  const job = str('job');
  const session = str('session');
  if (job) {
    const j = await svc.jobs.get(owner, job);
    if (!j.output_image) {
      throw new ScalpelError('JOB_NOT_DONE', `Job '${job}' has no result image (${j.status}).`, {
        stage: 'request',
        details: { job, status: j.status },
      });
    }
    return { bytes: svc.images.read(await svc.images.get(owner, j.output_image)), source: { job } };
  }
  if (session) {
    const head = svc.sessions.headVersion(await svc.sessions.get(owner, session));
    return {
      bytes: svc.images.read(await svc.images.get(owner, head.image_id)),
      source: { session, version: head.id },
    };
  }
  const src = files.image ?? jsonImage(fields.image, 'image') ?? jsonImage(fields.image_url, 'image_url');
  if (!src) {
    throw new ScalpelError('INVALID_ARGUMENT', "Export what? Give 'image', 'job' or 'session'.", {
      stage: 'request',
      details: { field: 'image' },
    });
  }
  const { record } = await intakeImage(src, 'image', owner, { config: svc.config, images: svc.images });
  return { bytes: svc.images.read(record), source: { image: record.id } };
}
