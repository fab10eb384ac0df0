import { EXPORT_PRESETS } from '../../runtime/export.js';
import { AUTH, body, curl, json, type PathItem } from './openapi-paths.js';
import { errors } from './openapi-errors.js';
import { arr, file, formats, int, loose, obj, ref, str, type Schema } from './openapi-schemas.js';

const presetIds = Object.keys(EXPORT_PRESETS);

export const exportSchemas: Record<string, Schema> = {
  ExportRequest: obj(
    {
      presets: arr(
        str(undefined, { enum: presetIds }),
        'One or more platform presets (or a comma-separated string).',
      ),
      image: {
        ...ref('ImageInput'),
        description: 'The image; or name a `job` (its result) or a `session` (its current version).',
      },
      job: str('A finished job whose result is exported.'),
      session: str('A session whose current version is exported.'),
      format: formats,
    },
    ['presets'],
  ),
  ExportForm: obj(
    { image: file('PNG, JPEG or WebP.'), presets: arr(str(), 'Repeat the field, or separate with commas.') },
    ['presets'],
  ),
  Export: obj(
    {
      object: { const: 'export' },
      source: loose('What was exported: `{image}`, `{job}` or `{session, version}`.'),
      exports: arr(
        obj({
          preset: str(),
          image: ref('ImageView'),
          report: loose(
            'width, height, format, `crop` (the input pixels kept), `subject` (its box, or null), `subject_kept` (0–1), `upscale`, `global: true`, warnings.',
          ),
        }),
      ),
    },
    ['object', 'exports'],
  ),
  ExportPreset: obj({ id: str(), width: int(), height: int(), use: str() }),
  PublishRequest: obj(
    {
      targets: arr(
        str(),
        'Names of targets the operator configured (SCALPEL_PUBLISH_TARGETS); see /v1/publish/targets.',
      ),
      job: str('A finished job: its result.'),
      session: str('A session: its current version.'),
      batch: str('A batch: every finished variant, numbered in its order (01-…, 02-…).'),
      image: { ...ref('ImageInput'), description: 'An image (only with presets).' },
      presets: arr(
        str(undefined, { enum: presetIds }),
        'Export to these first; without, each image is sent as it is.',
      ),
      format: formats,
    },
    ['targets'],
  ),
  Publication: obj(
    {
      id: str(),
      object: { const: 'publication' },
      status: str('delivering, delivered, partial or failed.', {
        enum: ['delivering', 'delivered', 'partial', 'failed'],
      }),
      source: loose('What was published.'),
      created_at: int(),
      counts: obj({ total: int(), pending: int(), delivered: int(), failed: int() }),
      deliveries: arr(
        obj({
          id: str('Also sent as X-Scalpel-Delivery: the same on every retry.'),
          target: str(),
          type: str(undefined, { enum: ['folder', 'webhook', 's3'] }),
          file: str(),
          status: str(undefined, { enum: ['pending', 'delivered', 'failed'] }),
          attempts: int(),
          response_status: int('The receiver’s last HTTP status (webhook, S3).'),
          location: str('Where it landed: a file path, an origin, s3://bucket/key.'),
          error: str('Why the last attempt failed.'),
          finished_at: int(),
        }),
      ),
    },
    ['id', 'status', 'counts', 'deliveries'],
  ),
};

export const exportPaths: Record<string, PathItem> = {
  '/v1/publish/targets': {
    get: {
      operationId: 'listPublishTargets',
      tags: ['Exports'],
      summary: 'List the publishing targets',
      description:
        'The targets the operator configured (SCALPEL_PUBLISH_TARGETS): names and kinds only, never a URL, a path or a key.',
      responses: {
        '200': json(
          obj({ object: { const: 'list' }, data: arr(obj({ id: str(), type: str() })) }),
          'The targets.',
        ),
        ...errors(401, 429, 500),
      },
    },
  },
  '/v1/publish': {
    post: {
      operationId: 'publish',
      tags: ['Exports'],
      summary: 'Publish to platforms (一键发布)',
      description:
        'A job’s result, a session’s version or every finished variant of a batch, exported to the ' +
        'presets (or as it is), sent to each named target: a folder (written whole, under the ' +
        'publication’s id), a webhook (JSON with the file’s name, size, SHA-256 and a signed URL; ' +
        '`X-Scalpel-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`, ' +
        '`X-Scalpel-Delivery` the same on every retry), or an S3-compatible bucket (PUT signed with ' +
        'SigV4). Answers at once (202); each file × target is a delivery, retried with doubling waits ' +
        'while a failure may pass (no answer, 5xx, 429), given up at once on a 4xx. Follow it at ' +
        '`GET /v1/publications/{id}`. At most 200 files per publication.',
      requestBody: body(ref('PublishRequest')),
      responses: {
        '202': json(ref('Publication'), 'Accepted: deliveries are under way.'),
        ...errors(400, 401, 404, 409, 413, 415, 429, 500, 504),
      },
      ...curl(
        'curl -sS "$SCALPEL_URL/v1/publish"',
        AUTH,
        '-H "Content-Type: application/json"',
        `-d '{"job": "job_…", "presets": ["square-800", "portrait-3x4"], "targets": ["cms", "oss"]}'`,
      ),
    },
  },
  '/v1/publications/{id}': {
    get: {
      operationId: 'getPublication',
      tags: ['Exports'],
      summary: 'Get a publication and its delivery log',
      description: 'Each delivery’s status, attempts, the receiver’s last answer and where the file landed.',
      parameters: [{ name: 'id', in: 'path', required: true, schema: str() }],
      responses: { '200': json(ref('Publication'), 'The publication.'), ...errors(401, 404, 429, 500) },
    },
  },
  '/v1/exports/presets': {
    get: {
      operationId: 'listExportPresets',
      tags: ['Exports'],
      summary: 'List the platform presets',
      description: 'Each preset’s id, size and the platforms it is for.',
      responses: {
        '200': json(obj({ object: { const: 'list' }, data: arr(ref('ExportPreset')) }), 'The presets.'),
        ...errors(401, 429, 500),
      },
    },
  },
  '/v1/exports': {
    post: {
      operationId: 'exportImage',
      tags: ['Exports'],
      summary: 'Export to platform sizes',
      description:
        'The image at each preset’s size and shape: the largest window of that shape, centred on the ' +
        'salient subject (ISNet) and kept inside the image (a subject taller than the frame keeps its ' +
        'top), then resized with Lanczos. Each report says what was kept and warns when the subject ' +
        'was cut or the image enlarged. A resampled whole image: `global: true`. Runs in the locator ' +
        'process beside the edit workers, one at a time (429 `QUEUE_FULL` when four already wait).',
      requestBody: body(ref('ExportRequest'), ref('ExportForm')),
      responses: {
        '200': json(ref('Export'), 'The exported images (signed URLs) and their reports.'),
        ...errors(400, 401, 404, 409, 413, 415, 429, 500, 504),
      },
      ...curl(
        'curl -sS "$SCALPEL_URL/v1/exports"',
        AUTH,
        '-H "Content-Type: application/json"',
        `-d '{"job": "job_…", "presets": ["square-800", "story-9x16"]}'`,
      ),
    },
  },
};
